using System.Net;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>Headers on every response (issue 13, part): pages, the API, static files, errors.</summary>
public sealed class SecurityHeaderTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/Account/Login")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    [InlineData("/api/cases")]
    [InlineData("/healthz")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        await factory.SeedAsync();
        AssertHardened(await factory.CreateClient().GetAsync(url));
    }

    [Fact]
    public async Task ApiResponse_SignedIn_CarriesTheSecurityHeaders()
    {
        var client = await factory.ApiAs("registrar");
        var response = await client.GetAsync("/api/statistics/table3?year=2023");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHardened(response);
    }

    [Theory]
    [InlineData("/api/statistics/table3?year=99999")]
    [InlineData("/api/statistics/table3.xlsx?year=1")]
    public async Task Table3_YearOutOfRange_IsAProblemDocumentNotAServerError(string url)
    {
        var client = await factory.ApiAs("registrar");
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("年度无效", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Behind a TLS-terminating proxy (issue 13): HSTS, Secure cookies, and limits that count the real client.</summary>
public sealed class ReverseProxyTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    /// <summary>Every request arrives from the proxy at 10.0.0.1, as it would behind nginx.</summary>
    private sealed class FromProxy : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, Func<Task> following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.1");
                await following();
            });
            next(app);
        };
    }

    private HttpClient BehindProxy() => factory.WithWebHostBuilder(b => b
            .UseSetting("Gongkai:RequireHttps", "true")
            .UseSetting("Gongkai:ReverseProxy:KnownProxies", "10.0.0.1")
            .ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, FromProxy>()))
        .CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage Forwarded(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        return request;
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task RequireHttps_PlainHttpRequest_IsRedirectedToHttpsNotAServerError(string method)
    {
        await factory.SeedAsync();
        var client = factory.WithWebHostBuilder(b => b.UseSetting("Gongkai:RequireHttps", "true"))
            .CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://gongkai.example") });
        var request = new HttpRequestMessage(new HttpMethod(method), "/Account/Login?x=1");
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "handler", ["Password"] = "x" });
        }
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://gongkai.example/Account/Login?x=1", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task OverTls_ResponsesCarryHstsAndCookiesAreSecure()
    {
        await factory.SeedAsync();
        var client = BehindProxy();
        var response = await client.SendAsync(Forwarded(HttpMethod.Get, "/Account/Login"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BehindTheProxy_FailedSignInsCountAgainstTheRealClient()
    {
        await factory.SeedAsync();
        var client = BehindProxy();
        var request = Forwarded(HttpMethod.Post, "/api/auth/login");
        request.Content = System.Net.Http.Json.JsonContent.Create(new { userName = "handler", password = "wrong-password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        await using var db = factory.OpenDb();
        Assert.True(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.LookupThrottles, t => t.Key == "login:203.0.113.9"));
    }
}
