using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Gongkai.Web.Tests;

/// <summary>审计日志: the audit trail read back by administrators and supervisors, page, Excel and API alike.</summary>
public sealed class AuditViewerTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static async Task<JsonElement> Get(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Five wrong passwords: Identity's lock-out (Setup: MaxFailedAccessAttempts = 5) locks the account.</summary>
    private async Task LockOutAsync(string userName)
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { userName, password = "Wrong-password-" + i });
        }
        var locked = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = GongkaiFactory.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
    }

    [Fact]
    public async Task LockOut_AfterFiveWrongPasswords_IsFoundByItsAction()
    {
        await LockOutAsync("district-handler");
        var page = await Get(await factory.ApiAs("administrator"), "/api/audit?action=SignInLockedOut");
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("账号锁定", r.GetProperty("actionLabel").GetString()));
        Assert.Contains(rows, r => r.GetProperty("summary").GetString()!.Contains("district-handler 登录被拒绝：账号因多次密码错误暂时锁定", StringComparison.Ordinal)
            && r.GetProperty("agencyName").GetString() == "测试区分局");
        var failures = await Get(await factory.ApiAs("administrator"), "/api/audit?action=SignInFailed&person=district-handler");
        Assert.Equal(4, failures.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task LockOut_IsShownOnTheAuditPage_ToASupervisor()
    {
        await LockOutAsync("handler");
        var client = await PageClient.SignedIn(factory, "supervisor");
        var html = await client.GetStringAsync("/Admin/Audit?action=SignInLockedOut");
        Assert.Contains("<td>账号锁定</td>", html);
        Assert.Contains("handler 登录被拒绝：账号因多次密码错误暂时锁定", html);
        Assert.DoesNotContain("<td>登录失败</td>", html);
        Assert.Contains("href=\"/Admin/Audit\">审计日志</a>", html);
    }

    [Fact]
    public async Task Entries_OfAnAgencyOutsideOnesTree_AreNotShown()
    {
        await LockOutAsync("other-handler");
        await LockOutAsync("handler");
        var district = await Get(await factory.ApiAs("district-administrator"), "/api/audit?action=SignInLockedOut");
        Assert.Equal(0, district.GetProperty("total").GetInt32());
        var city = await Get(await factory.ApiAs("administrator"), "/api/audit?action=SignInLockedOut");
        Assert.DoesNotContain(city.GetProperty("rows").EnumerateArray(), r => r.GetProperty("summary").GetString()!.Contains("other-handler", StringComparison.Ordinal));
        var asked = await (await factory.ApiAs("administrator")).GetAsync($"/api/audit?agencyId={factory.OtherCityId}");
        Assert.Equal(HttpStatusCode.Forbidden, asked.StatusCode);
    }

    [Fact]
    public async Task AuditViewer_ForStaffWhoAreNeitherAdministratorNorSupervisor_IsForbidden()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ApiAs("handler")).GetAsync("/api/audit")).StatusCode);
        var page = await (await PageClient.SignedIn(factory, "handler")).GetAsync("/Admin/Audit");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Denied", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CaseFilter_ByTrackingNumber_ShowsThatCasesActions()
    {
        var registrar = await factory.ApiAs("registrar");
        var first = await Api.Register(registrar);
        await Api.Register(registrar);
        await Api.ActOk(registrar, first, Gongkai.Cases.Cases.CaseAction.Accept);
        var tracking = first.GetProperty("trackingNumber").GetString()!;
        var page = await Get(await factory.ApiAs("administrator"), $"/api/audit?case={Uri.EscapeDataString(tracking)}");
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["Accept", "Register"], rows.Select(r => r.GetProperty("action").GetString()));
        Assert.All(rows, r => Assert.Equal(tracking, r.GetProperty("trackingNumber").GetString()));
        Assert.Equal("登记申请", rows[1].GetProperty("actionLabel").GetString());
    }

    [Fact]
    public async Task DateRange_SelectsTheDaysAsked_AndAReversedRangeIsRefused()
    {
        await LockOutAsync("handler");
        var admin = await factory.ApiAs("administrator");
        var today = Api.Day(0);
        Assert.True((await Get(admin, $"/api/audit?from={today}&to={today}")).GetProperty("total").GetInt32() > 0);
        Assert.Equal(0, (await Get(admin, $"/api/audit?from={Api.Day(1)}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get(admin, $"/api/audit?to={Api.Day(-1)}")).GetProperty("total").GetInt32());
        var reversed = await admin.GetAsync($"/api/audit?from={today}&to={Api.Day(-3)}");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("早于开始日期", await reversed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Entries_ComeNewestFirst_FiftyAPage()
    {
        await factory.SeedAsync();
        for (var i = 0; i < 55; i++)
        {
            await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "registrar", password = GongkaiFactory.Password });
        }
        var admin = await factory.ApiAs("administrator");
        var first = await Get(admin, "/api/audit");
        var second = await Get(admin, "/api/audit?page=2");
        var sequences = first.GetProperty("rows").EnumerateArray().Concat(second.GetProperty("rows").EnumerateArray()).Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(50, first.GetProperty("rows").GetArrayLength());
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task Export_IsAnExcelWorkbookOfTheFilteredEntries()
    {
        await LockOutAsync("handler");
        var client = await PageClient.SignedIn(factory, "administrator");
        var response = await client.GetAsync("/Admin/Audit?handler=Export&action=group:SignIns&person=handler");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(6, rows.Count(r => r["操作"]?.ToString() is "登录失败" or "账号锁定"));
        Assert.Contains(rows, r => r["操作"]?.ToString() == "账号锁定" && r["机关"]?.ToString() == "测试市公安局");
        Assert.DoesNotContain(rows, r => r["操作"]?.ToString() is not ("登录失败" or "账号锁定" or "登录"));
    }

    [Fact]
    public async Task Reading_TheTrail_AppendsNothing_AndLeavesTheChainIntact()
    {
        await LockOutAsync("handler");
        var admin = await factory.ApiAs("administrator");
        var client = await PageClient.SignedIn(factory, "supervisor");
        long CountAndHead(out string head)
        {
            using var db = factory.OpenDb();
            head = db.AuditHeads.Single().LastHash;
            return db.AuditEntries.Count();
        }
        var before = CountAndHead(out var headBefore);
        await Get(admin, "/api/audit?action=group:SignIns");
        await client.GetStringAsync("/Admin/Audit");
        await client.GetByteArrayAsync("/Admin/Audit?handler=Export");
        Assert.Equal(before, CountAndHead(out var headAfter));
        Assert.Equal(headBefore, headAfter);
        Assert.Empty(await AuditChain.Verify(factory.OpenDb()));
    }
}
