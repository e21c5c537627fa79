using System.Net.Sockets;
using System.Text;

namespace Gongkai.Web.Tests;

/// <summary>The server log a timed-out browser test reports: it must hold what Kestrel says when it drops a connection.</summary>
public sealed class ServerLogTests
{
    [Fact]
    public async Task AMalformedRequest_IsInTheServerLog()
    {
        using var factory = new GongkaiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.ClientOptions.BaseAddress;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(address.Host, address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("NOT HTTP AT ALL\r\n\r\n"));
            var buffer = new byte[1024];
            _ = await stream.ReadAsync(buffer);
        }
        var deadline = DateTime.UtcNow + BrowserFixture.Patience;
        while (!factory.Log.Describe().Contains("Bad", StringComparison.OrdinalIgnoreCase) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains("Microsoft.AspNetCore.Server.Kestrel", factory.Log.Describe());
    }
}
