using System.CommandLine;
using Gongkai.Reports.Checking;
using Spectre.Console;

namespace Gongkai.Cli;

/// <summary><c>gongkai rules</c>: every rule with its id, category and severity.</summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("rules", "列出全部检查规则");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("规则").AddColumn("类别").AddColumn("级别").AddColumn("要求");
            foreach (var rule in Rules.All)
            {
                table.AddRow(rule.Id, rule.Category.Tag(), rule.Severity == Severity.Error ? "错误" : "警告", Markup.Escape(rule.Title));
            }
            var console = CheckCommand.Console(stdout);
            console.Write(table);
            return CliApp.Ok;
        });
        return command;
    }
}
