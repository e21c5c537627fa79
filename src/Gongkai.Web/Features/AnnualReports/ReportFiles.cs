using Gongkai.Reports.Model;
using MiniExcelLibs;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>A published report in the other forms the public downloads: DOCX (GB/T 9704), PDF from that DOCX, and the tables as Excel.</summary>
public static class ReportFiles
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The report as published, from the Markdown kept at publication (the writers and the reader round-trip it exactly).</summary>
    public static AnnualReport Model(string publishedMarkdown) =>
        Gongkai.Reading.ReportReader.ReadText(publishedMarkdown).Report;

    public static byte[] Docx(AnnualReport report) => Gongkai.Documents.Reports.ReportDocxWriter.Write(report);

    /// <summary>One sheet per statutory table (表二, 表三, 表四), one row per statutory row, the format's column labels.</summary>
    public static byte[] Xlsx(AnnualReport report)
    {
        var sheets = report.Tables.ToDictionary(t => t.Schema.Title, t => (object)Rows(t));
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    /// <summary>
    /// A table's rows for a spreadsheet: 编号, 项目 (groups and label), then every column of the table by its
    /// printed label (table 二's rows have different columns; a column a row does not have stays empty, as do absent cells).
    /// </summary>
    public static List<Dictionary<string, object?>> Rows(ReportTable table)
    {
        var columns = table.Schema.Rows.SelectMany(r => r.Columns).DistinctBy(c => c.Label).ToList();
        return table.Schema.Rows.Select(row =>
        {
            var line = new Dictionary<string, object?>
            {
                ["编号"] = row.Key,
                ["项目"] = string.Join(" ", row.Groups.Select(g => g.Label).Append(row.Label)),
            };
            foreach (var column in columns)
            {
                line[column.Label] = row.Columns.Any(c => c.Key == column.Key) ? table[row.Key, column.Key]?.Value : null;
            }
            return line;
        }).ToList();
    }
}
