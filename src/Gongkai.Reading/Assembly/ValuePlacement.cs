using System.Globalization;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// Places the value cells that follow a row's label into the row's columns, never guessing silently:
/// positions are used when the printed row has exactly one cell per column (or lines up with the table's
/// <see cref="ColumnGrid"/>), order when it has exactly as many values as columns; anything else is reported and the
/// cells concerned stay absent.
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

    /// <param name="grid">Where the table's complete rows print their values, for a row with cells left blank.</param>
    /// <param name="rowWidth">How many cells the row has in all, label cells included.</param>
    public static Outcome Place(
        ReportTable table, RowDef row, ReadOnlySpan<Cell> afterLabel, bool placeEdges, List<Finding> findings, out IReadOnlyList<Cell> values,
        ColumnGrid? grid = null, int rowWidth = 0)
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
        if (compact.Count < columns && compact.Count > 0)
        {
            // A cell left blank between tabs keeps its place (a table copied from a web page or a spreadsheet) when the
            // row is as wide as the table's complete rows. Not when only the count of fields matches the columns: a
            // trailing tab or a merged label cell would then shift every value by one.
            if (grid is { } g && g.Columns == columns && g.Width == rowWidth && g.Holds(afterLabel))
            {
                foreach (var cell in afterLabel)
                {
                    if (cell.Type != CellType.Empty)
                    {
                        Set(table, row, cell.Source.Cell - 1 - g.Start, cell, findings);
                    }
                }
                return Outcome.Placed;
            }
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

/// <summary>
/// Where a table's values sit in its tab-separated rows: the rows that print every column (one value after another)
/// are <see cref="Width"/> cells wide with the first value at <see cref="Start"/> (0-based). A row of the same width with
/// some cells blank has its values at the same places — but only in text that keeps an empty field for a blank cell,
/// which a row of the same width shows; a PDF's text, which drops blank cells, gives shorter rows and is not placed so.
/// </summary>
internal readonly record struct ColumnGrid(int Width, int Start, int Columns)
{
    /// <summary>The layout most complete rows share, or null when no row prints all <paramref name="columns"/> values.</summary>
    public static ColumnGrid? Learn(IReadOnlyList<ParsedRow> rows, int columns)
    {
        var counts = new Dictionary<(int Width, int Start), int>();
        foreach (var row in rows)
        {
            var cells = row.Cells;
            var first = Array.FindIndex(cells, c => c.IsValueLike);
            if (first < 0 || first + columns > cells.Length)
            {
                continue;
            }
            var complete = true;
            for (var i = first; i < cells.Length; i++)
            {
                if ((i < first + columns) != (cells[i].Type != CellType.Empty))
                {
                    complete = false;
                    break;
                }
            }
            if (complete)
            {
                counts[(cells.Length, first)] = counts.GetValueOrDefault((cells.Length, first)) + 1;
            }
        }
        if (counts.Count == 0)
        {
            return null;
        }
        var best = counts.MaxBy(c => c.Value).Key;
        return new ColumnGrid(best.Width, best.Start, columns);
    }

    /// <summary>Every non-empty cell stands in one of the grid's columns (positions from each cell's source).</summary>
    public bool Holds(ReadOnlySpan<Cell> cells)
    {
        foreach (var cell in cells)
        {
            if (cell.Type != CellType.Empty && (cell.Source.Cell <= 0 || cell.Source.Cell - 1 < Start || cell.Source.Cell - 1 >= Start + Columns))
            {
                return false;
            }
        }
        return true;
    }
}
