using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests;

/// <summary>The browser story's server, wired to a real SMTP server (python3-aiosmtpd) on 127.0.0.1.</summary>
public sealed class NoticeStoryFixture : BrowserFixture
{
    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public NoticeStoryFixture()
    {
        foreach (var (k, v) in SmtpSink.Settings(Smtp.Port))
        {
            Factory.Settings[k] = v;
        }
        Factory.Settings["Gongkai:PublicUrl"] = "https://gk.example.gov.cn";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

/// <summary>
/// Issue 22's story in Chromium: apply online with an e-mail address → the receipt arrives → staff ask for 补正 → the
/// e-mail arrives and /status shows the notice → the applicant replies online with a file → the handler sees the reply
/// and the clock restarts with the right new deadline → the answer goes out → the e-mail with the PDF arrives and
/// /status shows its 送达.
/// </summary>
[Trait("Category", "Browser")]
public sealed class NoticeStoryTests(NoticeStoryFixture fixture) : IClassFixture<NoticeStoryFixture>
{
    private static async Task LookUpAsync(IPage citizen, string number, string code)
    {
        await citizen.GotoAsync("/status");
        await citizen.GetByLabel("受理编号").FillAsync(number);
        await citizen.GetByLabel("查询码").FillAsync(code);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await citizen.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    [Fact]
    public async Task Applicant_IsToldOfEveryStepByEmailAndOnline_AndAnswersTheCorrectionOnline()
    {
        await fixture.RunAsync(async () =>
        {
            const string Email = "wangwu@example.com";
            var citizen = await fixture.NewPageAsync();
            await BrowserStoryTests.FillApplicationAsync(citizen);
            await BrowserStoryTests.SubmitForReceiptAsync(citizen, () => citizen.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
            var number = await citizen.Locator("#tracking-number").InnerTextAsync();
            var code = await citizen.Locator("#query-code").InnerTextAsync();
            await Assertions.Expect(citizen.Locator("#receipt-mailed")).ToContainTextAsync(Email);

            // The receipt arrives by e-mail.
            var receipt = await fixture.Smtp.WaitForAsync(Email, number);
            Assert.Contains("https://gk.example.gov.cn/status", receipt.TextBody);

            // Staff ask for 补正 and issue the notice.
            var staff = await fixture.NewPageAsync();
            await BrowserStoryTests.SignInAsync(staff, "handler");
            await staff.GotoAsync("/Cases");
            await staff.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            var caseUrl = staff.Url;
            await BrowserStoryTests.ActAsync(staff, "受理办理");
            await BrowserStoryTests.ActAsync(staff, "告知补正", async form =>
            {
                await form.GetByLabel("需要补正的事项").FillAsync("请写明所需统计数据的时间范围");
                await form.GetByLabel("补正期限（工作日，自告知书送达次日起算；未登记送达的自告知次日起算）").FillAsync("10");
            });
            await staff.GetByLabel("出具文书（DOCX，GB/T 9704 版式）").SelectOptionAsync("CorrectionNotice");
            await staff.GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            var noticeNumber = await staff.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^CS〔\d{4}〕补\d+号$") }).InnerTextAsync();

            // The notice arrives with the letter attached, and /status shows it, delivered by e-mail.
            var notice = await fixture.Smtp.WaitForAsync(Email, noticeNumber);
            Assert.Single(notice.Attachments);
            await LookUpAsync(citizen, number, code);
            await Assertions.Expect(citizen.Locator("#stage")).ToContainTextAsync("需要补正");
            var documents = citizen.Locator("#documents");
            await Assertions.Expect(documents).ToContainTextAsync(noticeNumber);
            await Assertions.Expect(documents).ToContainTextAsync("电子邮件送达");

            // The applicant replies online with a file.
            var file = Path.Combine(BrowserFixture.Artifacts, "补正说明.pdf");
            await File.WriteAllBytesAsync(file, TestFiles.Pdf("补正说明：2025年1月至6月"));
            await citizen.GetByLabel("补正内容（对所申请信息的具体描述、身份证明说明等）").FillAsync("所需数据的时间范围为2025年1月至6月");
            await citizen.GetByLabel(new Regex("^补正材料")).SetInputFilesAsync(file);
            await citizen.GetByRole(AriaRole.Button, new() { Name = "提交补正" }).ClickAsync();
            await Assertions.Expect(citizen.Locator("#status-done")).ToContainTextAsync("补正已收到");
            await Assertions.Expect(citizen.Locator("#stage")).ToHaveTextAsync("办理中");
            await citizen.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "status-correction-received.png"), FullPage = true });
            await fixture.Smtp.WaitForAsync(Email, "补正已收到");

            // The handler sees it at once, the answer period counted again from today (条例 第三十条、第三十三条).
            DateOnly due;
            using (var scope = fixture.Factory.Services.CreateScope())
            {
                var calendars = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Calendar.CalendarService>();
                due = (await calendars.CurrentAsync()).AddWorkingDays(calendars.Today, 20);
            }
            await staff.GotoAsync("/?mine=false");
            var row = staff.Locator("tr", new() { HasText = number });
            await Assertions.Expect(row).ToContainTextAsync("办理中（申请人已在线补正）");
            await Assertions.Expect(row).ToContainTextAsync(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await staff.GotoAsync(caseUrl);
            await Assertions.Expect(staff.Locator("#online-corrections")).ToBeVisibleAsync();
            await Assertions.Expect(staff.GetByText("补正说明.pdf").First).ToBeVisibleAsync();

            // The answer through the review chain (API; the browser story of issue 4 walks it on the pages), then the letter.
            var handlerApi = await fixture.Factory.ApiAs("handler");
            var id = Guid.Parse(caseUrl.Split('/').Last());
            var c = await handlerApi.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}");
            // The released information (“见附件”) goes with the answer letter in the same e-mail.
            using (var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf("2025年机动车登记数量统计表")), "file", "统计表.pdf" } })
            {
                Assert.Equal(System.Net.HttpStatusCode.Created, (await handlerApi.PostAsync($"/api/cases/{id}/attachments?forApplicant=true", form)).StatusCode);
            }
            c = await handlerApi.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}");
            c = await Api.ActOk(handlerApi, c, CaseAction.SubmitForReview, new { outcomeRow = "三.一", legalBasis = "条例第三十六条第二项", answerText = "经查，您申请的信息已主动公开，现将统计表提供给您，见附件。" });
            c = await Api.ActOk(await fixture.Factory.ApiAs("reviewer"), c, CaseAction.Approve);
            c = await Api.ActOk(await fixture.Factory.ApiAs("approver"), c, CaseAction.Approve);
            await staff.GotoAsync(caseUrl);
            await BrowserStoryTests.ActAsync(staff, "答复");
            await staff.GetByLabel("出具文书（DOCX，GB/T 9704 版式）").SelectOptionAsync("Answer");
            await staff.GetByRole(AriaRole.Button, new() { Name = "出具" }).ClickAsync();
            var answerNumber = await staff.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^CS〔\d{4}〕答\d+号$") }).InnerTextAsync();

