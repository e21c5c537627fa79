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

    private static bool IsExactLabel(string compact) =>
        Labels.Any(l => l.Match(compact, out var approximate) is not null && !approximate);
}
