using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>我的设置: one's own e-mail address and whether the reminder digest is mailed there, on the page and through the API.</summary>
public sealed class ReminderSettingsTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task SettingsApi_ReadsAndChangesOnesOwnSettings_Audited()
    {
        var api = await factory.ApiAs("handler");
        var current = await api.GetFromJsonAsync<JsonElement>("/api/account/settings");
        Assert.Equal(JsonValueKind.Null, current.GetProperty("email").ValueKind);
        Assert.True(current.GetProperty("wantsDigest").GetBoolean());

        var saved = await api.PutAsJsonAsync("/api/account/settings", new { email = " handler@example.gov.cn ", wantsDigest = false });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await api.GetFromJsonAsync<JsonElement>("/api/account/settings");
        Assert.Equal("handler@example.gov.cn", after.GetProperty("email").GetString());
        Assert.False(after.GetProperty("wantsDigest").GetBoolean());

        await using var db = factory.OpenDb();
        var user = await db.Users.SingleAsync(u => u.UserName == "handler");
        Assert.Equal(("handler@example.gov.cn", "HANDLER@EXAMPLE.GOV.CN", false), (user.Email, user.NormalizedEmail, user.WantsDigest));
        var entry = Assert.Single(await db.AuditEntries.Where(e => e.Action == "ChangeSettings").ToListAsync());
        Assert.Equal(user.Id, entry.UserId);
        Assert.Contains("电子邮箱：handler@example.gov.cn；每日提醒邮件：不接收", entry.Summary, StringComparison.Ordinal);
        Assert.Equal("电子邮箱：未填写；每日提醒邮件：接收", entry.Before);
        Assert.Empty(await Gongkai.Data.Audit.AuditChain.Verify(db));

        // The token still works: nothing about signing in changed.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/account/settings")).StatusCode);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("two@@example.gov.cn")]
    [InlineData("spaces in@example.gov.cn")]
    public async Task SettingsApi_BadEmail_IsRefusedNamingTheField_AndNothingChanges(string email)
    {
        var api = await factory.ApiAs("approver");
        var response = await api.PutAsJsonAsync("/api/account/settings", new { email, wantsDigest = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("电子邮箱格式不正确", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("电子邮箱", problem.GetProperty("errors").GetProperty("Email")[0].GetString(), StringComparison.Ordinal);
        await using var db = factory.OpenDb();
        Assert.Null((await db.Users.SingleAsync(u => u.UserName == "approver")).Email);
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "ChangeSettings"));
    }

    [Fact]
    public async Task SettingsApi_WithoutWantsDigest_IsRefused_AndAnEmptyEmailRemovesTheAddress()
    {
        var api = await factory.ApiAs("handler");
        var missing = await api.PutAsJsonAsync("/api/account/settings", new { email = "handler@example.gov.cn" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("WantsDigest", out _));

        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("/api/account/settings", new { email = "handler@example.gov.cn", wantsDigest = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("/api/account/settings", new { email = "", wantsDigest = true })).StatusCode);
        await using var db = factory.OpenDb();
        Assert.Null((await db.Users.SingleAsync(u => u.UserName == "handler")).Email);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "ChangeSettings"));
    }

    [Fact]
    public async Task SettingsPage_IsInTheMenu_RefusesABadEmailInChinese_AndSavesAGoodOne()
    {
        var browser = await PageClient.SignedIn(factory, "registrar");
        var home = await browser.GetStringAsync("/");
        Assert.Contains("<a href=\"/Account/Settings\">我的设置</a>", home, StringComparison.Ordinal);
        var page = await browser.GetStringAsync("/Account/Settings");
        Assert.Contains("<h1>我的设置</h1>", page, StringComparison.Ordinal);
        Assert.Contains("name=\"WantsDigest\" value=\"true\" checked", page, StringComparison.Ordinal);

        var (refused, html) = await PageClient.Post(browser, "/Account/Settings", new() { ["Email"] = "registrar-at-example", ["WantsDigest"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("电子邮箱格式不正确", html, StringComparison.Ordinal);
        Assert.Contains("value=\"registrar-at-example\"", html, StringComparison.Ordinal); // what was typed stays

        // An unticked box is not posted at all: it means "no e-mail, please".
        var (saved, done) = await PageClient.Post(browser, "/Account/Settings", new() { ["Email"] = "registrar@example.gov.cn" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("设置已保存", done, StringComparison.Ordinal);
        await using var db = factory.OpenDb();
        var user = await db.Users.SingleAsync(u => u.UserName == "registrar");
        Assert.Equal(("registrar@example.gov.cn", false), (user.Email, user.WantsDigest));
        Assert.Single(await db.AuditEntries.Where(e => e.Action == "ChangeSettings" && e.UserId == user.Id).ToListAsync());
    }
}
