using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gongkai.Batch;
using Gongkai.Batch.Dataset;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Writing;

namespace Gongkai.Cli;

/// <summary><c>gongkai extract FILE|DIR|ZIP... --format json|csv</c>: one record per report, cells keyed by row and column keys.</summary>
internal static class ExtractCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("路径") { Description = "年度报告文件、目录或 ZIP 压缩包", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "输出格式：json 或 csv", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var withText = new Option<bool>("--with-text") { Description = "JSON 中同时输出六个部分的正文" };
        var command = new Command("extract", "提取年度报告的表格数据，每份报告一条记录") { paths, format, withText };
        command.SetAction(parse =>
        {
            var batch = ReportInput.Read(parse.GetValue(paths) ?? [], new BatchOptions { Check = false, KeepText = parse.GetValue(withText) },
                stdout, progress: false, "提取年度报告");
            var outcomes = batch.Reports;
            if (parse.GetValue(format) == "csv")
            {
                WriteCsv(outcomes, stdout);
            }
            else
            {
                WriteJson(outcomes, stdout, parse.GetValue(withText));
            }
            foreach (var o in outcomes.Where(o => o.Error is not null))
            {
                stderr.WriteLine($"{o.Name}：无法读取：{o.Error}");
            }
            return ReportInput.NothingRead(batch, stderr) || batch.Unreadable > 0 ? CliApp.Unreadable : CliApp.Ok;
        });
        return command;
    }

    private static void WriteJson(IReadOnlyList<AuditedReport> outcomes, TextWriter stdout, bool withText) =>
        JsonOutput.WriteArray(stdout, outcomes, (w, o) =>
        {
            w.WriteString("file", o.Name);
            if (o.Read is { } read)
            {
                ReportJson.WriteProperties(w, read.Report, includeSections: withText);
            }
            else
            {
                w.WriteString("error", o.Error);
            }
        });

    /// <summary>CSV columns: file, agency, year, format, error, then <c>table.row.column</c> for every cell of both formats.</summary>
    internal static IReadOnlyList<string> CsvCellColumns { get; } = BuildCsvColumns();

    private static string[] BuildCsvColumns() =>
        [.. AuditDataset.CellKeys().Select(k => $"{k.Table}.{k.Row}.{k.Column}")];

    private static void WriteCsv(IReadOnlyList<AuditedReport> outcomes, TextWriter stdout)
    {
        var header = new List<string> { "file", "agency", "year", "format", "error" };
        header.AddRange(CsvCellColumns);
        stdout.WriteLine(string.Join(",", header.Select(Quote)));
        foreach (var o in outcomes)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (o.Read?.Report is { } report)
            {
                foreach (var table in report.Tables)
                {
                    foreach (var (row, column, cell) in table.Cells())
                    {
                        values[$"{table.Schema.Key}.{row.Key}.{column.Key}"] = cell is null ? "" : cell.Value.ToString(CultureInfo.InvariantCulture);
                    }
                }
            }
            var line = new List<string>
            {
                o.Name,
                o.Read?.Report.Agency ?? "",
                o.Read?.Report.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
                o.Read?.Report.Format.Tag() ?? "",
                o.Error ?? "",
            };
            line.AddRange(CsvCellColumns.Select(c => values.GetValueOrDefault(c, "")));
            stdout.WriteLine(string.Join(",", line.Select(Quote)));
        }
    }

    private static string Quote(string field) => DatasetWriter.Quote(field);
}
