using System.Globalization;
using Gongkai.Data;
using Gongkai.Data.Backup;
using Gongkai.Data.Installation;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// A migration failed on start. The message (Chinese, for the administrator) names the migration and the error, says the
/// database was left as it was before that migration where its transaction allowed, where the backup taken before the
/// upgrade is and how to restore it. Program.cs prints it and exits with 78 (EX_CONFIG), as for a missing key file.
/// </summary>
public sealed class UpgradeFailedException(string message, string? failedMigration, string? backup, Exception inner) : Exception(message, inner)
{
    public string? FailedMigration { get; } = failedMigration;

    /// <summary>The backup written before the migrations (SQLite), or null (PostgreSQL, which Gongkai does not back up).</summary>
    public string? Backup { get; } = backup;
}

/// <summary>
/// An existing database with pending migrations is an upgrade. On SQLite it is backed up first into the backup folder
/// (<c>before-upgrade-{UTC time}-{last applied migration}.zip</c>, without the key file), and the log says which
/// migrations will be applied and where the backup is; on PostgreSQL the log warns that Gongkai runs no pg_dump. A
/// migration that fails becomes an <see cref="UpgradeFailedException"/> naming the migration and the backup.
/// </summary>
public static class DatabaseUpgrade
{
    public const string BackupPrefix = "before-upgrade-";

    /// <summary>The migrations pending on an existing database: backed up and logged before they are applied; returns the backup's path (SQLite).</summary>
    public static async Task<string?> PrepareAsync(DatabaseSettings settings, IReadOnlyList<string> applied, IReadOnlyList<string> pending,
        string? configuredBackupFolder, ILogger log, CancellationToken ct = default)
    {
        if (applied.Count == 0 || pending.Count == 0)
        {
            return null;
        }
        var from = applied[^1];
        if (settings.UsesPostgres)
        {
            log.LogWarning("数据库需要升级：Gongkai {Release} 将在 PostgreSQL 数据库上应用迁移 {Pending}（数据库当前的最后一次迁移为 {From}）。"
                + "Gongkai 不会为 PostgreSQL 运行 pg_dump：升级前必须先用 pg_dump 备份数据库（见 docs/OPERATIONS.md）",
                ReleaseVersion.Display, string.Join("、", pending), from);
            return null;
        }
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath))!;
        var folder = BackupLocations.Folder(dataDirectory, configuredBackupFolder);
        Directory.CreateDirectory(folder);
        DataFiles.RestrictToOwner(folder);
        var zip = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{BackupPrefix}{DateTime.UtcNow:yyyyMMddTHHmmssZ}-{from}.zip"));
        await SqliteBackup.CreateAsync(settings.SqlitePath, zip, includeKeys: false, ct);
        DataFiles.RestrictFile(zip);
        log.LogInformation("数据库需要升级：Gongkai {Release} 将应用迁移 {Pending}（数据库当前的最后一次迁移为 {From}，即由此前的版本创建）。升级前的备份已写入 {Backup}",
            ReleaseVersion.Display, string.Join("、", pending), from, zip);
        return zip;
    }

    /// <summary>Applies the pending migrations; a failure is logged as critical and thrown as <see cref="UpgradeFailedException"/>.</summary>
    public static async Task MigrateAsync(GongkaiDbContext db, DatabaseSettings settings, IReadOnlyList<string> pending, string? backup, ILogger log)
    {
        try
        {
            await db.Database.MigrateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = await FailedMigrationAsync(db, pending);
            var message = Message(settings, failed, e, backup);
            log.LogCritical(e, "{Message}", message);
            throw new UpgradeFailedException(message, failed, backup, e);
        }
    }

    /// <summary>The first of the pending migrations that is not recorded as applied now: the one that failed.</summary>
    private static async Task<string?> FailedMigrationAsync(GongkaiDbContext db, IReadOnlyList<string> pending)
    {
        try
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToHashSet(StringComparer.Ordinal);
            return pending.FirstOrDefault(m => !applied.Contains(m));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return pending.Count > 0 ? pending[0] + "（或其后的迁移）" : null;
        }
    }

    private static string Message(DatabaseSettings settings, string? failed, Exception e, string? backup)
    {
        var error = e.InnerException is { } inner && !string.Equals(inner.Message, e.Message, StringComparison.Ordinal) ? $"{e.Message}（{inner.Message}）" : e.Message;
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"数据库升级失败：Gongkai {ReleaseVersion.Display} 应用迁移 {failed ?? "（未知）"} 时出错：{error}。");
        text.Append("该迁移在事务中执行，数据库已回到该迁移之前的状态（数据库的事务不能撤销的步骤除外；此前已成功的迁移保留）。");
        if (backup is not null)
        {
            var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath));
            text.Append(CultureInfo.InvariantCulture, $"升级前的备份：{backup}。如需回到升级前的状态：停止服务，新建一个空目录，把主密钥文件（默认为 {Path.Combine(dataDirectory!, "keys", "master.keys")}）复制到其中的 keys/master.keys，");
            text.Append(CultureInfo.InvariantCulture, $"运行 gongkai restore {backup} --to 该目录，再用原来的版本以 Gongkai__DataDirectory=该目录 启动。");
        }
        else if (settings.UsesPostgres)
        {
            text.Append("PostgreSQL 数据库不由 Gongkai 备份：请用升级前的 pg_dump 备份恢复（pg_restore 或 psql），或修正问题后重新启动。");
        }
        text.Append("请把以上信息和日志交给技术支持。Gongkai 未启动。");
        return text.ToString();
    }
}
