using System.Text;
using Gongkai.Reports.Text;

namespace Gongkai.Cases.Search;

/// <summary>
/// Turns case text (tracking number, applicant, request, answer) into index terms that a full-text engine
/// can match as whole tokens: Chinese has no spaces, so each run of CJK characters becomes its overlapping
/// character pairs (王小明 → 王小 小明) plus its last character alone, and each run of letters or digits one
/// lower-case word. A query is turned into terms the same way and matched as a phrase, so any substring of
/// two or more Chinese characters is found exactly; one character matches as a prefix. Both SQLite (FTS5)
/// and PostgreSQL (tsvector, 'simple' configuration) index the same terms.
/// </summary>
public static class SearchTerms
{
    /// <summary>The longest text indexed per case; requests beyond it are still stored whole.</summary>
    public const int MaxIndexedChars = 4000;

    public static string For(params string?[] texts)
    {
        var sb = new StringBuilder();
        var tails = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            foreach (var (run, cjk) in Runs(ChineseText.Normalize(text.Length > MaxIndexedChars ? text[..MaxIndexedChars] : text)))
            {
                if (!cjk)
                {
                    Append(sb, run);
                    continue;
                }
                for (var i = 0; i + 1 < run.Length; i++)
                {
                    Append(sb, run.Substring(i, 2));
                }
                tails.Add(run[^1..]);
            }
        }
        foreach (var tail in tails)
        {
            Append(sb, tail);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string token)
    {
        if (sb.Length > 0)
        {
            sb.Append(' ');
        }
        sb.Append(token);
    }

    /// <summary>
    /// A query as groups of terms: each whitespace-separated part of the query is one phrase (its terms in
    /// order); all phrases must match. A part that is a single Chinese character is a prefix term.
    /// </summary>
    public static IReadOnlyList<SearchPhrase> Query(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var phrases = new List<SearchPhrase>();
        foreach (var part in ChineseText.Normalize(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var runs = Runs(part).ToList();
            if (runs.Count == 1 && runs[0].Cjk && runs[0].Text.Length == 1)
            {
                phrases.Add(new SearchPhrase([runs[0].Text], Prefix: true));
                continue;
            }
            var terms = new List<string>();
            foreach (var (text, cjk) in runs)
            {
                if (!cjk)
                {
                    terms.Add(text);
                }
                else if (text.Length == 1)
                {
                    terms.Add(text);
                }
                else
                {
                    for (var i = 0; i + 1 < text.Length; i++)
                    {
                        terms.Add(text.Substring(i, 2));
                    }
                }
            }
            if (terms.Count > 0)
            {
                // A query ending in letters or digits may be the beginning of a longer number or code.
                phrases.Add(new SearchPhrase(terms, Prefix: !runs[^1].Cjk));
            }
        }
        return phrases;
    }

    /// <summary>Runs of CJK characters and runs of ASCII letters/digits (lower case); everything else separates.</summary>
    private static IEnumerable<(string Text, bool Cjk)> Runs(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsCjk(c))
            {
                var start = i;
                while (i < text.Length && IsCjk(text[i]))
                {
                    i++;
                }
                yield return (text[start..i], true);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                }
                yield return (text[start..i].ToLowerInvariant(), false);
            }
            else
            {
                i++;
            }
        }
    }

    private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
}

/// <summary>Terms that must appear in this order, adjacent; with <see cref="Prefix"/> the last term matches as a prefix.</summary>
public sealed record SearchPhrase(IReadOnlyList<string> Terms, bool Prefix);
