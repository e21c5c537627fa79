using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Reporting;

/// <summary>The three rows of table 四.</summary>
public enum ProceedingKind
{
    /// <summary>行政复议.</summary>
    Reconsideration,

    /// <summary>行政诉讼 · 未经复议直接起诉.</summary>
    DirectLawsuit,

    /// <summary>行政诉讼 · 复议后起诉.</summary>
    LawsuitAfterReconsideration,
}

/// <summary>The result columns of table 四.</summary>
public enum ProceedingResult
{
    /// <summary>尚未审结.</summary>
    Pending,

    /// <summary>结果维持.</summary>
    Upheld,

    /// <summary>结果纠正.</summary>
    Corrected,

    /// <summary>其他结果.</summary>
    Other,
}

public static class ProceedingLabels
{
    /// <summary>The result as staff read it: 维持, 纠正, 其他结果, 尚未审结.</summary>
    public static string Label(this ProceedingResult result) => result switch
    {
        ProceedingResult.Upheld => "维持",
        ProceedingResult.Corrected => "纠正",
        ProceedingResult.Other => "其他结果",
        ProceedingResult.Pending => "尚未审结",
    };
}

/// <summary>
/// An administrative reconsideration or lawsuit about a disclosure case (条例 第五十一条). A lawsuit after
/// reconsideration is made from the reconsideration (<see cref="SueAfter"/>) and names it, so one dispute
/// is typed once and appears in both rows as the format asks.
/// </summary>
/// <remarks>Refusals are <see cref="ArgumentException"/>s whose message is the Chinese sentence shown to staff.</remarks>
public sealed record ReviewProceeding(Guid Id, ProceedingKind Kind, Guid? CaseId, string Body, DateOnly FiledOn,
    ProceedingResult Result = ProceedingResult.Pending, DateOnly? DecidedOn = null, Guid? FollowsId = null)
{
    public static ReviewProceeding File(ProceedingKind kind, Guid? caseId, string body, DateOnly filedOn)
    {
        if (kind == ProceedingKind.LawsuitAfterReconsideration)
        {
            throw new ArgumentException("复议后起诉应由对应的行政复议登记（SueAfter），不单独录入");
        }
        return new(Guid.NewGuid(), kind, caseId, body, filedOn);
    }

    /// <summary>The decision; a decision before the filing date is refused.</summary>
    public ReviewProceeding Decide(ProceedingResult result, DateOnly on)
    {
        if (result == ProceedingResult.Pending)
        {
            throw new ArgumentException("审结时应选择维持、纠正或其他结果");
        }
        if (on < FiledOn)
        {
            throw new ArgumentException($"审结日期{on:yyyy-MM-dd}早于受理日期{FiledOn:yyyy-MM-dd}");
        }
        return this with { Result = result, DecidedOn = on };
    }

    /// <summary>A lawsuit brought after this reconsideration was decided (行政诉讼法 第四十五条: within 15 days of the decision).</summary>
    public ReviewProceeding SueAfter(string court, DateOnly filedOn)
    {
        if (Kind != ProceedingKind.Reconsideration || DecidedOn is not { } decided)
        {
            throw new InvalidOperationException("只有已作出决定的行政复议才能登记复议后起诉");
        }
        if (filedOn < decided)
        {
            throw new ArgumentException($"起诉日期{filedOn:yyyy-MM-dd}早于复议决定日期{decided:yyyy-MM-dd}");
        }
        return new(Guid.NewGuid(), ProceedingKind.LawsuitAfterReconsideration, CaseId, court, filedOn, FollowsId: Id);
    }
}

/// <summary>
/// Table 四 for a year. The format does not say which proceedings a year counts; Gongkai counts them as
/// table 三 counts applications: every proceeding filed by the end of the year and not decided before its
/// start, in the column of its result if decided within the year, else 尚未审结. So a proceeding pending at a
/// year's end appears again the next year with its result.
/// </summary>
public static class Table4Statistics
{
    public static ReportTable Compute(IEnumerable<ReviewProceeding> proceedings, int year)
    {
        var table = new ReportTable(ReportSchema.Format2021.Review);
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        var counts = new Dictionary<(string Row, string Column), int>();
        foreach (var p in proceedings)
        {
            if (p.FiledOn > end || p.DecidedOn < start)
            {
                continue;
            }
            var column = p.DecidedOn is { } decided && decided <= end ? Column(p.Result) : "尚未审结";
            counts[(Row(p.Kind), column)] = counts.GetValueOrDefault((Row(p.Kind), column)) + 1;
        }
        foreach (var row in table.Schema.Rows)
        {
            var total = 0;
            foreach (var column in new[] { "结果维持", "结果纠正", "其他结果", "尚未审结" })
            {
                var n = counts.GetValueOrDefault((row.Key, column));
                table[row.Key, column] = CellValue.Of(n);
                total += n;
            }
            table[row.Key, "总计"] = CellValue.Of(total);
        }
        return table;
    }

    public static string Row(ProceedingKind kind) => kind switch
    {
        ProceedingKind.Reconsideration => "行政复议",
        ProceedingKind.DirectLawsuit => "未经复议直接起诉",
        ProceedingKind.LawsuitAfterReconsideration => "复议后起诉",
    };

    private static string Column(ProceedingResult result) => result switch
    {
        ProceedingResult.Upheld => "结果维持",
        ProceedingResult.Corrected => "结果纠正",
        ProceedingResult.Other => "其他结果",
        ProceedingResult.Pending => "尚未审结",
    };
}
