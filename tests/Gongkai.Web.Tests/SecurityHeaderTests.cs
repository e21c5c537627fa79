using System.Net;
using Gongkai.Web.Infrastructure;

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
