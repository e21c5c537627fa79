using System.Globalization;
using System.Text.Json;

namespace Gongkai.Data.Backup;

/// <summary>
/// What the last scheduled backup did, kept as <c>last-backup.json</c> in the backup folder: the web application's
/// readiness check, its metrics and the administrator's 工作台 read it to tell how old the newest good backup is.
/// </summary>
public sealed record BackupRecord(DateTimeOffset At, bool Succeeded, string? File, string Message, DateTimeOffset? LastSuccessAt, IReadOnlyList<string> Removed)
{
    public const string FileName = "last-backup.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record in <paramref name="folder"/>, or null when no scheduled backup ever ran there (or its record is unreadable).</summary>
    public static BackupRecord? Read(string folder)
    {
        try
        {
            using var stream = System.IO.File.OpenRead(Path.Combine(folder, FileName));
            return JsonSerializer.Deserialize<BackupRecord>(stream, Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    internal void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        System.IO.File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        System.IO.File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>
/// The daily backup (<c>gongkai backup --scheduled</c>, run by gongkai-backup.timer): a new backup named by its time,
/// then the scheduled backups older than the retention removed — never the newest good one, never a file that is not a
/// Gongkai backup with a scheduled backup's name (a before-upgrade backup, a copy an administrator put there, a file
/// merely named like one) — and the result recorded, failure included.
/// </summary>
public static class ScheduledBackup
{
    public const string Prefix = "gongkai-";
    private const string Stamp = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The file name a scheduled backup made at <paramref name="at"/> gets.</summary>
    public static string FileNameFor(DateTimeOffset at) => Prefix + at.UtcDateTime.ToString(Stamp, CultureInfo.InvariantCulture) + ".zip";

    public static async Task<BackupRecord> RunAsync(string databasePath, string folder, int keepDays, TimeProvider clock, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var previous = BackupRecord.Read(folder);
        var now = clock.GetUtcNow();
        var zip = Path.Combine(folder, FileNameFor(now));
        BackupRecord record;
        try
        {
            if (!System.IO.File.Exists(databasePath))
            {
                throw new IOException($"找不到数据库文件 {databasePath}");
            }
            var manifest = await SqliteBackup.CreateAsync(databasePath, zip, includeKeys: false, ct);
            var removed = Prune(folder, keepDays, now, keep: Path.GetFileName(zip));
            record = new BackupRecord(now, true, zip,
                $"已备份：申请 {manifest.Cases} 件，附件 {manifest.Attachments} 个，审计记录 {manifest.AuditEntries} 条；按保留 {keepDays} 天删除旧备份 {removed.Count} 个",
                now, removed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or BackupException)
        {
            // The failure is recorded too, with the last good backup's time kept: the 工作台 and /readyz go on counting from it.
            record = new BackupRecord(now, false, null, $"备份失败：{e.Message}", previous?.LastSuccessAt, []);
        }
        record.Write(folder);
        return record;
    }

    /// <summary>A Gongkai backup (a ZIP with its manifest), not merely a file with such a name: only those are removed.</summary>
    private static bool IsBackup(string file)
    {
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(file);
            return zip.GetEntry(SqliteBackup.ManifestEntry) is not null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes the scheduled backups made more than <paramref name="keepDays"/> days before <paramref name="now"/>.</summary>
    private static List<string> Prune(string folder, int keepDays, DateTimeOffset now, string keep)
    {
        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, Prefix + "*.zip").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name == keep || !DateTime.TryParseExact(name[Prefix.Length..^".zip".Length], Stamp, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var made))
            {
                continue;
            }
            if (now.UtcDateTime - made > TimeSpan.FromDays(keepDays) && IsBackup(file))
            {
                System.IO.File.Delete(file);
                removed.Add(name);
            }
        }
        return removed;
    }
}
