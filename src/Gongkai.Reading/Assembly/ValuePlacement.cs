using System.Globalization;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// Places the value cells that follow a row's label into the row's columns, never guessing silently:
/// positions are used when the printed row has exactly one cell per column, order when it has exactly
/// as many values as columns; anything else is reported and the cells concerned stay absent.
/// </summary>
internal static class ValuePlacement
{
    public enum Outcome
    {
        Placed,
        TooFew,
        TooMany,
    }

    /// <summary>A row whose values could not all be placed.</summary>
    public sealed record Shortfall(RowDef Row, IReadOnlyList<Cell> Values, SourceLocation Source);

    public static Outcome Place(
        ReportTable table, RowDef row, ReadOnlySpan<Cell> afterLabel, bool placeEdges, List<Finding> findings, out IReadOnlyList<Cell> values)
    {
        var columns = row.Columns.Count;
        var start = 0;
        var end = afterLabel.Length - 1;
        while (start <= end && afterLabel[start].Type == CellType.Empty)
        {
            start++;
        }
        while (end >= start && afterLabel[end].Type == CellType.Empty)
        {
            end--;
        }
        var span = start <= end ? afterLabel[start..(end + 1)] : [];
        var compact = new List<Cell>(span.Length);
        foreach (var c in span)
        {
            if (c.Type != CellType.Empty)
            {
                compact.Add(c);
            }
        }
        values = compact;

        if (span.Length == columns)
        {
            for (var i = 0; i < columns; i++)
            {
                Set(table, row, i, span[i], findings);
            }
            return Outcome.Placed;
        }
        if (compact.Count == columns)
        {
            for (var i = 0; i < columns; i++)
            {
                Set(table, row, i, compact[i], findings);
            }
            return Outcome.Placed;
        }
        if (compact.Count > columns)
        {
            return Outcome.TooMany;
        }
        if (compact.Count == 1 && columns > 1 && compact[0].Type == CellType.Value && compact[0].Compact.All(char.IsAsciiDigit)
            && compact[0].Compact.Length >= columns)
        {
            var run = compact[0];
            if (DigitRun.SplitUniquely(run.Compact, row, table.Schema, out var found) is { } parts)
            {
                for (var i = 0; i < columns; i++)
                {
                    var text = parts[i].ToString(CultureInfo.InvariantCulture);
                    table[table.Schema.RowIndex(row.Key), i] = new CellValue(parts[i], text, run.Source);
                }
                findings.Add(new Finding(Rules.DigitsGlued,
                    $"{table.Schema.Title}“{row.Text}”行的数值连写为“{run.Raw}”，按本表的勾稽关系只有一种拆分：{string.Join("、", parts.Select(p => p.ToString(CultureInfo.InvariantCulture)))}",
                    run.Source.ToString()));
                return Outcome.Placed;
            }
            findings.Add(new Finding(Rules.ValuesUnplaced,
                $"{table.Schema.Title}“{row.Text}”行的数值连写为“{run.Raw}”，{(found == 0 ? "没有一种拆分符合本表的勾稽关系" : "有不止一种拆分符合本表的勾稽关系")}，无法确定各列数值，按缺项处理",
                run.Source.ToString()));
            values = [];
            return Outcome.Placed;
        }
        // Too few. The first and last printed columns (自然人, 总计) are fixed by the format's layout;
        // which inner column is missing cannot be known, so inner values stay unplaced.
        if (placeEdges && compact.Count >= 2)
        {
            Set(table, row, 0, compact[0], findings);
            Set(table, row, columns - 1, compact[^1], findings);
        }
        return Outcome.TooFew;
    }

    private static void Set(ReportTable table, RowDef row, int column, Cell cell, List<Finding> findings)
    {
        if (cell.Type == CellType.BadValue || cell.Type == CellType.Text)
        {
            findings.Add(new Finding(Rules.ValueNotNumber,
                $"{table.Schema.Title}“{row.Text}”行“{row.Columns[column].Label}”列为“{cell.Raw}”，不是数字，按缺项处理",
                cell.Source.ToString()));
        }
        table[table.Schema.RowIndex(row.Key), column] = cell.ToValue();
    }

    public static string List(IEnumerable<Cell> cells) => string.Join("、", cells.Select(c => c.Raw));

    public static string Lines(IReadOnlyList<SourceLocation> sources) =>
        sources.Count == 1 || sources[0].Line == sources[^1].Line
            ? sources[0].ToString()
            : string.Create(CultureInfo.InvariantCulture, $"第{sources[0].Line}行至第{sources[^1].Line}行");
}
