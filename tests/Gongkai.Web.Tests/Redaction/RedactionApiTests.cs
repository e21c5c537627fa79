using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Gongkai.Documents.Tests.Redaction;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests.Redaction;

/// <summary>部分公开 through the API: marks by pattern and box, the copy released instead of the original, the letter's reasons, the audit trail.</summary>
public sealed partial class RedactionApiTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private const string DocxName = "户籍登记信息.docx";

    /// <summary>A case from the portal (so /status can be checked), accepted, with the sensitive Word document to be disclosed.</summary>
    private async Task<(JsonElement Case, Guid Id, Guid Original, string Number, string Code)> CaseWithFileAsync(string name = DocxName, byte[]? content = null)
    {
        var portal = new PortalTests(factory);
        var (number, code) = await portal.SubmittedForTests();
        var handler = await factory.ApiAs("handler");
        Guid id;
        await using (var db = factory.OpenDb())
        {
            id = (await db.Cases.SingleAsync(c => c.TrackingNumber == number)).Id;
        }
        var c = await Api.ActOk(handler, await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}"), CaseAction.Accept);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content ?? SensitiveFiles.Docx()), "file", name } };
        var uploaded = await handler.PostAsync($"/api/cases/{id}/attachments?forApplicant=true", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var original = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (c, id, original, number, code);
    }

    private static object ByPatterns(string ground = "个人隐私") => new
    {
        patterns = SensitiveFiles.Searches.Select(p => new { pattern = p, ground }).ToArray(),
    };

    private static async Task<Guid> RedactOkAsync(HttpClient client, Guid id, Guid original, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/cases/{id}/attachments/{original}/redactions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("attachmentId").GetGuid();
    }

    [Fact]
    public async Task Docx_RedactedByPatterns_CopyHoldsNoneOfIt_AndIsTheOnlyFileReleased()
    {
        var (c, id, original, number, code) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        var copyId = await RedactOkAsync(handler, id, original, ByPatterns());
        var copy = await handler.GetByteArrayAsync($"/api/cases/{id}/attachments/{copyId}");
        var xml = SensitiveFiles.AllPackageText(copy);
        foreach (var secret in SensitiveFiles.Withheld.Concat(SensitiveFiles.Invisible))
        {
            Assert.DoesNotContain(secret, xml, StringComparison.Ordinal);
        }

        var list = await handler.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments");
        Assert.False(list!.Single(a => a.GetProperty("id").GetGuid() == original).GetProperty("forApplicant").GetBoolean());
        Assert.True(list!.Single(a => a.GetProperty("id").GetGuid() == copyId).GetProperty("forApplicant").GetBoolean());

        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, new { outcomeRow = "三.二", legalBasis = "条例第三十七条", answerText = "部分公开，详见附件。" });
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(await factory.ApiAs("approver"), c, CaseAction.Approve, new { text = "同意" });
        await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(0) });

        var portal = new PortalTests(factory);
        var (_, html) = await portal.LookupForTests(number, code);
        Assert.Contains("户籍登记信息（公开版）.docx", html);
        Assert.DoesNotContain("下载 户籍登记信息.docx", html);
        Assert.DoesNotContain(original.ToString(), html);
        var fileIds = FileId().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal([copyId], fileIds);
        var (download, _) = await portal.LookupForTests(number, code, "?handler=File&fileId=" + copyId);
        Assert.Equal(copy, await download.Content.ReadAsByteArrayAsync());
        var (refused, _) = await portal.LookupForTests(number, code, "?handler=File&fileId=" + original);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var after = await handler.PostAsJsonAsync($"/api/cases/{id}/attachments/{original}/redactions", ByPatterns());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, after.StatusCode);
        Assert.Contains("已答复", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Marks_AreListedMasked_AndTheirTextIsEncryptedAtRest()
    {
        var (_, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        await RedactOkAsync(handler, id, original, new { patterns = new[] { new { pattern = "居民身份证号", ground = "个人隐私" }, new { pattern = SensitiveFiles.Name, ground = "个人隐私" } } });
        var view = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/attachments/{original}/redactions");
        var marks = view.GetProperty("marks").EnumerateArray().ToList();
        // Four parts: three ID numbers and the name (a number wrapped in its cell has a second box that continues it).
        Assert.Equal(4, marks.Count(m => !m.GetProperty("continues").GetBoolean()));
        // A name searched for is personal information too: the mark says how it was found, not what was typed.
        Assert.Contains(marks, m => m.GetProperty("source").GetString() == "查找文字" && m.GetProperty("text").GetString() == "张**");
        Assert.DoesNotContain(SensitiveFiles.Name, view.GetRawText(), StringComparison.Ordinal);
        Assert.All(marks, m => Assert.Equal("第十五条", m.GetProperty("article").GetString()));
        Assert.Contains(marks, m => m.GetProperty("text").GetString() == "1101***********234");
        Assert.DoesNotContain(SensitiveFiles.IdNumber, view.GetRawText(), StringComparison.Ordinal);
        await using var db = factory.OpenDb();
        var stored = await db.RedactionMarks.Where(m => m.AttachmentId == original).ToListAsync();
        Assert.All(stored, m => Assert.DoesNotContain(SensitiveFiles.IdNumber, m.ProtectedText!, StringComparison.Ordinal));
        Assert.All(stored, m => Assert.DoesNotContain(SensitiveFiles.IdInTable, m.ProtectedText!, StringComparison.Ordinal));
        Assert.All(stored, m => Assert.DoesNotContain(SensitiveFiles.Name, m.Source + m.ProtectedText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Letter_ListsTheWithheldPartsByGroundAndPage_AndOutcomeMustBePartial()
    {
        var (c, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        await RedactOkAsync(handler, id, original, new { patterns = new[] { new { pattern = "居民身份证号", ground = "个人隐私" }, new { pattern = "银行卡号", ground = "商业秘密" } } });

        var full = await Api.Act(handler, c, CaseAction.SubmitForReview, new { outcomeRow = "三.一", legalBasis = "条例第三十六条", answerText = "予以公开，详见附件。" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        Assert.Contains("办理结果应为“部分公开”", await full.Content.ReadAsStringAsync());

        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, new { outcomeRow = "三.二", legalBasis = "条例第三十七条", answerText = "部分公开，详见附件。" });
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(await factory.ApiAs("approver"), c, CaseAction.Approve, new { text = "同意" });
        await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(0) });
        var issued = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var documentId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var letter = LetterText(await handler.GetByteArrayAsync($"/api/cases/{id}/documents/{documentId}"));
        // In the order of the 条例 and of table 三: 商业秘密 before 个人隐私.
        Assert.Contains("“户籍登记信息（公开版）.docx”中第1页1处，涉及商业秘密，依据《中华人民共和国政府信息公开条例》第十五条不予公开；第1页3处，涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开。", letter);
    }

    [Fact]
    public async Task Reviewer_ChangesAGroundInReview_HandlerMayNot_AndTheTrailSaysWhoDidWhat()
    {
        var (c, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        var firstCopy = await RedactOkAsync(handler, id, original, new { patterns = new[] { new { pattern = SensitiveFiles.Name, ground = "个人隐私" } } });
        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, new { outcomeRow = "三.二", legalBasis = "条例第三十七条", answerText = "部分公开，详见附件。" });
        var mark = (await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/attachments/{original}/redactions")).GetProperty("marks")[0].GetProperty("id").GetGuid();

        var byHandler = await handler.PutAsJsonAsync($"/api/cases/{id}/attachments/{original}/redactions/{mark}", new { ground = "商业秘密" });
        Assert.Equal(HttpStatusCode.Forbidden, byHandler.StatusCode);
        Assert.Contains("只有该环节的审核人", await byHandler.Content.ReadAsStringAsync());

        var reviewer = await factory.ApiAs("reviewer");
        var changed = await reviewer.PutAsJsonAsync($"/api/cases/{id}/attachments/{original}/redactions/{mark}", new { ground = "内部事务信息" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var newCopy = (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachmentId").GetGuid();
        Assert.NotEqual(firstCopy, newCopy);
        var view = await reviewer.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/attachments/{original}/redactions");
        Assert.Equal("内部事务信息", view.GetProperty("marks")[0].GetProperty("ground").GetString());
        Assert.Equal(newCopy, view.GetProperty("copyId").GetGuid());

        var history = await handler.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/history");
        var redact = history!.Single(e => e.GetProperty("action").GetString() == "Redact");
        Assert.Contains("个人隐私1处", redact.GetProperty("summary").GetString());
        Assert.Matches("SHA-256 [0-9a-f]{12}", redact.GetProperty("summary").GetString());
        var change = history!.Single(e => e.GetProperty("action").GetString() == "RedactionChange");
        Assert.Contains("个人隐私 → 内部事务信息", change.GetProperty("summary").GetString());
        Assert.True(change.GetProperty("userName").GetString() != redact.GetProperty("userName").GetString(), change.GetRawText());
        Assert.DoesNotContain(SensitiveFiles.Name, string.Join("", history!.Select(e => e.GetRawText())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_RedactedByPatternAndBox_PdftotextFindsNoneOfIt()
    {
        using var converter = new Gongkai.Documents.Pdf.PdfConverter();
        var pdf = await converter.ConvertAsync(Gongkai.Documents.Redaction.DocxRedactor.Clean(SensitiveFiles.Docx()));
        var (_, id, original, _, _) = await CaseWithFileAsync("户籍登记信息.pdf", pdf);
        var handler = await factory.ApiAs("handler");
        var pages = (await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/attachments/{original}/redactions")).GetProperty("pages");
        Assert.Equal(1, pages.GetArrayLength());
        // The heading line, boxed by hand: it names nobody, but a box must take whatever is under it.
        var copyId = await RedactOkAsync(handler, id, original, new
        {
            patterns = SensitiveFiles.Searches.Select(p => new { pattern = p, ground = "个人隐私" }).ToArray(),
            boxes = new[] { new { page = 1, x = 60.0, y = 85.0, width = 200.0, height = 20.0, ground = "过程性信息" } },
        });
        var copy = await handler.GetByteArrayAsync($"/api/cases/{id}/attachments/{copyId}");
        var text = string.Concat(Gongkai.Documents.Tests.Redaction.PdfText.Of(copy).Where(c => !char.IsWhiteSpace(c)));
        foreach (var secret in SensitiveFiles.Withheld)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        var png = await handler.GetByteArrayAsync($"/api/cases/{id}/attachments/{original}/redactions/pages/1");
        Assert.Equal((byte)0x89, png[0]);
    }

    [Fact]
    public async Task BadInput_IsRefusedInChinese_NamingWhatAndWhere()
    {
        var (_, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        var url = $"/api/cases/{id}/attachments/{original}/redactions";
        var noGround = await handler.PostAsJsonAsync(url, new { patterns = new[] { new { pattern = "手机号", ground = "看着不顺眼" } } });
        Assert.Equal(HttpStatusCode.BadRequest, noGround.StatusCode);
        Assert.Contains("第1项查找“手机号”：请选择不予公开的理由", await noGround.Content.ReadAsStringAsync());
        var outside = await handler.PostAsJsonAsync(url, new { boxes = new[] { new { page = 1, x = 500.0, y = 900.0, width = 300.0, height = 50.0, ground = "个人隐私" } } });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("第1页的框", await outside.Content.ReadAsStringAsync());
        var nothing = await handler.PostAsJsonAsync(url, new { patterns = new[] { new { pattern = "不存在的名字", ground = "个人隐私" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        Assert.Contains("没有找到“不存在的名字”", await nothing.Content.ReadAsStringAsync());
        await using var db = factory.OpenDb();
        Assert.False(await db.RedactionMarks.AnyAsync(m => m.AttachmentId == original));
    }

    [Fact]
    public async Task OtherAgencies_SeeNothing_AndSupervisorsMayNotMark()
    {
        var (_, id, original, _, _) = await CaseWithFileAsync();
        var url = $"/api/cases/{id}/attachments/{original}/redactions";
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("other-handler")).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("other-handler")).PostAsJsonAsync(url, ByPatterns())).StatusCode);
        var supervisor = await factory.ApiAs("supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync(url, ByPatterns())).StatusCode);
    }

    [Fact]
    public async Task Original_Withdrawn_TakesItsCopyWithIt()
    {
        var (_, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        var copyId = await RedactOkAsync(handler, id, original, new { patterns = new[] { new { pattern = "手机号", ground = "个人隐私" } } });
        var list = await handler.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments");
        Assert.Equal(original, list!.Single(a => a.GetProperty("id").GetGuid() == copyId).GetProperty("redactedFromId").GetGuid());

        var withdrawn = await handler.PostAsJsonAsync($"/api/cases/{id}/attachments/{original}/withdraw", new { reason = "附错了文件" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        list = await handler.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments");
        var copy = list!.Single(a => a.GetProperty("id").GetGuid() == copyId);
        Assert.False(copy.GetProperty("forApplicant").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, copy.GetProperty("withdrawnAt").ValueKind);
        var history = await handler.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/history");
        Assert.Contains(history!, e => e.GetProperty("summary").GetString()!.Contains("及其公开版本“户籍登记信息（公开版）.docx”", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RemovingTheLastMark_DropsTheCopy_AndReleasesTheOriginalAgain()
    {
        var (_, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        var copyId = await RedactOkAsync(handler, id, original, new { patterns = new[] { new { pattern = SensitiveFiles.Name, ground = "个人隐私" } } });
        var mark = (await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/attachments/{original}/redactions")).GetProperty("marks")[0].GetProperty("id").GetGuid();
        var removed = await handler.DeleteAsync($"/api/cases/{id}/attachments/{original}/redactions/{mark}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(original, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachmentId").GetGuid());
        var list = await handler.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments");
        Assert.DoesNotContain(list!, a => a.GetProperty("id").GetGuid() == copyId);
        Assert.True(list!.Single(a => a.GetProperty("id").GetGuid() == original).GetProperty("forApplicant").GetBoolean());
    }

    [Fact]
    public async Task PartialDisclosure_WithAFileReleasedWhole_IsFlaggedOnTheCasePage()
    {
        var (c, id, _, _, _) = await CaseWithFileAsync();
        await Api.ActOk(await factory.ApiAs("handler"), c, CaseAction.SubmitForReview, new { outcomeRow = "三.二", legalBasis = "条例第三十七条", answerText = "部分公开，详见附件。" });
        var page = await (await PageClient.SignedIn(factory, "reviewer")).GetStringAsync($"/Cases/Details/{id}");
        Assert.Contains("id=\"unredacted\"", page);
        Assert.Contains("“户籍登记信息.docx”", page);
    }

    [Fact]
    public async Task APartWrappedOverLines_ChangesAndGoesAsOne()
    {
        var (_, id, original, _, _) = await CaseWithFileAsync();
        var handler = await factory.ApiAs("handler");
        var url = $"/api/cases/{id}/attachments/{original}/redactions";
        await RedactOkAsync(handler, id, original, new { patterns = new[] { new { pattern = "居民身份证号", ground = "个人隐私" } } });
        var marks = (await handler.GetFromJsonAsync<JsonElement>(url)).GetProperty("marks").EnumerateArray().ToList();
        var head = marks.FindIndex(m => marks.IndexOf(m) + 1 < marks.Count && marks[marks.IndexOf(m) + 1].GetProperty("continues").GetBoolean());
        Assert.True(head >= 0, "one ID number is wrapped in its cell");
        var boxes = marks.Skip(head).TakeWhile((m, i) => i == 0 || m.GetProperty("continues").GetBoolean()).Count();

        Assert.Equal(HttpStatusCode.OK, (await handler.PutAsJsonAsync($"{url}/{marks[head].GetProperty("id").GetGuid()}", new { ground = "商业秘密" })).StatusCode);
        var changed = (await handler.GetFromJsonAsync<JsonElement>(url)).GetProperty("marks").EnumerateArray().ToList();
        Assert.Equal(boxes, changed.Count(m => m.GetProperty("ground").GetString() == "商业秘密"));

        Assert.Equal(HttpStatusCode.OK, (await handler.DeleteAsync($"{url}/{marks[head].GetProperty("id").GetGuid()}")).StatusCode);
        var left = (await handler.GetFromJsonAsync<JsonElement>(url)).GetProperty("marks").EnumerateArray().ToList();
        Assert.Equal(marks.Count - boxes, left.Count);
        Assert.DoesNotContain(left, m => m.GetProperty("ground").GetString() == "商业秘密");
    }

    [Fact]
    public async Task OpenApi_DescribesTheRedactionEndpoints()
    {
        var doc = await (await factory.ApiAs("handler")).GetStringAsync("/api/openapi.json");
        Assert.Contains("/api/cases/{id}/attachments/{attachmentId}/redactions", doc);
        Assert.Contains("居民身份证号", doc);
    }

    private static string LetterText(byte[] docx)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", doc.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    [GeneratedRegex("name=\"fileId\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex FileId();
}
