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
        Assert.Equal(seed.Year, read.Report.Year);
        // The title's large characters are where OCR slips most: the agency is found, at most one character misread.
        Assert.NotNull(read.Report.Agency);
        Assert.Equal(seed.Agency!.Length, read.Report.Agency.Length);
        Assert.True(seed.Agency.Zip(read.Report.Agency).Count(p => p.First != p.Second) <= 1, $"agency read as {read.Report.Agency}");
        Assert.Equal(seed.Sections.Keys.Order(), read.Report.Sections.Keys.Order());
        Seeds.AssertSameCells(seed, read.Report);
        Console.WriteLine($"seed {id}: {read.Scan.Pages} pages, {read.Scan.SecondsPerPage:0.0} s a page, {clock.Elapsed.TotalSeconds:0.0} s in all");
    }
}
