using System.Text.RegularExpressions;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Reporting;

/// <summary>
/// 一、总体情况 as an opening paragraph and the five subsections the format names, each starting on its own
/// line with its marker （一）…（五）, so staff can write them one by one with last year's text and a draft
/// beside each, while the report keeps one section text. Text that does not follow that shape stays whole in
/// the opening part: splitting never loses or reorders anything.
/// </summary>
public static partial class OverviewText
{
    /// <summary>The subsections' titles as the format lists them (the schema's <see cref="ReportSchema.OverviewTopics"/>).</summary>
    public static IReadOnlyList<string> Titles => ReportSchema.OverviewTopics;

    public static IReadOnlyList<string> Markers { get; } = ["（一）", "（二）", "（三）", "（四）", "（五）"];

    /// <summary>The opening text, then each subsection's text after its marker (empty where a subsection is absent).</summary>
    public static (string Opening, IReadOnlyList<string> Parts) Split(string? text)
    {
        text ??= "";
        var parts = new string[Markers.Count];
        Array.Fill(parts, "");
        var found = MarkerAtLineStart().Matches(text).ToList();
        var order = found.Select(m => "一二三四五".IndexOf(m.Groups["n"].Value, StringComparison.Ordinal)).ToList();
        // Only markers in increasing order, each once, are read as subsections; anything else stays as written.
        if (found.Count == 0 || order.Zip(order.Skip(1)).Any(p => p.Second <= p.First))
        {
            return (text.Trim(), parts);
        }
        for (var i = 0; i < found.Count; i++)
        {
            var start = found[i].Index + found[i].Length;
            var end = i + 1 < found.Count ? found[i + 1].Index : text.Length;
            parts[order[i]] = text[start..end].Trim();
        }
        return (text[..found[0].Index].Trim(), parts);
    }

    /// <summary>The section text: the opening, then each non-empty subsection on its own line after its marker.</summary>
    public static string Join(string? opening, IReadOnlyList<string?> parts)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(opening))
        {
            lines.Add(opening.Trim());
        }
        for (var i = 0; i < Markers.Count && i < parts.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(parts[i]))
            {
                lines.Add(Markers[i] + parts[i]!.Trim());
            }
        }
        return string.Join("\n", lines);
    }

    [GeneratedRegex(@"^[ \t\u3000]*（(?<n>[一二三四五])）", RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MarkerAtLineStart();
}
