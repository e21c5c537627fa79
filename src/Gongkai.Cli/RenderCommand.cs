using System.CommandLine;
using Gongkai.Reading;
using Gongkai.Reports.Writing;

namespace Gongkai.Cli;

/// <summary><c>gongkai render FILE --to md|html|json [-o OUT]</c>: the report in the statutory layout.</summary>
internal static class RenderCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("文件") { Description = "年度报告文件" };
        var to = new Option<string>("--to") { Description = "输出格式：md、html 或 json", Required = true };
        to.AcceptOnlyFromAmong("md", "html", "json");
        var output = new Option<string?>("--output", "-o") { Description = "写入此文件（默认输出到屏幕）" };
        var command = new Command("render", "按年度报告格式输出 Markdown、HTML 或 JSON") { file, to, output };
        command.SetAction(parse =>
        {
            ReadResult read;
            try
            {
                read = ReportReader.ReadFile(parse.GetValue(file)!);
            }
            catch (ReportReadException e)
            {
                stderr.WriteLine($"{parse.GetValue(file)}：无法读取：{e.Message}");
                return CliApp.Unreadable;
            }
            var text = parse.GetValue(to) switch
            {
                "html" => HtmlWriter.Write(read.Report),
                "json" => ReportJson.Write(read.Report),
                _ => MarkdownWriter.Write(read.Report),
            };
            foreach (var finding in read.Findings)
            {
                stderr.WriteLine($"注意：{finding}");
            }
            if (parse.GetValue(output) is { } path)
            {
                File.WriteAllText(path, text);
            }
            else
            {
                stdout.Write(text);
            }
            return CliApp.Ok;
        });
        return command;
    }
}
