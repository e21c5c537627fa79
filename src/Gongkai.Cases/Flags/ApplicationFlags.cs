using System.Globalization;
using Gongkai.Cases.Cases;

namespace Gongkai.Cases.Flags;

/// <summary>A suggestion for the handler, with its evidence; never an outcome by itself.</summary>
public sealed record ApplicationFlag(string Kind, string Message);

/// <summary>An earlier application of the same applicant, as the flags need it.</summary>
public sealed record PriorApplication(string TrackingNumber, DateOnly ReceivedOn, string Request, bool Answered);

/// <summary>
/// Flags an application that may repeat one already answered (条例 第三十六条第六项; table 三 row 三.五.2)
/// or whose applicant's number of applications is clearly beyond reason (第三十五条). The same applicant is
/// recognised by name and masked ID number; requests are compared by their character pairs, which suits
/// Chinese text without word segmentation.
/// </summary>
public static class ApplicationFlags
{
    public const double RepeatSimilarity = 0.6;
    public const int MassApplicationsIn30Days = 10;

    public static IReadOnlyList<ApplicationFlag> For(string request, DateOnly receivedOn, IReadOnlyList<PriorApplication> priors)
    {
        var flags = new List<ApplicationFlag>();
        var mine = Bigrams(request);
        var best = priors.Where(p => p.Answered)
            .Select(p => (Prior: p, Similarity: Jaccard(mine, Bigrams(p.Request))))
            .OrderByDescending(x => x.Similarity)
            .FirstOrDefault();
        if (best.Prior is not null && best.Similarity >= RepeatSimilarity)
        {
            flags.Add(new ApplicationFlag("repeat", string.Create(CultureInfo.InvariantCulture,
                $"可能为重复申请（三.五.2）：与已答复的 {best.Prior.TrackingNumber}（{best.Prior.ReceivedOn:yyyy-MM-dd}收到，“{Short(best.Prior.Request)}”）内容相似度 {best.Similarity:P0}，请承办人确认或排除")));
        }
        var recent = priors.Count(p => p.ReceivedOn > receivedOn.AddDays(-30) && p.ReceivedOn <= receivedOn) + 1;
        if (recent >= MassApplicationsIn30Days)
        {
            flags.Add(new ApplicationFlag("mass", string.Create(CultureInfo.InvariantCulture,
                $"同一申请人30日内已提出 {recent} 件申请，可能明显超过合理范围，可依条例第三十五条要求其说明理由")));
        }
        return flags;
    }

    private static HashSet<string> Bigrams(string text)
    {
        var chars = text.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c)).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            set.Add(new string(chars, i, 2));
        }
        return set;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();

    private static string Short(string s) => s.Length <= 30 ? s : s[..30] + "…";
}
