using System.Net;

namespace Gongkai.Web.Infrastructure;

/// <summary>The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (setting Gongkai:ReverseProxy:KnownProxies, comma-separated addresses).</summary>
public sealed record ProxySettings(IReadOnlyList<IPAddress> KnownProxies)
{
    public static ProxySettings Parse(string text)
    {
        var addresses = new List<IPAddress>();
        foreach (var part in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            addresses.Add(IPAddress.TryParse(part, out var address) ? address
                : throw new Gongkai.Data.Installation.ConfigurationException($"设置 Gongkai:ReverseProxy:KnownProxies 中的“{part}”不是 IP 地址"));
        }
        return new ProxySettings(addresses);
    }
}
