using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Tests.Checking;

public class MetadataRulesTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static Finding[] Fired(AnnualReport report, string rule, TimeProvider? clock = null) =>
        ReportChecker.Check(report, clock).Where(f => f.RuleId == rule).ToArray();

    [Fact]
    public void Title_NoAgencyOrYear_SaysWhatIsMissing()
    {
        var report = SampleReports.Consistent();
        report.Agency = null;
        report.Year = null;
        var finding = Assert.Single(Fired(report, "title"));
        Assert.Contains("机关名称和报告年度", finding.Message);
    }

    [Fact]
    public void Title_Complete_DoesNotFire() => Assert.Empty(Fired(SampleReports.Consistent(), "title"));

    [Fact]
    public void FormatVersion_2020ReportIn2021Format_Fires()
    {
        var report = SampleReports.Consistent(year: 2020);
        var finding = Assert.Single(Fired(report, "format-version"));
        Assert.Contains("国办公开办函〔2019〕60号", finding.Message);
    }

    [Fact]
    public void FormatVersion_2020ReportIn2019Format_DoesNotFire()
    {
        var report = new AnnualReport(FormatVersion.Trial2019) { Agency = "某局", Year = 2020 };
        Assert.Empty(Fired(report, "format-version"));
    }

    [Fact]
    public void ReportYear_AfterTheClocksYear_Fires()
    {
        var report = SampleReports.Consistent(year: 2027);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        Assert.Single(Fired(report, "report-year", clock));
    }

    [Fact]
    public void ReportYear_PastYear_DoesNotFire()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        Assert.Empty(Fired(SampleReports.Consistent(year: 2025), "report-year", clock));
    }
}
