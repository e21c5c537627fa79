using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gongkai.Reading.Tests;

/// <summary>
/// PDF reports through their text layer (<see cref="Pdf.PdfText"/>): a real report made by WPS read cell by cell as
/// transcribed by hand, and damaged or text-less PDFs refused with a Chinese message, never guessed.
/// </summary>
public class PdfReadingTests
{
    private static string RealReport(string name) => Path.Combine(AppContext.BaseDirectory, "real-reports", name);

    private static Dictionary<string, string[]> Expected(string name) =>
        File.ReadAllLines(RealReport(name)).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1].Split(' '));

    [Fact]
    public void RealWpsPdf_EveryPrintedCellIsReadAsTranscribedByHand()
    {
        var read = ReportReader.ReadFile(RealReport("hongze-gov-2023.pdf"));
        var expected = Expected("hongze-gov-2023.expected");
        Assert.Equal(SourceFormat.Pdf, read.Format);
        Assert.Equal(expected["agency"][0], read.Report.Agency);
        Assert.Equal(2023, read.Report.Year);
        var cells = 0;
        foreach (var table in read.Report.Tables)
        {
            foreach (var row in table.Schema.Rows)
            {
                var values = expected[$"{table.Schema.Key}.{row.Key}"];
                for (var c = 0; c < row.Columns.Count; c++)
                {
                    var actual = table[row.Key, row.Columns[c].Key];
                    Assert.True(Seeds.Parse(values[c]) == actual?.Value, $"{table.Schema.Key}[{row.Key}][{row.Columns[c].Key}]: expected {values[c]}, read {actual?.Text ?? "absent"}");
                    cells++;
                }
            }
        }
        Assert.Equal(6 + 4 + 175 + 15, cells);
    }

    [Fact]
    public void RealWpsPdf_ItsGenuineErrorsAreFound_AndTheClippedLabelIsNamed()
    {
        var read = ReportReader.ReadFile(RealReport("hongze-gov-2023.pdf"));
        var findings = read.Findings.Concat(Gongkai.Reports.Checking.ReportChecker.Check(read.Report)).ToList();
        // The printed table 四 gives 总计 0 beside 10 + 1 reconsiderations and 5 lawsuits after reconsideration.
        Assert.Contains(findings, f => f.Rule.Id == "review-total" && f.Message.Contains("行政复议", StringComparison.Ordinal) && f.Message.Contains("= 11", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Rule.Id == "review-total" && f.Message.Contains("复议后起诉", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Rule.Id == "label-variant" && f.Message.Contains("2.其他法律行政止公开", StringComparison.Ordinal) && f.Message.Contains("三.三.2", StringComparison.Ordinal));
        // Letter-spaced digits are one number, never "2 1".
        Assert.Equal(21m, read.Report.Applications.Value("一", "总计"));
    }

    [Fact]
    public void ScannedPdf_WithoutATextLayer_IsRefusedSayingSo()
    {
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(MinimalPdf(1, "0 0 100 100 re f"), "scan.pdf"));
        Assert.Contains("扫描件，没有文字层", e.Message);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void TruncatedPdf_IsRefusedWithAChineseMessage(double keep)
    {
        var whole = MinimalPdf(1, "0 0 100 100 re f");
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(whole[..(int)(whole.Length * keep)], "cut.pdf"));
        Assert.Matches("PDF|扫描件", e.Message);
    }

    [Fact]
    public void PdfHeaderFollowedByGarbage_IsRefused()
    {
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n").Concat(Enumerable.Range(0, 5000).Select(i => (byte)(i * 37 % 251))).ToArray();
        Assert.Throws<ReportReadException>(() => ReportReader.Read(bytes, "garbage.pdf"));
    }

    [Fact]
    public void TenThousandPagePdf_IsRefusedByItsPageCount()
    {
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(MinimalPdf(10_000, "0 0 1 1 re f"), "huge.pdf"));
        Assert.Contains("10000 页，超过 300 页上限", e.Message);
    }

    [Fact]
    public void PdfBuiltToBeSlow_IsRefusedOnceItsTimeBudgetIsSpent_NamingThePageReached()
    {
        // 300 pages, each drawing the same 20,000 tiny rectangles: small on disk, slow to interpret page by page.
        var slow = MinimalPdf(300, string.Concat(Enumerable.Repeat("0 0 1 1 re f ", 20_000)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => Pdf.PdfText.ToText(slow, TimeSpan.FromMilliseconds(200)));
        Assert.Matches(@"^PDF 内容异常复杂：读到第 \d+ 页（共 300 页）已用 [\d.]+ 秒，超过 0\.2 秒上限，已停止读取$", e.Message);
        var reached = int.Parse(Regex.Match(e.Message, @"第 (\d+) 页").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(reached, 1, 299);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"stopped after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void PdfWhosePageInflatesTo64MB_IsRefusedWithoutInflatingItIntoMemory()
    {
        // 64 MB of drawing operators in about 130 KB: the PDF library took 2½ minutes and 10 GB for 200 MB of them.
        var bomb = MinimalPdf(1, string.Concat(Enumerable.Repeat("0 0 1 1 re f ", 5_000)), inflatesTo: 64L << 20);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(bomb, "bomb.pdf"));
        Assert.Equal("PDF 中的压缩内容解压后过大（第 1 个压缩流处，页面内容一个对象超过 4 MB 上限），不是正常的 PDF 文件（可能是恶意构造的文件），已拒绝读取", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 << 20, "the stream was inflated into memory");
    }

    [Fact]
    public void PdfWithAnUncompressed5MBPage_IsRefusedByTheSameCap()
    {
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(MinimalPdf(1, new string(' ', 5 << 20) + "0 0 1 1 re f"), "big.pdf"));
        Assert.Contains("页面内容一个对象超过 4 MB 上限", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PdfSplittingItsContentOverManyPages_IsRefusedByTheTotalCap()
    {
        // Eleven pages of 3.5 MB each: every page inside the 4 MB cap, the file far beyond what a report draws.
        var objects = MinimalPdf(11, "", inflatesTo: 3_500_000, streamPerPage: true);
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(objects, "many.pdf"));
        Assert.Contains("页面内容合计超过 32 MB 上限", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A PDF of <paramref name="pages"/> pages sharing one content stream (or each with its own), with a correct
    /// cross-reference table. With <paramref name="inflatesTo"/>, the stream is <paramref name="content"/> (or spaces)
    /// repeated to that many bytes and Flate-compressed.
    /// </summary>
    private static byte[] MinimalPdf(int pages, string content, long inflatesTo = 0, bool streamPerPage = false)
    {
        var stream = inflatesTo > 0 ? Deflated(content.Length > 0 ? content : " ", inflatesTo) : Encoding.ASCII.GetBytes(content);
        var dictionary = inflatesTo > 0 ? $"<< /Length {stream.Length} /Filter /FlateDecode >>" : $"<< /Length {stream.Length} >>";
        var streams = streamPerPage ? pages : 1;
        var objects = new List<(string Text, byte[]? Data)>
        {
            ("<< /Type /Catalog /Pages 2 0 R >>", null),
            ($"<< /Type /Pages /Kids [{string.Join(" ", Enumerable.Range(0, pages).Select(p => $"{p + 3 + streams} 0 R"))}] /Count {pages} >>", null),
        };
        objects.AddRange(Enumerable.Range(0, streams).Select(_ => (dictionary, (byte[]?)stream)));
        objects.AddRange(Enumerable.Range(0, pages).Select(p => ($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {(streamPerPage ? p + 3 : 3)} 0 R >>", (byte[]?)null)));
        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write(string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i].Text}\n"));
            if (objects[i].Data is { } data)
            {
                Write("stream\n");
                pdf.Write(data);
                Write("\nendstream\n");
            }
            Write("endobj\n");
        }
        var xref = pdf.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var o in offsets)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n"));
        }
        Write(string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return pdf.ToArray();
    }

    private static byte[] Deflated(string unit, long size)
    {
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(unit, Math.Max(1, 65_536 / unit.Length))));
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            for (long written = 0; written < size; written += chunk.Length)
            {
                zlib.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
            }
        }
        return compressed.ToArray();
    }
}

