using System.Text.RegularExpressions;
using Gongkai.Documents.Tests.Redaction;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests.Redaction;

/// <summary>
/// 部分公开 in a real browser: the handler marks a file by drawing and by search, a reviewer changes one mark's ground,
/// the answer goes out, and the applicant downloads the redacted copy — which holds none of what was withheld.
/// </summary>
[Trait("Category", "Browser")]
public sealed class RedactionBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task HandlerMarksByDrawingAndSearch_ReviewerChangesAGround_ApplicantDownloadsTheCopy()
    {
        string pdfPath;
        using (var converter = new Gongkai.Documents.Pdf.PdfConverter())
        {
            pdfPath = Path.Combine(BrowserFixture.Artifacts, "户籍登记信息.pdf");
            await File.WriteAllBytesAsync(pdfPath, await converter.ConvertAsync(Gongkai.Documents.Redaction.DocxRedactor.Clean(SensitiveFiles.Docx())));
        }
        await fixture.RunAsync(async () =>
        {
            var citizen = await fixture.NewPageAsync();
            await BrowserStoryTests.FillApplicationAsync(citizen);
            await BrowserStoryTests.SubmitForReceiptAsync(citizen, () => citizen.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
            var number = await citizen.Locator("#tracking-number").InnerTextAsync();
            var code = await citizen.Locator("#query-code").InnerTextAsync();

            // The handler takes the case up and attaches the file to be disclosed.
            var staff = await fixture.NewPageAsync(width: 1200, height: 1000);
            await BrowserStoryTests.SignInAsync(staff, "handler");
            await staff.GotoAsync("/Cases");
            await staff.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            var caseUrl = staff.Url;
            await BrowserStoryTests.ActAsync(staff, "受理办理");
            await staff.Locator("#File").SetInputFilesAsync(pdfPath);
            await staff.GetByLabel(new Regex("随答复提供给申请人（公开的政府信息")).CheckAsync();
            await staff.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await staff.GetByRole(AriaRole.Link, new() { Name = "遮盖（部分公开）" }).ClickAsync();
            await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("户籍登记信息.pdf");
            var redactUrl = staff.Url;

            // By drawing: a box dragged over the title line (户籍登记信息摘录), on the ground of 过程性信息.
            var sheet = staff.Locator(".redaction-page[data-page='1'] .redaction-sheet");
            await Assertions.Expect(sheet.Locator("img")).ToHaveJSPropertyAsync("complete", true);
            // The mouse works in the window: the page's top is scrolled to the window's top first.
            await sheet.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
            var box = (await sheet.BoundingBoxAsync())!;
            await staff.Mouse.MoveAsync(box.X + (box.Width * 0.10f), box.Y + (box.Height * 0.093f));
            await staff.Mouse.DownAsync();
            await staff.Mouse.MoveAsync(box.X + (box.Width * 0.30f), box.Y + (box.Height * 0.112f), new() { Steps = 8 });
            await staff.Mouse.UpAsync();
            await Assertions.Expect(staff.Locator("#box-width")).Not.ToHaveValueAsync("");
            await staff.Locator("#box-ground").SelectOptionAsync("过程性信息");
            await staff.GetByRole(AriaRole.Button, new() { Name = "遮盖所框部分" }).ClickAsync();
            await Assertions.Expect(staff.Locator("#flash")).ToContainTextAsync("已遮盖第1页所框部分");
            await Assertions.Expect(staff.Locator("#marks tbody tr")).ToHaveCountAsync(1);

            // By search: ready patterns and a name.
            foreach (var pattern in new[] { "居民身份证号", "手机号", "固定电话", "车牌号", "银行卡号", "电子邮箱" })
            {
                await staff.GetByLabel(new Regex(@"^\s*" + pattern + @"\s*（")).CheckAsync();
            }
            await staff.GetByLabel("查找文字或姓名（每行一个）").FillAsync(SensitiveFiles.Name + "\n" + SensitiveFiles.NameUnderComment);
            await staff.Locator("#find-ground").SelectOptionAsync("个人隐私");
            await staff.GetByRole(AriaRole.Button, new() { Name = "查找并遮盖" }).ClickAsync();
            await Assertions.Expect(staff.Locator("#flash")).ToContainTextAsync("已按查找遮盖");
            Assert.True(await staff.Locator("#marks tbody tr").CountAsync() >= 10);
            await Assertions.Expect(staff.Locator(".redaction-page[data-page='1'] .redaction-box").First).ToBeVisibleAsync();
            await Assertions.Expect(sheet.Locator("img")).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await sheet.Locator("img").EvaluateAsync<int>("i => i.naturalWidth") > 500, "the page image shows");
            await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "redaction-marking.png"), FullPage = true });

            await staff.GotoAsync(caseUrl);
            await BrowserStoryTests.ActAsync(staff, "提交审核", async form =>
            {
                await form.GetByLabel("办理结果（年度报告表三的一种情形）").SelectOptionAsync("三.二");
                await form.GetByLabel("答复内容").FillAsync("经查，您申请的信息中含有个人隐私，现将可以公开的部分提供给您，详见附件。");
            });
            await staff.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

            // The reviewer sees the marks and changes the drawn box's ground.
            await BrowserStoryTests.SignInAsync(staff, "reviewer");
            await staff.GotoAsync(redactUrl);
            var first = staff.GetByRole(AriaRole.Form, new() { Name = "修改第1处的理由" });
            await first.GetByRole(AriaRole.Combobox).SelectOptionAsync("内部事务信息");
            await first.GetByRole(AriaRole.Button, new() { Name = "修改理由" }).ClickAsync();
            await Assertions.Expect(staff.Locator("#flash")).ToContainTextAsync("已修改理由");
            await Assertions.Expect(staff.Locator("#marks tbody tr").First).ToContainTextAsync("内部事务信息");
            await Assertions.Expect(staff.Locator("#marks tbody tr").First).ToContainTextAsync("理由由");
            await staff.GotoAsync(caseUrl);
            await BrowserStoryTests.ActAsync(staff, "审核通过", form => form.GetByLabel("审核意见（选填）").FillAsync("同意，遮盖理由已改"));
            await staff.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
            await BrowserStoryTests.SignInAsync(staff, "approver");
            await staff.GotoAsync(caseUrl);
            await BrowserStoryTests.ActAsync(staff, "审核通过", form => form.GetByLabel("审核意见（选填）").FillAsync("同意"));
            await staff.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

            await BrowserStoryTests.SignInAsync(staff, "handler");
            await staff.GotoAsync(caseUrl);
            await BrowserStoryTests.ActAsync(staff, "答复");

            // The applicant downloads the copy; the original is not offered.
            await citizen.GotoAsync("/status");
            await citizen.GetByLabel("受理编号").FillAsync(number);
            await citizen.GetByLabel("查询码").FillAsync(code);
            await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(citizen.Locator("#stage")).ToHaveTextAsync("已答复");
            await Assertions.Expect(citizen.GetByRole(AriaRole.Button, new() { Name = "下载 户籍登记信息.pdf", Exact = true })).ToHaveCountAsync(0);
            var download = await citizen.RunAndWaitForDownloadAsync(() =>
                citizen.GetByRole(AriaRole.Button, new() { Name = "下载 户籍登记信息（公开版）.pdf" }).ClickAsync());
            var copyPath = Path.Combine(BrowserFixture.Artifacts, "户籍登记信息（公开版）.pdf");
            await download.SaveAsAsync(copyPath);
            // The released page as an image, for people to look at (docs/images/redaction-copy.png).
            using (var pdftoppm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftoppm",
                ["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", copyPath, Path.Combine(BrowserFixture.Artifacts, "redaction-copy")]))!)
            {
                await pdftoppm.WaitForExitAsync();
                Assert.Equal(0, pdftoppm.ExitCode);
            }
            var text = string.Concat(PdfText.Of(await File.ReadAllBytesAsync(copyPath)).Where(c => !char.IsWhiteSpace(c)));
            foreach (var secret in SensitiveFiles.Withheld.Append(SensitiveFiles.Kept))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task Photo_BoxDrawnWithTheMouse_IsBurnedIntoTheReleasedJpeg()
    {
        var photoPath = Path.Combine(BrowserFixture.Artifacts, "门牌照片.jpg");
        using (var bitmap = new SkiaSharp.SKBitmap(1200, 800))
        {
            using (var canvas = new SkiaSharp.SKCanvas(bitmap))
            {
                canvas.Clear(SkiaSharp.SKColors.White);
                using var grey = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Gray };
                canvas.DrawRect(new SkiaSharp.SKRect(100, 100, 700, 300), grey);
            }
            using var jpeg = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
            await File.WriteAllBytesAsync(photoPath, jpeg.ToArray());
        }
        await fixture.RunAsync(async () =>
        {
            var staff = await fixture.NewPageAsync(width: 1200, height: 1000);
            await BrowserStoryTests.SignInAsync(staff, "handler");
            var c = await CaseDriver.DriveTo(fixture.Factory, Gongkai.Cases.Cases.CaseState.InProgress);
            await staff.GotoAsync($"/Cases/Details/{c.GetProperty("id").GetString()}");
            await staff.Locator("#File").SetInputFilesAsync(photoPath);
            await staff.GetByLabel(new Regex("随答复提供给申请人（公开的政府信息")).CheckAsync();
            await staff.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await staff.GetByRole(AriaRole.Link, new() { Name = "遮盖（部分公开）" }).ClickAsync();
            await Assertions.Expect(staff.Locator("#ocr-note")).ToContainTextAsync("图像");

            var sheet = staff.Locator(".redaction-page[data-page='1'] .redaction-sheet");
            await Assertions.Expect(sheet.Locator("img")).ToHaveJSPropertyAsync("complete", true);
            await sheet.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
            var box = (await sheet.BoundingBoxAsync())!;
            // Over the grey block: 100–700 × 100–300 of the photo's 1200 × 800 pixels.
            await staff.Mouse.MoveAsync(box.X + (box.Width * 0.1f), box.Y + (box.Height * 0.15f));
            await staff.Mouse.DownAsync();
            await staff.Mouse.MoveAsync(box.X + (box.Width * 0.5f), box.Y + (box.Height * 0.3f), new() { Steps = 8 });
            await staff.Mouse.UpAsync();
            await Assertions.Expect(staff.Locator("#box-width")).Not.ToHaveValueAsync("");
            await staff.Locator("#box-ground").SelectOptionAsync("个人隐私");
            await staff.GetByRole(AriaRole.Button, new() { Name = "遮盖所框部分" }).ClickAsync();
            await Assertions.Expect(staff.Locator("#flash")).ToContainTextAsync("已遮盖第1页所框部分");

            var download = await staff.RunAndWaitForDownloadAsync(() => staff.Locator("#copy a").ClickAsync());
            var copyPath = Path.Combine(BrowserFixture.Artifacts, "门牌照片（公开版）.jpg");
            await download.SaveAsAsync(copyPath);
            using var copy = SkiaSharp.SKBitmap.Decode(copyPath);
            Assert.Equal(1200, copy.Width);
            // The box (about 120–600 × 120–240): black, with its white label in the middle.
            Assert.True(copy.GetPixel(130, 130).Red < 40, "the boxed part of the photo is black in the copy");
            var dark = Enumerable.Range(125, 470).Count(x => copy.GetPixel(x, 235).Red < 60);
            Assert.True(dark > 400, $"{dark} of 470 pixels along the box's lower edge are black");
            Assert.True(copy.GetPixel(1000, 700).Red > 200, "the rest of the photo is as it was");
        });
    }
}
