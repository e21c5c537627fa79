using System.Text;
using Gongkai.Batch.Dashboard;
using Gongkai.Batch.Sources;
using static Gongkai.Batch.Tests.BatchFixtures;

namespace Gongkai.Batch.Tests;

public class DashboardTests
{
    private static string Render(BatchResult batch)
    {
        using var buffer = new MemoryStream();
        DashboardWriter.Write(batch, buffer, new DateTimeOffset(2027, 1, 5, 9, 30, 0, TimeSpan.FromHours(8)));
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Write_IsOnePageWithEChartsInlinedAndNoExternalScript()
    {
        var page = Render(AuditSeeds());
        Assert.Contains("echarts", page, StringComparison.Ordinal);
        Assert.True(page.Length > 1_000_000, "ECharts is inlined");
        Assert.DoesNotContain("<script src", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2027-01-05 09:30", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DataNameEveryReportAndFinding()
    {
        var batch = AuditSeeds();
        var page = Render(batch);
        foreach (var report in batch.Reports)
        {
            Assert.Contains(report.Read!.Report.Agency!, page, StringComparison.Ordinal);
        }
        Assert.Contains(batch.Reports.SelectMany(r => r.Findings).First().RuleId, page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HostileTitle_CannotCloseTheDataScript()
    {
        var text = File.ReadAllText(Seed("001")).Replace("新乡市公安局2023年", "</script><script>alert(1)</script>新乡市公安局2023年", StringComparison.Ordinal);
        var folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "x.txt"), text);
        var page = Render(BatchAudit.Run(ReportSources.Expand([folder])));
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(page, "</script>"));
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
