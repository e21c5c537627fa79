using System.Diagnostics;
using Gongkai.Documents.Pdf;
using Gongkai.Documents.Reports;
using Gongkai.Reading;
using UglyToad.PdfPig;

namespace Gongkai.Documents.Tests;

/// <summary>The annual report's DOCX rendered by LibreOffice into PDF, and its pages into images (pdftoppm).</summary>
public sealed class ReportRenderingTests : IClassFixture<PdfConverterTests.Converter>
{
    private readonly PdfConverter converter;

    public ReportRenderingTests(PdfConverterTests.Converter fixture) => converter = fixture.Instance;

    private static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private async Task<byte[]> Seed001Pdf()
    {
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single();
        return await converter.ConvertAsync(ReportDocxWriter.Write(ReportReader.Read(File.ReadAllBytes(file), file).Report));
    }

    [Fact]
    public async Task ReportPdf_HasTheTitleTablesAndChineseFonts()
    {
        using var pdf = PdfDocument.Open(await Seed001Pdf());
        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} 页");
        var text = string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("新乡市公安局2023年政府信息公开工作年度报告", text);
        Assert.Contains("本年新收政府信息公开申请数量", text);
        Assert.Contains("2439825", text);
        var fonts = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName ?? "").Where(f => f.Length > 0).Distinct().ToList();
        Assert.All(fonts, f => Assert.Matches("Noto(Serif|Sans)CJK", f));
    }

    [Fact]
    public async Task ReportPages_RenderAsA4ImagesWithInk()
    {
        var pdfPath = Path.Combine(Artifacts, "annual-report.pdf");
        await File.WriteAllBytesAsync(pdfPath, await Seed001Pdf());
        var prefix = Path.Combine(Artifacts, "annual-report-page");
        using var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "2", pdfPath, prefix]))!;
        await pdftoppm.WaitForExitAsync();
        Assert.Equal(0, pdftoppm.ExitCode);
        var pages = Directory.GetFiles(Artifacts, "annual-report-page-*.png").Order().ToList();
        Assert.Equal(2, pages.Count);
        foreach (var page in pages)
        {
            var (width, height) = PngSize(await File.ReadAllBytesAsync(page));
            Assert.InRange((double)height / width, 1.40, 1.43); // A4: 297 / 210
            Assert.True(new FileInfo(page).Length > 15_000, $"{page} looks blank");
        }
    }

    /// <summary>Width and height from a PNG's IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}
