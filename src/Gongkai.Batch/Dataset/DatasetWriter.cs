using System.Text;
using Parquet;
using Parquet.Schema;

namespace Gongkai.Batch.Dataset;

/// <summary>
/// Writes <see cref="AuditDataset"/> as CSV (UTF-8 with BOM, so that Excel opens Chinese right), XLSX (sheets 报告
/// and 问题) and Parquet (for pandas, R, DuckDB). Same columns, same order, in every format.
/// </summary>
public static class DatasetWriter
{
    public const string ReportsSheet = "报告";
    public const string FindingsSheet = "问题";

    public static readonly IReadOnlyList<string> FileNames = ["reports.csv", "findings.csv", "dataset.xlsx", "reports.parquet", "findings.parquet"];

    /// <summary>Writes the files of <see cref="FileNames"/> into the folder, the workbook beside the others on a second core.</summary>
    public static void WriteAll(AuditDataset dataset, string folder)
    {
        Directory.CreateDirectory(folder);
        void Write(string name, Action<AuditDataset, Stream> write)
        {
            using var file = File.Create(Path.Combine(folder, name));
            write(dataset, file);
        }
        var workbook = Task.Run(() => Write("dataset.xlsx", WriteXlsx));
        Write("reports.csv", WriteReportsCsv);
        Write("findings.csv", WriteFindingsCsv);
        Write("reports.parquet", WriteReportsParquet);
        Write("findings.parquet", WriteFindingsParquet);
        workbook.GetAwaiter().GetResult();
    }

    public static void WriteReportsCsv(AuditDataset dataset, Stream stream) =>
        WriteCsv(stream, AuditDataset.ReportColumns.Select(c => c.Key), dataset.ReportData, dataset.ReportCount);

    public static void WriteFindingsCsv(AuditDataset dataset, Stream stream) =>
        WriteCsv(stream, AuditDataset.FindingColumns, dataset.FindingData, dataset.FindingCount);

    private static void WriteCsv(Stream stream, IEnumerable<string> header, IReadOnlyList<Array> columns, int rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        writer.Write(string.Join(",", header.Select(Quote)));
        writer.Write("\r\n");
        for (var row = 0; row < rows; row++)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }
                var text = AuditDataset.Text(columns[i], row);
                writer.Write(columns[i] is string?[] ? Quote(text) : text);
            }
            writer.Write("\r\n");
        }
    }

    /// <summary>RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so that a spreadsheet never runs it as a formula.</summary>
    public static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '@' or '\t' or '\r' || (field.Length > 1 && field[0] == '-' && !char.IsDigit(field[1])))
        {
            field = "'" + field;
        }
        return field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    public static void WriteXlsx(AuditDataset dataset, Stream stream) =>
        // Absent cells are left out of the sheet rather than written empty (most reports are of one format, so half
        // the columns are absent); the header row stays frozen for scrolling a province's reports.
        XlsxSheetWriter.Write(stream,
        [
            new(ReportsSheet, AuditDataset.ReportColumns.Select(c => c.Key).ToList(), dataset.ReportData, dataset.ReportCount),
            new(FindingsSheet, AuditDataset.FindingColumns, dataset.FindingData, dataset.FindingCount),
        ]);

    public static void WriteReportsParquet(AuditDataset dataset, Stream stream) =>
        WriteParquet(stream, AuditDataset.ReportColumns.Select(c => c.Key).ToList(), dataset.ReportData);

    public static void WriteFindingsParquet(AuditDataset dataset, Stream stream) =>
        WriteParquet(stream, AuditDataset.FindingColumns, dataset.FindingData);

    /// <summary>Text as strings, counts as int32, cell values and ratios as double (Parquet readers know no .NET decimal).</summary>
    private static void WriteParquet(Stream stream, IReadOnlyList<string> names, IReadOnlyList<Array> columns) =>
        // Parquet.Net is asynchronous only; the batch waits here.
        Task.Run(async () =>
        {
            var fields = names.Select((name, i) => new DataField(name, columns[i] switch
            {
                int?[] => typeof(int?),
                decimal?[] => typeof(double?),
                _ => typeof(string),
            }, isNullable: true)).ToArray();
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                switch (columns[i])
                {
                    case int?[] ints:
                        await group.WriteAsync<int>(fields[i], ints.AsMemory());
                        break;
                    case decimal?[] numbers:
                        await group.WriteAsync<double>(fields[i], numbers.Select(d => (double?)d).ToArray().AsMemory());
                        break;
                    default:
                        await group.WriteAsync(fields[i], (string?[])columns[i], null);
                        break;
                }
            }
        }).GetAwaiter().GetResult();
}
