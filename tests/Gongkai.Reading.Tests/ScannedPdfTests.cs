namespace Gongkai.Reading.Tests;

/// <summary>Scanned reports read by OCR (issue 24): the seeds printed from Word, scanned at 150 dpi by the tests, read cell for cell.</summary>
public class ScannedPdfTests
{
    [Theory]
    [InlineData("001")]
    public void ScannedSeed_ReadsCellForCell(string id)
    {
        var scan = Scans.Make(Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", $"seed{id}-from-docx.pdf"));
        var read = ReportReader.Read(scan, "scan.pdf");
        File.WriteAllText($"/tmp/ocr-{id}.txt", Pdf.PdfText.ToText(scan));
        var seed = Seeds.Read(id).Report;
        Assert.NotNull(read.Scan);
        Assert.Equal(seed.Agency, read.Report.Agency);
        Seeds.AssertSameCells(seed, read.Report);
    }
}
