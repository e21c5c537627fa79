using System.Text.RegularExpressions;
using Gongkai.Reading.Blocks;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>Reads table 二: blocks headed 第二十条第（X）项, each with a 信息内容 header row and data rows.</summary>
internal static partial class ProactiveTableReader
{
    [GeneratedRegex(@"^第二十条第\(?[一二三四五六七八九十]+\)?项", RegexOptions.CultureInvariant, 100)]
    private static partial Regex BlockHeading();

    public static void Read(IReadOnlyList<ParsedRow> rows, ReportTable table, List<Finding> findings)
    {
        var schema = table.Schema;
        var labels = RowLabels.For(schema);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? block = null;
        // Blocks have three columns or one; each count has its own layout.
        // A block's header ("信息内容 | 本年制发件数 | …") says where its columns are, which rows left blank cannot.
        var grids = new Dictionary<int, ColumnGrid?>();
        ColumnGrid? header = null;
        ColumnGrid? GridFor(int columns) => header is { } h && h.Columns == columns ? h
            : grids.TryGetValue(columns, out var g) ? g : grids[columns] = ColumnGrid.Learn(rows, columns);
        foreach (var rowBlock in rows)
        {
            var cells = rowBlock.Cells;
            var first = Array.FindIndex(cells, c => c.Type != CellType.Empty);
            if (first < 0)
            {
                continue;
            }
            if (BlockHeading().IsMatch(cells[first].Compact))
            {
                block = cells[first].Compact;
                header = null;
                continue;
            }
            if (cells[first].Compact == "信息内容")
            {
                CheckHeader(schema, block, cells.AsSpan(first + 1), findings);
                var labelled = cells.Count(c => c.Type == CellType.Text) - 1;
                header = labelled > 0 && Array.FindLastIndex(cells, c => c.Type == CellType.Text) == first + labelled
                    ? new ColumnGrid(cells.Length, first + 1, labelled) : null;
                continue;
            }
            var firstValue = Array.FindIndex(cells, c => c.IsValueLike);
            var labelIndex = firstValue < 0 ? first : Array.FindLastIndex(cells, firstValue, c => c.Type == CellType.Text);
            if (labelIndex < 0)
            {
                findings.Add(new Finding(Rules.RowUnrecognized,
                    $"表二有一行只有数值、没有行标签：{ValuePlacement.List(cells.Where(c => c.IsValueLike))}", rowBlock.Block.Source.ToString()));
                continue;
            }
            var label = cells[labelIndex];
            var row = labels.Match(label.Compact, out var approximate);
            if (row is null)
            {
                if (firstValue >= 0)
                {
                    findings.Add(new Finding(Rules.RowUnrecognized,
                        $"表二的行“{label.Raw}”不是格式中的行，其数值（{ValuePlacement.List(cells.Skip(labelIndex + 1).Where(c => c.IsValueLike))}）未计入",
                        label.Source.ToString()));
                }
                continue;
            }
            if (approximate)
            {
                findings.Add(new Finding(Rules.LabelVariant,
                    $"表二的行标签“{label.Raw}”与格式的“{row.Label}”不一致，按“{row.Label}”行读取", label.Source.ToString()));
            }
            if (!seen.Add(row.Key))
            {
                findings.Add(new Finding(Rules.RowDuplicate, $"表二“{row.Label}”行出现了不止一次，只采用第一次出现的数值", label.Source.ToString()));
                continue;
            }
            if (firstValue < 0)
            {
                continue;
            }
            var outcome = ValuePlacement.Place(table, row, cells.AsSpan(labelIndex + 1), placeEdges: false, findings, out var values,
                GridFor(row.Columns.Count), cells.Length);
            if (outcome != ValuePlacement.Outcome.Placed)
            {
                var relation = outcome == ValuePlacement.Outcome.TooFew ? "少于" : "多于";
                findings.Add(new Finding(Rules.ValuesUnplaced,
                    $"表二“{row.Label}”行有 {values.Count} 个数值（{ValuePlacement.List(values)}），{relation}格式的 {row.Columns.Count} 列（{string.Join("、", row.Columns.Select(c => c.Label))}），无法确定所属的列，按缺项处理",
                    label.Source.ToString()));
            }
        }
    }

    /// <summary>Compares a block's printed column labels with the format's.</summary>
    private static void CheckHeader(TableSchema schema, string? block, ReadOnlySpan<Cell> printed, List<Finding> findings)
    {
        var blockKey = block is null ? null : ChineseText.LabelKey(block);
        var row = schema.Rows.FirstOrDefault(r => r.Block is not null && ChineseText.LabelKey(r.Block) == blockKey);
        if (row is null)
        {
            return;
        }
        var texts = new List<Cell>();
        foreach (var c in printed)
        {
            if (c.Type != CellType.Empty)
            {
                texts.Add(c);
            }
        }
        for (var i = 0; i < row.Columns.Count && i < texts.Count; i++)
        {
            var expected = ChineseText.LabelKey(row.Columns[i].Label);
            var actual = texts[i].Compact;
            if (actual == expected || Base(actual) == Base(expected) && Unit(actual) == Unit(expected))
            {
                continue;
            }
            var unitNote = Unit(expected) != Unit(actual) && Unit(expected).Length > 0
                ? $"；格式规定单位为{Unit(expected)}，请核实金额单位"
                : "";
            findings.Add(new Finding(Rules.LabelVariant,
                $"表二“{block}”的列标签“{texts[i].Raw}”与格式的“{row.Columns[i].Label}”不一致{unitNote}", texts[i].Source.ToString()));
        }
    }

    private static string Base(string label)
    {
        var open = label.IndexOf('(');
        return open < 0 ? label : label[..open];
    }

    private static string Unit(string label) =>
        label.Contains("万元", StringComparison.Ordinal) ? "万元" : label.Contains('元') ? "元" : "";
}
