using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

/// <summary>Letters take their facts from the case: dates, 补正 items and period, released files, the competent agency.</summary>
public class LetterFromRecordTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static string Id(JsonElement c) => c.GetProperty("id").GetString()!;

    private static string Chinese(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");

    private static string Text(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private async Task<(HttpResponseMessage Response, string? Text)> IssueAsync(HttpClient client, JsonElement c, string kind, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/cases/{Id(c)}/documents/{kind}", body);
        if (!response.IsSuccessStatusCode)
        {
            return (response, null);
        }
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response, Text(await client.GetByteArrayAsync($"/api/cases/{Id(c)}/documents/{issued.GetProperty("id").GetString()}")));
    }

    [Fact]
    public async Task CorrectionNotice_StatesTheRecordedItemsPeriodAndDate()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        var handler = await factory.ApiAs("handler");
        var (response, text) = await IssueAsync(handler, c, "CorrectionNotice", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("请明确所需信息的时间范围", text);
        Assert.EndsWith(Chinese(Api.Today.AddDays(-9)), text);
        Assert.Matches(@"请于\d{4}年\d{1,2}月\d{1,2}日前提交", text);
        Assert.DoesNotContain("未填写", text);
    }

    [Fact]
    public async Task CorrectionNotice_WithAnotherPeriodOrOtherItems_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        var handler = await factory.ApiAs("handler");
        var (period, _) = await IssueAsync(handler, c, "CorrectionNotice", new { deadline = Api.Day(40) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, period.StatusCode);
        Assert.Contains("补正期限以记录为准", await period.Content.ReadAsStringAsync());
        var (items, _) = await IssueAsync(handler, c, "CorrectionNotice", new { text = "请提供身份证复印件" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, items.StatusCode);
        Assert.Contains("补正事项以告知补正时的记录为准", await items.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnswerLetter_IsDatedTheRecordedAnswerDateNotTheDayItIsPrinted()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Answered);
        var (response, text) = await IssueAsync(await factory.ApiAs("handler"), c, "Answer", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith(Chinese(Api.Today.AddDays(-1)), text);
    }

    private async Task<JsonElement> ReadyWithAnswer(string answerText, string outcome = "三.一", string? competentAgency = null, params string[] files)
    {
        var handler = await factory.ApiAs("handler");
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        foreach (var name in files)
        {
            await UploadAsync(handler, c, name);
        }
        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, new { outcomeRow = outcome, legalBasis = "条例第三十六条", answerText, competentAgency });
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, new { });
        return await Api.ActOk(await factory.ApiAs("approver"), c, CaseAction.Approve, new { });
    }

    private static async Task<string> UploadAsync(HttpClient handler, JsonElement c, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf(name)), "file", name } };
        var uploaded = await (await handler.PostAsync($"/api/cases/{Id(c)}/attachments?forApplicant=true", form)).Content.ReadFromJsonAsync<JsonElement>();
        return uploaded.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task SubmitForReview_SayingSeeAttachmentWithoutAReleasedFile_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var refused = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.SubmitForReview,
            new { outcomeRow = "三.一", legalBasis = "条例第三十六条", answerText = "予以公开，详见附件。" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("再提交审核", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Answer_SayingSeeAttachmentAfterItsOnlyFileWasWithdrawn_IsRefused()
    {
        var handler = await factory.ApiAs("handler");
        var c = await ReadyWithAnswer("予以公开，详见附件。", files: "统计表.pdf");
        var attachment = (await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/attachments")).EnumerateArray().Single().GetProperty("id").GetString();
        await handler.PostAsJsonAsync($"/api/cases/{Id(c)}/attachments/{attachment}/withdraw", new { });
        var refused = await Api.Act(handler, c, CaseAction.Answer, new { date = Api.Day(-1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("见附件", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnswerLetter_NamesTheReleasedFilesAndNotTheWithdrawnOnes()
    {
        var handler = await factory.ApiAs("handler");
        var c = await ReadyWithAnswer("予以公开，详见附件。", files: ["2025年交通事故统计表.pdf", "内部签报.pdf"]);
        var internalMemo = (await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/attachments")).EnumerateArray()
            .Single(a => a.GetProperty("fileName").GetString() == "内部签报.pdf").GetProperty("id").GetString();
        await handler.PostAsJsonAsync($"/api/cases/{Id(c)}/attachments/{internalMemo}/withdraw", new { });
        c = await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(-1) });
        var (_, text) = await IssueAsync(handler, c, "Answer", new { });
        Assert.Contains("附件：2025年交通事故统计表.pdf", text);
        Assert.DoesNotContain("内部签报", text);
    }

    [Fact]
    public async Task CorrectionNotice_ItemsOnSeveralLines_StaySeveralParagraphs()
    {
        var handler = await factory.ApiAs("handler");
        var c = await Api.Register(await factory.ApiAs("registrar"));
        c = await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(-9), text = "1. 请写明年份。\n2. 请写明区域。" });
        var (_, text) = await IssueAsync(handler, c, "CorrectionNotice", new { });
        Assert.Contains("\n1. 请写明年份。\n2. 请写明区域。\n", text);
        var history = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/history");
        Assert.DoesNotContain(history.EnumerateArray(), e => e.GetProperty("summary").GetString()!.Contains("。；"));
    }

    [Fact]
    public async Task AnswerLetter_NotThisAgencysInformation_NamesTheCompetentAgency()
    {
        var c = await ReadyWithAnswer("经查，本机关不掌握该信息。", "三.四.1", "测试市交通运输局（电话 0371-12345678）");
        var handler = await factory.ApiAs("handler");
        c = await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(-1) });
        var (_, text) = await IssueAsync(handler, c, "Answer", new { });
        Assert.Contains("负责公开该政府信息的行政机关为：测试市交通运输局（电话 0371-12345678）", text);
        Assert.Contains("现答复如下：本机关不掌握该信息。", text);
    }

    [Fact]
    public async Task AnswerLetter_WithoutCompetentAgency_LeavesNoUnfilledParagraph()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Answered);
        var (_, text) = await IssueAsync(await factory.ApiAs("handler"), c, "Answer", new { });
        Assert.DoesNotContain("【未填写", text);
        Assert.DoesNotContain("负责公开该政府信息", text);
    }

    [Fact]
    public async Task LetterNumber_UsesTheAgencysChineseLetterCode()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        await using (var db = factory.OpenDb())
        {
            var city = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Agencies, a => a.Id == factory.CityId);
            city.ConfigureLetterCode("测公信");
            await db.SaveChangesAsync();
        }
        var handler = await factory.ApiAs("handler");
        var issued = await (await handler.PostAsJsonAsync($"/api/cases/{Id(c)}/documents/Receipt", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"^测公信〔\d{4}〕受\d+号$", issued.GetProperty("number").GetString());
    }
}
