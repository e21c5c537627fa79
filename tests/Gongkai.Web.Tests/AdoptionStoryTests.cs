using System.Text.RegularExpressions;
using Gongkai.Cases.Calendar;
using Gongkai.Cases.Deadlines;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Gongkai.Web.Tests;

/// <summary>The same browser and server as <see cref="BrowserFixture"/>, over an empty database (demo data off).</summary>
public sealed class EmptyDatabaseBrowserFixture() : BrowserFixture(seed: false);

/// <summary>
/// A bureau adopts Gongkai: set-up on an empty database, sub-agencies, accounts, a forced password change,
/// its Excel ledger imported, then daily work — search, reassignment, export — and table 三 of both years.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class AdoptionStoryTests(EmptyDatabaseBrowserFixture fixture) : IClassFixture<EmptyDatabaseBrowserFixture>
{
    private const string AdminPassword = "Strong-pass-2026";
    private const string ClerkPassword = "Clerk-own-pass-77";

    [GeneratedRegex("一次性密码：([A-Za-z0-9]{12})")]
    private static partial Regex OneTimePassword();

    private static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
    }

    /// <summary>
    /// Clicks a form's button and waits until the page that comes back says <paramref name="expected"/> (polling,
    /// not waiting on load events, which can race a navigation on a busy machine); a refusal fails at once with its text.
    /// </summary>
    private static async Task<string> SubmitAsync(IPage page, ILocator button, string expected)
    {
        await button.ClickAsync();
        var outcome = page.Locator($"p.ok[role=status]:has-text(\"{expected}\"), p.message");
        await outcome.First.WaitForAsync();
        var text = await outcome.First.InnerTextAsync();
        Assert.Contains(expected, text);
        return text;
    }

    private static async Task AddAgencyAsync(IPage page, string name, string kind, string parent, string prefix, string phone)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "添加下级机关" });
        await form.GetByLabel("机关名称").FillAsync(name);
        await form.GetByLabel("机关类别").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await form.GetByLabel("上级机关").SelectOptionAsync(new SelectOptionValue { Label = parent });
        await form.GetByLabel("受理编号前缀").FillAsync(prefix);
        await form.GetByLabel("联系电话").FillAsync(phone);
        await SubmitAsync(page, form.GetByRole(AriaRole.Button, new() { Name = "添加" }), $"已创建机关“{name}”");
    }

    private static async Task<string> AddAccountAsync(IPage page, string agency, string userName, string name, string roleLabel, string? secondRole = null, string? stage = null)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "创建账号" });
        await form.GetByLabel("所属机关").SelectOptionAsync(new SelectOptionValue { Label = agency });
        await form.GetByLabel("用户名").FillAsync(userName);
        await form.GetByLabel("姓名").FillAsync(name);
        await form.GetByLabel(roleLabel, new() { Exact = true }).CheckAsync();
        if (secondRole is not null)
        {
            await form.GetByLabel(secondRole, new() { Exact = true }).CheckAsync();
        }
        if (stage is not null)
        {
            await form.GetByLabel(stage, new() { Exact = true }).CheckAsync();
        }
        var message = await SubmitAsync(page, form.GetByRole(AriaRole.Button, new() { Name = "创建" }), $"已创建账号 {userName}，");
        return OneTimePassword().Match(message).Groups[1].Value;
    }

    [Fact]
    public async Task Bureau_SetsUpImportsItsLedgerAndWorks_Table3IncludesTheLedger()
    {
        var page = await fixture.NewPageAsync(1200, 900);
        await fixture.RunAsync(() => StoryAsync(page));
    }

    private async Task StoryAsync(IPage page)
    {
        // 1. First start: every page leads to the one-time set-up.
        await page.GotoAsync("/");
        Assert.EndsWith("/setup", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("机关名称").FillAsync("新城市公安局");
        await page.GetByLabel("机关类别").SelectOptionAsync(new SelectOptionValue { Label = "市局" });
        await page.GetByLabel("受理编号前缀").FillAsync("XCGA");
        await page.GetByLabel("办公地址").FillAsync("新城市人民路1号");
        await page.GetByLabel("办公时间").FillAsync("工作日 8:30—12:00，14:30—17:30");
        await page.GetByLabel("联系电话").FillAsync("0373-1234567");
        await page.GetByLabel("用户名").FillAsync("chief");
        await page.GetByLabel("姓名").FillAsync("张管理");
        await page.Locator("#AdminPassword").FillAsync(AdminPassword);
        await page.GetByLabel("再次输入密码").FillAsync(AdminPassword);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "setup.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "完成初始设置" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login?setup=true");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("初始设置已完成");
        Assert.Equal(404, (await page.GotoAsync("/setup"))!.Status);

        // 2. Two sub-agencies and three accounts.
        await SignInAsync(page, "chief", AdminPassword);
        await page.GotoAsync("/Admin/Agencies");
        await AddAgencyAsync(page, "新城区分局", "分局/县局", "新城市公安局", "XCFJ", "0373-2222222");
        await AddAgencyAsync(page, "东街派出所", "部门/警种/派出所", "新城区分局", "DJPCS", "0373-3333333");
        // The downloaded agency template, imported as it comes, creates nothing and says why.
        var agencyTemplate = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载导入模板" }).ClickAsync());
        var agencyTemplatePath = Path.Combine(BrowserFixture.Artifacts, "机关导入模板.xlsx");
        await agencyTemplate.SaveAsAsync(agencyTemplatePath);
        var agencyImport = page.GetByRole(AriaRole.Form, new() { Name = "从 Excel 导入机关" });
        await agencyImport.GetByLabel("Excel 文件（.xlsx）").SetInputFilesAsync(agencyTemplatePath);
        await agencyImport.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.message").First).ToContainTextAsync("没有要导入的机关");
        Assert.Equal(0, await page.GetByText("示例区公安分局").CountAsync());
        await page.GotoAsync("/Admin/Accounts");
        var clerkPassword = await AddAccountAsync(page, "新城市公安局", "dengji", "王登记", "登记员");
        await AddAccountAsync(page, "新城市公安局", "chengban", "李承办", "承办人");
        await AddAccountAsync(page, "新城市公安局", "chengban2", "赵承办", "承办人");
        Assert.Equal(12, clerkPassword.Length);
        await SignOutAsync(page);

        // 3. The clerk's first sign-in: nothing but the password change until it is done.
        await SignInAsync(page, "dengji", clerkPassword);
        Assert.EndsWith("/Account/Password", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/Cases");
        Assert.EndsWith("/Account/Password", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("当前密码").FillAsync(clerkPassword);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync(ClerkPassword);
        await page.GetByLabel("再次输入新密码").FillAsync(ClerkPassword);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "修改密码" }), "密码已修改");

        // 4. The Excel ledger: 30 cases, 5 open, 3 carried over from last year.
        var today = Api.Today;
        var ledger = LedgerFiles.WriteFile(LedgerFiles.ThirtyCases(today, "chengban"), Path.Combine(BrowserFixture.Artifacts, "台账.xlsx"));
        await page.GotoAsync("/Cases/Import");
        var ledgerTemplate = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载台账模板" }).ClickAsync());
        var ledgerTemplatePath = Path.Combine(BrowserFixture.Artifacts, "台账模板.xlsx");
        await ledgerTemplate.SaveAsAsync(ledgerTemplatePath);
        await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(ledgerTemplatePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.message").First).ToContainTextAsync("没有数据行，未导入任何内容");
        await page.GotoAsync("/Cases/Import");
        await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(ledger);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "导入" }), "已导入30件申请，其中在办5件");

        // 5. The open cases carry the statutory deadline computed from the ledger's dates.
        await page.GotoAsync("/Cases?Filter.State=InProgress&Filter.Sort=tracking");
        var rows = page.Locator("table.case-list tbody tr");
        Assert.Equal(LedgerFiles.OpenNow - 1, await rows.CountAsync());
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var cells = rows.Nth(i).Locator("td");
            var received = DateOnly.Parse(await cells.Nth(5).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var due = WorkingDayCalendar.Official.AddWorkingDays(received, DeadlineCalculator.AnswerWorkingDays);
            Assert.StartsWith(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await cells.Nth(6).InnerTextAsync());
        }

        // 6. Search by the applicant's name finds the one case; it is handed to a colleague.
        await page.GotoAsync("/Cases");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "查找", Exact = true }).FillAsync("欧阳明华");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("Filter.Q=", StringComparison.Ordinal));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await rows.First.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/Cases/Details/**");
        Assert.Equal("李承办", await page.Locator("#handler").InnerTextAsync());
        var reassign = page.GetByRole(AriaRole.Form, new() { Name = "改派承办人" });
        await reassign.GetByLabel("改派承办人").SelectOptionAsync(new SelectOptionValue { Label = "赵承办" });
        await reassign.GetByRole(AriaRole.Button, new() { Name = "改派" }).ClickAsync();
        await Assertions.Expect(page.Locator("#handler")).ToHaveTextAsync("赵承办");
        Assert.Contains("承办人由李承办改为赵承办", await page.Locator("body").InnerTextAsync());

        // 7. A filtered list, exported exactly as listed.
        await page.GotoAsync($"/Cases?Filter.From={today.Year}-01-01&Filter.Outcome=三.一");
        var listed = await rows.CountAsync();
        Assert.True(listed > 0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "case-list.png"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).ClickAsync());
        var exported = (await Seekable(download)).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(listed, exported.Count);
        Assert.All(exported, r => Assert.Equal("三.一", r["办理结果"]));

        // 8. Table 三 of last year and this year include the ledger, with 二 (上年结转) right.
        var last = await Table3Async(page, today.Year - 1);
        Assert.Equal((12m, 0m, 9m, 3m), (last["一"], last["二"], last["三.七"], last["四"]));
        var now = await Table3Async(page, today.Year);
        Assert.Equal((18m, 3m, 16m, 5m), (now["一"], now["二"], now["三.七"], now["四"]));

        await SignOutAsync(page);
        await RealYearAsync(page);

        // Every write of the story is in the audit trail, and the chain verifies.
        using var db = fixture.Factory.OpenDb();
        var actions = await db.AuditEntries.Select(e => e.Action).ToListAsync();
        foreach (var action in new[] { "Setup", "CreateAgency", "CreateUser", "ChangePassword", "SignIn", "ImportLedger", "ImportCase", "Reassign", "Transfer", "Void", "IssueDocument", "SignInLockedOut" })
        {
            Assert.Contains(action, actions);
        }
        // As `gongkai audit verify` checks it: the chain, every entry's signature with the master key, the checkpoints and the head file.
        var seal = fixture.Factory.Services.GetRequiredService<AuditSeal>();
        Assert.Empty(await AuditChain.Verify(db, seal));
        var (problems, compared) = await AuditCheckpoints.VerifyAsync(db, Path.Combine(fixture.Factory.DataDirectory, "audit-checkpoints"), seal);
        Assert.Empty(problems);
        Assert.True(compared > 0);
    }

    /// <summary>A new account's first sign-in: the one-time password, then its own.</summary>
    private static async Task FirstSignInAsync(IPage page, string userName, string oneTime, string password)
    {
        await SignInAsync(page, userName, oneTime);
        await page.GetByLabel("当前密码").FillAsync(oneTime);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("再次输入新密码").FillAsync(password);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "修改密码" }), "密码已修改");
    }

    /// <summary>Takes the case action whose form is labelled <paramref name="label"/> on the open case page, and waits for the page to come back.</summary>
    private static async Task CaseActionAsync(IPage page, string label, Func<ILocator, Task>? fill = null)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = label, Exact = true });
        if (fill is not null)
        {
            await fill(form);
        }
        // Success redirects to the case, a refusal answers with the page: either way a new document, told from the old
        // one by a mark set on the old one (a locator waits across the navigation; load events could race it).
        await page.EvaluateAsync("() => document.body.dataset.stale = '1'");
        await form.GetByRole(AriaRole.Button, new() { Name = label, Exact = true }).ClickAsync();
        await page.Locator("body:not([data-stale]) main").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        if (await page.Locator("p.message[role=alert]").CountAsync() > 0)
        {
            Assert.Fail($"“{label}” was refused: {await page.Locator("p.message[role=alert]").First.InnerTextAsync()}");
        }
    }

    /// <summary>
    /// A real year's mistakes and other eyes: an application to a 派出所 nobody staffs reaches the 分局 and is handed on;
    /// a handler with review rights cannot pass his own submission; a mistaken registration is voided and leaves table 三;
    /// a 补正告知书 states the recorded period; an administrator finds a lock-out in the audit viewer.
    /// </summary>
    private async Task RealYearAsync(IPage page)
    {
        var today = Api.Today;
        await SignInAsync(page, "chief", AdminPassword);
        await page.GotoAsync("/Admin/Accounts");
        var branchClerk = await AddAccountAsync(page, "新城区分局", "fjdengji", "钱登记", "登记员");
        var handlerReviewer = await AddAccountAsync(page, "新城市公安局", "cbsh", "孙承审", "承办人", "审核人", "法制审核");
        await SignOutAsync(page);

        // 9. A citizen applies online to 东街派出所, which has no staff in Gongkai.
        var citizen = await fixture.NewPageAsync();
        await BrowserStoryTests.FillApplicationAsync(citizen);
        await citizen.GetByLabel("受理机关").SelectOptionAsync(new SelectOptionValue { Label = "东街派出所" });
        await BrowserStoryTests.SubmitForReceiptAsync(citizen, () => citizen.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
        var misdirected = await citizen.Locator("#tracking-number").InnerTextAsync();
        Assert.StartsWith("XCFJ-", misdirected);
        Assert.Contains("新城区分局（您选择的东街派出所暂未在本系统办理申请", await citizen.Locator("#receiving-agency").InnerTextAsync());

        // 10. The 分局's registrar finds it on the 工作台, marked as sent to the 派出所, and hands it to the city bureau.
        await FirstSignInAsync(page, "fjdengji", branchClerk, "Branch-clerk-2026");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("tr", new() { HasText = misdirected })).ToContainTextAsync("下级机关无登记员，转至本机关");
        await page.GetByRole(AriaRole.Link, new() { Name = misdirected }).ClickAsync();
        await page.WaitForURLAsync("**/Cases/Details/**");
        var misdirectedUrl = page.Url;
        Assert.Contains("递交至东街派出所", await page.Locator("#addressed").InnerTextAsync());
        var transfer = page.GetByRole(AriaRole.Form, new() { Name = "转交其他机关", Exact = true });
        await transfer.GetByLabel("接收机关").SelectOptionAsync(new SelectOptionValue { Label = "新城市公安局" });
        await transfer.GetByLabel("转交理由").FillAsync("事项由市局交警支队负责");
        await SubmitAsync(page, transfer.GetByRole(AriaRole.Button, new() { Name = "转交其他机关" }), $"申请 {misdirected} 已转交新城市公安局办理");
        await SignOutAsync(page);

        // 11. A handler who is also a reviewer takes it, submits his answer, and may not pass it himself.
        await FirstSignInAsync(page, "cbsh", handlerReviewer, "Handler-review-2026");
        await page.GotoAsync(misdirectedUrl);
        Assert.Contains("转交新城市公安局办理：事项由市局交警支队负责", await page.Locator("#corrections").InnerTextAsync());
        await CaseActionAsync(page, "受理办理");
        await CaseActionAsync(page, "提交审核", async form =>
        {
            await form.Locator("select[name=OutcomeRow]").SelectOptionAsync("三.一");
            await form.GetByLabel("答复内容").FillAsync("予以公开。");
        });
        await Assertions.Expect(page.Locator("#withheld")).ToContainTextAsync("本人提交的审核不能由本人审批");
        Assert.Equal(0, await page.GetByRole(AriaRole.Form, new() { Name = "审核通过", Exact = true }).CountAsync());
        await SignOutAsync(page);

        // 12. A registration made in error is voided: kept, marked, and no longer counted in table 三.
        await SignInAsync(page, "dengji", ClerkPassword);
        var tableBefore = await Table3Async(page, today.Year);
        await page.GotoAsync("/Cases");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "查找", Exact = true }).FillAsync("欧阳明华");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("Filter.Q=", StringComparison.Ordinal));
        await page.Locator("table.case-list tbody tr").First.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/Cases/Details/**");
        await CaseActionAsync(page, "作废", form => form.GetByLabel("作废理由").FillAsync("与另一件重复登记"));
        await Assertions.Expect(page.Locator("#voided")).ToContainTextAsync("与另一件重复登记");
        Assert.Contains(fixture.Confirmations, q => q.Contains("确定作废", StringComparison.Ordinal));
        var tableAfter = await Table3Async(page, today.Year);
        Assert.Equal(tableBefore["一"] + tableBefore["二"] - 1, tableAfter["一"] + tableAfter["二"]);
        Assert.Equal(tableAfter["一"] + tableAfter["二"], tableAfter["三.七"] + tableAfter["四"]);

        // 13. A 补正: the notice states the items and the period the case records.
        var second = await fixture.NewPageAsync();
        await BrowserStoryTests.FillApplicationAsync(second);
        await second.GetByLabel("受理机关").SelectOptionAsync(new SelectOptionValue { Label = "新城市公安局" });
        await BrowserStoryTests.SubmitForReceiptAsync(second, () => second.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
        var unclear = await second.Locator("#tracking-number").InnerTextAsync();
        await page.GotoAsync("/Cases");
        await page.GetByRole(AriaRole.Link, new() { Name = unclear }).ClickAsync();
        await page.WaitForURLAsync("**/Cases/Details/**");
        await CaseActionAsync(page, "告知补正", async form =>
        {
            await form.GetByLabel("需要补正的事项").FillAsync("请写明所需统计数据的年份和区域");
            await form.GetByLabel("补正期限（工作日，自告知书送达次日起算；未登记送达的自告知次日起算）").FillAsync("10");
        });
        await page.GetByLabel("出具文书（DOCX，GB/T 9704 版式）").SelectOptionAsync(new SelectOptionValue { Label = "政府信息公开申请补正告知书" });
        await page.GetByRole(AriaRole.Button, new() { Name = "出具", Exact = true }).ClickAsync();
        var letterLink = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^XCGA〔\\d{4}〕补\\d+号$") });
        var notice = await page.RunAndWaitForDownloadAsync(() => letterLink.ClickAsync());
        using (var docx = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(await Seekable(notice), false))
        {
            var text = docx.MainDocumentPart!.Document.Body!.InnerText;
            var ends = WorkingDayCalendar.Official.AddWorkingDays(today, 10);
            Assert.Contains("请写明所需统计数据的年份和区域", text);
            Assert.Contains($"请于{ends.Year}年{ends.Month}月{ends.Day}日前提交", text);
        }
        await SignOutAsync(page);

        // 14. Five wrong passwords lock an account; the administrator finds the lock-out in the audit viewer.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("用户名").FillAsync("chengban2");
            await page.GetByLabel("密码").FillAsync("wrong-password-" + attempt);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.Locator("p.message[role=alert]").WaitForAsync();
        }
        await SignInAsync(page, "chief", AdminPassword);
        await page.GotoAsync("/Admin/Audit");
        await page.GetByLabel("操作").SelectOptionAsync(new SelectOptionValue { Label = "账号锁定" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.audit-list tbody")).ToContainTextAsync("chengban2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "audit-viewer.png"), FullPage = true });
        await SignOutAsync(page);
    }

    private static async Task<MemoryStream> Seekable(IDownload download)
    {
        var copy = new MemoryStream();
        await (await download.CreateReadStreamAsync()).CopyToAsync(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>Table 三's totals column, downloaded as Excel from the statistics page.</summary>
    private static async Task<Dictionary<string, decimal>> Table3Async(IPage page, int year)
    {
        await page.GotoAsync($"/Statistics?Year={year}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载 Excel" }).ClickAsync());
        var rows = (await Seekable(download)).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>();
        return rows.Where(r => r["总计"] is not null).ToDictionary(r => (string)r["编号"]!, r => Convert.ToDecimal(r["总计"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
