using System.Text;
using Gongkai.Batch.Dataset;
using Gongkai.Batch.Sources;
using static Gongkai.Batch.Tests.BatchFixtures;

namespace Gongkai.Batch.Tests;

public class BatchAuditTests
{
    [Fact]
    public void Run_SeedFolder_ReadsEveryReportInNameOrder()
    {
        var batch = AuditSeeds();
        Assert.Equal(5, batch.Reports.Count);
        Assert.Equal(batch.Reports.Select(r => r.Name).Order(StringComparer.Ordinal), batch.Reports.Select(r => r.Name));
        Assert.All(batch.Reports, r => Assert.NotNull(r.Read));
        Assert.Equal("新乡市公安局", batch.Reports[1].Read!.Report.Agency);
    }

    [Fact]
    public void Run_OnOneThreadAndOnAll_GivesTheSameFindings()
    {
        var sources = ReportSources.Expand([Seeds]).ToList();
        var one = BatchAudit.Run(sources, new BatchOptions { Parallelism = 1 });
        var all = BatchAudit.Run(sources, new BatchOptions { Parallelism = 4 });
        Assert.Equal(one.Reports.Select(r => string.Join("|", r.Findings.Select(f => f.ToString()))),
            all.Reports.Select(r => string.Join("|", r.Findings.Select(f => f.ToString()))));
    }

    [Fact]
    public void Run_ReportsProgressUpToTheCount()
    {
        var seen = new List<int>();
        BatchAudit.Run(ReportSources.Expand([Seeds]), new BatchOptions { Progress = n => { lock (seen) { seen.Add(n); } } });
        Assert.Equal(5, seen.Max());
        Assert.Equal(5, seen.Count);
    }

    [Fact]
    public void Run_MissingAndBinaryFiles_AreUnreadableWithAChineseReasonAndTheRestIsRead()
    {
        var folder = TempFolder();
        File.WriteAllBytes(Path.Combine(folder, "broken.txt"), [0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 1, 2, 3]);
        File.Copy(Seed("001"), Path.Combine(folder, "good.txt"));
        var batch = BatchAudit.Run(ReportSources.Expand([folder, Path.Combine(folder, "missing.txt")]));
        Assert.Equal(3, batch.Reports.Count);
        Assert.Contains("二进制", batch.Reports.Single(r => r.Name.EndsWith("broken.txt", StringComparison.Ordinal)).Error);
        Assert.Equal("找不到文件", batch.Reports.Single(r => r.Name.EndsWith("missing.txt", StringComparison.Ordinal)).Error);
        Assert.NotNull(batch.Reports.Single(r => r.Name.EndsWith("good.txt", StringComparison.Ordinal)).Read);
        Assert.Equal(2, batch.Unreadable);
    }

