using Gongkai.Reports.Model;

namespace Gongkai.Reports.Checking;

/// <summary>Runs every rule on a report and returns what it finds, errors first.</summary>
public static class ReportChecker
{
    /// <param name="clock">Decides which report years lie in the future; the system clock when null.</param>
    public static IReadOnlyList<Finding> Check(AnnualReport report, TimeProvider? clock = null)
    {
        var findings = new List<Finding>();
        ArithmeticRules.Check(report, findings);
        StructureRules.Check(report, findings);
        MetadataRules.Check(report, (clock ?? TimeProvider.System).GetUtcNow().Year, findings);
        try
        {
            NarrativeRules.Check(report, findings);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // Bounded patterns should never time out; if one does, the report is still checked otherwise.
            findings.Add(new Finding(Rules.CheckIncomplete, "正文过长或结构异常，正文数字核对未能在时限内完成，请人工核对"));
        }
        PlausibilityRules.Check(report, findings);
        // Errors first; LINQ's ordering is stable, so rules keep their order within a severity.
        return findings.OrderByDescending(f => f.Severity).ToArray();
    }
}
