using System.Globalization;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Batch.Dataset;

public enum DatasetColumnKind
{
    Text,
    Integer,
    Number,
}

/// <summary>One column of the reports table: its key (cells keyed <c>table.row.column</c> as in <c>gongkai extract</c>) and kind.</summary>
public sealed record DatasetColumn(string Key, DatasetColumnKind Kind);

/// <summary>
/// The batch as two tables, built once and written by every writer (CSV, XLSX, Parquet): <c>reports</c> — one row
/// per report: who, which year, format, counts of findings, the key ratios, then every cell of both formats — and
/// <c>findings</c>, one row per finding. Columns are kept column by column (typed arrays), as Parquet wants them
/// and so that ten thousand reports × six hundred columns box nothing.
/// </summary>
public sealed class AuditDataset
{
    internal const int FixedColumns = 10;

    public static IReadOnlyList<DatasetColumn> ReportColumns { get; } = BuildReportColumns();

    public static IReadOnlyList<string> FindingColumns { get; } = ["file", "agency", "year", "rule", "category", "severity", "message", "location"];

    /// <summary>For each format, where each cell column's value sits: (table, row, column) or table −1 when the format has no such cell.</summary>
    internal static readonly Dictionary<FormatVersion, (int Table, int Row, int Column)[]> CellIndex = new()
    {
        [FormatVersion.Format2021] = IndexCells(ReportSchema.Format2021),
        [FormatVersion.Trial2019] = IndexCells(ReportSchema.Trial2019),
    };

    private AuditDataset(int reportCount, Array[] reportData, int findingCount, Array[] findingData)
    {
        ReportCount = reportCount;
        ReportData = reportData;
        FindingCount = findingCount;
        FindingData = findingData;
    }

    public int ReportCount { get; }

    /// <summary>One array per <see cref="ReportColumns"/> entry: string?[], int?[] or decimal?[].</summary>
    public IReadOnlyList<Array> ReportData { get; }

    public int FindingCount { get; }

    /// <summary>One array per <see cref="FindingColumns"/> entry: string?[] except year (int?[]).</summary>
    public IReadOnlyList<Array> FindingData { get; }

    public static AuditDataset Build(BatchResult batch)
    {
        var reports = batch.Reports;
        var n = reports.Count;
        var data = ReportColumns.Select(c => c.Kind switch
        {
            DatasetColumnKind.Integer => (Array)new int?[n],
            DatasetColumnKind.Number => new decimal?[n],
            _ => new string?[n],
        }).ToArray();
        for (var i = 0; i < n; i++)
        {
            var r = reports[i];
            var report = r.Read?.Report;
            Set(data, 0, i, r.Name);
            Set(data, 1, i, report?.Title);
            Set(data, 2, i, report?.Agency);
            ((int?[])data[3])[i] = report?.Year;
            Set(data, 4, i, report?.Format.Tag());
            Set(data, 5, i, r.Read?.Format.ToString().ToLowerInvariant());
            Set(data, 6, i, r.Read?.Encoding);
            Set(data, 7, i, r.Error);
            ((int?[])data[8])[i] = r.Error is null ? r.ErrorCount : null;
            ((int?[])data[9])[i] = r.Error is null ? r.WarningCount : null;
            if (report is null)
            {
                continue;
            }
            var column = FixedColumns;
            foreach (var ratio in KeyRatios.All)
            {
                ((decimal?[])data[column++])[i] = ratio.Compute(report);
            }
            var tables = new[] { report.Proactive, report.Applications, report.Review };
            foreach (var (t, row, col) in CellIndex[report.Format])
            {
                ((decimal?[])data[column++])[i] = t < 0 ? null : tables[t][row, col]?.Value;
            }
        }

        var findings = reports.SelectMany((r, i) => r.Findings.Select(f => (Report: r, Finding: f))).ToList();
        var m = findings.Count;
        var findingData = FindingColumns.Select(c => c == "year" ? (Array)new int?[m] : new string?[m]).ToArray();
        for (var j = 0; j < m; j++)
        {
            var (r, f) = findings[j];
            Set(findingData, 0, j, r.Name);
            Set(findingData, 1, j, r.Read?.Report.Agency);
            ((int?[])findingData[2])[j] = r.Read?.Report.Year;
            Set(findingData, 3, j, f.RuleId);
            Set(findingData, 4, j, f.Category.Tag());
            Set(findingData, 5, j, f.Severity.Tag());
            Set(findingData, 6, j, f.Message);
            Set(findingData, 7, j, f.Location);
        }
        return new AuditDataset(n, data, m, findingData);
    }

