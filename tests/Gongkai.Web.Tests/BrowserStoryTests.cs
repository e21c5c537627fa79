using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests;

[Trait("Category", "Browser")]
public sealed partial class BrowserStoryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex(@"(\d+) 加 (\d+) 等于几")]
    private static partial Regex Question();

    internal static async Task AnswerChallengeAsync(IPage page)
    {
        var label = await page.Locator("label[for=Answer]").InnerTextAsync();
        var m = Question().Match(label);
        await page.GetByLabel(label).FillAsync((int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    internal static async Task FillApplicationAsync(IPage page)
    {
        await page.GotoAsync("/apply");
        await page.GetByLabel("申请人类别").SelectOptionAsync("NaturalPerson");
        await page.GetByLabel("姓名或名称").FillAsync("王五");
        await page.GetByLabel("证件号码").FillAsync("110105199003071239");
        await page.GetByLabel("联系电话").FillAsync("13900000000");
        await page.GetByLabel("电子邮箱（选填）").FillAsync("wangwu@example.com");
        await page.GetByLabel("政府信息的名称、文号或便于查询的特征性描述").FillAsync("2025年本市机动车登记数量统计");
        await page.GetByLabel("获取信息的方式、途径").FillAsync("网站下载");
        await AnswerChallengeAsync(page);
    }

    /// <summary>
    /// Sends the application form and waits for the receipt page; a form the server sends back (a refusal) fails at
    /// once with the page's messages instead of waiting out the patience for a receipt that will not come.
    /// </summary>
    internal static async Task SubmitForReceiptAsync(IPage page, Func<Task> send)
    {
        var answer = await page.RunAndWaitForResponseAsync(send,
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath.Equals("/apply", StringComparison.OrdinalIgnoreCase));
        if (answer.Status != 302)
        {
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            Assert.Fail($"The application was sent back ({answer.Status}): {await page.InnerTextAsync("main")}");
        }
        await page.WaitForURLAsync("**/apply/receipt");
    }

    internal static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(GongkaiFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
    }

    /// <summary>Submits the action form of the case page and waits for the page to come back without an error.</summary>
    internal static async Task ActAsync(IPage page, string action, Func<ILocator, Task>? fill = null)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = action });
        if (fill is not null)
        {
            await fill(form);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        Assert.Equal(0, await page.Locator("p.message[role=alert]").CountAsync());
    }

    [Fact]
    public async Task Citizen_AppliesStaffAnswerThroughEveryReviewStage_CitizenDownloadsTheLetter()
    {
        await fixture.RunAsync(async () =>
        {
            // A citizen applies online and gets a receipt.
            var citizen = await fixture.NewPageAsync();
            await FillApplicationAsync(citizen);
            await citizen.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "portal-apply.png"), FullPage = true });
            await SubmitForReceiptAsync(citizen, () => citizen.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
            var number = await citizen.Locator("#tracking-number").InnerTextAsync();
            var code = await citizen.Locator("#query-code").InnerTextAsync();
            Assert.Matches(@"^CS-\d{4}-\d{5}-[A-Z2-9]{4}$", number);

            // Staff: the handler takes it up and proposes the answer.
            var staff = await fixture.NewPageAsync();
            await SignInAsync(staff, "handler");
            await staff.GotoAsync("/Cases");
            await staff.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            var caseUrl = staff.Url;
            await ActAsync(staff, "受理办理");
            await ActAsync(staff, "提交审核", async form =>
            {
                await form.GetByLabel("办理结果（年度报告表三的一种情形）").SelectOptionAsync("三.一");
                await form.GetByLabel("答复内容").FillAsync("经查，您申请的信息已主动公开，现将统计表提供给您。");
            });
            await SignOutAsync(staff);

            // Every stage of the chain: 法制审核 (reviewer), 领导审批 (approver).
            foreach (var reviewer in new[] { "reviewer", "approver" })
            {
                await SignInAsync(staff, reviewer);
                await staff.GotoAsync(caseUrl);
                await ActAsync(staff, "审核通过", form => form.GetByLabel("审核意见（选填）").FillAsync("同意"));
                await SignOutAsync(staff);
            }

            // The handler answers and issues the answer letter.
            await SignInAsync(staff, "handler");
            await staff.GotoAsync(caseUrl);
            await ActAsync(staff, "答复");
            await staff.GetByLabel("出具文书（DOCX，GB/T 9704 版式）").SelectOptionAsync("Answer");
            await staff.GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            await Assertions.Expect(staff.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^CS〔\d{4}〕答\d+号$") })).ToBeVisibleAsync();

            // The citizen looks up the status and downloads the letter.
            await citizen.GotoAsync("/status");
            await citizen.GetByLabel("受理编号").FillAsync(number);
            await citizen.GetByLabel("查询码").FillAsync(code);
            await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(citizen.Locator("#stage")).ToHaveTextAsync("已答复");
            await citizen.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "portal-status.png"), FullPage = true });
            var download = await citizen.RunAndWaitForDownloadAsync(() =>
                citizen.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("下载答复书 PDF") }).ClickAsync());
            var pdf = Path.Combine(BrowserFixture.Artifacts, "answer-letter.pdf");
            await download.SaveAsAsync(pdf);
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);

            using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
            {
                var text = string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
                Assert.Contains("政府信息公开申请答复书", text);
                Assert.Contains("王五", text);
                Assert.Contains(number, text);
            }
            // The first page as an image, for people to look at (pdftoppm from poppler-utils).
            var png = Path.Combine(BrowserFixture.Artifacts, "answer-letter");
            using var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, png]))!;
            await pdftoppm.WaitForExitAsync();
            Assert.Equal(0, pdftoppm.ExitCode);
            Assert.True(new FileInfo(png + ".png").Length > 10_000);
        });
    }

    [Fact]
    public async Task ApplicationForm_Empty_ShowsEachFieldsMessageAndKeepsWhatWasTyped()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/apply");
            await page.GetByLabel("姓名或名称").FillAsync("王五");
            await page.GetByLabel("证件号码").FillAsync("12345");
            await AnswerChallengeAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();

            await Assertions.Expect(page.Locator("#Category-error")).ToHaveTextAsync(new Regex("请选择申请人类别"));
            await Assertions.Expect(page.Locator("#IdNumber-error")).ToContainTextAsync("居民身份证号码应为18位，且校验位正确");
            await Assertions.Expect(page.Locator("#Phone-error")).ToHaveTextAsync("请填写联系电话");
            await Assertions.Expect(page.Locator("#Request-error")).ToHaveTextAsync(new Regex("请填写申请公开的政府信息"));
            await Assertions.Expect(page.GetByLabel("姓名或名称")).ToHaveValueAsync("王五");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "portal-apply-errors.png"), FullPage = true });
        });
    }

    [Fact]
    public async Task ApplicationForm_WithTheKeyboardAlone_CanBeFilledAndSent()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync(width: 390, height: 844);
            await FillApplicationAsync(page);
            // From the challenge answer, Tab reaches the submit button (the honeypot is out of the tab order).
            await page.Locator("#Answer").FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交申请" })).ToBeFocusedAsync();
            await SubmitForReceiptAsync(page, () => page.Keyboard.PressAsync("Enter"));
            await Assertions.Expect(page.Locator("#tracking-number")).ToHaveTextAsync(new Regex(@"^CS-\d{4}-\d{5}-[A-Z2-9]{4}$"));
        });
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/apply")]
    [InlineData("/status")]
    [InlineData("/reports")]
    public async Task PublicPages_OnAPhone_KeepTheMenuToTwoLinesAndNeverScrollSideways(string path)
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync(width: 390, height: 844);
            await page.GotoAsync(path);
            var brand = await page.Locator("header .brand").BoundingBoxAsync();
            var link = await page.Locator("header nav a[href='/status']").BoundingBoxAsync();
            var header = await page.Locator("header").BoundingBoxAsync();
            // Two lines at most: the brand, then the links (one line, scrolling within the header if needed).
            Assert.True(header!.Height <= brand!.Height * 2 + 40, $"header {header.Height}px high, brand line {brand.Height}px");
            Assert.True(link!.Y > brand.Y, "the links start on their own line below the brand");
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, "the page scrolls sideways");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, $"phone{path.Replace('/', '-')}.png") });
        });
    }

    [Fact]
    public async Task Administrator_ComposesHitsAnErrorFixesItConfirmsAWarningPublishes_PublicSeesIt()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await SignInAsync(page, "administrator");
            await page.GotoAsync("/AnnualReports?Year=2021");
            await page.GetByLabel("一、总体情况 正文").FillAsync("2021年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。");
            await page.GetByLabel("二、主动公开政府信息情况 正文").FillAsync("见下表。");
            await page.GetByLabel("三、收到和处理政府信息公开申请情况 正文").FillAsync("本年度未收到政府信息公开申请。");
            await page.GetByLabel("四、政府信息公开行政复议、行政诉讼情况 正文").FillAsync("本年度未发生因政府信息公开引起的行政复议、行政诉讼。");
            await page.GetByLabel("五、存在的主要问题及改进情况 正文").FillAsync("公开工作仍有不足，下一步加强培训。");
            await page.GetByLabel("六、其他需要报告的事项 正文").FillAsync("本年度未收取信息处理费。");

            // A blocking error: the year's decisions and fees are missing from table 二.
            await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("p.message[role=alert]")).ToContainTextAsync("改正后才能发布");

            // Fix it in the registers.
            await page.GotoAsync("/AnnualReports/Registers?Year=2021");
            var figures = page.GetByRole(AriaRole.Form, new() { Name = "保存年度数据" });
            await figures.GetByLabel("行政许可本年处理决定数量").FillAsync("120");
            await figures.GetByLabel("行政处罚本年处理决定数量").FillAsync("80");
            await figures.GetByLabel("行政强制本年处理决定数量").FillAsync("3");
            await figures.GetByLabel("行政事业性收费本年收费金额（万元，最多四位小数）").FillAsync("1.5");
            await figures.GetByRole(AriaRole.Button, new() { Name = "保存年度数据" }).ClickAsync();
            await Assertions.Expect(page.Locator("p.ok[role=alert]")).ToHaveTextAsync("已保存2021年数据");

            // Back to the report: the text was saved with the first attempt; now only a warning is left.
            await page.GotoAsync("/AnnualReports?Year=2021");
            await Assertions.Expect(page.GetByLabel("五、存在的主要问题及改进情况 正文")).ToHaveValueAsync("公开工作仍有不足，下一步加强培训。");
            await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("p.message[role=alert]")).ToContainTextAsync("请逐条核实");
            await page.GetByLabel("已逐条核实上述警告，确认发布").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("p.ok[role=alert]")).ToContainTextAsync("2021年年度报告已发布");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "annual-report-published.png"), FullPage = true });

            // The public archive.
            var citizen = await fixture.NewPageAsync();
            await citizen.GotoAsync("/reports");
            await citizen.GetByRole(AriaRole.Link, new() { Name = "测试市公安局2021年政府信息公开工作年度报告" }).ClickAsync();
            await Assertions.Expect(citizen.Locator("h1")).ToHaveTextAsync("测试市公安局2021年政府信息公开工作年度报告");
        });
    }

    [Fact]
    public async Task ReportText_ContradictingTheTables_IsFlaggedWhileTyping()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await SignInAsync(page, "administrator");
            await page.GotoAsync("/AnnualReports?Year=2020");
            await page.GetByLabel("三、收到和处理政府信息公开申请情况 正文").FillAsync("本年度新收政府信息公开申请75件。");
            await Assertions.Expect(page.Locator("#live-findings")).ToContainTextAsync("75");
            // Nothing was saved by checking.
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByLabel("三、收到和处理政府信息公开申请情况 正文")).ToHaveValueAsync("");
        });
    }

    [Fact]
    public async Task Government_UploadsADepartmentsReportAndDraftsItsOverviewFromTheSum()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await SignInAsync(page, "gov-administrator");
            await page.GotoAsync("/AnnualReports/Departments?Year=2023");
            await page.GetByLabel("部门名称，每行一个（使用本系统的部门自动列入，无需填写）").FillAsync("新乡市公安局（外部）");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存部门名单" }).ClickAsync();
            await Assertions.Expect(page.Locator("p.ok[role=alert]")).ToHaveTextAsync("部门名单已保存");

            var upload = page.GetByRole(AriaRole.Form, new() { Name = "上传新乡市公安局（外部）年度报告" });
            await upload.GetByLabel("新乡市公安局（外部）年度报告文件").SetInputFilesAsync(
                Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single());
            await upload.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
            await Assertions.Expect(page.Locator("p.ok[role=alert]")).ToHaveTextAsync("已上传新乡市公安局（外部）2023年度报告");
            await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "新乡市公安局（外部）" })).ToContainTextAsync("已按上传的年度报告计入");
            await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "测试市公安局" })).ToContainTextAsync("尚未发布");

            // The government's report: the sum, with the drafted overview taken into the field and checked.
            await page.GotoAsync("/AnnualReports?Year=2023");
            await Assertions.Expect(page.Locator("#departments")).ToHaveTextAsync("部门年度报告汇总（条例第四十九条）");
            await page.Locator("button.use-draft[data-section='三']").ClickAsync();
            await Assertions.Expect(page.GetByLabel("三、收到和处理政府信息公开申请情况 正文")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^本年度新收政府信息公开申请57件"));
            await Assertions.Expect(page.Locator("#live-findings")).ToContainTextAsync("测试市公安局");
        });
    }
}
