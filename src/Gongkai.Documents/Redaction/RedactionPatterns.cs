using System.Text.RegularExpressions;

namespace Gongkai.Documents.Redaction;

/// <summary>
/// What staff search a file for: a ready pattern by its name (居民身份证号, 手机号 …) or any literal text — a word, a
/// phrase, a person's name. Matches never overlap: where two patterns cover the same characters the first listed wins,
/// so an ID number is not counted again as a bank card.
/// </summary>
public static partial class RedactionPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const int TimeoutMs = 1000;

    /// <summary>A ready pattern: its name and what it matches.</summary>
    public sealed record Ready(string Name, string Description, Regex Regex);

    public static IReadOnlyList<Ready> All { get; } =
    [
        new("居民身份证号", "18位居民身份证号码（末位可为X，可分段书写）", IdNumber()),
        new("手机号", "11位手机号码，可带+86和空格、短横", Mobile()),
        new("固定电话", "带区号的固定电话号码，如010-12345678、（0571）8888888", Landline()),
        new("车牌号", "机动车号牌，如京A12345、粤B·D12345", Plate()),
        // No check-digit test: an account number (账号) fails Luhn as often as not, and a leak costs more than a box too many.
        new("银行卡号", "16至19位银行卡号或账号，可带空格", BankCard()),
        new("电子邮箱", "电子邮件地址", Email()),
    ];

    public static string Names => string.Join("、", All.Select(p => p.Name));

    /// <summary>
    /// The source of a literal search's match. Not the words themselves: staff search for a name or a number, which is
    /// personal information, and a mark's source is shown and kept in clear (its covered text is kept encrypted).
    /// </summary>
    public const string Literal = "查找文字";

    /// <summary>The ready pattern of that name, or null (then the text is searched literally).</summary>
    public static Ready? Find(string name) => All.FirstOrDefault(p => p.Name == name.Trim());

    /// <summary>A match in a text: where it starts, how long it is, and which search found it (a ready pattern's name, or <see cref="Literal"/>).</summary>
    public readonly record struct Match(int Start, int Length, string Source);

    /// <summary>Every match of the searches in <paramref name="text"/>, earlier searches first where they overlap.</summary>
    public static IReadOnlyList<Match> Matches(string text, IReadOnlyList<string> searches)
    {
        // Full-width digits, letters and signs (１３９…, ＠) are searched as their ASCII forms, one for one, so positions hold.
        text = HalfWidth(text);
        var found = new List<Match>();
        foreach (var search in searches)
        {
            var term = HalfWidth(search.Trim());
            if (term.Length == 0)
            {
                continue;
            }
            if (Find(term) is { } ready)
            {
                foreach (System.Text.RegularExpressions.Match m in ready.Regex.Matches(text))
                {
                    Add(found, new Match(m.Index, m.Length, ready.Name));
                }
                continue;
            }
            for (var at = text.IndexOf(term, StringComparison.Ordinal); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.Ordinal))
            {
                Add(found, new Match(at, term.Length, Literal));
            }
        }
        return found.OrderBy(m => m.Start).ToList();
    }

    private static void Add(List<Match> found, Match m)
    {
        if (!found.Any(f => f.Start < m.Start + m.Length && m.Start < f.Start + f.Length))
        {
            found.Add(m);
        }
    }

    private static string HalfWidth(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c == '\u3000' ? ' ' : c;
        }
    });

    // 6-digit region, birth date 18xx–20xx, 3-digit sequence, check character; written whole or in groups (410702 19800101 1234).
    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5} ?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]) ?\d{3}[\dXx](?![0-9A-Za-z])", Options, TimeoutMs)]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)", Options, TimeoutMs)]
    private static partial Regex Mobile();

    // An area code (010, 0571; in brackets or before a dash or space) and a 7- or 8-digit number, maybe an extension.
    [GeneratedRegex(@"(?:[(（]0\d{2,3}[)）]\s?|(?<!\d)0\d{2,3}[-－ ])[2-9]\d{6,7}(?:(?:-|转)\d{1,5})?(?!\d)", Options, TimeoutMs)]
    private static partial Regex Landline();

    [GeneratedRegex(@"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·・•\s]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警](?![0-9A-Za-z])", Options, TimeoutMs)]
    private static partial Regex Plate();

    [GeneratedRegex(@"(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)", Options, TimeoutMs)]
    private static partial Regex BankCard();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}", Options, TimeoutMs)]
    private static partial Regex Email();
}
