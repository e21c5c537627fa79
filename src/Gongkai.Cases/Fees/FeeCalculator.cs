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

    /// <summary>The fee on the basis the agency chose for this application (第三条: never both).</summary>
    public static Fee Compute(FeeBasis basis, int quantity) => basis switch
    {
        FeeBasis.PerApplication => PerApplication(quantity),
        FeeBasis.PerPage => PerPage(quantity),
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
