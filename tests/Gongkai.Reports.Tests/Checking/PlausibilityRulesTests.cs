using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Reports.Tests.Checking;

public class PlausibilityRulesTests
{
    private static Finding[] Fired(AnnualReport report, string rule) =>
        ReportChecker.Check(report).Where(f => f.RuleId == rule).ToArray();

    [Fact]
    public void EnforcementZero_PoliceWithNoLicencesOrPenalties_Warns()
    {
        var report = SampleReports.Consistent(agency: "某市公安局某分局");
        SampleReports.SetProactive(report, "行政许可", 0);
        SampleReports.SetProactive(report, "行政处罚", 0);
        var finding = Assert.Single(Fired(report, "enforcement-zero"));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("某市公安局某分局", finding.Message);
    }

    [Fact]
    public void EnforcementZero_OtherAgency_DoesNotFire()
    {
        var report = SampleReports.Consistent(agency: "某县档案馆");
        SampleReports.SetProactive(report, "行政许可", 0);
        SampleReports.SetProactive(report, "行政处罚", 0);
        Assert.Empty(Fired(report, "enforcement-zero"));
    }

    [Fact]
    public void EnforcementZero_PoliceWithPenalties_DoesNotFire()
    {
        var report = SampleReports.Consistent();
        SampleReports.SetProactive(report, "行政许可", 0);
        Assert.Empty(Fired(report, "enforcement-zero"));
    }

    [Fact]
    public void DocumentsInForce_FewerThanMadeMinusRepealed_Warns()
    {
        var report = SampleReports.Consistent();
        SampleReports.SetProactive(report, "行政规范性文件", 5, 1, 2);
        var finding = Assert.Single(Fired(report, "documents-in-force"));
        Assert.Contains("现行有效件数 2 少于本年制发件数 5 减本年废止件数 1", finding.Message);
    }

    [Fact]
    public void DocumentsInForce_Plausible_DoesNotFire() => Assert.Empty(Fired(SampleReports.Consistent(), "documents-in-force"));
}
