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
}
