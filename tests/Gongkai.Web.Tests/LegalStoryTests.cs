using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Web.Features.AnnualReports;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests;

/// <summary>
/// The law's clocks and a locked year as people meet them in Chromium: a 补正 with its period on /status (条例 第三十条),
/// an early 逾期未补正 refused with the day it becomes possible, and a published year refusing a change with the report's name.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LegalStoryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Submits an action form and waits — by polling for the message, not for load events — until the page says why it was refused.</summary>
    private static async Task RefusedAsync(IPage page, string action, string expected, Func<ILocator, Task>? fill = null)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = action });
        if (fill is not null)
        {
            await fill(form);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Assertions.Expect(page.Locator("p.message[role=alert]")).ToContainTextAsync(expected);
    }

    [Fact]
    public async Task CorrectionPeriodOnStatus_EarlyLapseRefused_AndALockedYearRefusesAChange()
    {
        await fixture.RunAsync(async () =>
        {
            // A citizen applies; the handler asks for a 补正 with a 10-working-day period.
            var citizen = await fixture.NewPageAsync();
            await BrowserStoryTests.FillApplicationAsync(citizen);
            await BrowserStoryTests.SubmitForReceiptAsync(citizen, () => citizen.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
            var number = await citizen.Locator("#tracking-number").InnerTextAsync();
            var code = await citizen.Locator("#query-code").InnerTextAsync();

            var staff = await fixture.NewPageAsync();
            await BrowserStoryTests.SignInAsync(staff, "handler");
            await staff.GotoAsync("/Cases");
            await staff.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            await BrowserStoryTests.ActAsync(staff, "受理办理");
            await BrowserStoryTests.ActAsync(staff, "告知补正", async form =>
            {
                await form.GetByLabel("需要补正的事项").FillAsync("请写明所需统计数据的起止年月");
                await form.GetByLabel("补正期限（工作日，自告知书送达次日起算；未登记送达的自告知次日起算）").FillAsync("10");
            });
            var ends = Gongkai.Cases.Calendar.WorkingDayCalendar.Official.AddWorkingDays(Api.Today, 10);
            await Assertions.Expect(staff.Locator("#correction")).ToContainTextAsync($"补正期限10个工作日（至{ends:yyyy-MM-dd}）");

            // Closing it as 逾期未补正 today is refused, naming the first day it is possible.
            await RefusedAsync(staff, "逾期未补正", $"补正期限至{ends:yyyy-MM-dd}，期满前不能按逾期未补正处理");
            await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "correction-early-lapse.png"), FullPage = true });

            // The citizen sees the period on the status page.
            await citizen.GotoAsync("/status");
            await citizen.GetByLabel("受理编号").FillAsync(number);
            await citizen.GetByLabel("查询码").FillAsync(code);
            await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(citizen.Locator("#correction")).ToContainTextAsync($"请于{ends.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}前");
            await citizen.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "status-correction-period.png"), FullPage = true });

            // A case of 2024 after the 2024 report is published: withdrawing it within 2024 would change table 三.
            var caseId = await PublishedYearWithAnOpenCaseAsync(2024);
            await staff.GotoAsync($"/Cases/Details/{caseId}");
            await RefusedAsync(staff, "申请人撤回", "已发布的《测试市公安局2024年政府信息公开工作年度报告》表三",
                form => form.GetByLabel("日期").FillAsync("2024-06-01"));
            await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "locked-year-refusal.png"), FullPage = true });
        });
    }

    /// <summary>Registers a case received in <paramref name="year"/>, takes it up and publishes that year's report, through the services.</summary>
    private async Task<Guid> PublishedYearWithAnOpenCaseAsync(int year)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        async Task<Actor> As(string name, StaffRole role)
        {
            var u = await db.Users.AsNoTracking().SingleAsync(x => x.UserName == name);
            return new Actor(u.Id, u.DisplayName, u.AgencyId, new HashSet<StaffRole> { role }, u.ReviewStageSet);
        }
        var cases = services.GetRequiredService<CaseService>();
        var registered = await cases.RegisterAsync(await As("registrar", StaffRole.Registrar), new RegisterInput("NaturalPerson", "张三", "居民身份证", "11010519491231002X",
            "13800000000", null, null, "Online", new DateOnly(year, 3, 1), "交通事故统计数据", "电子邮件"));
        var accepted = await cases.ActAsync(registered.Value!.Id, await As("handler", StaffRole.Handler), CaseAction.Accept,
            new ActionInput(registered.Value.Version, null, null, null, null, null, null, null));
        Assert.True(accepted.IsOk, accepted.Message);
        var admin = await As("administrator", StaffRole.Administrator);
        var reports = services.GetRequiredService<AnnualReportService>();
        Assert.Null(await services.GetRequiredService<Table2Registers>().SaveFiguresAsync(admin, year, 10, 5, 1, 0.5m));
        Assert.Null(await reports.SaveDraftAsync(admin, year, new Dictionary<string, string>
        {
            ["一"] = "本年度认真贯彻条例。（一）主动公开。（二）依申请公开。（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。",
            ["二"] = "见下表。", ["三"] = "见下表。", ["四"] = "见下表。", ["五"] = "加强培训。", ["六"] = "未收取信息处理费。",
        }));
        var (_, error) = await reports.PublishAsync(admin, year, confirmWarnings: true);
        Assert.Null(error);
        return registered.Value.Id;
    }
}
