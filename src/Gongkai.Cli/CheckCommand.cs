using System.Globalization;
using System.CommandLine;
using System.Text.Json;
using Gongkai.Batch;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Writing;
using Spectre.Console;

namespace Gongkai.Cli;

/// <summary><c>gongkai check FILE|DIR|ZIP... [--json]</c>: findings per report; exit 0, 1 (errors found) or 2 (unreadable).</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var paths = new Argument<string[]>("路径") { Description = "年度报告文件、目录或 ZIP 压缩包（目录内的 .txt .md .html .htm .docx .pdf .doc .wps 文件都会检查）", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "以 JSON 数组输出检查结果" };
        var command = new Command("check", "检查年度报告：表格勾稽关系、结构、正文数字、年度与格式") { paths, json };
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            var batch = ReportInput.Read(parse.GetValue(paths) ?? [], new BatchOptions(), stdout, progress: interactive && !asJson, "检查年度报告");
            var outcomes = batch.Reports;
            if (asJson)
            {
                WriteJson(outcomes, stdout);
            }
            else
            {
                WriteHuman(outcomes, stdout);
            }
            return ReportInput.NothingRead(batch, stderr) || batch.Unreadable > 0 ? CliApp.Unreadable
                : batch.WithErrors > 0 ? CliApp.FindingsWithErrors
                : CliApp.Ok;
        });
        return command;
    }

    /// <summary>A console on the writer: colours and the terminal's width on a terminal, plain wide text otherwise.</summary>
    internal static IAnsiConsole Console(TextWriter writer)
    {
        var terminal = writer == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 240;
        }
        return console;
    }

    private static void WriteHuman(IReadOnlyList<AuditedReport> outcomes, TextWriter stdout)
    {
        var console = Console(stdout);
        foreach (var o in outcomes)
        {
            if (o.Error is not null)
            {
                console.MarkupLine($"[bold]{Markup.Escape(o.Name)}[/]");
                console.MarkupLine($"  [red]无法读取：{Markup.Escape(o.Error)}[/]");
                console.WriteLine();
                continue;
            }
            var report = o.Read!.Report;
            var who = $"{report.Agency ?? "（机关不明）"} {(report.Year is { } y ? $"{y} 年" : "（年度不明）")}，{report.Format.DocumentNumber()}格式";
            if (o.Read.Scan is { } scan)
            {
                // A scan's numbers came from OCR: say so, and what it took, so that a reader checks them against the paper.
                who += string.Create(CultureInfo.InvariantCulture, $"（扫描件，文字识别 {scan.Pages} 页，每页 {scan.SecondsPerPage:0.0} 秒）");
            }
            console.MarkupLine($"[bold]{Markup.Escape(o.Name)}[/]  {Markup.Escape(who)}");
            if (o.Findings.Count == 0)
            {
                console.MarkupLine("  [green]未发现问题[/]");
                console.WriteLine();
                continue;
            }
            var errors = o.Findings.Count(f => f.IsError);
            console.MarkupLine($"  错误 {errors} 个，警告 {o.Findings.Count - errors} 个");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("级别").AddColumn("规则").AddColumn("说明").AddColumn("位置");
            foreach (var f in o.Findings)
            {
                table.AddRow(
                    f.IsError ? "[red]错误[/]" : "[yellow]警告[/]",
                    Markup.Escape(f.RuleId),
                    Markup.Escape(f.Message),
                    Markup.Escape(f.Location));
            }
            console.Write(table);
            console.WriteLine();
        }
        var unreadable = outcomes.Count(o => o.Error is not null);
        var withErrors = outcomes.Count(o => o.HasErrors);
        var clean = outcomes.Count(o => o.Error is null && o.Findings.Count == 0);
        // Every report in exactly one count: a report with warnings only is neither wrong nor clean.
        var warningsOnly = outcomes.Count - unreadable - withErrors - clean;
        console.MarkupLine($"共 {outcomes.Count} 份：{withErrors} 份有错误，{warningsOnly} 份只有警告，{clean} 份未发现问题，{unreadable} 份无法读取");
    }

    private static void WriteJson(IReadOnlyList<AuditedReport> outcomes, TextWriter stdout) =>
        JsonOutput.WriteArray(stdout, outcomes, (w, o) =>
        {
            w.WriteString("file", o.Name);
            if (o.Read is { } read)
            {
                w.WriteString("agency", read.Report.Agency);
                if (read.Report.Year is { } year)
                {
                    w.WriteNumber("year", year);
                }
                else
                {
                    w.WriteNull("year");
                }
                w.WriteString("format", read.Report.Format.Tag());
                if (read.Scan is { } scan)
                {
                    w.WriteStartObject("ocr");
                    w.WriteNumber("pages", scan.Pages);
                    w.WriteNumber("secondsPerPage", Math.Round(scan.SecondsPerPage, 2));
                    w.WriteNumber("uncertainValues", scan.Uncertain.Count);
                    w.WriteEndObject();
                }
            }
            else
            {
                w.WriteNull("agency");
                w.WriteNull("year");
                w.WriteNull("format");
                w.WriteString("error", o.Error);
            }
            w.WriteStartArray("findings");
            foreach (var f in o.Findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", f.RuleId);
                w.WriteString("category", f.Category.Tag());
                w.WriteString("severity", f.Severity.Tag());
                w.WriteString("message", f.Message);
                w.WriteString("location", f.Location);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
}
