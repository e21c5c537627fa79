using System.Text;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Blocks;

/// <summary>
/// A whole report saved as one line (some site crawls keep only the text, labels glued to their numbers:
/// "……一、本年新收政府信息公开申请数量570000057二、上年结转……"). Lines are broken again before what the format
/// itself prints at a line's start: the six section headings, the tables' group labels and blocks, and each row
/// label that a number follows. What is between stays as it was; the values are then cut by <c>DigitRun</c> only
/// where the table decides it.
/// </summary>
internal static class OneLineText
{
    /// <summary>A report has dozens of lines; a text of a few very long lines has lost its line breaks.</summary>
    public static bool LooksFolded(string text)
    {
        if (text.Length < 1000)
        {
            return false;
        }
        var lines = 0;
        var longest = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                lines++;
                longest = Math.Max(longest, line.Length);
            }
        }
        // Whatever precedes it (a site's menu, a note), one line holding most of the text is a folded report.
        return lines <= 3 || (longest >= 1000 && longest * 10 >= text.Length * 7);
    }

    /// <summary>How a label breaks the line: a heading stands alone; a block or group label begins a line; a row label
    /// begins one only when a number follows it.</summary>
    private enum Break
    {
        Heading,
        Start,
        BeforeNumber,
    }

    private static readonly (string Label, Break Kind)[] Breaks = BuildBreaks();

    public static string Unfold(string text)
    {
        // Matching is on the folded form (full-width → half-width) without spaces ("(一) 予以公开" is "(一)予以公开"),
        // each character mapped back to its place in the text.
        var folded = ChineseText.Normalize(text);
        if (folded.Length != text.Length)
        {
            return text;
        }
        var chars = new StringBuilder(text.Length);
        var place = new List<int>(text.Length + 1);
        for (var i = 0; i < folded.Length; i++)
        {
            if (folded[i] is not (' ' or '\u3000' or '\t'))
            {
                chars.Append(folded[i]);
                place.Add(i);
            }
        }
        place.Add(text.Length);
        var normal = chars.ToString();
        var breakAt = new bool[text.Length + 1];
        // A place inside a label already broken out: a shorter label there ("规范性文件" in "行政规范性文件") is not one.
        var covered = new bool[normal.Length];
        foreach (var (label, kind) in Breaks)
        {
            for (var at = normal.IndexOf(label, StringComparison.Ordinal); at >= 0; at = normal.IndexOf(label, at + label.Length, StringComparison.Ordinal))
            {
                if (covered[at])
                {
                    continue;
                }
                var after = at + label.Length;
                if (kind != Break.BeforeNumber || (after < normal.Length && char.IsAsciiDigit(normal[after])))
                {
                    // A heading's Markdown marks ("### 三、…") go with it.
                    var start = place[at];
                    while (kind == Break.Heading && start > 0 && text[start - 1] is '#' or ' ')
                    {
                        start--;
                    }
                    breakAt[start] = true;
                    breakAt[place[at + label.Length]] |= kind == Break.Heading;
                    Array.Fill(covered, true, at + 1, label.Length - 1);
                }
            }
        }
        // Table 四 has no row labels to break before: its fifteen values, glued into one run of digits after the header,
        // go on a line of their own, for the table's reader to cut where the groups' totals allow.
        var four = normal.IndexOf(Key(ReportSchema.Format2021.Sections[3].Heading), StringComparison.Ordinal);
        var five = four < 0 ? -1 : normal.IndexOf(Key(ReportSchema.Format2021.Sections[4].Heading), four, StringComparison.Ordinal);
        for (var i = four; i >= 0 && i < (five < 0 ? normal.Length : five); i++)
        {
            var end = i;
            while (end < normal.Length && char.IsAsciiDigit(normal[end]))
            {
                end++;
            }
            if (end - i >= ReportSchema.ReviewColumns.Count * 3)
            {
                breakAt[place[i]] = true;
                breakAt[place[end]] = true;
            }
            i = Math.Max(i, end);
        }
        var sb = new StringBuilder(text.Length + 256);
        for (var i = 0; i < text.Length; i++)
        {
            if (breakAt[i] && i > 0)
            {
                sb.Append('\n');
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    private static string Key(string label) => ChineseText.Normalize(label).Replace(" ", "", StringComparison.Ordinal);

    private static (string, Break)[] BuildBreaks()
    {
        var breaks = new Dictionary<string, Break>(StringComparer.Ordinal);
        foreach (var schema in new[] { ReportSchema.Format2021, ReportSchema.Trial2019 })
        {
            foreach (var section in schema.Sections)
            {
                breaks[Key(section.Heading)] = Break.Heading;
            }
            foreach (var table in schema.Tables)
            {
                foreach (var row in table.Rows)
                {
                    if (row.Block is { } block)
                    {
                        breaks.TryAdd(Key(block), Break.Heading);
                    }
                    // Numbered groups only ("三、本年度办理结果", "（三）不予公开"): "行政诉讼" is also prose.
                    foreach (var group in row.Groups.Where(g => g.Label.StartsWith('（') || g.Label.Contains('、', StringComparison.Ordinal)))
                    {
                        breaks.TryAdd(Key(group.Label), Break.Start);
                    }
                    breaks.TryAdd(Key(row.Label), Break.BeforeNumber);
                }
            }
        }
        // Longer labels first, so that a label inside a longer one ("3.其他") does not break it.
        return breaks.OrderByDescending(b => b.Key.Length).Select(b => (b.Key, b.Value)).ToArray();
    }
}
