using System.Net;
using System.Net.Http.Json;

namespace Gongkai.Web.Tests;

public sealed class RateLimitTests : IDisposable
{
    private readonly GongkaiFactory factory = new() { LoginPerMinute = 3 };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Login_OverTheLimit_Gets429WithAChineseMessage()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = "wrong-password-" + i })).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = GongkaiFactory.Password });
        Assert.Contains("请求过于频繁", await limited.Content.ReadAsStringAsync());
    }
}