            // The answer arrives as a PDF, and /status shows the letter delivered by e-mail.
            var answer = await fixture.Smtp.WaitForAsync(Email, answerNumber);
            var parts = answer.Attachments.OfType<MimeKit.MimePart>().ToList();
            Assert.Contains(parts, p => p.FileName == "统计表.pdf");
            var pdf = parts.Single(p => (p.FileName ?? "").StartsWith(answerNumber, StringComparison.Ordinal));
            Assert.Equal("application/pdf", pdf.ContentType.MimeType);
            using (var content = new MemoryStream())
            {
                await pdf.Content!.DecodeToAsync(content);
                using var document = UglyToad.PdfPig.PdfDocument.Open(content.ToArray());
                Assert.Contains("政府信息公开申请答复书", string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal));
            }
            await LookUpAsync(citizen, number, code);
            await Assertions.Expect(citizen.Locator("#stage")).ToHaveTextAsync("已答复");
            var answerRow = citizen.Locator("#documents tr", new() { HasText = answerNumber });
            await Assertions.Expect(answerRow).ToContainTextAsync("电子邮件送达");
            await citizen.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "status-answered-delivered.png"), FullPage = true });
            // Ordinary steps (受理办理, 告知补正, 答复) asked no empty question on the way.
            Assert.DoesNotContain(fixture.Confirmations, q => string.IsNullOrWhiteSpace(q));
        });
    }
}
