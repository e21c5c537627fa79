using System.Globalization;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Reporting;

/// <summary>Where a department's report for the combined report came from.</summary>
public enum DepartmentReportSource
{
    /// <summary>Composed from the department's data in Gongkai.</summary>
    Data,

    /// <summary>Its published report, uploaded and read by the report core's reader.</summary>
    PublishedFile,

    /// <summary>Nothing for the year.</summary>
    Missing,
}

/// <summary>One department's report as the government received it, or its absence.</summary>
/// <param name="Published">For <see cref="DepartmentReportSource.Data"/>: whether the department has published it yet.</param>
public sealed record DepartmentReport(string Department, DepartmentReportSource Source, AnnualReport? Report, IReadOnlyList<Finding> Findings, bool Published = true)
{
    public static DepartmentReport Missing(string department) => new(department, DepartmentReportSource.Missing, null, []);
}

/// <summary>What became of one department's report in the sum.</summary>
/// <param name="Published">False for a department in Gongkai that has not published its report yet (its data are counted).</param>
public sealed record DepartmentStatus(string Department, DepartmentReportSource Source, bool Included, string Remark, bool Published = true);

/// <summary>The summed tables and, for every department, whether it was counted and why not.</summary>
public sealed record CombinedTables(ReportTable Proactive, ReportTable Applications, ReportTable Review, IReadOnlyList<DepartmentStatus> Departments)
{
    /// <summary>
    /// What would make the sum wrong without the checker seeing it: a counted report signed by an agency other than
    /// the listed department, or one agency counted twice. Publication waits for a reason that confirms them.
    /// </summary>
    public IReadOnlyList<string> IntegrityIssues { get; init; } = [];

    /// <summary>
    /// Departments whose report is missing, unpublished, or was left out (wrong year or format, or errors); the
    /// government confirms these before publishing.
    /// </summary>
    public IReadOnlyList<DepartmentStatus> NeedingAttention => Departments.Where(d => !d.Included || !d.Published).ToList();
}

/// <summary>
/// The tables of a people's government's report (本级政府年度报告, 条例 第四十九条第二款) as the sum of its own
/// tables and its departments' (条例 第五十条 sets one format for both). A department's report counts only when
/// it is for the year, in the 2021 format and free of checker errors: adding a table that does not add up
/// would carry its error into the government's report, so it is listed instead, with the reason.
/// </summary>
public static class ReportCombiner
{
    /// <summary>A department whose report is not in the sum: publishing the government's report then needs a recorded confirmation.</summary>
    public static readonly RuleDef DepartmentNotIncluded = new("department-not-included", RuleCategory.Structure, Severity.Warning, "本级政府年度报告汇总了各部门的年度报告");

    public static CombinedTables Combine(int year, ReportTable ownProactive, ReportTable ownApplications, ReportTable ownReview, IEnumerable<DepartmentReport> departments,
        string? government = null)
    {
        var proactive = Clone(ownProactive);
        var applications = Clone(ownApplications);
        var review = Clone(ownReview);
        var statuses = new List<DepartmentStatus>();
        foreach (var d in departments.OrderBy(d => d.Department, StringComparer.Ordinal))
        {
            var reason = Excluded(d, year);
            if (reason is null)
            {
                Add(proactive, d.Report!.Proactive);
                Add(applications, d.Report.Applications);
                Add(review, d.Report.Review);
            }
            statuses.Add(new DepartmentStatus(d.Department, d.Source, reason is null, reason ?? Included(d), d.Published));
        }
        return new CombinedTables(proactive, applications, review, statuses) { IntegrityIssues = Integrity(departments, statuses, government) };
    }

