using System.Diagnostics;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Gongkai.Reading.Tests;

/// <summary>
/// Scans made by the tests themselves, as an office makes them: the report printed (a PDF), each page rasterised at
/// 150 dpi in grey by poppler's pdftoppm (a scanner's usual setting), and the images bound as a PDF without a text
/// layer by PdfPig.
/// </summary>
internal static class Scans
{
    /// <param name="blot">A grey blot over the first place the text is printed on that page (a smudge, a stamp's edge).</param>
    public static byte[] Make(string pdf, int dpi = 150, (int Page, string Text)? blot = null)
    {
        var folder = Directory.CreateTempSubdirectory("gongkai-scan-").FullName;
        try
        {
            var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true };
            foreach (var a in new[] { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-png", pdf, Path.Combine(folder, "page") })
            {
                start.ArgumentList.Add(a);
            }
            using (var process = Process.Start(start)!)
            {
                var error = process.StandardError.ReadToEndAsync();
                Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "pdftoppm did not finish");
                Assert.True(process.ExitCode == 0, $"pdftoppm failed: {error.Result}");
            }
            using var original = PdfDocument.Open(pdf);
            var builder = new PdfDocumentBuilder();
            var images = Directory.GetFiles(folder, "page-*.png").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f).Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(original.NumberOfPages, images.Count);
            for (var i = 0; i < images.Count; i++)
            {
                var size = original.GetPage(i + 1);
                var page = builder.AddPage(size.Width, size.Height);
                page.AddPng(File.ReadAllBytes(images[i]), new PdfRectangle(0, 0, size.Width, size.Height));
                if (blot is { } b && b.Page == i + 1)
                {
                    var words = size.GetWords().Where(w => w.Text == b.Text).ToList();
                    Assert.NotEmpty(words);
                    var box = words[0].BoundingBox;
                    page.SetTextAndFillColor(110, 110, 110);
                    page.DrawRectangle(new PdfPoint(box.Left - 1, box.Bottom + (box.Height * 0.2)), box.Width + 2, box.Height * 0.6, 1, fill: true);
                }
            }
            return builder.Build();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
