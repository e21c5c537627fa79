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
        if (row.Cells.Any(c => c.Length > 0 && !Cells.TryNumber(c, out _, out _)))
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

    private static bool IsExactLabel(string compact) =>
        Labels.Any(l => l.Match(compact, out var approximate) is not null && !approximate);
}