/// <summary>The seeds printed to PDF by LibreOffice from their text (tests/fixtures/pdf-from-seeds): every cell as in the text.</summary>
public class SeedPdfTests
{
    private static ReadResult Pdf(string id) => ReportReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", $"seed{id}-from-text.pdf"));

    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("003")]
    public void Read_SeedPrintedFromText_HasEveryCellOfTheText(string id)
    {
        var text = Seeds.Read(id).Report;
        var pdf = Pdf(id);
        Assert.Equal(text.Agency, pdf.Report.Agency);
        Assert.Equal(text.Year, pdf.Report.Year);
        Seeds.AssertSameCells(text, pdf.Report);
        Assert.DoesNotContain(pdf.Findings.Concat(Reports.Checking.ReportChecker.Check(pdf.Report)), f => f.IsError);
    }

    [Theory]
    [InlineData("000", true)]
    [InlineData("001", true)]
    [InlineData("002", true)]
    [InlineData("003", true)]
    [InlineData("004", false)]
    public void Read_SeedWrittenAsDocxAndPrinted_HasEveryCellOfTheText(string id, bool clean)
    {
        var text = Seeds.Read(id).Report;
        var pdf = ReportReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", $"seed{id}-from-docx.pdf"));
        Assert.Equal(text.Agency, pdf.Report.Agency);
        Seeds.AssertSameCells(text, pdf.Report);
        if (clean)
        {
            Assert.DoesNotContain(pdf.Findings.Concat(Reports.Checking.ReportChecker.Check(pdf.Report)), f => f.IsError);
        }
    }

    [Fact]
    public void Read_DefectiveSeedPrinted_KeepsTheRowsThatDidNotWrapAndLeavesTheOthersAbsent()
    {
        var text = Seeds.Read("004").Report;
        var pdf = Pdf("004").Report;
        Assert.Equal(text.Applications.Value("一", "自然人"), pdf.Applications.Value("一", "自然人"));
        Assert.Equal(text.Review.Value("行政复议", "总计"), pdf.Review.Value("行政复议", "总计"));
        // Rows 三.六.1–2 wrapped with one value short: never guessed.
        Assert.Null(pdf.Applications.Value("三.六.1", "总计"));
    }
}

