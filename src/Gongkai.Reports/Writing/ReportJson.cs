using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Writing;

/// <summary>
/// JSON of the model. Shape: <c>{title, agency, year, format, sections: {一: {heading, text}},
/// tables: {proactive|applications|review: {rowKey: {columnKey: number|null}}}}</c>. Money keeps its
/// printed digits (decimal scale). Source locations are not part of the JSON.
/// </summary>
public static class ReportJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(AnnualReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, report);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report's properties into an object the caller has opened (so callers can add fields such as the file name).</summary>
    public static void WriteProperties(Utf8JsonWriter writer, AnnualReport report, bool includeSections = true)
    {
        writer.WriteString("title", report.Title);
        writer.WriteString("agency", report.Agency);
        if (report.Year is { } year)
        {
            writer.WriteNumber("year", year);
        }
        else
        {
            writer.WriteNull("year");
        }
        writer.WriteString("format", report.Format.Tag());
        // Only a crawled source names them; reports without them keep the shape they always had.
        if (report.Published is { } published)
        {
            writer.WriteString("published", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (report.SourceAddress is { } address)
        {
            writer.WriteString("source", address);
        }
        if (includeSections)
        {
            writer.WriteStartObject("sections");
            foreach (var def in report.Schema.Sections)
            {
                if (report.Sections.TryGetValue(def.Key, out var s))
                {
                    writer.WriteStartObject(def.Key);
                    writer.WriteString("heading", s.Heading);
                    writer.WriteString("text", s.Text);
                    writer.WriteEndObject();
                }
            }
            writer.WriteEndObject();
        }
        writer.WriteStartObject("tables");
        foreach (var table in report.Tables)
        {
            writer.WriteStartObject(table.Schema.Key);
            for (var r = 0; r < table.Schema.Rows.Count; r++)
            {
                var row = table.Schema.Rows[r];
                writer.WriteStartObject(row.Key);
                for (var c = 0; c < row.Columns.Count; c++)
                {
                    if (table[r, c] is { } cell)
                    {
                        writer.WriteNumber(row.Columns[c].Key, cell.Value);
                    }
                    else
                    {
                        writer.WriteNull(row.Columns[c].Key);
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, AnnualReport report)
    {
        writer.WriteStartObject();
        WriteProperties(writer, report);
        writer.WriteEndObject();
    }

    /// <summary>Reads JSON written by <see cref="Write(AnnualReport)"/> back into a model.</summary>
    /// <exception cref="FormatException">The JSON does not have the model's shape; the message says where.</exception>
    public static AnnualReport Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var formatTag = root.TryGetProperty("format", out var f) ? f.GetString() : null;
        var format = formatTag switch
        {
            "2019" => FormatVersion.Trial2019,
            "2021" => FormatVersion.Format2021,
            _ => throw new FormatException($"JSON 中 format 应为 \"2019\" 或 \"2021\"，实为 {formatTag ?? "空"}"),
        };
        var report = new AnnualReport(format)
        {
            Title = OptionalString(root, "title"),
            Agency = OptionalString(root, "agency"),
            Year = root.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : null,
            Published = OptionalString(root, "published") is { } p && DateOnly.TryParseExact(p, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            SourceAddress = OptionalString(root, "source"),
        };
        if (root.TryGetProperty("sections", out var sections))
        {
            foreach (var s in sections.EnumerateObject())
            {
                report.Sections[s.Name] = new ReportSection(s.Name, OptionalString(s.Value, "heading") ?? s.Name, OptionalString(s.Value, "text") ?? "", default);
            }
        }
        if (root.TryGetProperty("tables", out var tables))
        {
            foreach (var table in report.Tables)
            {
                if (!tables.TryGetProperty(table.Schema.Key, out var t))
                {
                    continue;
                }
                foreach (var row in t.EnumerateObject())
                {
                    if (table.Schema.RowIndex(row.Name) < 0)
                    {
                        throw new FormatException($"JSON 中 tables.{table.Schema.Key} 有未知的行“{row.Name}”");
                    }
                    foreach (var cell in row.Value.EnumerateObject())
                    {
                        if (table.Schema.Row(row.Name).ColumnIndex(cell.Name) < 0)
                        {
                            throw new FormatException($"JSON 中 tables.{table.Schema.Key}.{row.Name} 有未知的列“{cell.Name}”");
                        }
                        table[row.Name, cell.Name] = cell.Value.ValueKind == JsonValueKind.Number
                            ? new CellValue(cell.Value.GetDecimal(), cell.Value.GetRawText(), default)
                            : null;
                    }
                }
            }
        }
        return report;
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