    /// <summary>
    /// The counted reports checked against the list: each must be signed by its department, and no agency may be
    /// counted twice — listed under two names, uploaded for one department and also in Gongkai, or the government's
    /// own report uploaded as a department's (its own tables are already in the sum).
    /// </summary>
    public static IReadOnlyList<string> Integrity(IEnumerable<DepartmentReport> departments, IReadOnlyList<DepartmentStatus> statuses, string? government)
    {
        var issues = new List<string>();
        var counted = departments.Where(d => statuses.Any(s => s.Department == d.Department && s.Included)).ToList();
        var byAgency = new Dictionary<string, List<string>>();
        if (government is { Length: > 0 })
        {
            byAgency[Normalise(government)] = ["本级政府（自身数据）"];
        }
        foreach (var d in counted.OrderBy(d => d.Department, StringComparer.Ordinal))
        {
            var signed = d.Report?.Agency is { Length: > 0 } a ? a : d.Department;
            if (d.Source == DepartmentReportSource.PublishedFile && Normalise(signed) != Normalise(d.Department))
            {
                issues.Add($"为“{d.Department}”上传的报告所署机关为“{signed}”");
            }
            var key = Normalise(signed);
            if (!byAgency.TryGetValue(key, out var names))
            {
                byAgency[key] = names = [];
            }
            names.Add($"“{d.Department}”");
        }
        foreach (var (agency, names) in byAgency.Where(p => p.Value.Count > 1))
        {
            issues.Add($"{string.Join("与", names)}是同一机关（{agency}）的报告，被重复计入");
        }
        return issues;
    }

    /// <summary>Agency names compared without spaces and with half- and full-width brackets alike.</summary>
    private static string Normalise(string name) =>
        new string(name.Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('（', '(').Replace('）', ')');

    private static string Included(DepartmentReport d) => d.Source switch
    {
        DepartmentReportSource.Data when !d.Published => "已按系统数据计入（该部门尚未发布年度报告）",
        DepartmentReportSource.Data => "已按系统数据计入",
        _ => (d.Findings.Count == 0 ? "已按上传的年度报告计入" : $"已按上传的年度报告计入（检查发现{d.Findings.Count}个警告）") + OtherAgency(d),
    };

    /// <summary>A file signed by another agency was probably uploaded for the wrong department; said here, and publication waits for a confirmed reason (<see cref="Integrity"/>).</summary>
    private static string OtherAgency(DepartmentReport d) =>
        d.Report?.Agency is { Length: > 0 } agency && agency != d.Department ? $"；报告所署机关为“{agency}”，请核实是否为该部门的报告" : "";

    private static string? Excluded(DepartmentReport d, int year)
    {
        if (d.Source == DepartmentReportSource.Missing || d.Report is null)
        {
            return "未提交年度报告";
        }
        if (d.Report.Year != year)
        {
            return string.Create(CultureInfo.InvariantCulture, $"报告年度为{(d.Report.Year is { } y ? y + "年" : "（无法识别）")}，不是{year}年，未计入");
        }
        if (d.Report.Format != FormatVersion.Format2021)
        {
            return "未使用2021年版年度报告格式，表格无法汇总，未计入";
        }
        var errors = d.Findings.Where(f => f.Rule.Severity == Severity.Error).ToList();
        return errors.Count == 0 ? null
            : $"检查发现{errors.Count}个错误，未计入：{string.Join("；", errors.Take(3).Select(e => e.Message))}{(errors.Count > 3 ? "……" : "")}";
    }

    private static ReportTable Clone(ReportTable table)
    {
        var copy = new ReportTable(table.Schema);
        copy.CopyFrom(table);
        return copy;
    }

    /// <summary>Adds every cell of <paramref name="from"/>; a cell absent on both sides stays absent, so the checker still reports it.</summary>
    private static void Add(ReportTable to, ReportTable from)
    {
        foreach (var (row, column, cell) in from.Cells())
        {
            if (cell is null)
            {
                continue;
            }
            to[row.Key, column.Key] = to[row.Key, column.Key] is { } existing ? CellValue.Of(existing.Value + cell.Value) : CellValue.Of(cell.Value);
        }
    }
}
