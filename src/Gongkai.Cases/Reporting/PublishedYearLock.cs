using System.Globalization;
using Gongkai.Cases.Statistics;
using Gongkai.Reports.Model;

namespace Gongkai.Cases.Reporting;

/// <summary>
/// A year whose annual report an agency has published: the report's title and, while an administrator's 更正 is open
/// for it, that correction's reason — the only thing that lets the year's tables change.
/// </summary>
/// <param name="Published">The report as published (its tables), so a refusal can name the published value of a cell
/// and what it would become; without it a change is described by how much it moves the cell.</param>
public sealed record PublishedYear(int Year, string ReportTitle, string? OpenCorrection = null, AnnualReport? Published = null);

/// <summary>One cell of a statutory table that a change would alter.</summary>
/// <param name="Delta">Set (with <see cref="Before"/> and <see cref="After"/> null) when only the change's effect on the cell is known.</param>
public sealed record CellChange(string Table, string Row, string Column, decimal? Before, decimal? After, decimal? Delta = null)
{
    public string Describe() => Delta is { } d && Before is null && After is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Table} {Row}·{Column}：{(d >= 0 ? "增加" : "减少")}{Math.Abs(d)}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{Table} {Row}·{Column}：{Before?.ToString(CultureInfo.InvariantCulture) ?? "空"}→{After?.ToString(CultureInfo.InvariantCulture) ?? "空"}");

    public static string Describe(IEnumerable<CellChange> cells, int max = 6)
    {
        var all = cells.ToList();
        return string.Join("；", all.Take(max).Select(c => c.Describe())) + (all.Count > max ? $"等{all.Count}处" : "");
    }
}

/// <summary>What a change does to the published years: refused (with the message), or allowed — where it alters a year under 更正, which cells and under which reason.</summary>
public sealed record LockVerdict(string? Refusal, IReadOnlyList<(PublishedYear Year, IReadOnlyList<CellChange> Cells)> Corrected)
{
    public static readonly LockVerdict Unaffected = new(null, []);

    public bool Allowed => Refusal is null;

    /// <summary>For the audit entry of an allowed change that alters a year under 更正.</summary>
    public string AuditNote => Corrected.Count == 0 ? ""
        : "；" + string.Join("；", Corrected.Select(c => string.Create(CultureInfo.InvariantCulture, $"更正{c.Year.Year}年度报告（理由：{c.Year.OpenCorrection}）：{CellChange.Describe(c.Cells)}")));
}

/// <summary>
/// A published year is locked: a change to a case, a register entry or a review record that would alter any cell of
/// the year's published tables is refused, naming the report, unless an administrator has recorded a 更正 for the
/// year (which the change's audit entry then cites). Every table is a sum over records (table 二 over documents and
/// the year's figures, 三 over cases, 四 over proceedings), so comparing one record's contribution before and after
/// the change decides exactly whether the published tables would move — without recounting the year.
/// </summary>
public static class PublishedYearLock
{
    public static LockVerdict CheckCase(IEnumerable<PublishedYear> years, CaseFacts? before, CaseFacts? after, string what) =>
        Check(years, y => Table3Statistics.Compute(before is null ? [] : [before], y), y => Table3Statistics.Compute(after is null ? [] : [after], y), r => r.Applications, "表三", what);

    public static LockVerdict CheckProceeding(IEnumerable<PublishedYear> years, ReviewProceeding? before, ReviewProceeding? after, string what) =>
        Check(years, y => Table4Statistics.Compute(before is null ? [] : [before], y), y => Table4Statistics.Compute(after is null ? [] : [after], y), r => r.Review, "表四", what);

    public static LockVerdict CheckDocument(IEnumerable<PublishedYear> years, RegulatoryDocument? before, RegulatoryDocument? after, string what) =>
        Check(years, y => Table2Statistics.Compute(before is null ? [] : [before], null, y), y => Table2Statistics.Compute(after is null ? [] : [after], null, y), r => r.Proactive, "表二", what);

    public static LockVerdict CheckFigures(IEnumerable<PublishedYear> years, YearlyAdministrativeFigures? before, YearlyAdministrativeFigures? after, string what) =>
        Check(years, y => Table2Statistics.Compute([], before, y), y => Table2Statistics.Compute([], after, y), r => r.Proactive, "表二", what);

    /// <summary>The cells whose values differ between two tables of one schema.</summary>
    public static IReadOnlyList<CellChange> Changes(ReportTable before, ReportTable after, string table) =>
        before.Cells().Zip(after.Cells())
            .Where(p => p.First.Cell?.Value != p.Second.Cell?.Value)
            .Select(p => new CellChange(table, $"{p.First.Row.Key} {p.First.Row.Text}", p.First.Column.Label, p.First.Cell?.Value, p.Second.Cell?.Value))
            .ToList();

    /// <summary>
    /// What one record's change does to the published cells. The tables computed from the record alone hold its
    /// contribution, not the cell's value (a new case makes 自然人 0→1 in them while the report says 12), so the
    /// published value is read from the report and moved by the difference: 12→13.
    /// </summary>
    internal static IReadOnlyList<CellChange> PublishedChanges(ReportTable before, ReportTable after, ReportTable? published, string table)
    {
        var asPublished = published is not null && published.Schema.Key == before.Schema.Key && published.Schema.Rows.Count == before.Schema.Rows.Count
            ? published.Cells().Select(c => c.Cell?.Value).ToList()
            : null;
        return before.Cells().Zip(after.Cells(), (b, a) => (b.Row, b.Column, Before: b.Cell?.Value, After: a.Cell?.Value))
            .Select((c, i) => (c.Row, c.Column, c.Before, c.After, Published: asPublished?[i]))
            .Where(c => c.Before != c.After)
            .Select(c =>
            {
                var delta = (c.After ?? 0) - (c.Before ?? 0);
                var row = $"{c.Row.Key} {c.Row.Text}";
                return asPublished is null
                    ? new CellChange(table, row, c.Column.Label, null, null, delta)
                    : new CellChange(table, row, c.Column.Label, c.Published, (c.Published ?? 0) + delta);
            })
            .ToList();
    }

    private static LockVerdict Check(IEnumerable<PublishedYear> years, Func<int, ReportTable> before, Func<int, ReportTable> after,
        Func<AnnualReport, ReportTable> publishedTable, string table, string what)
    {
        var corrected = new List<(PublishedYear, IReadOnlyList<CellChange>)>();
        foreach (var year in years.OrderBy(y => y.Year))
        {
            var changes = PublishedChanges(before(year.Year), after(year.Year), year.Published is { } report ? publishedTable(report) : null, table);
            if (changes.Count == 0)
            {
                continue;
            }
            if (year.OpenCorrection is null)
            {
                return new LockVerdict(
                    $"{what}会改变已发布的《{year.ReportTitle}》{table}中的数据（{CellChange.Describe(changes)}）。已发布年度的数据已锁定；确需更正的，请由管理员在年度报告页面登记更正并说明理由（条例第四十九条）",
                    []);
            }
            corrected.Add((year, changes));
        }
        return corrected.Count == 0 ? LockVerdict.Unaffected : new LockVerdict(null, corrected);
    }
}
