using System.Net;
using System.Net.Http.Json;
using Gongkai.Cases.Agencies;
using Gongkai.Data.Audit;
using Gongkai.Data.Setup;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>A real agency's first start: demo data off, empty database (no <see cref="GongkaiFactory.SeedAsync"/>).</summary>
public sealed class SetupTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Dictionary<string, string> Form(string prefix = "XCGA", string password = "Strong-pass-2026") => new()
    {
        ["Name"] = "新城市公安局", ["Kind"] = "市局", ["TrackingPrefix"] = prefix, ["Address"] = "新城市人民路1号", ["Hours"] = "工作日 9:00—17:00",
        ["Phone"] = "0373-1234567", ["Email"] = "gk@example.cn", ["Postcode"] = "453000",
        ["AdminUserName"] = "chief", ["AdminDisplayName"] = "张管理", ["AdminPassword"] = password, ["AdminPasswordAgain"] = password,
    };

    [Fact]
    public async Task EmptyDatabase_EveryPageLeadsToSetup()
    {
        var client = Client();
        foreach (var path in new[] { "/", "/Account/Login", "/apply", "/Cases" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/setup", response.Headers.Location?.OriginalString);
        }
        var api = await client.GetAsync("/api/worklist");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains("初始设置", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Setup_CreatesAgencyAndAdministrator_WhoCanSignIn_AndIsAudited()
    {
        var client = Client();
        var (response, _) = await PageClient.Post(client, "/setup", Form());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using (var db = factory.OpenDb())
        {
            var agency = await db.Agencies.SingleAsync();
            Assert.Equal(("新城市公安局", AgencyKind.CityBureau, "XCGA", "新城市人民路1号"), (agency.Name, agency.Kind, agency.TrackingPrefix, agency.Office.Address));
            Assert.Contains(await db.AuditEntries.ToListAsync(), e => e.Action == "Setup" && e.Summary.Contains("chief", StringComparison.Ordinal));
            Assert.Empty(await AuditChain.Verify(db));
        }
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "chief", password = "Strong-pass-2026" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var guide = await client.GetStringAsync("/guide/" + (await factory.OpenDb().Agencies.SingleAsync()).Id);
        Assert.Contains("0373-1234567", guide);
        Assert.Contains("办公地址", guide);
    }

    [Fact]
    public async Task Setup_OnceAnAgencyExists_IsGoneAndRefused()
    {
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await PageClient.Post(client, "/setup", Form())).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        // Even a direct call (a second instance, or a racing browser) is refused and changes nothing.
        using var db = factory.OpenDb();
        var again = await FirstAgencySetup.RunAsync(db, new FirstAgencyInput("另一局", "市局", "LYJ", DisclosureOffice.Empty, "li2", "李", "Second-pass-77"),
            TimeProvider.System, oneTimePassword: false);
        Assert.False(again.Succeeded);
        Assert.Contains("已完成初始设置", again.Errors.GetValueOrDefault("") ?? string.Join("；", again.Errors.Values));
        Assert.Equal(1, await db.Agencies.CountAsync());
    }

    [Fact]
    public async Task Setup_BadFields_AreNamedAndNothingIsSaved()
    {
        var client = Client();
        var form = Form(prefix: "新城", password: "chief12345678");
        form["Postcode"] = "45300";
        form["Name"] = "";
        var (response, html) = await PageClient.Post(client, "/setup", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写机关名称", html);
        Assert.Contains("受理编号前缀应为2至12个英文字母或数字", html);
        Assert.Contains("邮政编码“45300”应为6位数字", html);
        Assert.Contains("密码不能包含用户名", html);
        Assert.Contains("新城市人民路1号", html); // what was typed is kept
        Assert.Equal(0, await factory.OpenDb().Agencies.CountAsync());
    }
}

/// <summary>Issue 23: an installed system's /setup asks for the code only the server's administrator can read.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SetupCodeTests : IDisposable
{
    private readonly GongkaiFactory factory = new() { Settings = { ["Gongkai:Setup:RequireCode"] = "true" } };

    public void Dispose() => factory.Dispose();

    private static Dictionary<string, string> Form(string? code) => new()
    {
        ["Code"] = code ?? "", ["Name"] = "新城市公安局", ["Kind"] = "市局", ["TrackingPrefix"] = "XCGA", ["Address"] = "新城市人民路1号",
        ["Phone"] = "0373-1234567", ["AdminUserName"] = "chief", ["AdminDisplayName"] = "张管理",
        ["AdminPassword"] = "Strong-pass-2026", ["AdminPasswordAgain"] = "Strong-pass-2026",
    };

    [Fact]
    public async Task Setup_WithoutTheRightCode_IsRefusedAndCreatesNothing()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/setup");
        Assert.Contains("初始设置码", page, StringComparison.Ordinal);
        var codeFile = Path.Combine(factory.DataDirectory, Gongkai.Web.Features.Setup.SetupCode.FileName);
        Assert.Contains(codeFile, page, StringComparison.Ordinal); // the page says where the administrator finds it

        var (missing, missingHtml) = await PageClient.Post(client, "/setup", Form(null));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("请填写初始设置码", missingHtml, StringComparison.Ordinal);
        var (wrong, wrongHtml) = await PageClient.Post(client, "/setup", Form("AAAA-BBBB-CCCC"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("初始设置码不正确", wrongHtml, StringComparison.Ordinal);
        await using var db = factory.OpenDb();
        Assert.False(await db.Agencies.AnyAsync());
    }

    [Fact]
    public async Task Setup_WithTheCodeFromTheServer_CreatesTheAgencyAndSpendsTheCode()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await client.GetStringAsync("/setup"); // the app has started: the code exists
        var codeFile = Path.Combine(factory.DataDirectory, Gongkai.Web.Features.Setup.SetupCode.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(codeFile));
        var code = (await File.ReadAllTextAsync(codeFile)).Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        var (response, _) = await PageClient.Post(client, "/setup", Form(code.ToLowerInvariant())); // typed in lower case
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(File.Exists(codeFile));
        await using var db = factory.OpenDb();
        Assert.Equal("新城市公安局", (await db.Agencies.SingleAsync()).Name);
    }
}
