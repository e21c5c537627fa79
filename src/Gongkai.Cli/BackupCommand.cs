using System.CommandLine;
using Gongkai.Data.Backup;
using Gongkai.Data.Installation;

namespace Gongkai.Cli;

/// <summary>
/// <c>gongkai backup -o FILE.zip</c> and <c>gongkai restore FILE.zip --to DIR</c>: a SQLite installation's database
/// (online backup, while the app runs) and data files in one file, restored into an empty folder and verified.
/// </summary>
internal static class BackupCommand
{
    public static Command CreateBackup(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string?>("--output", "-o") { Description = "备份文件（.zip）" };
        var sqlite = new Option<string?>("--sqlite") { Description = "SQLite 数据库文件（默认：配置的数据目录中的 gongkai.db，源码目录中为 src/Gongkai.Web/data/gongkai.db）" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL 连接字符串（请改用 pg_dump）" };
        var withKeys = new Option<bool>("--include-keys") { Description = "把主密钥文件也放入备份（默认不放：密钥应与备份分开保管）" };
        var scheduled = new Option<bool>("--scheduled") { Description = "定时备份（gongkai-backup.timer 每天运行）：备份到备份目录，按保留天数删除旧备份，并记录结果" };
        var keepDays = new Option<int?>("--keep-days") { Description = "定时备份保留的天数（默认：设置 Gongkai:Backup:KeepDays，未设置为 14）" };
        var command = new Command("backup", "备份数据库（SQLite 在线备份）和数据目录中的文件") { output, sqlite, postgres, withKeys, scheduled, keepDays };
        command.SetAction(parse =>
        {
            if (!InstalledSettings.TryLoad(stderr, out var installed))
            {
                return CliApp.Unreadable;
            }
            if (!string.IsNullOrWhiteSpace(parse.GetValue(postgres)) || (parse.GetValue(sqlite) is null && installed.Postgres is not null))
            {
                stderr.WriteLine("PostgreSQL 数据库请用 pg_dump 备份（见 docs/OPERATIONS.md），并另行备份数据目录和主密钥文件");
                return CliApp.Unreadable;
            }
            var database = parse.GetValue(sqlite) ?? installed.SqlitePath;
            if (parse.GetValue(scheduled))
            {
                return Scheduled(database, installed, parse.GetValue(keepDays), stdout, stderr);
            }
            if (parse.GetValue(output) is not { Length: > 0 } zip)
            {
                stderr.WriteLine("用法：gongkai backup -o 备份文件.zip [--sqlite 数据库文件] [--include-keys]，或 gongkai backup --scheduled [--keep-days 天数]");
                return CliApp.Unreadable;
            }
            if (!File.Exists(database))
            {
                stderr.WriteLine($"找不到数据库文件：{database}");
                return CliApp.Unreadable;
            }
            try
            {
                var m = SqliteBackup.CreateAsync(database, zip, parse.GetValue(withKeys)).GetAwaiter().GetResult();
                stdout.WriteLine($"已备份到 {zip}：申请 {m.Cases} 件，附件 {m.Attachments} 个，审计记录 {m.AuditEntries} 条，其他文件 {m.Files.Count} 个");
                stdout.WriteLine(m.IncludesKeys
                    ? "备份中含主密钥文件：请像保管密钥一样保管此备份"
                    : $"备份中不含主密钥文件（{Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "keys", "master.keys")}）：请另行保管，恢复时放回 keys/ 目录，否则证件号码无法解密");
                return CliApp.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                stderr.WriteLine($"备份失败：{e.Message}");
                return CliApp.Unreadable;
            }
        });
        return command;
    }

    /// <summary>The timer's run: a backup in the backup folder, the old ones pruned, the result recorded for /readyz and the 工作台.</summary>
    private static int Scheduled(string database, InstalledSettings installed, int? keepDays, TextWriter stdout, TextWriter stderr)
    {
        var days = keepDays ?? installed.BackupKeepDays;
        if (days < 1)
        {
            stderr.WriteLine($"保留天数应至少为 1，实为 {days}");
            return CliApp.Unreadable;
        }
        // Beside the database given on the command line, unless the configuration names a backup folder.
        var folder = BackupLocations.Folder(Path.GetDirectoryName(Path.GetFullPath(database))!, installed.ConfiguredBackupFolder);
        var record = ScheduledBackup.RunAsync(database, folder, days, TimeProvider.System).GetAwaiter().GetResult();
        if (!record.Succeeded)
        {
            stderr.WriteLine(record.Message);
            return CliApp.Unreadable;
        }
        stdout.WriteLine($"{record.Message}（{record.File}）");
        foreach (var name in record.Removed)
        {
            stdout.WriteLine($"  已删除超过保留期的备份 {name}");
        }
        return CliApp.Ok;
    }

    public static Command CreateRestore(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("备份文件") { Description = "gongkai backup 生成的 .zip 文件" };
        var to = new Option<string?>("--to") { Description = "恢复到的数据目录（须为空目录或不存在）" };
        var command = new Command("restore", "把备份恢复到一个空的数据目录，并校验数据、文件和审计日志") { file, to };
        command.SetAction(parse =>
        {
            if (parse.GetValue(to) is not { Length: > 0 } folder)
            {
                stderr.WriteLine("用法：gongkai restore 备份文件.zip --to 数据目录");
                return CliApp.Unreadable;
            }
            var zip = parse.GetValue(file)!;
            if (!File.Exists(zip))
            {
                stderr.WriteLine($"找不到备份文件：{zip}");
                return CliApp.Unreadable;
            }
            try
            {
                var (m, problems) = SqliteBackup.RestoreAsync(zip, folder).GetAwaiter().GetResult();
                stdout.WriteLine($"已恢复到 {folder}：申请 {m.Cases} 件，附件 {m.Attachments} 个，审计记录 {m.AuditEntries} 条（备份于 {m.CreatedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}）");
                if (problems.Count == 0)
                {
                    var keys = File.Exists(Path.Combine(folder, "keys", "master.keys"));
                    stdout.WriteLine(keys ? "校验通过：数据库完整，记录数与备份一致，文件齐全，审计日志的哈希链、签名和检查点一致"
                        : "校验通过：数据库完整，记录数与备份一致，文件齐全，审计日志的哈希链和检查点一致（未找到主密钥文件，签名未校验；请把密钥文件放到 keys/master.keys）");
                    stdout.WriteLine(ConfigurationFile.Named is not null
                        // An installed system: the service reads /var/lib/gongkai and may write nowhere else (ReadWritePaths).
                        ? $"启用：systemctl stop gongkai；把 {Path.GetFullPath(folder)} 中的内容放到数据目录 /var/lib/gongkai（原有内容先移走保存），"
                          + "chown -R gongkai:gongkai /var/lib/gongkai；systemctl start gongkai。若改用其他目录，须在 gongkai.json 中设置 DataDirectory，"
                          + "并用 systemctl edit gongkai 把它加入 ReadWritePaths"
                        : $"启动：Gongkai__DataDirectory={Path.GetFullPath(folder)} dotnet run --project src/Gongkai.Web");
                    return CliApp.Ok;
                }
                stdout.WriteLine($"校验发现 {problems.Count} 处问题：");
                foreach (var p in problems)
                {
                    stdout.WriteLine("  " + p);
                }
                return CliApp.FindingsWithErrors;
            }
            catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException or Gongkai.Data.Keys.MasterKeyException)
            {
                stderr.WriteLine($"恢复失败：{e.Message}");
                return CliApp.Unreadable;
            }
        });
        return command;
    }
}
