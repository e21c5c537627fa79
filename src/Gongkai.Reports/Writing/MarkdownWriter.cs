using System.Text;
using Gongkai.Reports.Model;

namespace Gongkai.Reports.Writing;

/// <summary>Writes a report as Markdown in the statutory order, tables as pipe tables.</summary>
public static class MarkdownWriter
{
    public static string Write(AnnualReport report)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(ReportTitle.Of(report)).Append("\n\n");
        foreach (var def in report.Schema.Sections)
        {
            var section = report.Sections.GetValueOrDefault(def.Key);
            sb.Append("## ").Append(section?.Heading ?? def.Heading).Append("\n\n");
            if (section is not null && section.Text.Length > 0)
            {
                foreach (var paragraph in section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    sb.Append(paragraph).Append("\n\n");
                }
            }
            if (report.TableInSection(def.Key) is { } table)
            {
                WriteTable(sb, table);
            }
        }
        return sb.ToString();
    }

    private static void WriteTable(StringBuilder sb, ReportTable table)
    {
        var width = TableLayout.Width(table.Schema);
        var grid = TableLayout.Grid(TableLayout.Build(table), width);
        for (var r = 0; r < grid.Length; r++)
        {
            sb.Append('|');
            foreach (var cell in grid[r])
            {
                sb.Append(' ').Append(cell.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |");
            }
            sb.Append('\n');
            if (r == 0)
            {
                sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", width))).Append('\n');
            }
        }
        sb.Append('\n');
    }
}

public static class ReportTitle
{
    public static string Of(AnnualReport report) =>
        report.Title ?? $"{report.Agency ?? ""}{(report.Year is { } y ? y.ToString(System.Globalization.CultureInfo.InvariantCulture) + "年" : "")}政府信息公开工作年度报告";
}
