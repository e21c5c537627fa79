using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

public class DocumentApiTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static string Text(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return doc.MainDocumentPart!.Document.Body!.InnerText;
    }

    [Fact]
    public async Task AnswerLetter_IsNumberedInSequenceAndCarriesTheCase()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Answered);
        var id = c.GetProperty("id").GetGuid();
        var handler = await factory.ApiAs("handler");
        var first = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { reviewBody = "测试市人民政府" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var firstNumber = firstBody.GetProperty("number").GetString()!;
        var year = Api.Today.Year;
        Assert.Matches($@"^CS〔{year}〕答\d+号$", firstNumber);
        var n1 = int.Parse(firstNumber[(firstNumber.IndexOf('答') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"CS〔{year}〕答{n1 + 1}号", second.GetProperty("number").GetString());

        var docId = firstBody.GetProperty("id").GetGuid();
        var docx = await handler.GetByteArrayAsync($"/api/cases/{id}/documents/{docId}");
        var text = Text(docx);
        Assert.Contains(firstNumber, text);
        Assert.Contains("张三：", text);
        Assert.Contains(c.GetProperty("trackingNumber").GetString()!, text);
        Assert.Contains("六十日内向测试市人民政府申请行政复议", text);
        Assert.Contains("六个月内依法向人民法院提起行政诉讼", text);
    }

    [Fact]
    public async Task Document_AsPdf_IsMadeByLibreOfficeFromTheSameDocx()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        var handler = await factory.ApiAs("handler");
        var issued = await (await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Receipt", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var url = $"/api/cases/{id}/documents/{issued.GetProperty("id").GetGuid()}?format=pdf";
        var response = await handler.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("政府信息公开申请受理回执", text);
        Assert.Contains(issued.GetProperty("number").GetString()!, text);
        // Made once, then kept: the second download is the same bytes.
        Assert.Equal(pdf, await handler.GetByteArrayAsync(url));
    }

    [Fact]
    public async Task ConcurrentIssues_GetConsecutiveNumbersWithoutGapsOrDuplicates()
    {
        var handler = await factory.ApiAs("handler");
        var cases = new List<JsonElement>();
        for (var i = 0; i < 6; i++)
        {
            cases.Add(await CaseDriver.DriveTo(factory, CaseState.Registered));
        }
        var responses = await Task.WhenAll(cases.Select(c => handler.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/Receipt", new { })));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!));
        var sequences = numbers.Select(n => int.Parse(n[(n.IndexOf('受') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(Enumerable.Range(sequences[0], 6), sequences);
    }

    [Fact]
    public async Task AnswerLetter_BeforeTheAnswer_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var response = await (await factory.ApiAs("handler")).PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/Answer", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("尚未答复", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CorrectionNotice_RepeatingTheRecordedItems_IsIssued()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        var handler = await factory.ApiAs("handler");
        var ok = await handler.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/CorrectionNotice", new { text = "请明确所需信息的时间范围" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    /// <summary>条例 第三十条: the notice states the reasonable period the case records.</summary>
    [Fact]
    public async Task CorrectionNotice_WithoutADate_StatesThePeriodTheCaseRecords_Article30()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        var handler = await factory.ApiAs("handler");
        var id = c.GetProperty("id").GetGuid();
        var issued = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/CorrectionNotice", new { });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var document = await issued.Content.ReadFromJsonAsync<JsonElement>();
        using var doc = WordprocessingDocument.Open(new MemoryStream(await handler.GetByteArrayAsync($"/api/cases/{id}/documents/{document.GetProperty("id").GetGuid()}")), false);
        var text = string.Join("\n", doc.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
        var stored = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(factory.OpenDb().Cases, x => x.Id == id);
        var ends = stored.CorrectionPeriodEndsOn(Gongkai.Cases.Calendar.WorkingDayCalendar.Official)!.Value;
        Assert.Contains($"请于{ends.Year}年{ends.Month}月{ends.Day}日前提交补正后的申请", text);
        Assert.Contains("无正当理由逾期不补正的，视为放弃申请", text);
    }

    [Fact]
    public async Task Documents_OfAnotherAgency_AreNotFound()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var response = await (await factory.ApiAs("other-handler")).PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/Receipt", new { });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public class PublicOutcomeTests
{
    [Theory]
    [InlineData("三.一", "予以公开")]
    [InlineData("三.二", "部分公开")]
    [InlineData("三.三.1", "不予公开：属于国家秘密")]
    [InlineData("三.六.2", "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")]
    public void PublicOutcome_DropsTheReportsNumbering(string row, string expected) =>
        Assert.Equal(expected, Gongkai.Web.Features.Cases.CaseView.PublicOutcome(row));
}

/// <summary>
/// An answer letter for every outcome group of table 三, each with its outcome, basis and remedies: reconsideration
/// first for what is refused (行政复议法 2023 第二十三条第一款第四项) — all of 不予公开, the refused part of 部分公开 —
/// and otherwise the applicant's choice of reconsideration or a lawsuit (行政复议法 第二十条, 行政诉讼法 第四十六条).
/// </summary>
public class AnswerLetterByOutcomeTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [Theory]
    [InlineData("三.一", "办理结果：予以公开。", false, true)]
    [InlineData("三.二", "办理结果：部分公开。", true, true)]
    [InlineData("三.三.4", "办理结果：不予公开：保护第三方合法权益。", true, false)]
    [InlineData("三.四.1", "办理结果：无法提供：本机关不掌握相关政府信息。", false, true)]
    [InlineData("三.五.2", "办理结果：不予处理：重复申请。", false, true)]
    [InlineData("三.六.3", "办理结果：其他处理：其他。", false, true)]
    public async Task AnswerLetter_StatesOutcomeBasisAndTheRightRemedies(string row, string outcome, bool reviewFirst, bool lawsuitOffered)
    {
        var registrar = await factory.ApiAs("registrar");
        var handler = await factory.ApiAs("handler");
        var c = await Api.Register(registrar);
        c = await Api.ActOk(handler, c, Gongkai.Cases.Cases.CaseAction.Accept);
        c = await Api.ActOk(handler, c, Gongkai.Cases.Cases.CaseAction.SubmitForReview,
            new { outcomeRow = row, legalBasis = "《中华人民共和国政府信息公开条例》第三十六条", answerText = "经审查，答复如下。" });
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, Gongkai.Cases.Cases.CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(await factory.ApiAs("approver"), c, Gongkai.Cases.Cases.CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(handler, c, Gongkai.Cases.Cases.CaseAction.Answer, new { date = Api.Day(0) });
        var id = c.GetProperty("id").GetGuid();
        var issued = await (await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { reviewBody = "测试市人民政府" })).Content.ReadFromJsonAsync<JsonElement>();
        using var doc = WordprocessingDocument.Open(new MemoryStream(await handler.GetByteArrayAsync($"/api/cases/{id}/documents/{issued.GetProperty("id").GetGuid()}")), false);
        var text = string.Join("\n", doc.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
        Assert.Contains(outcome + "依据：《中华人民共和国政府信息公开条例》第三十六条。", text);
        Assert.Equal(reviewFirst, text.Contains("应当先自收到本答复之日起六十日内向测试市人民政府申请行政复议（《中华人民共和国行政复议法》第二十条、第二十三条第一款第四项）", StringComparison.Ordinal));
        Assert.Equal(lawsuitOffered, text.Contains("或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）", StringComparison.Ordinal));
    }
}
