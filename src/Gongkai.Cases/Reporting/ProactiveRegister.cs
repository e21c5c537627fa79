using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Reporting;

/// <summary>The two kinds of regulatory document table 二 counts (国办公开办函〔2021〕30号, 第二十条第（一）项).</summary>
public enum RegulatoryDocumentKind
{
    /// <summary>规章.</summary>
    Rule,

    /// <summary>行政规范性文件.</summary>
    NormativeDocument,
}

/// <summary>A regulatory document the agency made, with the day it was issued and, once abolished, the day it ceased.</summary>
public sealed record RegulatoryDocument(RegulatoryDocumentKind Kind, string Title, DateOnly IssuedOn, DateOnly? AbolishedOn = null);

/// <summary>
/// A year's decisions and fees for table 二 (第二十条第（五）至（八）项): 行政许可, 行政处罚 and 行政强制 decisions
/// (本年处理决定数量) and 行政事业性收费 collected, in 万元 (exact decimals, as the format prints them).
/// </summary>
public sealed record YearlyAdministrativeFigures(int Year, long Licensing, long Penalties, long Enforcement, decimal FeesTenThousandYuan);

/// <summary>
/// Table 二 (主动公开政府信息情况) for a year, from the register: a document counts as 本年制发 when issued in
/// the year, 本年废止 when abolished in it, 现行有效 when issued by its end and not abolished by then. The
/// decision and fee rows come from the year's figures; without them those cells stay absent, so the
/// checker reports them missing rather than zero.
/// </summary>
public static class Table2Statistics
{
    public static ReportTable Compute(IEnumerable<RegulatoryDocument> documents, YearlyAdministrativeFigures? figures, int year)
    {
        var table = new ReportTable(ReportSchema.Format2021.Proactive);
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        var all = documents.ToList();
        foreach (var (kind, row) in new[] { (RegulatoryDocumentKind.Rule, "规章"), (RegulatoryDocumentKind.NormativeDocument, "行政规范性文件") })
        {
            var mine = all.Where(d => d.Kind == kind).ToList();
            table[row, "本年制发件数"] = CellValue.Of(mine.Count(d => d.IssuedOn >= start && d.IssuedOn <= end));
            table[row, "本年废止件数"] = CellValue.Of(mine.Count(d => d.AbolishedOn is { } a && a >= start && a <= end));
            table[row, "现行有效件数"] = CellValue.Of(mine.Count(d => d.IssuedOn <= end && (d.AbolishedOn is not { } gone || gone > end)));
        }
        if (figures is not null && figures.Year == year)
        {
            table["行政许可", "本年处理决定数量"] = CellValue.Of(figures.Licensing);
            table["行政处罚", "本年处理决定数量"] = CellValue.Of(figures.Penalties);
            table["行政强制", "本年处理决定数量"] = CellValue.Of(figures.Enforcement);
            table["行政事业性收费", "本年收费金额"] = CellValue.Of(figures.FeesTenThousandYuan);
        }
        return table;
    }
}
