using System.Net;
using System.Net.Http.Json;

namespace Gongkai.Web.Tests;

/// <summary>Sign-in limits (issue 13): failed attempts per address count, nothing else does.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly GongkaiFactory factory = new() { LoginFailuresPerAddress = 3 };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Login_OverTheFailureLimit_Gets429WithAChineseMessage()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = "wrong-password-" + i })).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { userName = "registrar", password = GongkaiFactory.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.Contains("本网络地址登录失败次数过多", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_FailuresWithMadeUpNames_DoNotLockTheOfficesStaffOut()
    {
        // Twenty made-up names from an office's one NAT address used to lock every real user there out for 15 minutes.
        await factory.SeedAsync();
        var client = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody" + i, password = "wrong-password-" + i })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[^1]);
        var staff = await client.PostAsJsonAsync("/api/auth/login", new { userName = "registrar", password = GongkaiFactory.Password });
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Fact]
    public async Task Login_AfterMadeUpNamesUsedTheAllowance_RealAndMadeUpNamesAnswerAlike()
    {
        // Found in the trial: made-up names then got 429 and real ones 401, which told which names exist.
        await factory.SeedAsync();
        var client = factory.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody" + i, password = "wrong-password-" + i });
        }
        async Task<(HttpStatusCode, string)> Try(string user, string password)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password });
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        var madeUp = await Try("nobody-else", "wrong-password-9");
        var real = await Try("handler", "wrong-password-9");
        Assert.Equal(HttpStatusCode.TooManyRequests, madeUp.Item1);
        Assert.Equal(madeUp, real);
        Assert.Equal(HttpStatusCode.OK, (await Try("reviewer", GongkaiFactory.Password)).Item1); // staff with their password still sign in
    }

    [Fact]
    public async Task Login_SuccessesAndOpeningThePage_DoNotCount()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        }
        foreach (var user in new[] { "handler", "registrar", "reviewer", "approver", "administrator", "handler", "registrar" })
        {
            var signedIn = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password = GongkaiFactory.Password });
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }
    }

    [Fact]
    public async Task LoginPage_OverTheFailureLimit_SaysSoInChinese()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 3; i++)
        {
            await PageClient.Post(client, "/Account/Login", new Dictionary<string, string> { ["UserName"] = "handler", ["Password"] = "wrong-password-" + i });
        }
        var last = await PageClient.Post(client, "/Account/Login", new Dictionary<string, string> { ["UserName"] = "handler", ["Password"] = "wrong-password-3" });
        Assert.Equal(HttpStatusCode.TooManyRequests, last.Response.StatusCode);
        Assert.Contains("本网络地址登录失败次数过多，请15分钟后再试", last.Html, StringComparison.Ordinal);
    }
}