    [Fact]
    public void Run_SameAgencyConsecutiveYearsDisagreeing_FindsTheCarryOverOnTheLaterYear()
    {
        var folder = TempFolder();
        var text = File.ReadAllText(Seed("001"));
        File.WriteAllText(Path.Combine(folder, "2023.txt"), text);
        // Seed 001 (2023) carries 3 applications into 2024 (row 四); the same text as 2024's report receives 0 (row 二).
        File.WriteAllText(Path.Combine(folder, "2024.txt"), text.Replace("新乡市公安局 2023 年", "新乡市公安局 2024 年", StringComparison.Ordinal));
        var batch = BatchAudit.Run(ReportSources.Expand([folder]));
        var later = batch.Reports.Single(r => r.Name.EndsWith("2024.txt", StringComparison.Ordinal));
        Assert.Equal(2024, later.Read!.Report.Year);
        var finding = Assert.Single(later.Findings, f => f.RuleId == "cross-year-carry-over" && f.Location.Contains("自然人", StringComparison.Ordinal));
        Assert.Contains("2023.txt", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(batch.Reports.Single(r => r.Name.EndsWith("2023.txt", StringComparison.Ordinal)).Findings, f => f.RuleId == "cross-year-carry-over");
    }

    [Fact]
    public void Run_LastYearsReportGivenAlongsideWithTheSameTableThree_FindsItCopiedForwardOnTheLaterYear()
    {
        var folder = TempFolder();
        var text = File.ReadAllText(Seed("001"));
        File.WriteAllText(Path.Combine(folder, "公安局2023.txt"), text);
        File.WriteAllText(Path.Combine(folder, "公安局2024.txt"), text.Replace("新乡市公安局 2023 年", "新乡市公安局 2024 年", StringComparison.Ordinal));
        var batch = BatchAudit.Run(ReportSources.Expand([folder]));
        var later = batch.Reports.Single(r => r.Name.EndsWith("公安局2024.txt", StringComparison.Ordinal));
        var copied = Assert.Single(later.Findings, f => f.RuleId == "copied-forward");
        Assert.Contains("2024年度报告", copied.Message, StringComparison.Ordinal);
        Assert.Contains("2023年度报告（" + Path.Combine(folder, "公安局2023.txt") + "）", copied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(batch.Reports.Single(r => r.Name.EndsWith("公安局2023.txt", StringComparison.Ordinal)).Findings, f => f.RuleId == "copied-forward");
    }

    [Fact]
    public void KeyRatios_Seed001_AreTheTablesQuotients()
    {
        var report = AuditSeeds().Reports[1].Read!.Report;
        var t = report.Applications;
        var disclosure = KeyRatios.All.Single(r => r.Key == "disclosure_rate").Compute(report);
        Assert.Equal(Math.Round((t.Value("三.一", "总计")!.Value + t.Value("三.二", "总计")!.Value) / t.Value("三.七", "总计")!.Value, 4), disclosure);
        var carry = KeyRatios.All.Single(r => r.Key == "carry_over_rate").Compute(report);
        Assert.Equal(Math.Round(t.Value("四", "总计")!.Value / (t.Value("一", "总计")!.Value + t.Value("二", "总计")!.Value), 4), carry);
    }

    [Fact]
    public void KeyRatios_NoReviews_HasNoCorrectionRateRatherThanZero()
    {
        var report = AuditSeeds().Reports[1].Read!.Report;
        var ratio = KeyRatios.All.Single(r => r.Key == "review_correction_rate").Compute(report);
        Assert.Equal(report.Review.Value("行政复议", "总计") is > 0 ? ratio : null, ratio);
        if (report.Review.Value("行政复议", "总计") is 0)
        {
            Assert.Null(ratio);
        }
    }

    [Fact]
    public void Run_ZipBombBesideAReport_RefusesTheBombAndKeepsTheReport()
    {
        var folder = TempFolder();
        using (var buffer = new FileStream(Path.Combine(folder, "bomb.docx"), FileMode.Create))
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var part = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            for (var i = 0; i < 200; i++)
            {
                part.Write(chunk);
            }
        }
        File.Copy(Seed("001"), Path.Combine(folder, "good.txt"));
        var batch = BatchAudit.Run(ReportSources.Expand([folder]));
        Assert.Contains("解压后过大", batch.Reports.Single(r => r.Name.EndsWith("bomb.docx", StringComparison.Ordinal)).Error);
        Assert.Equal("新乡市公安局", batch.Reports.Single(r => r.Name.EndsWith("good.txt", StringComparison.Ordinal)).Read!.Report.Agency);
    }

    [Fact]
    public void Run_DeeplyNestedWordAndPdfBombBesideAReport_RefusesBothAndKeepsTheReport()
    {
        // The nested .docx used to overflow the stack and end the whole run; the PDF inflated to gigabytes.
        var folder = TempFolder();
        using (var buffer = new FileStream(Path.Combine(folder, "nested.docx"), FileMode.Create))
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var part = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            part.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
            part.Write(string.Concat(Enumerable.Repeat("<w:tbl><w:tr><w:tc>", 20_000)));
            part.Write(string.Concat(Enumerable.Repeat("</w:tc></w:tr></w:tbl>", 20_000)));
            part.Write("</w:body></w:document>");
        }
        File.WriteAllBytes(Path.Combine(folder, "bomb.pdf"), FlateBombPdf());
        File.Copy(Seed("001"), Path.Combine(folder, "good.txt"));
        var batch = BatchAudit.Run(ReportSources.Expand([folder]));
        Assert.Contains("嵌套超过 256 层", batch.Reports.Single(r => r.Name.EndsWith("nested.docx", StringComparison.Ordinal)).Error);
        Assert.Contains("解压后过大", batch.Reports.Single(r => r.Name.EndsWith("bomb.pdf", StringComparison.Ordinal)).Error);
        Assert.Equal("新乡市公安局", batch.Reports.Single(r => r.Name.EndsWith("good.txt", StringComparison.Ordinal)).Read!.Report.Agency);
    }

    /// <summary>A one-page PDF whose content stream inflates to 64 MB of spaces.</summary>
    private static byte[] FlateBombPdf()
    {
        using var deflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(deflated, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 64; i++)
            {
                zlib.Write(chunk);
            }
        }
        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(System.Text.Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj\n");
        Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"3 0 obj\n<< /Length {deflated.Length} /Filter /FlateDecode >>\nstream\n"));
        pdf.Write(deflated.ToArray());
        Write("\nendstream\nendobj\n4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>\nendobj\n%%EOF\n");
        return pdf.ToArray();
    }
}
