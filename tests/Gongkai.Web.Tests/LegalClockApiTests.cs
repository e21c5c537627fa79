using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The 补正 and fee clocks through the API and the public status page (条例 第三十条、第三十三条; 国办函〔2020〕109号).</summary>
public class LegalClockApiTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;

    private static string Chinese(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>The day <paramref name="workingDays"/> working days before today.</summary>
    private static DateOnly WorkingDaysAgo(int workingDays)
    {
        var day = Api.Today;
        while (Calendar.WorkingDaysBetween(day, Api.Today) < workingDays)
        {
            day = day.AddDays(-1);
        }
        return day;
    }

    private async Task<(JsonElement Case, string Number, string Code, HttpClient Handler)> OnlineCaseInProgress()
    {
        var portal = new PortalTests(factory);
        var (number, code) = await portal.SubmittedForTests();
        var handler = await factory.ApiAs("handler");
        var id = (await factory.OpenDb().Cases.SingleAsync(c => c.TrackingNumber == number)).Id;
        var c = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        return (await Api.ActOk(handler, c, CaseAction.Accept), number, code, handler);
    }

    [Fact]
    public async Task Correction_PeriodIsShownOnStatus_AndALapseBeforeItEndsIsRefusedWithTheDay_Article30()
    {
        var (c, number, code, handler) = await OnlineCaseInProgress();
        c = await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明所需信息的时间范围", workingDays = 12 });
        var ends = Calendar.AddWorkingDays(Api.Today, 12);

        var (_, html) = await new PortalTests(factory).LookupForTests(number, code);
        Assert.Contains("补正期限", html);
        Assert.Contains($"请于{Chinese(ends)}前按补正告知书的要求提交补正", html);
        Assert.DoesNotContain("如需补正", html); // the staff's own 7-day hint stays off the public page

        var refused = await Api.Act(handler, c, CaseAction.LapseCorrection, new { date = Api.Day(0) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"补正期限至{ends:yyyy-MM-dd}，期满前不能按逾期未补正处理", message);
        Assert.Contains($"{Calendar.AddWorkingDays(ends, 1):yyyy-MM-dd}起可以办理", message);
        var stored = await factory.OpenDb().Cases.AsNoTracking().SingleAsync(x => x.TrackingNumber == number);
        Assert.Equal(CaseState.AwaitingCorrection, stored.State);
        Assert.Equal(ends, stored.WaitsUntil);
        // The work list keeps the waiting case, under the end of its 补正 period.
        var work = await handler.GetFromJsonAsync<JsonElement[]>("/api/worklist");
        var item = Assert.Single(work!, w => w.GetProperty("trackingNumber").GetString() == number);
        Assert.Equal(ends.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.GetProperty("waitsUntil").GetString());
    }

    [Fact]
    public async Task FeeWait_StatusShowsTheAnswerPeriodPaused_NotARunningDeadline_Circular109()
    {
        var (c, number, code, handler) = await OnlineCaseInProgress();
        await Api.ActOk(handler, c, CaseAction.NoticeFee, new { date = Api.Day(0), feeBasis = "PerPage", quantity = 120 });
        var running = Calendar.AddWorkingDays(Api.Today, 20);

        var (_, html) = await new PortalTests(factory).LookupForTests(number, code);
        Assert.Contains("等待缴费期间答复期限暂停计算", html);
        Assert.Contains($"请于{Chinese(Calendar.AddWorkingDays(Api.Today, 20))}前缴纳", html);
        Assert.DoesNotContain("等待缴费至今", html); // the staff explanation of the pause
        Assert.DoesNotContain("如需补正", html);
        Assert.Equal(1, CountOf(html, Chinese(running))); // only as the last day to pay, never as an answer deadline
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task LateCorrectionNotice_NeedsItsReason_AndIsMarkedLateInTheAuditTrail_Article30()
    {
        var registrar = await factory.ApiAs("registrar");
        var handler = await factory.ApiAs("handler");
        var received = WorkingDaysAgo(10);
        var c = await Api.ActOk(handler, await Api.Register(registrar, Api.Registration(receivedOn: received)), CaseAction.Accept);

        var refused = await Api.Act(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明时间范围" });
        Assert.False(refused.IsSuccessStatusCode);
        Assert.Contains($"已于{Calendar.AddWorkingDays(received, 7):yyyy-MM-dd}届满", await refused.Content.ReadAsStringAsync());

        c = await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明时间范围", reason = "申请材料由窗口转交延误" });
        var id = c.GetProperty("id").GetGuid().ToString();
        var entry = await factory.OpenDb().AuditEntries.AsNoTracking().Where(e => e.EntityId == id && e.Action == "RequestCorrection").SingleAsync();
        Assert.Contains("逾期告知", entry.Summary);
        Assert.Contains("申请材料由窗口转交延误", entry.Summary);
    }

    [Fact]
    public async Task OverdueCase_StaysOnTheOverdueList_WhateverIsTriedAfterItsDeadline_Article33()
    {
        var registrar = await factory.ApiAs("registrar");
        var handler = await factory.ApiAs("handler");
        var c = await Api.ActOk(handler, await Api.Register(registrar, Api.Registration(receivedOn: WorkingDaysAgo(25))), CaseAction.Accept);
        var number = c.GetProperty("trackingNumber").GetString()!;
        async Task AssertOverdue()
        {
            var list = await handler.GetFromJsonAsync<JsonElement>($"/api/cases?overdue=true&q={number}");
            Assert.Contains(list.GetProperty("rows").EnumerateArray(), r => r.GetProperty("trackingNumber").GetString() == number);
        }
        await AssertOverdue();

        Assert.False((await Api.Act(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明时间范围", reason = "迟了" })).IsSuccessStatusCode);
        Assert.False((await Api.Act(handler, c, CaseAction.NoticeFee, new { date = Api.Day(0), feeBasis = "PerPage", quantity = 120 })).IsSuccessStatusCode);
        Assert.False((await Api.Act(await factory.ApiAs("approver"), c, CaseAction.Extend, new { workingDays = 20, text = "需要调取档案" })).IsSuccessStatusCode);
        await AssertOverdue();
        // Consulting a third party is still possible, but cannot pause a period that is over.
        await Api.ActOk(handler, c, CaseAction.StartConsultation, new { date = Api.Day(0), party = "第三方某公司" });
        await AssertOverdue();
    }

    /// <summary>条例 第三十条 leaves the "合理的补正期限" to the agency: its administrator sets the default, each notice may differ.</summary>
    [Fact]
    public async Task AgencyDefaultCorrectionPeriod_IsSetByItsAdministrator_AndUsedWhenANoticeGivesNone()
    {
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            var agencies = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Admin.AgencyService>();
            var city = await factory.OpenDb().Agencies.AsNoTracking().SingleAsync(a => a.Id == factory.CityId);
            Gongkai.Web.Features.Admin.AgencyInput Input(int days) => new(city.Name, "市公安局", city.ParentId, city.TrackingPrefix, city.GovernmentId, city.Office, days);
            Assert.Contains("1至60个工作日", (await agencies.UpdateAsync(admin, factory.CityId, Input(61))).Message);
            Assert.True((await agencies.UpdateAsync(admin, factory.CityId, Input(12))).IsOk);
        }
        var c = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        var stored = await factory.OpenDb().Cases.AsNoTracking().SingleAsync(x => x.Id == c.GetProperty("id").GetGuid());
        Assert.Equal(12, stored.CorrectionPeriodWorkingDays);
        Assert.Contains("\"CorrectionPeriodWorkingDays\":12", (await factory.OpenDb().AuditEntries.AsNoTracking().Where(e => e.Action == "EditAgency").ToListAsync()).Last().After);
    }

    [Fact]
    public async Task Register_CommercialEnterpriseWithAResidentId_IsRefusedNamingTheDocumentField()
    {
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync("/api/cases",
            Api.Registration(category: "CommercialEnterprise"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("不能以“居民身份证”作为身份证明，应为：统一社会信用代码", errors.GetProperty("IdType")[0].GetString());
    }

    [Theory]
    [InlineData("91410700ABC123", false)]
    [InlineData("91330100716105852E", false)]
    [InlineData("91330100716105852F", true)]
    public async Task Register_CreditCode_IsCheckedWithItsCheckCharacter_GB32100(string code, bool accepted)
    {
        var registration = new Dictionary<string, object?>
        {
            ["category"] = "CommercialEnterprise", ["name"] = "某某有限公司", ["idType"] = "统一社会信用代码", ["idNumber"] = code,
            ["phone"] = "13800000000", ["channel"] = "Online", ["receivedOn"] = Api.Day(-1), ["request"] = "2025年本市道路交通事故统计数据", ["deliveryForm"] = "电子邮件",
        };
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync("/api/cases", registration);
        Assert.Equal(accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest, response.StatusCode);
        if (!accepted)
        {
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.Contains("统一社会信用代码应为18位", errors.GetProperty("IdNumber")[0].GetString());
        }
    }
}
