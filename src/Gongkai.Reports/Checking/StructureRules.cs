using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Checking;

/// <summary>
/// Sections, tables, rows and cells present and in order (国办公开办函〔2021〕30号 fixes the six
/// sections and the three tables). Label and layout deviations are seen by the reader, which reports
/// them under the same rule catalogue.
/// </summary>
internal static class StructureRules
{
    /// <summary>The words that show a report wrote about each of <see cref="ReportSchema.OverviewTopics"/>, as reports word them.</summary>
    private static readonly (string Name, string[] Words)[] OverviewTopics = ReportSchema.OverviewTopics.Zip(new[]
    {
        new[] { "主动公开" },
        ["依申请公开", "依申请"],
        ["信息管理"],
        ["平台建设", "平台"],
        ["监督保障", "监督"],
    }).ToArray();

    public static void Check(AnnualReport report, List<Finding> findings)
    {
        CheckSections(report, findings);
        CheckGovernmentAssessment(report, findings);
        foreach (var table in report.Tables)
        {
            CheckTable(table, findings);
        }
    }

    private static void CheckSections(AnnualReport report, List<Finding> findings)
    {
        var previousLine = 0;
        SectionDef? previous = null;
        foreach (var def in report.Schema.Sections)
        {
            if (!report.Sections.TryGetValue(def.Key, out var section))
            {
                findings.Add(new Finding(Rules.SectionMissing, $"缺少第{def.Key}部分“{def.Heading}”"));
                continue;
            }
            var line = section.Source.Line;
            if (line > 0 && line < previousLine && previous is not null)
            {
                findings.Add(new Finding(Rules.SectionOrder,
                    $"“{def.Heading}”出现在“{previous.Heading}”之前，应按一至六的顺序排列", section.Source.ToString()));
            }
            if (line > 0)
            {
                previousLine = line;
                previous = def;
            }
        }

        if (report.Sections.TryGetValue("一", out var overview))
        {
            var missing = OverviewTopics.Where(t => !t.Words.Any(overview.Text.Contains)).Select(t => t.Name).ToArray();
            if (missing.Length > 0)
            {
                findings.Add(new Finding(Rules.OverviewSubsections,
                    $"“一、总体情况”未写到：{string.Join("、", missing)}（格式要求总体情况包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障）",
                    overview.Source.ToString()));
            }
        }
    }

    /// <summary>
    /// 条例 第五十条第（四）项: a people's government's report also covers 工作考核、社会评议和责任追究结果情况; the
    /// format puts them under 监督保障 in 一、总体情况, and many governments write them in 五. Either place counts.
    /// </summary>
    private static void CheckGovernmentAssessment(AnnualReport report, List<Finding> findings)
    {
        if (report.Agency is not { } agency || !agency.EndsWith("人民政府", StringComparison.Ordinal))
        {
            return;
        }
        var text = string.Concat(report.Sections.Values.Select(s => s.Text));
        var missing = new[] { "工作考核", "社会评议", "责任追究" }.Where(t => !text.Contains(t, StringComparison.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            findings.Add(new Finding(Rules.GovernmentAssessment,
                $"人民政府的年度报告应当包括工作考核、社会评议和责任追究结果情况（条例第五十条第（四）项），正文未写到：{string.Join("、", missing)}"));
        }
    }

    private static void CheckTable(ReportTable table, List<Finding> findings)
    {
        var schema = table.Schema;
        if (table.IsEmpty)
        {
            findings.Add(new Finding(Rules.TableMissing, $"未找到{schema.Title}（{TableName(schema)}）或其中没有任何数值"));
            return;
        }

        var partial = new List<(RowDef Row, string Missing)>();
        for (var r = 0; r < schema.Rows.Count; r++)
        {
            var row = schema.Rows[r];
            var missing = new List<string>();
            for (var c = 0; c < row.Columns.Count; c++)
            {
                var cell = table[r, c];
                if (cell is null)
                {
                    missing.Add(row.Columns[c].Label);
                }
                else if (row.Columns[c].Kind == CellKind.Count && (cell.Value < 0 || !cell.IsWholeNumber))
                {
                    findings.Add(new Finding(Rules.CountNotWhole,
                        $"{Describe.Cell(schema, row, row.Columns[c])}为 {cell.Text}，件数应为非负整数",
                        cell.Source.ToString()));
                }
                else if (row.Columns[c].Kind == CellKind.SignedCount && !cell.IsWholeNumber)
                {
                    findings.Add(new Finding(Rules.CountNotWhole,
                        $"{Describe.Cell(schema, row, row.Columns[c])}为 {cell.Text}，应为整数", cell.Source.ToString()));
                }
            }
            if (missing.Count == row.Columns.Count)
            {
                findings.Add(new Finding(Rules.RowMissing, $"{schema.Title}缺少“{RowName(schema, row)}”行"));
            }
            else if (missing.Count > 0)
            {
                partial.Add((row, string.Join("”“", missing)));
            }
        }

        // A dropped column shows up in every row: report it once, not once per row.
        foreach (var group in partial.GroupBy(p => p.Missing))
        {
            var rows = group.Select(p => p.Row).ToArray();
            if (rows.Length >= 3)
            {
                var which = rows.Length == schema.Rows.Count ? "各行均" : $"共{rows.Length}行（{string.Join("、", rows.Select(r => r.Key))}）";
                findings.Add(new Finding(Rules.CellMissing, $"{schema.Title}{which}缺少“{group.Key}”列的数值"));
            }
            else
            {
                foreach (var row in rows)
                {
                    findings.Add(new Finding(Rules.CellMissing, $"{Describe.Row(schema, row)}缺少“{group.Key}”列的数值"));
                }
            }
        }
    }

    private static string RowName(TableSchema schema, RowDef row) =>
        schema.Key == "applications" ? $"{row.Key} {row.Text}" : row.Text;

    private static string TableName(TableSchema schema) => schema.Key switch
    {
        "proactive" => "主动公开政府信息情况",
        "applications" => "收到和处理政府信息公开申请情况",
        _ => "政府信息公开行政复议、行政诉讼情况",
    };
}