/// <summary>Hostile and damaged PDFs: refused with a Chinese message or read, always within five seconds.</summary>
public class PdfFuzzTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", name));

    [Fact]
    public void PasswordProtectedPdf_IsRefusedSayingItNeedsThePassword()
    {
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(Fixture("seed001-password.pdf"), "locked.pdf"));
        Assert.Contains("已加密", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PdfEncryptedForPermissionsOnly_IsReadAsUsual()
    {
        var read = ReportReader.Read(Fixture("seed001-permissions-only.pdf"), "restricted.pdf");
        Assert.Equal("新乡市公安局", read.Report.Agency);
        Assert.Equal(57m, read.Report.Applications.Value("一", "总计"));
    }

    /// <summary>Bytes flipped, runs zeroed and copies cut short all through a real PDF's streams and cross-reference table.</summary>
    public static TheoryData<int> Mutations() => [.. Enumerable.Range(0, 40)];

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task CorruptedPdf_IsReadOrRefusedWithinFiveSeconds(int seed)
    {
        var bytes = Fixture("seed001-from-text.pdf");
        var random = new Random(seed);
        switch (seed % 4)
        {
            case 0:
                for (var i = 0; i < 50; i++)
                {
                    bytes[random.Next(16, bytes.Length)] ^= (byte)random.Next(1, 256);
                }
                break;
            case 1:
                Array.Clear(bytes, random.Next(16, bytes.Length - 4096), random.Next(64, 4096));
                break;
            case 2:
                bytes = bytes[..random.Next(64, bytes.Length)];
                break;
            default:
                // A run copied over another place: streams whose /Length no longer fits.
                var from = random.Next(16, bytes.Length - 2048);
                Array.Copy(bytes, from, bytes, random.Next(16, bytes.Length - 2048), 2048);
                break;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var work = Task.Run(() =>
        {
            try
            {
                return ReportReader.Read(bytes, "fuzzed.pdf").Report.Agency ?? "";
            }
            catch (ReportReadException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                return e.Message;
            }
        });
        // Waits far longer than the bound so that a hang shows as a failure of the bound, not a stuck run.
        await work.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
