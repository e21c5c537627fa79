using Gongkai.Reading.Blocks;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// Reads table 四: one printed row of 15 numbers under a three-level header (行政复议 | 行政诉讼:
/// 未经复议直接起诉, 复议后起诉), or rows labelled by group with five numbers each.
/// </summary>
internal static class ReviewTableReader
{
    private static readonly string[] ExpectedHeaders =
        ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", .. ReportSchema.ReviewColumns.Select(c => c.Label)];

    public static void Read(IReadOnlyList<ParsedRow> rows, ReportTable table, List<Finding> findings)
    {
        var schema = table.Schema;
        var labels = RowLabels.For(schema);
        var headerTexts = new HashSet<string>(StringComparer.Ordinal);
        var unlabelled = new List<Cell>();
        var sources = new List<SourceLocation>();
        var unlabelledRows = new List<Cell[]>();
        foreach (var block in rows)
        {
            var cells = block.Cells;
            var firstValue = Array.FindIndex(cells, c => c.IsValueLike);
            if (firstValue < 0)
            {
                foreach (var c in cells.Where(c => c.Type == CellType.Text))
                {
                    headerTexts.Add(c.Compact);
                }
                continue;
            }
            var labelIndex = Array.FindLastIndex(cells, firstValue, c => c.Type == CellType.Text);
            var row = labelIndex >= 0 ? labels.Match(cells[labelIndex].Compact, out _) : null;
            if (row is not null)
            {
                var outcome = ValuePlacement.Place(table, row, cells.AsSpan(labelIndex + 1), placeEdges: false, findings, out var values);
                if (outcome != ValuePlacement.Outcome.Placed)
                {
                    findings.Add(new Finding(Rules.ValuesUnplaced,
                        $"表四“{row.Text}”行有 {values.Count} 个数值（{ValuePlacement.List(values)}），应为 5 个，按缺项处理", block.Block.Source.ToString()));
                }
                continue;
            }
            unlabelled.AddRange(cells.Where(c => c.IsValueLike));
            unlabelledRows.Add(cells);
            sources.Add(block.Block.Source);
        }

        var width = schema.Rows.Sum(r => r.Columns.Count);
        // One row of fifteen cells with some left blank (copied from a web page or a spreadsheet): each keeps its place.
        if (unlabelled.Count < width && unlabelledRows.Count == 1 && Positional(unlabelledRows[0], width) is { } positional)
        {
            unlabelled = positional;
        }
        // The whole table glued into one run of digits (a crawl): cut only where the groups' 总计 leave one reading.
        if (unlabelled.Count == 1 && unlabelled[0].Type == CellType.Value && unlabelled[0].Compact.All(char.IsAsciiDigit) && unlabelled[0].Compact.Length >= width)
        {
            var run = unlabelled[0];
            if (DigitRun.SplitRowsUniquely(run.Compact, schema.Rows, schema, out var ways) is { } split)
            {
                for (var r = 0; r < schema.Rows.Count; r++)
                {
                    for (var c = 0; c < schema.Rows[r].Columns.Count; c++)
                    {
                        table[r, c] = new CellValue(split[r][c], split[r][c].ToString(System.Globalization.CultureInfo.InvariantCulture), run.Source);
                    }
                }
                findings.Add(new Finding(Rules.DigitsGlued,
                    $"表四的 {width} 个数值连写为“{run.Raw}”，按各组“总计”等于四种结果之和只有一种拆分：{string.Join("、", split.SelectMany(r => r).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}",
                    run.Source.ToString()));
                unlabelled = [];
            }
            else
            {
                findings.Add(new Finding(Rules.ValuesUnplaced,
                    $"表四的数值连写为“{run.Raw}”，{(ways == 0 ? "没有一种拆分符合各组“总计”等于四种结果之和" : "有不止一种拆分符合各组“总计”等于四种结果之和")}，无法确定各列数值，按缺项处理",
                    run.Source.ToString()));
                unlabelled = [];
            }
        }
        if (unlabelled.Count == width)
        {
            var k = 0;
            for (var r = 0; r < schema.Rows.Count; r++)
            {
                var row = schema.Rows[r];
                for (var c = 0; c < row.Columns.Count; c++, k++)
                {
                    if (unlabelled[k].Type == CellType.BadValue)
                    {
                        findings.Add(new Finding(Rules.ValueNotNumber,
                            $"表四“{row.Text}”“{row.Columns[c].Label}”为“{unlabelled[k].Raw}”，不是数字，按缺项处理", unlabelled[k].Source.ToString()));
                    }
                    table[r, c] = unlabelled[k].Type == CellType.Empty ? null : unlabelled[k].ToValue();
                }
            }
        }
        else if (unlabelled.Count > 0)
        {
            findings.Add(new Finding(Rules.ValuesUnplaced,
                $"表四有 {unlabelled.Count} 个数值（{ValuePlacement.List(unlabelled)}），应为 {width} 个（行政复议 5 个，行政诉讼两组各 5 个），无法确定所属的列，按缺项处理",
                ValuePlacement.Lines(sources)));
        }

        if (unlabelled.Count > 0 || !table.IsEmpty)
        {
            var missing = ExpectedHeaders.Where(h => !headerTexts.Contains(ChineseText.LabelKey(h))).ToArray();
            if (missing.Length > 0)
            {
                findings.Add(new Finding(Rules.ColumnHeaders, $"表四表头缺少列标题：{string.Join("、", missing)}",
                    rows.Count > 0 ? rows[0].Block.Source.ToString() : ""));
            }
        }
    }

    /// <summary>The row's cells when, without trailing blanks beyond the width, it has exactly one cell per column.</summary>
    private static List<Cell>? Positional(Cell[] cells, int width)
    {
        var length = cells.Length;
        while (length > width && cells[length - 1].Type == CellType.Empty)
        {
            length--;
        }
        return length == width ? [.. cells[..length]] : null;
    }
}
