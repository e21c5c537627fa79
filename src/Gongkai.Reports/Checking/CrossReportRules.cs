using System.Globalization;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Checking;

/// <summary>A report and the name it came under (a file, an upload), for checks across reports.</summary>
public sealed record NamedReport(string Name, AnnualReport Report);

/// <summary>
/// Checks that need several reports: the same agency's consecutive years must hand over the applications still open
/// (table 三 row 二 of year N = row 四 of year N−1, column by column); year N's table 三 must not be year N−1's copied
/// forward cell for cell; and one report published twice under different names is said once, on the later name.
/// </summary>
public static class CrossReportRules
{
    private static readonly RuleDef CarryOver = Rules.CrossYearCarryOver;

    private static readonly RuleDef Duplicate = Rules.DuplicateReport;

    private static readonly RuleDef CopiedForward = Rules.CopiedForward;

    /// <summary>The rules only this class raises: a part of a sharded batch drops their findings before the merge checks again.</summary>
    public static IReadOnlySet<string> RuleIds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Rules.CrossYearCarryOver.Id, Rules.DuplicateReport.Id, Rules.CopiedForward.Id,
    };

    /// <summary>Findings by the name of the report they belong to.</summary>
    public static IReadOnlyList<(string Name, Finding Finding)> Check(IReadOnlyList<NamedReport> reports)
    {
        var findings = new List<(string, Finding)>();
        var byAgency = reports.Where(r => r.Report.Agency is { Length: > 0 } && r.Report.Year is not null)
            .GroupBy(r => Normalise(r.Report.Agency!));
        foreach (var agency in byAgency)
        {
            var years = agency.GroupBy(r => r.Report.Year!.Value).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (year, current) in years)
            {
                if (!years.TryGetValue(year - 1, out var previous))
                {
                    continue;
                }
                foreach (var now in current)
                {
                    foreach (var before in previous)
                    {
                        findings.AddRange(CompareCarryOver(before, now).Select(f => (now.Name, f)));
                        if (SameApplications(before.Report, now.Report))
                        {
                            findings.Add((now.Name, new Finding(CopiedForward,
                                $"{now.Report.Year}年度报告（{now.Name}）表三与{before.Report.Year}年度报告（{before.Name}）逐格相同，可能照抄了上一年度的数据",
                                "表三")));
                        }
                    }
                }
            }
            foreach (var (_, same) in years)
            {
                for (var i = 1; i < same.Count; i++)
                {
                    if (same.Take(i).FirstOrDefault(earlier => SameTables(earlier.Report, same[i].Report)) is { } original)
                    {
                        findings.Add((same[i].Name, new Finding(Duplicate,
                            $"与“{original.Name}”是同一机关同一年度的报告，表格数据完全相同，可能是同一份报告以不同名称重复发布", same[i].Name)));
                    }
                }
            }
        }
        return findings;
    }

    private static IEnumerable<Finding> CompareCarryOver(NamedReport before, NamedReport now)
    {
        foreach (var column in ReportSchema.ApplicantColumns)
        {
            var carried = before.Report.Applications.Value("四", column.Key);
            var received = now.Report.Applications.Value("二", column.Key);
            if (carried is { } a && received is { } b && a != b)
            {
                yield return new Finding(CarryOver, string.Create(CultureInfo.InvariantCulture,
                    $"{now.Report.Year}年度报告（{now.Name}）表三“二、上年结转政府信息公开申请数量”{column.Key}为 {b}，而{before.Report.Year}年度报告（{before.Name}）“四、结转下年度继续办理”为 {a}"),
                    $"表三“二”行“{column.Key}”列");
            }
        }
    }

    /// <summary>
    /// Table 三 of both years laid out by the same format, every cell equal (absent where absent), and some cell above
    /// zero: an agency that received nothing in two years rightly prints the same zeros twice, and a table that was not
    /// found is not a copy.
    /// </summary>
    private static bool SameApplications(AnnualReport before, AnnualReport now) =>
        before.Applications.Schema == now.Applications.Schema
        && now.Applications.Cells().Any(c => c.Cell?.Value is > 0)
        && before.Applications.Cells().Zip(now.Applications.Cells()).All(c => c.First.Cell?.Value == c.Second.Cell?.Value);

    private static bool SameTables(AnnualReport a, AnnualReport b) =>
        a.Tables.Zip(b.Tables).All(t => t.First.Schema == t.Second.Schema && t.First.Cells().Zip(t.Second.Cells()).All(c => c.First.Cell?.Value == c.Second.Cell?.Value));

    private static string Normalise(string agency) => new(agency.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
