using Gongkai.Reports.Model;

namespace Gongkai.Batch.Dataset;

/// <summary>A ratio a supervising office compares across agencies: its key, Chinese name and how it is computed.</summary>
public sealed record RatioDef(string Key, string Name, string Definition, Func<AnnualReport, decimal?> Compute);

/// <summary>
/// The key ratios of a report's tables 三 and 四. A ratio whose cells are absent, or whose denominator is 0, is
/// null (no applications means no rate, not a rate of 0).
/// </summary>
public static class KeyRatios
{
    public static IReadOnlyList<RatioDef> All { get; } =
    [
        new("disclosure_rate", "公开率", "（予以公开＋部分公开）÷ 办理结果总计（表三，总计列）",
            r => Ratio(Sum(r, "三.一", "三.二"), Total(r, "三.七"))),
        new("refusal_rate", "不予公开率", "不予公开各项之和 ÷ 办理结果总计（表三，总计列）",
            r => Ratio(SumWhere(r, k => k.StartsWith("三.三.", StringComparison.Ordinal)), Total(r, "三.七"))),
        new("review_correction_rate", "复议纠错率", "行政复议结果纠正 ÷ 行政复议总计（表四）",
            r => Ratio(r.Review.Value("行政复议", "结果纠正"), r.Review.Value("行政复议", "总计"))),
        new("carry_over_rate", "结转率", "结转下年度继续办理 ÷（本年新收＋上年结转）（表三，总计列）",
            r => Ratio(Total(r, "四"), Sum(r, "一", "二"))),
    ];

    private static decimal? Total(AnnualReport r, string row) => r.Applications.Value(row, "总计");

    private static decimal? Sum(AnnualReport r, params string[] rows) => SumWhere(r, rows.Contains);

    private static decimal? SumWhere(AnnualReport r, Func<string, bool> include)
    {
        decimal sum = 0;
        var any = false;
        foreach (var row in r.Applications.Schema.Rows.Where(row => include(row.Key)))
        {
            if (r.Applications.Value(row.Key, "总计") is not { } v)
            {
                return null;
            }
            sum += v;
            any = true;
        }
        return any ? sum : null;
    }

    private static decimal? Ratio(decimal? numerator, decimal? denominator) =>
        numerator is { } n && denominator is { } d && d > 0 ? Math.Round(n / d, 4) : null;
}
