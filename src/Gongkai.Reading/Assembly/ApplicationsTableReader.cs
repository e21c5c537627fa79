using Gongkai.Reading.Blocks;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// Reads table 三. A row is named by the last label cell before its first value, which copes with
/// group labels printed beside the first sub-row, rows shifted by a missing leading cell, and labels
/// split over lines or by spaces.
/// </summary>
internal static class ApplicationsTableReader
{
    private static readonly string[] ExpectedHeaders =
        ["申请人情况", .. ReportSchema.ApplicantColumns.Select(c => c.Label).Take(1), "法人或其他组织", .. ReportSchema.ApplicantColumns.Skip(1).Select(c => c.Label)];

    public static void Read(IReadOnlyList<ParsedRow> rows, ReportTable table, List<Finding> findings)
    {
        var schema = table.Schema;
        var labels = RowLabels.For(schema);
        var headerTexts = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shortfalls = new List<ValuePlacement.Shortfall>();
        var printed = new List<(int Index, SourceLocation Source)>();
        var sawData = false;
        var grid = ColumnGrid.Learn(rows, ReportSchema.ApplicantColumns.Count);

        foreach (var block in rows)
        {
            var cells = block.Cells;
            var firstValue = Array.FindIndex(cells, c => c.IsValueLike);
            if (firstValue < 0)
            {
                foreach (var c in cells)
                {
                    if (c.Type == CellType.Text)
                    {
                        headerTexts.Add(c.Compact);
                    }
                }
                continue;
            }
            sawData = true;
            var labelIndex = Array.FindLastIndex(cells, firstValue, c => c.Type == CellType.Text);
            if (labelIndex < 0)
            {
                var values = cells.Where(c => c.IsValueLike).ToArray();
                findings.Add(new Finding(Rules.RowUnrecognized,
                    $"表三有一行只有数值、没有行标签，无法确定是哪一行：{ValuePlacement.List(values)}", block.Block.Source.ToString()));
                continue;
            }
            var label = cells[labelIndex];
            var row = labels.Match(label.Compact, out var approximate);
            if (row is null)
            {
                var values = cells.Skip(labelIndex + 1).Where(c => c.IsValueLike).ToArray();
                findings.Add(new Finding(Rules.RowUnrecognized,
                    $"表三的行“{label.Raw}”不是格式中的行，其数值（{ValuePlacement.List(values)}）未计入", label.Source.ToString()));
                continue;
            }
            if (approximate)
            {
                findings.Add(new Finding(Rules.LabelVariant,
                    $"表三的行标签“{label.Raw}”与格式的“{row.Label}”不一致，按“{row.Key}”行读取", label.Source.ToString()));
            }
            if (!seen.Add(row.Key))
            {
                findings.Add(new Finding(Rules.RowDuplicate,
                    $"表三“{row.Key} {row.Text}”行出现了不止一次，只采用第一次出现的数值", label.Source.ToString()));
                continue;
            }
            printed.Add((schema.RowIndex(row.Key), label.Source));

            var outcome = ValuePlacement.Place(table, row, cells.AsSpan(labelIndex + 1), placeEdges: true, findings, out var placed, grid, cells.Length);
            if (outcome != ValuePlacement.Outcome.Placed)
            {
                shortfalls.Add(new ValuePlacement.Shortfall(row, placed, label.Source));
            }
        }

        ReportOrder(schema, printed, findings);
        ReportShortfalls(shortfalls, findings);
        if (sawData)
        {
            CheckHeaders(headerTexts, rows, findings);
        }
    }

    /// <summary>
    /// Rows out of the format's order: those outside the longest run printed in order, so that one row
    /// moved elsewhere is reported once rather than every row after it.
    /// </summary>
    private static void ReportOrder(TableSchema schema, List<(int Index, SourceLocation Source)> printed, List<Finding> findings)
    {
        var n = printed.Count;
        var length = new int[n];
        var previous = new int[n];
        var best = -1;
        for (var i = 0; i < n; i++)
        {
            length[i] = 1;
            previous[i] = -1;
            for (var j = 0; j < i; j++)
            {
                if (printed[j].Index < printed[i].Index && length[j] + 1 > length[i])
                {
                    length[i] = length[j] + 1;
                    previous[i] = j;
                }
            }
            if (best < 0 || length[i] > length[best])
            {
                best = i;
            }
        }
        var inOrder = new HashSet<int>();
        for (var i = best; i >= 0; i = previous[i])
        {
            inOrder.Add(i);
        }
        for (var i = 0; i < n; i++)
        {
            if (!inOrder.Contains(i))
            {
                var row = schema.Rows[printed[i].Index];
                var after = printed[i].Index > 0 ? $"（格式中它在“{schema.Rows[printed[i].Index - 1].Key}”之后）" : "（格式中它是第一行）";
                findings.Add(new Finding(Rules.RowOrder, $"表三“{row.Key} {row.Text}”行的位置与格式的顺序不同{after}", printed[i].Source.ToString()));
            }
        }
    }

    private static void ReportShortfalls(List<ValuePlacement.Shortfall> shortfalls, List<Finding> findings)
    {
        var columns = ReportSchema.ApplicantColumns.Count;
        foreach (var group in shortfalls.GroupBy(s => s.Values.Count))
        {
            var list = group.ToList();
            var count = group.Key;
            var example = list[0];
            string what;
            if (count > columns)
            {
                what = $"多于格式的 {columns} 列，无法确定各数值所属的列，这些行按缺项处理";
            }
            else if (count >= 2)
            {
                what = $"少于格式的 {columns} 列，无法确定缺少的是哪一列：首个数值计入“自然人”，末个计入“总计”，其余 {count - 2} 个数值未计入";
            }
            else
            {
                what = $"少于格式的 {columns} 列，无法确定所属的列，按缺项处理";
            }
            var rowsText = list.Count == 1 ? $"表三“{example.Row.Key}”行有 {count} 个数值" : $"表三有 {list.Count} 行各有 {count} 个数值";
            findings.Add(new Finding(Rules.ValuesUnplaced,
                $"{rowsText}，{what}（如“{example.Row.Key}”行：{ValuePlacement.List(example.Values)}）",
                ValuePlacement.Lines(list.Select(s => s.Source).ToArray())));
        }
    }

    private static void CheckHeaders(HashSet<string> headerTexts, IReadOnlyList<ParsedRow> rows, List<Finding> findings)
    {
        var at = rows.Count > 0 ? rows[0].Block.Source.ToString() : "";
        if (headerTexts.Count == 0)
        {
            findings.Add(new Finding(Rules.ColumnHeaders, "表三没有表头（申请人情况、自然人、法人或其他组织等列标题）", at));
            return;
        }
        var missing = ExpectedHeaders.Where(h => !headerTexts.Contains(ChineseText.LabelKey(h))).ToArray();
        if (missing.Length > 0)
        {
            findings.Add(new Finding(Rules.ColumnHeaders, $"表三表头缺少列标题：{string.Join("、", missing)}", at));
        }
    }
}
