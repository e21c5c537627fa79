using System.Diagnostics;

namespace Gongkai.Reading.Tests;

/// <summary>
/// Scanned reports read by OCR (issue 24): the seeds as an office types them in Word and prints them
/// (tests/fixtures/pdf-from-seeds/seedNNN-from-docx.pdf), scanned at 150 dpi by the tests (<see cref="Scans"/>), must
/// read cell for cell. Takes Debian's tesseract-ocr and tesseract-ocr-chi-sim (scripts/system-packages.sh).
/// </summary>
public class ScannedPdfTests
{
    private static string Printed(string id) => Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", $"seed{id}-from-docx.pdf");

    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("003")]
    [InlineData("004")]
    public void ScannedSeed_ReadsCellForCell(string id)
    {
        var scan = Scans.Make(Printed(id));
        var clock = Stopwatch.StartNew();
        var read = ReportReader.Read(scan, "scan.pdf");
        var seed = Seeds.Read(id).Report;
        Assert.NotNull(read.Scan);
        Assert.Equal("PDF（扫描件，文字识别）", read.Encoding);
        // Every scan says its numbers came from OCR and are to be checked against the paper.
        Assert.Contains(read.Findings, f => f.RuleId == "scanned-report" && f.Message.Contains("数字请对照原件核实", StringComparison.Ordinal));
        Assert.Equal(seed.Year, read.Report.Year);
        // The title's large characters are where OCR slips most: the agency is found, at most one character misread.
        Assert.NotNull(read.Report.Agency);
        Assert.Equal(seed.Agency!.Length, read.Report.Agency.Length);
        Assert.True(seed.Agency.Zip(read.Report.Agency).Count(p => p.First != p.Second) <= 1, $"agency read as {read.Report.Agency}");
        Assert.Equal(seed.Sections.Keys.Order(), read.Report.Sections.Keys.Order());
        Seeds.AssertSameCells(seed, read.Report);
        Console.WriteLine($"seed {id}: {read.Scan.Pages} pages, {read.Scan.SecondsPerPage:0.0} s a page, {clock.Elapsed.TotalSeconds:0.0} s in all");
    }

    [Fact]
    public void ScannedPdf_WithoutTesseract_SaysHowToInstallIt()
    {
        // In this class, whose tests run one after another: the others need the real program.
        var scan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "scans", "seed001-page1-scan.pdf"));
        var installed = Ocr.Tesseract.Program;
        Ocr.Tesseract.Program = "/nonexistent/tesseract";
        try
        {
            var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(scan, "scan.pdf"));
            Assert.Contains("这是扫描件，没有文字层", e.Message);
            Assert.Contains("本机未安装 Tesseract", e.Message);
            Assert.Contains("sudo apt install tesseract-ocr tesseract-ocr-chi-sim", e.Message);
        }
        finally
        {
            Ocr.Tesseract.Program = installed;
        }
    }

    [Fact]
    public void ScannedPdf_ANumberSmudgedPastReading_IsLeftAbsentNeverGuessed()
    {
        // Seed 001 page 3 (table 三) scanned, with the "57" of row 一 (自然人) smudged by a grey blot.
        var printed = Printed("001");
        var scan = Scans.Make(printed, blot: (Page: 3, Text: "57"));
        var read = ReportReader.Read(scan, "scan.pdf");
        var cell = read.Report.Applications["一", "自然人"];
        Assert.True(cell is null, $"the smudged cell was read as {cell?.Text}");
        Assert.Equal(57m, read.Report.Applications.Value("一", "总计"));
        // Either OCR saw nothing there, or it saw a number it was unsure of and said where.
        Assert.All(read.Findings.Where(f => f.RuleId == "ocr-uncertain"), f => Assert.Contains("第 3 页", f.Message));
    }

    [Fact]
    public void ScannedRealReport_ReadsEveryCellAsTheTextLayerDoes()
    {
        // The real WPS report (tests/fixtures/real-reports) scanned as its county would; its table 三 runs over a page
        // break with no rule under the last row of the page, which is read all the same.
        var path = Path.Combine(AppContext.BaseDirectory, "real-reports", "hongze-gov-2023.pdf");
        var printed = ReportReader.ReadFile(path).Report;
        var read = ReportReader.Read(Scans.Make(path), "scan.pdf");
        Assert.NotNull(read.Scan);
        Assert.Equal(printed.Year, read.Report.Year);
        int same = 0, absent = 0;
        foreach (var (want, got) in printed.Tables.Zip(read.Report.Tables))
        {
            foreach (var ((row, column, cell), (_, _, value)) in want.Cells().Zip(got.Cells()))
            {
                Assert.True(value is null || value.Value == cell?.Value, $"{want.Schema.Title} {row.Key} {column.Key}: printed {cell?.Text}, read {value?.Text}");
                (same, absent) = value is null && cell is not null ? (same, absent + 1) : (same + 1, absent);
            }
        }
        Assert.True(absent == 0, $"{absent} cells lost, {same} read");
    }
}
