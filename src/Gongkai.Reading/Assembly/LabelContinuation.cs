using Gongkai.Reading.Blocks;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// A row label broken over two lines ("5.属于三类" / "内部事务信息⇥2⇥0…") arrives as a line of prose
/// followed by a row. The two are joined only when together they are exactly a label of the format.
/// </summary>
internal static class LabelContinuation
{
    private static readonly RowLabels[] Labels =
    [
        RowLabels.For(ReportSchema.Format2021.Applications),
        RowLabels.For(ReportSchema.Format2021.Proactive),
        RowLabels.For(ReportSchema.Trial2019.Applications),
        RowLabels.For(ReportSchema.Trial2019.Proactive),
    ];

    public static RowBlock? TryJoin(ParagraphBlock start, RowBlock row)
    {
        var head = ChineseText.Compact(ChineseText.Normalize(start.Text));
        if (head.Length == 0 || head.Length > 40)
        {
            return null;
        }
        var first = Array.FindIndex(row.Cells, c => c.Length > 0);
        if (first < 0)
        {
            return null;
        }
        var tail = ChineseText.Compact(ChineseText.Normalize(row.Cells[first]));
        if (IsExactLabel(tail) || !IsExactLabel(head + tail))
        {
            return null;
        }
        var cells = (string[])row.Cells.Clone();
        cells[first] = start.Text.Trim() + cells[first];
        return row with { Cells = cells };
    }

    /// <summary>
    /// A label wrapped around its values: in a PDF the values sit in the middle of a tall cell, so the label's first
    /// line comes before the row of numbers and its rest after ("（二）部分公开（…，不" / "4⇥0⇥…" / "计其他情形）").
    /// Joined only when the row has no label of its own and the two lines together are exactly a label of the format.
    /// </summary>
    public static RowBlock? TryWrap(ParagraphBlock before, RowBlock row, ParagraphBlock after)
    {
        // Numbers, or dashes printed in a number's place.
        if (row.Cells.Any(c => c.Length > 0 && Cells.ParseOne(c, default).Type is not (CellType.Value or CellType.Placeholder)))
        {
            return null;
        }
        var head = ChineseText.Compact(ChineseText.Normalize(before.Text));
        var tail = ChineseText.Compact(ChineseText.Normalize(after.Text));
        if (head.Length == 0 || tail.Length == 0 || head.Length + tail.Length > 60 || !IsExactLabel(head + tail))
        {
            return null;
        }
        return new RowBlock([before.Text.Trim() + after.Text.Trim(), .. row.Cells], [before.Source, .. row.CellSources], row.Source);
    }

    /// <summary>
    /// A label glued to its first value ("行政规范性文件0", "（一）予以公开25"), as a PDF prints a value close to its label:
    /// split only when the text before the trailing number is exactly a label of the format (no label ends in a digit,
    /// so the whole trailing number is the value).
    /// </summary>
    public static RowBlock? TrySplitGlued(RowBlock row)
    {
        // The label cell is the last text before the first value (a group label may come before it).
        var firstValue = Array.FindIndex(row.Cells, c => c.Length > 0 && Cells.TryNumber(ChineseText.Compact(ChineseText.Normalize(c)), out _, out _));
        if (firstValue == 0)
        {
            return null;
        }
        var first = Array.FindLastIndex(row.Cells, firstValue < 0 ? row.Cells.Length - 1 : firstValue - 1, c => c.Length > 0);
        if (first < 0 || SplitGlued(row.Cells[first]) is not var (label, value))
        {
            return null;
        }
        var cells = row.Cells.ToList();
        var sources = row.CellSources.ToList();
        cells[first] = label;
        cells.Insert(first + 1, value);
        sources.Insert(first + 1, sources[first]);
        return row with { Cells = [.. cells], CellSources = [.. sources] };
    }

    /// <summary>The label and the number of a cell such as "行政事业性收费9486.7475", or null.</summary>
    public static (string Label, string Value)? SplitGlued(string cell)
    {
        var text = ChineseText.Normalize(cell).Trim();
        var end = text.Length;
        var start = end;
        while (start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] is '.' or ','))
        {
            start--;
        }
        if (start == end || start == 0 || !char.IsAsciiDigit(text[start]) || !Cells.TryNumber(text[start..], out _, out _))
        {
            return null;
        }
        var label = text[..start].TrimEnd();
        var compact = ChineseText.Compact(label);
        return compact.Length > 0 && IsLabelAfterGroup(compact) && !IsLabelAfterGroup(ChineseText.Compact(text)) ? (label, text[start..]) : null;
    }

    /// <summary>Exactly a label, or a group's title followed by exactly a numbered label ("(三)不予公开1.属于国家秘密").</summary>
    private static bool IsLabelAfterGroup(string compact)
    {
        if (IsExactLabel(compact))
        {
            return true;
        }
        for (var i = 1; i + 1 < compact.Length; i++)
        {
            if (char.IsAsciiDigit(compact[i]) && compact[i + 1] == '.' && !char.IsAsciiDigit(compact[i - 1]) && IsExactLabel(compact[i..]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A row too wide for the page, wrapped: its label and first values on one line, the remaining values alone on the
    /// next ("（二）部分公开（…）⇥3⇥0⇥0⇥0⇥0" / "0⇥3"). Joined only when the second line is numbers alone and the two
    /// together hold exactly the table's column count.
    /// </summary>
    public static RowBlock? TryJoinWrapped(RowBlock row, Block nextBlock, int columns)
    {
        var next = nextBlock switch
        {
            RowBlock r => r,
            // A lone "1" or "0 3" on the next line is a paragraph to the splitter.
            ParagraphBlock p => new RowBlock(p.Text.Split([' ', '\u3000', '\t'], StringSplitOptions.RemoveEmptyEntries),
                p.Text.Split([' ', '\u3000', '\t'], StringSplitOptions.RemoveEmptyEntries).Select((_, i) => p.Source with { Cell = i + 1 }).ToArray(), p.Source),
            _ => null,
        };
        if (next is null)
        {
            return null;
        }
        var values = row.Cells.Count(c => c.Length > 0 && Cells.TryNumber(ChineseText.Compact(ChineseText.Normalize(c)), out _, out _));
        // A row of labels alone takes a whole row of numbers from the next line; a part row, the rest of one.
        if (values >= columns || (values == 0 && !row.Cells.Any(c => c.Length > 0)))
        {
            return null;
        }
        var rest = next.Cells.Where(c => c.Length > 0).ToArray();
        if (rest.Length == 0 || rest.Any(c => !Cells.TryNumber(ChineseText.Compact(ChineseText.Normalize(c)), out _, out _)) || values + rest.Length != columns)
        {
            return null;
        }
        var kept = next.Cells.Select((c, i) => (c, i)).Where(x => x.c.Length > 0).ToArray();
        return row with
        {
            Cells = [.. row.Cells, .. kept.Select(x => x.c)],
            CellSources = [.. row.CellSources, .. kept.Select(x => next.CellSources[x.i])],
        };
    }

    private static bool IsExactLabel(string compact) =>
        Labels.Any(l => l.Match(compact, out var approximate) is not null && !approximate);
}
