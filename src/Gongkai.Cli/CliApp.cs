using System.CommandLine;
using System.Globalization;

namespace Gongkai.Cli;

/// <summary>The <c>gongkai</c> command: check, extract and render annual reports.</summary>
public static class CliApp
{
    /// <summary>Exit code when no error-severity finding was found.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when some report has an error-severity finding.</summary>
    public const int FindingsWithErrors = 1;

    /// <summary>Exit code when a file could not be read at all, or the command line was wrong.</summary>
    public const int Unreadable = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false)
    {
        // Help and parse errors in Chinese (System.CommandLine ships zh-Hans resources).
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

        // The release number the packages and the web application's /api/version show, with the commit it was built from.
        if (args is ["--version"])
        {
            stdout.WriteLine($"gongkai {Gongkai.Data.Installation.ReleaseVersion.Display}");
            return Ok;
        }
        var root = new RootCommand("Gongkai 公开：检查、提取和转换政府信息公开工作年度报告");
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr, interactive));
        root.Subcommands.Add(ExtractCommand.Create(stdout, stderr));
        root.Subcommands.Add(RenderCommand.Create(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Create(stdout));
        root.Subcommands.Add(AuditCommand.Create(stdout, stderr, interactive));
        root.Subcommands.Add(SetupCommand.Create(stdout, stderr));
        root.Subcommands.Add(BackupCommand.CreateBackup(stdout, stderr));
        root.Subcommands.Add(BackupCommand.CreateRestore(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"命令行有误：{error.Message}");
            }
            stderr.WriteLine("用法见 gongkai --help");
            return Unreadable;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
