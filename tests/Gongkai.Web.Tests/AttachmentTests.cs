using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

public class AttachmentTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static MultipartFormDataContent File(string name, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return form;
    }

    private static readonly byte[] Pdf = TestFiles.Pdf("申请书");

    [Fact]
    public async Task Upload_Pdf_IsStoredListedDownloadableAndAudited()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        var registrar = await factory.ApiAs("registrar");
        var response = await registrar.PostAsync($"/api/cases/{id}/attachments", File("申请书.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var list = await (await factory.ApiAs("supervisor")).GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments");
        var item = Assert.Single(list!);
        Assert.Equal("申请书.pdf", item.GetProperty("fileName").GetString());
        var download = await registrar.GetByteArrayAsync($"/api/cases/{id}/attachments/{item.GetProperty("id").GetGuid()}");
        Assert.Equal(Pdf, download);
        var history = await registrar.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/history");
        Assert.Contains(history!, h => h.GetProperty("action").GetString() == "Attach");
    }

    [Theory]
    [InlineData("病毒.exe", "类型不允许")]
    [InlineData("伪装.pdf", "内容与扩展名不符")]
    [InlineData("空.pdf", "空文件")]
    public async Task Upload_BadFile_IsRefusedNamingTheFile(string name, string message)
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        byte[] bytes = name.StartsWith("空", StringComparison.Ordinal) ? [] : [0x4D, 0x5A, 0x90, 0x00, 0x03];
        var response = await (await factory.ApiAs("registrar")).PostAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/attachments", File(name, bytes));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(name, text);
        Assert.Contains(message, text);
    }

    [Fact]
    public async Task Upload_OverTenMegabytes_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var big = new byte[11 * 1024 * 1024];
        "%PDF"u8.CopyTo(big);
        var response = await (await factory.ApiAs("registrar")).PostAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/attachments", File("大文件.pdf", big));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10 MB", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_BySupervisorOrAnotherAgency_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ApiAs("supervisor")).PostAsync($"/api/cases/{id}/attachments", File("a.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("other-registrar")).PostAsync($"/api/cases/{id}/attachments", File("a.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("other-registrar")).GetAsync($"/api/cases/{id}/attachments")).StatusCode);
    }

    /// <summary>Files built to hurt whoever opens them (issue 20), each with what the refusal must say.</summary>
    public static TheoryData<string, string> HostileAttachments => new()
    {
        { "flate-bomb.pdf", "PDF 中的压缩内容解压后过大" },
        { "pages.pdf", "PDF 共 20000 页，超过 1000 页上限" },
        { "laughs.docx", "含有文档类型声明（DOCTYPE）" },
        { "paragraphs.docx", "XML 元素超过 2000000 个" },
        { "huge.png", "图片尺寸为 100000×100000 像素，超过上限" },
        { "damaged.pdf", "PDF 文件已损坏或格式无法识别" },
        { "laughs-main.docx", "含有文档类型声明（DOCTYPE）" },
        { "damaged.docx", "已损坏" },
        { "encrypted.pdf", "PDF 文件已加密" },
    };

    public static byte[] Hostile(string name) => name switch
    {
        // 1 MB on disk, 1 GB of drawing operators once inflated.
        "flate-bomb.pdf" => TestFiles.FlateBombPdf(1024),
        "pages.pdf" => TestFiles.Pdf(pages: 20_000),
        "laughs.docx" => TestFiles.BillionLaughsDocx(),
        "paragraphs.docx" => TestFiles.Docx("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
            + string.Concat(Enumerable.Repeat("<w:p/>", 2_100_000)) + "</w:body></w:document>"),
        "huge.png" => TestFiles.Png(100_000, 100_000),
        // Encrypted streams cannot be counted; the key's letters escaped as a name may be.
        "encrypted.pdf" => System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(TestFiles.Pdf()).Replace("trailer\n<< /Size", "trailer\n<< /Encr#79pt 9 0 R /Size", StringComparison.Ordinal)),
        // The main part under a name that does not end in .xml, as [Content_Types] allows (found in the trial).
        "laughs-main.docx" => Renamed(TestFiles.BillionLaughsDocx(), "word/document.xml", "word/document.main"),
        "damaged.docx" => TestFiles.Docx("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"),
        _ => [.. "%PDF-1.4\n"u8, .. new byte[200]],
    };

    private static byte[] Renamed(byte[] package, string from, string to)
    {
        var buffer = new MemoryStream();
        buffer.Write(package);
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var old = zip.GetEntry(from)!;
            string text;
            using (var reader = new StreamReader(old.Open()))
            {
                text = reader.ReadToEnd();
            }
            old.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(to).Open());
            writer.Write(text);
        }
        return buffer.ToArray();
    }

    [Theory]
    [MemberData(nameof(HostileAttachments))]
    public async Task Upload_HostileFile_IsRefusedNamingTheFileAndWhy(string name, string message)
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        var registrar = await factory.ApiAs("registrar");
        var response = await registrar.PostAsync($"/api/cases/{id}/attachments", File(name, Hostile(name)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"附件“{name}”：", text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.Empty((await registrar.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments"))!);
    }

    [Fact]
    public async Task Upload_ThroughTheCasePage_RefusesAFlateBombPdf()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        var client = await PageClient.SignedIn(factory, "registrar");
        var page = await client.GetStringAsync($"/Cases/Details/{id}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageClient.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(Hostile("flate-bomb.pdf")), "file", "flate-bomb.pdf" },
        };
        var response = await client.PostAsync($"/Cases/Details/{id}?handler=Attach", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("附件“flate-bomb.pdf”：PDF 中的压缩内容解压后过大", html, StringComparison.Ordinal);
    }
}
