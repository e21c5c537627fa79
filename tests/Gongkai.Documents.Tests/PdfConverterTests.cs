using Gongkai.Documents.Docx;
using Gongkai.Documents.Letters;
using Gongkai.Documents.Pdf;
using UglyToad.PdfPig;

namespace Gongkai.Documents.Tests;

/// <summary>The PDF is made by LibreOffice headless from the DOCX (installed by scripts/system-packages.sh).</summary>
public sealed class PdfConverterTests : IClassFixture<PdfConverterTests.Converter>
{
    public sealed class Converter : IDisposable
    {
        public PdfConverter Instance { get; } = new();

        public void Dispose() => Instance.Dispose();
    }

    private readonly PdfConverter converter;

    public PdfConverterTests(Converter fixture) => converter = fixture.Instance;

    private static byte[] AnswerDocx() => DocxWriter.Write(Letter.Compose(DefaultTemplates.For(LetterKind.Answer), new Dictionary<string, string>
    {
        ["申请人"] = "张三",
        ["受理编号"] = "XXGA-2026-00012",
        ["收到日期"] = "2026年11月2日",
        ["申请内容"] = "2025年本市道路交通事故统计数据",
        ["机关"] = "新乡市公安局",
        ["文号"] = "XXGA〔2026〕答12号",
        ["日期"] = "2026年11月24日",
        ["办理结果"] = "予以公开",
        ["答复内容"] = "现将所申请信息提供给您。",
        ["法律依据"] = "《中华人民共和国政府信息公开条例》第三十六条第二项",
        ["救济途径"] = DefaultTemplates.Remedies("三.一", "新乡市人民政府"),
    }));

    /// <summary>
    /// Letters one line longer each, so that one of them ends exactly where the page is full: in every one the signature
    /// block shares its page with the last paragraph, and every page carries its number as "— n —" (GB/T 9704 7.5).
    /// </summary>
    [Fact]
    public async Task ConvertAsync_LettersOfEveryLength_KeepTheSignatureWithTheLastParagraphAndNumberThePages()
    {
        var pagesSeen = new HashSet<int>();
        for (var lines = 12; lines <= 20; lines++)
        {
            var paragraphs = new List<string> { "张三：" };
            paragraphs.AddRange(Enumerable.Range(1, lines).Select(i => $"第{i}段正文。"));
            paragraphs.Add("此致结束语。");
            var letter = new Letter(LetterKind.Answer, "政府信息公开申请答复书", "XXGA〔2026〕答12号", paragraphs, "新乡市公安局", "2026年11月24日");
            var pdf = await converter.ConvertAsync(DocxWriter.Write(letter));
            using var document = PdfDocument.Open(pdf);
            pagesSeen.Add(document.NumberOfPages);
            var last = document.GetPage(document.NumberOfPages).Text.Replace(" ", "", StringComparison.Ordinal);
            Assert.Contains("此致结束语", last);
            Assert.Contains("新乡市公安局", last);
            Assert.Contains("2026年11月24日", last);
            for (var n = 1; n <= document.NumberOfPages; n++)
            {
                Assert.Contains($"—{n}—", document.GetPage(n).Text.Replace(" ", "", StringComparison.Ordinal));
            }
        }
        Assert.Contains(2, pagesSeen);
    }

    [Fact]
    public void Write_AnswerWithAttachments_ListsThemAfterTheBody()
    {
        var letter = new Letter(LetterKind.Answer, "政府信息公开申请答复书", "X〔2026〕答1号", ["张三：", "予以公开，详见附件。"], "新乡市公安局", "2026年11月24日")
        {
            Attachments = ["统计表.pdf", "说明.docx"],
        };
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(DocxWriter.Write(letter)), false);
        var text = string.Join("\n", doc.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
        Assert.Contains("予以公开，详见附件。\n\n附件：1. 统计表.pdf\n　　　2. 说明.docx\n\n新乡市公安局", text);
    }

    [Fact]
    public async Task ConvertAsync_AnswerLetter_GivesA4PdfWithTheLetterText()
    {
        var pdf = await converter.ConvertAsync(AnswerDocx());

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.Equal(595, page.Width, 1.0);
        Assert.Equal(842, page.Height, 1.0);
        var text = string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("政府信息公开申请答复书", text);
        Assert.Contains("XXGA〔2026〕答12号", text);
        Assert.Contains("六个月内依法向人民法院提起行政诉讼", text);
    }

    [Fact]
    public async Task ConvertAsync_Gbt9704FontNames_AreRenderedInNotoSerifCjk()
    {
        var pdf = await converter.ConvertAsync(AnswerDocx());

        using var document = PdfDocument.Open(pdf);
        var fonts = document.GetPage(1).Letters.Select(l => l.FontName).Where(f => f is not null).Distinct().ToList();
        Assert.NotEmpty(fonts);
        // The embedded name reads "NotoSerifCJKjp-…" whichever face is used: the collection's faces share one CFF table,
        // named after its first face. Which face (which glyph forms) is chosen comes from the text's language and the
        // fontconfig language, both zh-CN (DocxWriter, FontConfig).
        Assert.All(fonts, f => Assert.Contains("NotoSerifCJK", f!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConvertAsync_BodyParagraphs_StartTwoCharactersInFromTheSalutation()
    {
        var pdf = await converter.ConvertAsync(AnswerDocx());
        using var document = PdfDocument.Open(pdf);
        var letters = document.GetPage(1).Letters;
        double StartOf(string text)
        {
            var at = string.Concat(letters.Select(l => l.Value)).IndexOf(text, StringComparison.Ordinal);
            Assert.True(at >= 0, $"“{text}” not found");
            return letters[at].BoundingBox.Left;
        }
        // 3号 (16 pt) characters: the body's first line starts 32 pt right of the salutation (首行缩进 2 字符).
        Assert.InRange(StartOf("本机关于") - StartOf("张三："), 28, 36);
    }

    [Fact]
    public async Task ConvertAsync_KeepsOneLibreOfficeRunningBetweenDocuments()
    {
        await converter.ConvertAsync(AnswerDocx());
        var first = converter.WarmProcessId;
        Assert.NotNull(first);
        await converter.ConvertAsync(AnswerDocx());
        Assert.Equal(first, converter.WarmProcessId);
    }

    [Fact]
    public async Task ConvertAsync_AfterLibreOfficeDied_StartsItAgainAndConverts()
    {
        await converter.ConvertAsync(AnswerDocx());
        var dead = converter.WarmProcessId!.Value;
        using (var process = System.Diagnostics.Process.GetProcessById(dead))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var pdf = await converter.ConvertAsync(AnswerDocx());
        using var document = PdfDocument.Open(pdf);
        Assert.Contains("答复书", document.GetPage(1).Text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.NotEqual(dead, converter.WarmProcessId);
    }

    [Fact]
    public async Task ConvertAsync_NotADocx_IsRefusedWithChineseMessage()
    {
        var e = await Assert.ThrowsAsync<PdfConversionException>(() => converter.ConvertAsync("不是文档"u8.ToArray()));
        Assert.Equal("不是有效的 DOCX 文件，无法转换为 PDF", e.Message);
    }

    [Fact]
    public void FontConfig_AliasesEveryGbt9704FontToNoto()
    {
        var config = PdfConverter.FontConfig();
        Assert.Contains("<family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family>", config);
        Assert.Contains("<family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family>", config);
        Assert.Contains("/etc/fonts/fonts.conf", config);
        Assert.Contains("<edit name=\"lang\" mode=\"assign\" binding=\"strong\"><string>zh-cn</string></edit>", config);
    }
}
