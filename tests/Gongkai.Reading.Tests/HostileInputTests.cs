using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Gongkai.Reading.Tests;

/// <summary>Files built to exhaust the reader (issue 13): refused in a moment with a Chinese message.</summary>
public class HostileInputTests
{
    /// <summary>A .docx whose document part inflates to <paramref name="megabytes"/> MB of spaces from a few hundred KB.</summary>
    private static byte[] ZipBombDocx(int megabytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1 << 20));
            for (var i = 0; i < megabytes; i++)
            {
                part.Write(chunk);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public void ZipBombDocx_IsRefusedWithoutInflatingIt()
    {
        var bomb = ZipBombDocx(300);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb itself is small ({bomb.Length} bytes)");
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(bomb, "bomb.docx"));
        Assert.Contains("解压后过大", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void DocxOfTablesNested20000Deep_IsRefusedInsteadOfOverflowingTheStack()
    {
        // 4 KB on disk; the Open XML library, reading the part recursively, killed the whole process (stack overflow).
        var body = string.Concat(Enumerable.Repeat("<w:tbl><w:tr><w:tc>", 20_000)) + "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
            + string.Concat(Enumerable.Repeat("</w:tc></w:tr></w:tbl>", 20_000));
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(Docx(body), "nested.docx"));
        Assert.Equal("Word 文档的部件“word/document.xml”中元素嵌套超过 256 层，不是正常的文件（可能是恶意构造的文件），已拒绝读取", e.Message);
    }

    [Fact]
    public void DocxNestedInContentControlsWithATableInACell_IsReadThrough()
    {
        // A table in a table cell inside ten content controls: deeper than most reports, far inside the limit. The text
        // inside the controls was skipped before (the reader looked at the body's own paragraphs and tables only).
        var cell = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        var body = string.Concat(Enumerable.Repeat("<w:sdt><w:sdtContent>", 10)) + "<w:tbl><w:tr><w:tc>" + cell + "<w:p/></w:tc></w:tr></w:tbl>"
            + string.Concat(Enumerable.Repeat("</w:sdtContent></w:sdt>", 10));
        var text = Reading.Docx.DocxText.ToHtml(Docx(body));
        Assert.Contains("一、总体情况", text, StringComparison.Ordinal);
    }

    /// <summary>A minimal .docx whose body is <paramref name="body"/>.</summary>
    private static byte[] Docx(string body)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(xml);
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            Add("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body + "</w:body></w:document>");
        }
        return buffer.ToArray();
    }

    [Fact]
    public void DocxOfTwoMillionEmptyParagraphs_IsRefusedByItsElementCount()
    {
        // 199 KB on disk; read whole it took 14–18 s and up to 2.8 GB.
        var body = string.Concat(Enumerable.Repeat("<w:p/>", 2_000_000));
        var docx = Docx(body);
        Assert.True(docx.Length < 400_000, $"{docx.Length} bytes");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(docx, "paragraphs.docx"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("Word 文档内容过多：XML 元素超过 200000 个（在部件“word/document.xml”中），不是正常的文件（可能是恶意构造的文件），已拒绝读取", e.Message);
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated >> 20} MB");
    }

    [Fact]
    public void DocxWithADocumentTypeDeclaration_IsRefusedBeforeAnyEntityIsExpanded()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        using var buffer = new MemoryStream();
        buffer.Write(Docx("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"));
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write($"<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY lol0 \"lol\">{entities}]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>");
        }
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(buffer.ToArray(), "laughs.docx"));
        Assert.Equal("Word 文档的部件“word/document.xml”含有文档类型声明（DOCTYPE），正常的 Office 文件没有，可能是恶意构造的文件，已拒绝读取", e.Message);
    }

    [Fact]
    public void DocxOfManyParts_IsRefused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 2_500; i++)
            {
                zip.CreateEntry($"word/p{i}.xml");
            }
        }
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(buffer.ToArray(), "parts.docx"));
        Assert.Contains("个部件", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("div")]
    [InlineData("span")]
    [InlineData("b")]
    [InlineData("o:p")]
    public void DeeplyNestedHtml_IsRefusedQuickly(string tag)
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat($"<{tag}>", 78_000)) + "一、总体情况</body></html>";
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadText(html, SourceFormat.Html));
        Assert.Contains("嵌套超过", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void TextBrokenByHalfAMillionComments_IsReadQuickly()
    {
        var html = "<html><body><p>一、总体情况</p><p>" + string.Concat(Enumerable.Repeat("字<!---->", 500_000)) + "</p></body></html>";
        var clock = Stopwatch.StartNew();
        var read = ReportReader.ReadText(html, SourceFormat.Html);
        Assert.NotNull(read.Report);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void HundredsOfThousandsOfTagsJustUnderTheNestingLimit_AreReadQuickly()
    {
        // Each tag used to make the light parser walk down all 990 open elements to learn whether it was in a table.
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 990)) + "一、总体情况" + string.Concat(Enumerable.Repeat("<br>", 800_000)) + "</body></html>";
        var clock = Stopwatch.StartNew();
        ReportReader.ReadText(html, SourceFormat.Html);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void NestingHiddenBehindStrayClosingTags_IsRefusedQuickly()
    {
        // "</i>" closes nothing, so a parser nests every <div> all the same (26 s for this page before it was refused).
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div></i>", 78_000)) + "一、总体情况</body></html>";
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadText(html, SourceFormat.Html));
        Assert.Contains("嵌套超过 1000 层", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void StrayClosingTagsDeepInThePage_AreRefusedQuickly()
    {
        // Each stray "</i>" makes a parser search all 990 open <span>s for an <i>: 900,000 of them took 6 s.
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<span>", 990)) + "一、总体情况\n" + string.Concat(Enumerable.Repeat("</i>", 900_000)) + "</body></html>";
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadText(html, SourceFormat.Html));
        Assert.Contains("网页中无对应开始标签的结束标签过多（在第 2 行附近超过上限）", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void ManyUnclosedParagraphsAndCells_AreNotTakenForNesting()
    {
        // Old pages leave <p>, <td> and <li> open; a browser closes them, and so does the depth estimate.
        var rows = string.Concat(Enumerable.Range(0, 3_000).Select(i => $"<tr><td>第{i}行<td>0"));
        var html = "<html><body><p>新乡市公安局2023年政府信息公开工作年度报告" + string.Concat(Enumerable.Repeat("<p>正文", 3_000)) + "<table>" + rows + "</table></body></html>";
        var read = ReportReader.ReadText(html, SourceFormat.Html);
        Assert.Equal("新乡市公安局", read.Report.Agency);
    }

    /// <summary>64 MB of spaces, zlib-compressed (about 64 KB).</summary>
    private static byte[] ZlibBomb()
    {
        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 64; i++)
            {
                zlib.Write(chunk);
            }
        }
        return deflated.ToArray();
    }

    /// <summary>A one-page PDF whose content stream has <paramref name="dictionary"/> and <paramref name="data"/>, the keyword followed by <paramref name="eol"/>.</summary>
    private static byte[] PdfWith(string dictionary, byte[] data, string eol = "\n")
    {
        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj\n");
        Write($"3 0 obj\n{dictionary}\nstream{eol}");
        pdf.Write(data);
        Write("\nendstream\nendobj\n4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>\nendobj\n%%EOF\n");
        return pdf.ToArray();
    }

    public static TheoryData<string> DisguisedBombs => ["abbreviated", "escaped", "hex-layer", "cr-only", "padded-dictionary", "hidden-hex-layer"];

    /// <summary>
    /// Found in the trial of issue 20: the stream caps looked for the text "/FlateDecode", so the same bomb spelled
    /// another way went through to the PDF library (3.8 GB for one 1 MB attachment, 10 GB for two in 批量检查).
    /// </summary>
    [Theory]
    [MemberData(nameof(DisguisedBombs))]
    public void PdfBomb_HoweverItsFilterIsSpelled_IsRefusedBeforeTheLibraryReadsIt(string disguise)
    {
        var bomb = ZlibBomb();
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexString(bomb) + ">");
        var pdf = disguise switch
        {
            "abbreviated" => PdfWith($"<< /Length {bomb.Length} /Filter /Fl >>", bomb),
            "escaped" => PdfWith($"<< /Length {bomb.Length} /Filter /Flate#44ecode >>", bomb),
            "hex-layer" => PdfWith($"<< /Length {hex.Length} /Filter [/ASCIIHexDecode /FlateDecode] >>", hex),
            "cr-only" => PdfWith($"<< /Length {bomb.Length} /Filter /FlateDecode >>", bomb, "\r"),
            "padded-dictionary" => PdfWith($"<< /Filter /FlateDecode /Pad ({new string('x', 8192)}) /Length {bomb.Length} >>", bomb),
            _ => PdfWith($"<< /Filter [/AHx /Fl] /Pad ({new string('x', 8192)}) /Length {hex.Length} >>", hex),
        };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(pdf, "bomb.pdf"));
        Assert.Contains("解压后过大", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 300L << 20, "the check itself allocates little");
        var attachment = Assert.Throws<ReportReadException>(() => Reading.Pdf.PdfFileCheck.Check(pdf));
        Assert.Contains("解压后过大", attachment.Message, StringComparison.Ordinal);
    }
}
