using System.CommandLine;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Cli;

/// <summary><c>gongkai audit verify --sqlite FILE | --postgres CONNECTION</c>: checks the hash chain of the audit log.</summary>
internal static class AuditCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var sqlite = new Option<string?>("--sqlite") { Description = "SQLite 数据库文件（默认：src/Gongkai.Web/data/gongkai.db）" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL 连接字符串" };
        var verify = new Command("verify", "校验审计日志的哈希链：发现被修改、删除或调换顺序的记录") { sqlite, postgres };
        verify.SetAction(parse =>
        {
            var settings = new DatabaseSettings(parse.GetValue(postgres), parse.GetValue(sqlite) ?? Path.Combine("src", "Gongkai.Web", "data", "gongkai.db"));
            if (!settings.UsesPostgres && !File.Exists(settings.SqlitePath))
            {
                stderr.WriteLine($"找不到数据库文件：{settings.SqlitePath}");
                return CliApp.Unreadable;
            }
            try
            {
                using var db = DataServices.Open(settings);
                var count = db.AuditEntries.Count();
                var problems = AuditChain.Verify(db).GetAwaiter().GetResult();
                if (problems.Count == 0)
                {
                    stdout.WriteLine($"审计日志完好：共 {count} 条记录，哈希链校验通过（{settings.Describe()}）");
                    return CliApp.Ok;
                }
                stdout.WriteLine($"审计日志被篡改：发现 {problems.Count} 处问题（{settings.Describe()}）");
                foreach (var p in problems)
                {
                    stdout.WriteLine("  " + p.Message);
                }
                return CliApp.FindingsWithErrors;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                stderr.WriteLine($"无法读取审计日志：{e.Message}");
                return CliApp.Unreadable;
            }
        });
        return new Command("audit", "审计日志") { verify };
    }
}