    private static void Set(Array[] data, int column, int row, string? value) => ((string?[])data[column])[row] = value;

    private static List<DatasetColumn> BuildReportColumns()
    {
        var columns = new List<DatasetColumn>
        {
            new("file", DatasetColumnKind.Text),
            new("title", DatasetColumnKind.Text),
            new("agency", DatasetColumnKind.Text),
            new("year", DatasetColumnKind.Integer),
            new("format", DatasetColumnKind.Text),
            new("source", DatasetColumnKind.Text),
            new("encoding", DatasetColumnKind.Text),
            new("error", DatasetColumnKind.Text),
            new("errors", DatasetColumnKind.Integer),
            new("warnings", DatasetColumnKind.Integer),
        };
        columns.AddRange(KeyRatios.All.Select(ratio => new DatasetColumn(ratio.Key, DatasetColumnKind.Number)));
        columns.AddRange(CellKeys().Select(k => new DatasetColumn($"{k.Table}.{k.Row}.{k.Column}", DatasetColumnKind.Number)));
        return columns;
    }

    private static (int, int, int)[] IndexCells(ReportSchema schema) =>
        CellKeys().Select(k =>
        {
            var t = schema.Tables.ToList().FindIndex(x => x.Key == k.Table);
            var row = schema.Tables[t].RowIndex(k.Row);
            var column = row < 0 ? -1 : schema.Tables[t].Rows[row].ColumnIndex(k.Column);
            return column < 0 ? (-1, -1, -1) : (t, row, column);
        }).ToArray();

    /// <summary>Every cell of both formats, 2021 first, each once (the key <c>gongkai extract</c> gives it).</summary>
    public static IEnumerable<(string Table, string Row, string Column)> CellKeys()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in new[] { ReportSchema.Format2021, ReportSchema.Trial2019 })
        {
            foreach (var table in schema.Tables)
            {
                foreach (var row in table.Rows)
                {
                    foreach (var column in row.Columns)
                    {
                        if (seen.Add($"{table.Key}.{row.Key}.{column.Key}"))
                        {
                            yield return (table.Key, row.Key, column.Key);
                        }
                    }
                }
            }
        }
    }

    private static readonly string[] SmallNumbers = Enumerable.Range(0, 10_000).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A cell of a typed column as CSV text: invariant numbers, empty for absent.</summary>
    public static string Text(Array column, int row) => column switch
    {
        string?[] s => s[row] ?? "",
        int?[] i => i[row] is { } v ? (v is >= 0 and < 10_000 ? SmallNumbers[v] : v.ToString(CultureInfo.InvariantCulture)) : "",
        decimal?[] d => d[row] is { } v ? (v >= 0 && v < 10_000 && decimal.Truncate(v) == v ? SmallNumbers[(int)v] : v.ToString(CultureInfo.InvariantCulture)) : "",
        _ => throw new ArgumentException("Unknown column type", nameof(column)),
    };

    /// <summary>A cell of a typed column as a value for a spreadsheet: string, int, decimal or null.</summary>
    public static object? Value(Array column, int row) => column switch
    {
        string?[] s => s[row],
        int?[] i => i[row],
        decimal?[] d => d[row],
        _ => throw new ArgumentException("Unknown column type", nameof(column)),
    };
}
