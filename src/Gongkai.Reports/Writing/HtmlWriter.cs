using System.Text;
using Gongkai.Reports.Model;

namespace Gongkai.Reports.Writing;

/// <summary>
/// Writes a report as a standalone, printable HTML page: real tables with merged header cells as
/// the format prints them, A4 print margins after GB/T 9704.
/// </summary>
public static class HtmlWriter
{
    private const string Style = """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; max-width: 52em; margin: 2em auto; color: #000; }
        h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif; font-size: 22pt; text-align: center; font-weight: normal; }
        h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; }
        p { text-indent: 2em; margin: 0.3em 0; }
        table { border-collapse: collapse; width: 100%; font-size: 10.5pt; margin: 0.8em 0 1.2em; page-break-inside: auto; }
        th, td { border: 1px solid #000; padding: 2px 4px; text-align: center; vertical-align: middle; }
        td.label { text-align: left; }
        tr { page-break-inside: avoid; }
        """;

    public static string Write(AnnualReport report)
    {
        var title = ReportTitle.Of(report);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        foreach (var def in report.Schema.Sections)
        {
            var section = report.Sections.GetValueOrDefault(def.Key);
            sb.Append("<h2>").Append(Encode(section?.Heading ?? def.Heading)).Append("</h2>\n");
            if (section is not null)
            {
                foreach (var paragraph in section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    sb.Append("<p>").Append(Encode(paragraph)).Append("</p>\n");
                }
            }
            if (report.TableInSection(def.Key) is { } table)
            {
                WriteTable(sb, table);
            }
        }
        // The report inside <main>: a screen reader's landmark list leads straight to it (WCAG 1.3.1, 2.4.1).
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>One table as an HTML &lt;table&gt; element in the statutory layout, for embedding in a page.</summary>
    public static string WriteTable(ReportTable table)
    {
        var sb = new StringBuilder();
        WriteTable(sb, table);
        return sb.ToString();
    }

    private static void WriteTable(StringBuilder sb, ReportTable table)
    {
        sb.Append("<table data-table=\"").Append(table.Schema.Key).Append("\">\n");
        foreach (var row in TableLayout.Build(table))
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                var tag = cell.IsHeader ? "th" : "td";
                sb.Append('<').Append(tag);
                if (cell.RowSpan > 1)
                {
                    sb.Append(" rowspan=\"").Append(cell.RowSpan).Append('"');
                }
                if (cell.ColSpan > 1)
                {
                    sb.Append(" colspan=\"").Append(cell.ColSpan).Append('"');
                }
                if (!cell.IsHeader && !IsValue(cell.Text))
                {
                    sb.Append(" class=\"label\"");
                }
                sb.Append('>').Append(Encode(cell.Text)).Append("</").Append(tag).Append('>');
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }

    private static bool IsValue(string text) => text == TableLayout.Absent || (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '-'));

    /// <summary>Escapes markup characters only; Chinese text stays readable in the source.</summary>
    private static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
