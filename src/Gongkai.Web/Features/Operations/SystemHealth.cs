using Gongkai.Data;
using Gongkai.Data.Backup;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Operations;

/// <summary>One readiness check's verdict; <see cref="Detail"/> is Chinese, for the administrator.</summary>
public sealed record HealthCheck(bool Ok, string Detail);

/// <summary>The four checks behind <c>/readyz</c>, the 工作台's warnings and the backup-age metric.</summary>
public sealed record HealthReport(HealthCheck Database, HealthCheck Pdf, HealthCheck Disk, HealthCheck Backup, double? BackupAgeSeconds, long? FreeDiskBytes)
{
    public bool Ready => Database.Ok && Pdf.Ok && Disk.Ok && Backup.Ok;
}

/// <summary>
/// Is this instance fit to serve: its database reachable and fully migrated, its PDF converter there (or switched off on
/// purpose), its data disk above the free-space threshold, and the newest good scheduled backup younger than the limit
/// (an installation younger than the limit counts from its first audit entry, so a new system is not red before its
/// first night).
/// </summary>
public sealed class SystemHealth(GongkaiDbContext db, OperationsSettings settings, TimeProvider clock, Messages.SmtpSettings smtp)
{
    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var database = await DatabaseAsync(ct);
        var (disk, free) = Disk();
        var (backup, age) = database.Ok ? await BackupAsync(ct) : (new HealthCheck(false, "数据库不可用，无法判断备份"), null);
        return new HealthReport(database, Pdf(), disk, backup, age, free);
    }

    /// <summary>What the administrator's 工作台 warns of: a backup older than its limit, a data disk nearly full.</summary>
    public async Task<IReadOnlyList<string>> AdministratorWarningsAsync(CancellationToken ct)
    {
        var (backup, _) = await BackupAsync(ct);
        var (disk, _) = Disk();
        var warnings = new[] { backup, disk }.Where(c => !c.Ok).Select(c => c.Detail).ToList();
        if (!smtp.Configured && await db.Outbox.CountAsync(m => m.State == Gongkai.Data.Messages.MessageState.NotConfigured, ct) is > 0 and var waiting)
        {
            warnings.Add($"有 {waiting} 条邮件因{smtp.Missing}而未发送：申请人和工作人员收不到通知。请信息中心在配置文件中设置邮件服务器（Gongkai:Smtp），发送情况见“机关设置 → 消息发送”");
        }
        return warnings;
    }

    private async Task<HealthCheck> DatabaseAsync(CancellationToken ct)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct))
            {
                return new HealthCheck(false, "无法连接数据库");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0 ? new HealthCheck(true, $"已连接（{(db.Database.IsNpgsql() ? "PostgreSQL" : "SQLite")}），数据库结构为最新")
                : new HealthCheck(false, $"数据库结构未更新：尚有 {pending.Count} 个迁移未执行（{string.Join("、", pending)}）");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheck(false, $"数据库出错：{e.Message}");
        }
    }

    private HealthCheck Pdf() =>
        settings.PdfOff ? new HealthCheck(true, "已按设置关闭（Gongkai:Pdf:ConvertOnIssue=false），文书只提供 Word 格式")
        : Gongkai.Documents.Pdf.PdfConverter.IsAvailable ? new HealthCheck(true, "LibreOffice 可用")
        : new HealthCheck(false, "找不到 LibreOffice（soffice）：文书无法转换为 PDF。请安装 libreoffice-writer，或设置 Gongkai:Pdf:ConvertOnIssue=false 明确关闭");

    private (HealthCheck Check, long? Free) Disk()
    {
        try
        {
            var free = new DriveInfo(Path.GetFullPath(settings.DataDirectory)).AvailableFreeSpace;
            var text = $"数据目录所在磁盘剩余 {Size(free)}（下限 {Size(settings.MinFreeDiskBytes)}）";
            return (new HealthCheck(free >= settings.MinFreeDiskBytes, free >= settings.MinFreeDiskBytes ? text : "磁盘空间不足：" + text), free);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (new HealthCheck(false, $"无法读取数据目录所在磁盘的剩余空间：{e.Message}"), null);
        }
    }

    private async Task<(HealthCheck, double?)> BackupAsync(CancellationToken ct)
    {
        var installedAt = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(ct);
        return Backup(installedAt);
    }

    private (HealthCheck, double?) Backup(DateTimeOffset? installedAt)
    {
        var record = BackupRecord.Read(settings.BackupFolder);
        var now = clock.GetUtcNow();
        // Before the first backup the age counts from the installation (its first audit entry), so that an alert on the
        // age fires for a system whose timer never ran.
        double? age = (record?.LastSuccessAt ?? installedAt) is { } last ? (now - last).TotalSeconds : null;
        var lastText = record?.LastSuccessAt is { } l ? $"最近一次成功备份于 {Gongkai.Web.Infrastructure.ChinaTime.Format(l)}" : "尚无成功的定时备份";
        var failed = record is { Succeeded: false } ? $"；最近一次备份失败（{Gongkai.Web.Infrastructure.ChinaTime.Format(record.At)}）：{record.Message}" : "";
        if (settings.BackupMaxAge is not { } limit)
        {
            return (new HealthCheck(true, $"未检查（Gongkai:Backup:MaxAgeHours=0）；{lastText}{failed}"), age);
        }
        var since = record?.LastSuccessAt ?? installedAt ?? now;
        var ok = now - since <= limit;
        var detail = $"{lastText}（上限 {limit.TotalHours:0} 小时）{failed}";
        return (new HealthCheck(ok, ok ? detail : $"备份过期：{detail}。请检查 gongkai-backup.timer（systemctl status gongkai-backup）"), age);
    }

    private static string Size(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GB" : $"{bytes / (double)(1L << 20):0} MB";
}
