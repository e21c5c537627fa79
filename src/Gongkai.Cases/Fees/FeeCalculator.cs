namespace Gongkai.Cases.Fees;

/// <summary>How an information-processing fee is counted (国办函〔2020〕109号《政府信息公开信息处理费管理办法》第三条): one or the other, never both.</summary>
public enum FeeBasis
{
    /// <summary>按件计收 (第四条): by the applicant's number of applications in the natural month.</summary>
    PerApplication,

    /// <summary>按量计收 (第五条): by the number of pages provided.</summary>
    PerPage,
}

/// <summary>One band of a progressive tariff: items from <see cref="From"/> to <see cref="To"/> (inclusive) cost <see cref="Yuan"/> each.</summary>
public sealed record FeeBand(int From, int? To, decimal Yuan, int Count, decimal Amount);

/// <summary>A computed fee with its bands, for the fee notice (收费通知书).</summary>
public sealed record Fee(FeeBasis Basis, int Quantity, decimal TotalYuan, IReadOnlyList<FeeBand> Bands);

/// <summary>
/// 信息处理费 under 国办函〔2020〕109号, computed 超额累进 (progressively, 第三条): each item is charged at
/// the rate of the band it falls in.
/// </summary>
public static class FeeCalculator
{
    /// <summary>
    /// 第四条 按件计收: the applicant's applications in one natural month. 10 or fewer: free; the 11th to 30th:
    /// 100 元 each; from the 31st, each further band of 10 costs 100 元 more per item (31–40: 200 元, 41–50: 300 元, …).
    /// </summary>
    /// <param name="applicationsInMonth">This application's position in the month's count, i.e. the month's total including it.</param>
    public static Fee PerApplication(int applicationsInMonth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(applicationsInMonth);
        var bands = new List<FeeBand>();
        AddBand(bands, applicationsInMonth, 1, 10, 0m);
        AddBand(bands, applicationsInMonth, 11, 30, 100m);
        for (var from = 31; from <= applicationsInMonth; from += 10)
        {
            AddBand(bands, applicationsInMonth, from, from + 9, 100m + 100m * ((from - 31) / 10 + 1));
        }
        return new Fee(FeeBasis.PerApplication, applicationsInMonth, bands.Sum(b => b.Amount), bands);
    }

    /// <summary>
    /// 第五条 按量计收 by pages: 30 or fewer free; 31–100: 10 元 a page; 101–200: 20 元; above 200: 40 元.
    /// </summary>
    public static Fee PerPage(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        var bands = new List<FeeBand>();
        AddBand(bands, pages, 1, 30, 0m);
        AddBand(bands, pages, 31, 100, 10m);
        AddBand(bands, pages, 101, 200, 20m);
        AddBand(bands, pages, 201, null, 40m);
        return new Fee(FeeBasis.PerPage, pages, bands.Sum(b => b.Amount), bands);
    }

    /// <summary>
    /// The 按件计收 fee of one application: its items (第四条: 一事一申请, split into reasonable smallest units)
    /// are the applicant's items number <paramref name="earlierInMonth"/>+1 … +<paramref name="items"/> of
    /// the natural month, each charged at the rate of the band it falls in.
    /// </summary>
    public static Fee ForApplication(int earlierInMonth, int items)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(earlierInMonth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(items);
        var all = PerApplication(earlierInMonth + items);
        var bands = new List<FeeBand>();
        foreach (var band in all.Bands)
        {
            var from = Math.Max(band.From, earlierInMonth + 1);
            var to = band.From + band.Count - 1;
            if (to >= from)
            {
                bands.Add(band with { From = from, Count = to - from + 1, Amount = (to - from + 1) * band.Yuan });
            }
        }
        return new Fee(FeeBasis.PerApplication, items, bands.Sum(b => b.Amount), bands);
    }

    /// <summary>The fee of one application on the basis the agency chose (第三条: never both).</summary>
    /// <param name="quantity">Items of this application (按件) or pages provided (按量).</param>
    /// <param name="earlierInMonth">For 按件计收: the applicant's items already counted this natural month.</param>
    public static Fee Compute(FeeBasis basis, int quantity, int earlierInMonth = 0) => basis switch
    {
        FeeBasis.PerApplication => ForApplication(earlierInMonth, quantity),
        FeeBasis.PerPage => PerPage(quantity),
    };

    /// <summary>Chinese, for the fee notice: each band with its count and amount, e.g. “第11—30件：100元/件×2件=200元”.</summary>
    public static string Describe(Fee fee)
    {
        var unit = fee.Basis == FeeBasis.PerApplication ? "件" : "页";
        var parts = fee.Bands.Select(b => b.Yuan == 0
            ? $"第{b.From}—{b.From + b.Count - 1}{unit}：不收费"
            : $"第{b.From}—{b.From + b.Count - 1}{unit}：{b.Yuan:0.##}元/{unit}×{b.Count}{unit}={b.Amount:0.##}元");
        return string.Join("；", parts) + $"；合计{fee.TotalYuan:0.##}元";
    }

    public static string Label(this FeeBasis basis) => basis switch
    {
        FeeBasis.PerApplication => "按件计收",
        FeeBasis.PerPage => "按量计收",
    };

    private static void AddBand(List<FeeBand> bands, int quantity, int from, int? to, decimal yuan)
    {
        if (quantity < from)
        {
            return;
        }
        var upper = to is { } t ? Math.Min(t, quantity) : quantity;
        var count = upper - from + 1;
        bands.Add(new FeeBand(from, to, yuan, count, count * yuan));
    }
}
