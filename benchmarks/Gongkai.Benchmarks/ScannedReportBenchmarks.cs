using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Gongkai.Reading;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Gongkai.Benchmarks;

/// <summary>
/// Reading a scanned report by OCR (issue 24): each seed as Word prints it, scanned at 150 dpi in grey and bound as
/// an image-only PDF (as Gongkai.Reading.Tests' scans are made), read whole — render, rules, Tesseract, layout,
/// assembler. A few runs each: one operation takes seconds. Seconds a page = mean ÷ the seed's pages (5 each).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ScannedReportBenchmarks
{
    private byte[] scan = [];

    [Params("001", "003")]
    public string Seed { get; set; } = "";

    [GlobalSetup]
    public void Setup() => scan = Scan(Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", $"seed{Seed}-from-docx.pdf"));

    [Benchmark(Description = "read scanned report")]
    public int Read() => ReportReader.Read(scan, "scan.pdf").Scan!.Pages;

    private static byte[] Scan(string pdf)
    {
        var folder = Directory.CreateTempSubdirectory("gongkai-bench-scan-").FullName;
        try
        {
            using (var process = Process.Start("pdftoppm", ["-r", "150", "-gray", "-png", pdf, Path.Combine(folder, "page")]))
            {
                process.WaitForExit();
            }
            using var original = PdfDocument.Open(pdf);
            var builder = new PdfDocumentBuilder();
            for (var n = 1; n <= original.NumberOfPages; n++)
            {
                var size = original.GetPage(n);
                var image = Directory.GetFiles(folder, "page-*.png").Single(f => int.Parse(Path.GetFileNameWithoutExtension(f).Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture) == n);
                builder.AddPage(size.Width, size.Height).AddPng(File.ReadAllBytes(image), new PdfRectangle(0, 0, size.Width, size.Height));
            }
            return builder.Build();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
