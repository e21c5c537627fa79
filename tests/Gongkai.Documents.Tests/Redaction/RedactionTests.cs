using Gongkai.Documents.Pdf;
using Gongkai.Documents.Redaction;
using SkiaSharp;

namespace Gongkai.Documents.Tests.Redaction;

/// <summary>
/// The released copy holds nothing withheld, whatever reads it: a Word document's XML, or a PDF by pdftotext (poppler),
/// and the boxes show on the page with their ground.
/// </summary>
public sealed class RedactionTests(PdfConverterTests.Converter fixture) : IClassFixture<PdfConverterTests.Converter>
{
    private static readonly WithholdingGround Privacy = WithholdingGround.Find("个人隐私")!;

    private Task<RedactionFile> OpenAsync(string name, byte[] content) => RedactionFile.OpenAsync(name, content, docx => fixture.Instance.ConvertAsync(docx));

    [Fact]
    public async Task Docx_RedactedByPattern_HoldsNoWithheldTextInAnyPart()
    {
        var file = await OpenAsync("户籍.docx", SensitiveFiles.Docx());
        var marks = file.Find(SensitiveFiles.Searches, Privacy);
        var copy = file.Redact(marks);

        var xml = SensitiveFiles.AllPackageText(copy.Content);
        foreach (var secret in SensitiveFiles.Withheld.Concat(SensitiveFiles.Invisible))
        {
            Assert.DoesNotContain(secret, xml, StringComparison.Ordinal);
        }
        Assert.Contains(SensitiveFiles.Kept, xml, StringComparison.Ordinal);
        Assert.Contains(new string('■', SensitiveFiles.IdNumber.Length), xml, StringComparison.Ordinal);
        Assert.EndsWith("（公开版）.docx", copy.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_Cleaned_LosesCommentsTrackedChangesHiddenTextPropertiesAndEmbeddedFiles()
    {
        var copy = DocxRedactor.Redact(SensitiveFiles.Docx(), []);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(copy));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.DoesNotContain(names, n => n.Contains("comments", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => n.StartsWith("docProps/", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("embeddings", StringComparison.Ordinal));
        var xml = SensitiveFiles.AllPackageText(copy);
        Assert.DoesNotContain("<w:ins ", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<w:del ", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("w:vanish", xml, StringComparison.Ordinal);
        // The accepted insertion's text stays; only a search withholds it.
        Assert.Contains(SensitiveFiles.MobileInserted, xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docx_Find_PlacesMatchesOnTheirPages()
    {
        var file = await OpenAsync("户籍.docx", SensitiveFiles.Docx());
        var marks = file.Find(["居民身份证号", "手机号"], Privacy);
        Assert.Contains(marks, m => m.Text == SensitiveFiles.IdInTable && m.Page == 1 && m.Box.Width > 0);
        Assert.Contains(marks, m => m.Text == SensitiveFiles.MobileInHeader && m.Page == 1);
        Assert.DoesNotContain(marks, m => m.Text == SensitiveFiles.MobileDeleted || m.Text == SensitiveFiles.IdInComment);
        Assert.All(marks, m => Assert.Contains(m.Source, new[] { "居民身份证号", "手机号" }));
    }

    [Fact]
    public async Task Pdf_RedactedByPattern_PdftotextFindsNoneOfIt_AndUnmarkedPagesKeepTheirText()
    {
        var pdf = await TwoPagePdfAsync();
        var file = await OpenAsync("户籍.pdf", pdf);
        var marks = file.Find(SensitiveFiles.Searches, Privacy);
        Assert.All(marks, m => Assert.Equal(1, m.Page));
        var copy = file.Redact(marks);

        // Without spaces and line breaks: a number wrapped over two lines ("0373-" / "3051234") must be gone too.
        var text = string.Concat(PdfText.Of(copy.Content).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains(marks, m => m.Continues && m.Source == "固定电话");
        foreach (var secret in SensitiveFiles.Withheld)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        // Page 2 has nothing withheld: it is the original page, text and all.
        Assert.Contains("第二页无个人信息", text, StringComparison.Ordinal);
        Assert.Equal(2, UglyToad.PdfPig.PdfDocument.Open(copy.Content).NumberOfPages);
    }

    /// <summary>
    /// Checked apart from Gongkai's own reading of the page: every word poppler finds in the original (a table cell, a
    /// piece of a wrapped cell) that is part of a withheld string must be black in the copy. A miss here is a leak that
    /// pdftotext of the copy cannot show, since the marked page is an image.
    /// </summary>
    [Fact]
    public async Task Pdf_EveryWithheldWordPopplerSees_IsBlackInTheCopy()
    {
        var pdf = await TwoPagePdfAsync();
        var file = await OpenAsync("户籍.pdf", pdf);
        var copy = file.Redact(file.Find(SensitiveFiles.Searches, Privacy));
        using var page = SKBitmap.Decode((await OpenAsync("copy.pdf", copy.Content)).RenderPage(1, 72));
        var words = PdfText.Words(pdf, 1).Where(w => w.Text.Length >= 2 && SensitiveFiles.Withheld.Any(s => s.Contains(w.Text, StringComparison.Ordinal))).ToList();
        Assert.Contains(words, w => w.Text == SensitiveFiles.IdInNarrowTable);
        Assert.Contains(words, w => w.Text == "GA67");
        foreach (var w in words)
        {
            var dark = 0;
            var all = 0;
            for (var x = (int)w.Left; x < (int)w.Right; x++)
            {
                for (var y = (int)w.Top; y < (int)w.Bottom; y++)
                {
                    all++;
                    dark += page.GetPixel(x, y).Red < 100 ? 1 : 0;
                }
            }
            Assert.True(dark * 2 >= all, $"“{w.Text}” at ({w.Left:0},{w.Top:0}) is not covered in the copy ({dark} of {all} pixels dark)");
        }
    }

    [Fact]
    public async Task Pdf_RedactedPage_ShowsBlackBoxesWhereTheTextWas()
    {
        var file = await OpenAsync("户籍.pdf", await TwoPagePdfAsync());
        var marks = file.Find(["居民身份证号"], Privacy);
        var copy = await OpenAsync("copy.pdf", file.Redact(marks).Content);
        using var page = SKBitmap.Decode(copy.RenderPage(1, 72));
        foreach (var m in marks)
        {
            // The middle of each box's left quarter is black (the label is drawn in its centre).
            var x = (int)(m.Box.X + (m.Box.Width * 0.06));
            var y = (int)(m.Box.Y + (m.Box.Height / 2));
            Assert.True(page.GetPixel(x, y).Red < 60, $"第{m.Page}页({x},{y})应为黑色遮盖");
        }
    }

    [Fact]
    public async Task Image_BoxDrawn_IsBurnedIn_AndLabelled()
    {
        var file = await OpenAsync("户籍.pdf", await TwoPagePdfAsync());
        var png = file.RenderPage(1, 100);
        var image = await OpenAsync("照片.png", png);
        var box = new PageRect(100, 100, 400, 60);
        var copy = image.Redact([image.Box(1, box, Privacy)]);
        using var bitmap = SKBitmap.Decode(copy.Content);
        Assert.Equal(SKColors.Black, bitmap.GetPixel(105, 105));
        var whiteInside = Enumerable.Range(110, 380).Count(x => bitmap.GetPixel(x, 130).Red > 200);
        Assert.True(BoxBurner.CanLabel ? whiteInside > 5 : whiteInside == 0, $"框内白色像素{whiteInside}个（标注“〔个人隐私〕”）");
        Assert.Equal("image/png", copy.ContentType);
    }

    [Fact]
    public async Task Box_OutsideThePage_IsRefusedInChinese()
    {
        var file = await OpenAsync("户籍.pdf", await TwoPagePdfAsync());
        var e = Assert.Throws<RedactionException>(() => file.Box(1, new PageRect(500, 800, 200, 100), Privacy));
        Assert.Contains("不在页面内", e.Message, StringComparison.Ordinal);
        Assert.Contains("没有第3页", Assert.Throws<RedactionException>(() => file.Box(3, new PageRect(1, 1, 10, 10), Privacy)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScannedPdf_SearchedByOcr_FindsTheNumbers_AndTheCopyCoversThem()
    {
        var file = await OpenAsync("户籍.pdf", await TwoPagePdfAsync());
        var scan = await OpenAsync("扫描件.pdf", Scan(file.RenderPage(1, 200), file.Pages[0]));
        var marks = scan.Find(["居民身份证号", "手机号"], Privacy);
        Assert.Contains(marks, m => m.Text == SensitiveFiles.IdNumber);
        Assert.Contains(marks, m => m.Text == SensitiveFiles.Mobile);
        var copy = scan.Redact(marks);
        using var page = SKBitmap.Decode((await OpenAsync("copy.pdf", copy.Content)).RenderPage(1, 72));
        var id = marks.First(m => m.Text == SensitiveFiles.IdNumber);
        Assert.True(page.GetPixel((int)(id.Box.X + 3), (int)(id.Box.Y + (id.Box.Height / 2))).Red < 60, "the ID number on the scan is blacked out");
    }

    [Fact]
    public async Task Photo_Jpeg_StaysAJpeg_WithoutItsMetadata()
    {
        var file = await OpenAsync("户籍.pdf", await TwoPagePdfAsync());
        using var bitmap = SKBitmap.Decode(file.RenderPage(1, 100));
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        // An EXIF block with a GPS position, as a phone writes it, spliced in after the JPEG's start marker.
        var exif = "Exif\0\0GPS 34.7466N 113.6254E"u8.ToArray();
        var bytes = jpeg.ToArray();
        var withExif = bytes[..2].Concat(new byte[] { 0xFF, 0xE1, 0, (byte)(exif.Length + 2) }).Concat(exif).Concat(bytes[2..]).ToArray();
        var photo = await OpenAsync("照片.jpg", withExif);
        var copy = photo.Redact([photo.Box(1, new PageRect(50, 50, 200, 40), Privacy)]);
        Assert.Equal("image/jpeg", copy.ContentType);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, copy.Content[..2]);
        Assert.DoesNotContain("GPS", System.Text.Encoding.Latin1.GetString(copy.Content), StringComparison.Ordinal);
        using var result = SKBitmap.Decode(copy.Content);
        Assert.True(result.GetPixel(55, 55).Red < 40);
    }

    [Fact]
    public async Task Docx_BoxOverText_WithholdsThatText_AndABoxOverNothingIsRefused()
    {
        var file = await OpenAsync("户籍.docx", SensitiveFiles.Docx());
        var id = file.Find(["居民身份证号"], Privacy).First(m => m.Text == SensitiveFiles.IdNumber);
        var boxed = file.Box(1, id.Box, Privacy);
        Assert.Equal(SensitiveFiles.IdNumber, boxed.Text);
        var copy = file.Redact([boxed]);
        Assert.DoesNotContain(SensitiveFiles.IdNumber, SensitiveFiles.AllPackageText(copy.Content), StringComparison.Ordinal);
        var e = Assert.Throws<RedactionException>(() => file.Box(1, new PageRect(300, 700, 100, 40), Privacy));
        Assert.Contains("没有文字", e.Message, StringComparison.Ordinal);
        // A box catching a single character would black out every copy of it in the document.
        var one = new PageRect(id.Box.X, id.Box.Y, id.Box.Width / 20, id.Box.Height);
        Assert.Contains("不足两个字", Assert.Throws<RedactionException>(() => file.Box(1, one, Privacy)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_OverThePageLimit_IsRefusedBeforeItCosts()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        for (var i = 0; i <= RedactionFile.MaxPages; i++)
        {
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        }
        var e = await Assert.ThrowsAsync<RedactionException>(() => OpenAsync("长文件.pdf", builder.Build()));
        Assert.Contains($"有{RedactionFile.MaxPages + 1}页，超过系统内遮盖{RedactionFile.MaxPages}页的上限", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedKind_IsRefusedNamingWhatToDo()
    {
        var e = await Assert.ThrowsAsync<RedactionException>(() => OpenAsync("旧文件.doc", [0xD0, 0xCF, 0x11, 0xE0]));
        Assert.Contains("另存为 PDF 或 DOCX", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A page image bound as a PDF without a text layer, as a scanner makes one.</summary>
    private static byte[] Scan(byte[] png, (double Width, double Height) size)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.AddPage(size.Width, size.Height).AddPng(png, new UglyToad.PdfPig.Core.PdfRectangle(0, 0, size.Width, size.Height));
        return builder.Build();
    }

    [Theory]
    [InlineData("证件号110101199003071234。", "居民身份证号", "110101199003071234")]
    [InlineData("电话：138 0013 8000", "手机号", "138 0013 8000")]
    [InlineData("电话（0373）3051234转801", "固定电话", "（0373）3051234转801")]
    [InlineData("车辆粤B·D12345违章", "车牌号", "粤B·D12345")]
    [InlineData("邮箱 a.b@gov.cn。", "电子邮箱", "a.b@gov.cn")]
    public void Patterns_FindTheirKind(string text, string pattern, string expected)
    {
        var m = Assert.Single(RedactionPatterns.Matches(text, [pattern]));
        Assert.Equal(expected, text.Substring(m.Start, m.Length));
    }

    [Fact]
    public void Patterns_AccountNumbers_AreMatchedWithoutACheckDigit_AmountsAndShortNumbersAreNot()
    {
        Assert.Single(RedactionPatterns.Matches("赔偿款汇入账户6217001234567890123。", ["银行卡号"]));
        Assert.Empty(RedactionPatterns.Matches("金额12345678元，编号20240101", ["手机号", "固定电话", "居民身份证号", "银行卡号"]));
    }

    [Theory]
    [InlineData("手机１３９０３７３１２３４", "手机号", "１３９０３７３１２３４")]
    [InlineData("身份证410702 19600101 1006。", "居民身份证号", "410702 19600101 1006")]
    [InlineData("传真0373 5556789", "固定电话", "0373 5556789")]
    [InlineData("卡号6222 0212 3456 7890 128", "银行卡号", "6222 0212 3456 7890 128")]
    public void Patterns_FindFullWidthGroupedAndSpacedForms(string text, string pattern, string expected)
    {
        var m = Assert.Single(RedactionPatterns.Matches(text, [pattern]));
        Assert.Equal(expected, text.Substring(m.Start, m.Length));
    }

    [Fact]
    public void Patterns_IdNumberListedFirst_IsNotCountedAgainAsABankCard()
    {
        var matches = RedactionPatterns.Matches("身份证号110101199003071234", ["居民身份证号", "银行卡号"]);
        Assert.Equal("居民身份证号", Assert.Single(matches).Source);
    }

    /// <summary>The Word document printed to PDF by LibreOffice, with a second page that has nothing to withhold.</summary>
    private async Task<byte[]> TwoPagePdfAsync()
    {
        var docx = SensitiveFiles.Docx();
        using var stream = new MemoryStream();
        stream.Write(DocxRedactor.Clean(docx));
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, true))
        {
            var body = document.MainDocumentPart!.Document!.Body!;
            body.InsertBefore(new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
                new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Break { Type = DocumentFormat.OpenXml.Wordprocessing.BreakValues.Page }),
                new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text("第二页无个人信息"))), body.LastChild);
            document.MainDocumentPart.HeaderParts.Single().Header!.RemoveAllChildren();
            document.MainDocumentPart.HeaderParts.Single().Header!.Append(new DocumentFormat.OpenXml.Wordprocessing.Paragraph());
        }
        return await fixture.Instance.ConvertAsync(stream.ToArray());
    }
}
