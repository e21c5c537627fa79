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

/// <summary>
/// An entry of the 主动公开 register by channel: either one item published on a day (<see cref="Title"/> set,
/// <see cref="Count"/> 1) or a count over a period for agencies that keep tallies rather than lists.
/// </summary>
public sealed record ProactiveEntry(string Channel, DateOnly From, DateOnly To, long Count, string? Title = null)
{
    /// <summary>One item published on <paramref name="on"/>.</summary>
    public static ProactiveEntry Item(string channel, DateOnly on, string title) => Checked(new(channel, on, on, 1, title));

    /// <summary>A tally of <paramref name="count"/> items over a period inside one calendar year (reports count by year).</summary>
    public static ProactiveEntry Tally(string channel, DateOnly from, DateOnly to, long count) => Checked(new(channel, from, to, count));

    private static ProactiveEntry Checked(ProactiveEntry e)
    {
        if (string.IsNullOrWhiteSpace(e.Channel))
        {
            throw new ArgumentException("请选择发布渠道");
        }
        if (e.Title is not null && string.IsNullOrWhiteSpace(e.Title))
        {
            throw new ArgumentException("请填写信息标题");
        }
        if (e.To < e.From)
        {
            throw new ArgumentException($"统计期间的结束日期{e.To:yyyy-MM-dd}早于开始日期{e.From:yyyy-MM-dd}");
        }
        if (e.To.Year != e.From.Year)
        {
            throw new ArgumentException($"统计期间{e.From:yyyy-MM-dd}至{e.To:yyyy-MM-dd}跨年度，请按年度分开登记");
        }
        if (e.Count < 0)
        {
            throw new ArgumentException("条数不能为负数");
        }
        return e;
    }
}

/// <summary>What one channel carried in a year.</summary>
public sealed record ChannelTotal(string Channel, long Count);

/// <summary>
/// The year's 主动公开 by channel (the narrative of section 一（一）, which the format asks for alongside table 二):
/// every configured channel in its order, with zero where nothing was registered, then any channel that has
/// entries but is no longer configured, so that nothing registered is silently dropped.
/// </summary>
public static class ProactiveChannelStatistics
{
    public static IReadOnlyList<ChannelTotal> Compute(IEnumerable<ProactiveEntry> entries, IReadOnlyList<string> channels, int year)
    {
        var totals = entries.Where(e => e.From.Year == year).GroupBy(e => e.Channel).ToDictionary(g => g.Key, g => g.Sum(e => e.Count));
        return channels.Select(c => new ChannelTotal(c, totals.GetValueOrDefault(c)))
            .Concat(totals.Where(t => !channels.Contains(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new ChannelTotal(t.Key, t.Value)))
            .ToList();
    }
}
