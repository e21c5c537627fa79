using System.Diagnostics;
using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

/// <summary>
/// Web pages kept the way people keep them: printed to PDF by a browser (issue 24). The tests print each seed's web
/// page with Debian's headless Chromium — with the browser's own head and foot (date, title, address, "2/5") — once
/// with CSS borders (drawn cell by cell, no Word-like rules) and once without any border, where cells can only come
/// from the text's positions. Every cell must read as the seed's text.
/// </summary>
public class BrowserPrintedPdfTests : IClassFixture<BrowserPrintedPdfTests.Printer>
{
    private readonly Printer printer;

    public BrowserPrintedPdfTests(Printer printer) => this.printer = printer;

    [Theory]
    [InlineData("000", true)]
    [InlineData("001", true)]
    [InlineData("002", true)]
    [InlineData("003", true)]
    [InlineData("004", true)]
    [InlineData("000", false)]
    [InlineData("001", false)]
    [InlineData("002", false)]
    [InlineData("003", false)]
    [InlineData("004", false)]
    public void SeedPagePrintedByChromium_ReadsCellForCell(string id, bool borders)
    {
        var seed = Seeds.Read(id).Report;
        var read = ReportReader.ReadFile(printer.Print(id, borders));
        Assert.Equal(SourceFormat.Pdf, read.Format);
        Assert.Equal(seed.Agency, read.Report.Agency);
        Assert.Equal(seed.Year, read.Report.Year);
        Assert.Equal(seed.Sections.Keys.Order(), read.Report.Sections.Keys.Order());
        Seeds.AssertSameCells(seed, read.Report);
        // The browser's head and foot are not part of the report.
        Assert.DoesNotContain(read.Findings, f => f.Message.Contains("file:", StringComparison.Ordinal));
        if (id != "004")
        {
            ConsistentCorpusTests.AssertNoFalseAlarm(read, $"{id} printed {(borders ? "with" : "without")} borders");
        }
    }

    /// <summary>Prints each seed's page once per test run, into a folder removed afterwards.</summary>
    public sealed class Printer : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("gongkai-print-").FullName;

        private readonly Dictionary<string, string> printed = [];

        public string Print(string id, bool borders)
        {
            var key = $"seed{id}-{(borders ? "bordered" : "borderless")}";
            lock (printed)
            {
                if (printed.TryGetValue(key, out var done))
                {
                    return done;
                }
                var html = HtmlWriter.Write(Seeds.Read(id).Report);
                if (!borders)
                {
                    html = html.Replace("th, td { border: 1px solid #000;", "th, td { border: none;", StringComparison.Ordinal);
                    Assert.DoesNotContain("border: 1px", html);
                }
                var page = Path.Combine(folder, key + ".html");
                File.WriteAllText(page, html);
                var pdf = Path.Combine(folder, key + ".pdf");
                Run("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(folder, "profile")}",
                    $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri);
                Assert.True(File.Exists(pdf) && new FileInfo(pdf).Length > 1000, $"Chromium printed no PDF of {page}");
                printed[key] = pdf;
                return pdf;
            }
        }

        private static void Run(string program, params string[] arguments)
        {
            Assert.True(File.Exists(program), $"{program} is missing: install Debian's chromium (scripts/system-packages.sh)");
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            // Generous: a busy CI machine starts Chromium slowly.
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} did not finish printing within 3 minutes");
            }
            Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {error.Result}");
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
