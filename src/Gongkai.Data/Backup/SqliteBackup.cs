using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Gongkai.Data.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Data.Backup;

/// <summary>What a backup holds, written into it as manifest.json and checked on restore.</summary>
public sealed record BackupManifest(DateTimeOffset CreatedAt, string DatabaseSha256, long Cases, long Attachments, long AuditEntries,
    long AuditHeadSequence, string AuditHeadHash, IReadOnlyList<string> Files, bool IncludesKeys);

/// <summary>A restore's result: what was restored and what its checks found, in Chinese.</summary>
public sealed record RestoreResult(BackupManifest Manifest, IReadOnlyList<string> Problems);

/// <summary>
/// Backup and restore of a SQLite installation: the database copied page by page with SQLite's online backup API
/// (consistent while the app keeps writing), with the data folder's files beside it (audit checkpoints, saved batch
/// audits), into one ZIP. The master key file is left out unless asked for: a backup should be useless to whoever
/// steals it, and the key is to be kept separately. PostgreSQL is backed up with pg_dump (docs/OPERATIONS.md).
/// </summary>
public static class SqliteBackup
{
    public const string DatabaseEntry = "gongkai.db";
    public const string ManifestEntry = "manifest.json";
    public const string KeyFileEntry = "keys/master.keys";
    private static readonly string[] Folders = ["audit-checkpoints", "report-audits"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<BackupManifest> CreateAsync(string databasePath, string zipPath, bool includeKeys, CancellationToken ct = default)
    {
        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        var copy = Path.Combine(Path.GetTempPath(), $"gongkai-backup-{Guid.NewGuid():N}.db");
        try
        {
            using (var source = new SqliteConnection(DataServices.SqliteConnectionString(databasePath)))
            using (var target = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                source.Open();
                target.Open();
                source.BackupDatabase(target);
                using var journal = target.CreateCommand();
                // A backup is one self-contained file: no write-ahead log beside it.
                journal.CommandText = "PRAGMA journal_mode=DELETE;";
                journal.ExecuteNonQuery();
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var counts = await CountAsync(copy, ct);
            var files = new List<string>();
            var temporary = zipPath + ".tmp";
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(copy, DatabaseEntry, CompressionLevel.Optimal);
                foreach (var folder in Folders.Select(f => Path.Combine(dataFolder, f)).Where(Directory.Exists))
                {
                    foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)
                        // The head file may already be ahead of the copied database; the manifest records the copy's own head.
                        && Path.GetFileName(f) != Audit.AuditCheckpoints.HeadFileName))
                    {
                        var name = Path.GetRelativePath(dataFolder, file).Replace(Path.DirectorySeparatorChar, '/');
                        zip.CreateEntryFromFile(file, name, CompressionLevel.Optimal);
                        files.Add(name);
                    }
                }
                var keyFile = Path.Combine(dataFolder, "keys", "master.keys");
                if (includeKeys && File.Exists(keyFile))
                {
                    zip.CreateEntryFromFile(keyFile, KeyFileEntry);
                }
                var manifest = counts with { CreatedAt = DateTimeOffset.UtcNow, DatabaseSha256 = Sha256(copy), Files = files, IncludesKeys = includeKeys && File.Exists(keyFile) };
                await using (var entry = zip.CreateEntry(ManifestEntry).Open())
                {
                    await JsonSerializer.SerializeAsync(entry, manifest, Json, ct);
                }
                counts = manifest;
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.Move(temporary, zipPath, overwrite: true);
            return counts;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
    }

    /// <summary>
    /// Restores a backup into <paramref name="dataFolder"/>, which must hold no database yet, and checks it: the database
    /// file's checksum and SQLite's integrity check, the counts against the manifest, the audit chain (with the signatures
    /// when a key file is there), and every file listed. Nothing already there is overwritten.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(string zipPath, string dataFolder, CancellationToken ct = default)
    {
        var database = Path.Combine(dataFolder, DatabaseEntry);
        if (File.Exists(database))
        {
            throw new BackupException($"目标目录已有数据库 {database}：恢复只写入空目录，不覆盖现有数据");
        }
        BackupManifest manifest;
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new BackupException($"{zipPath} 不是 Gongkai 备份文件（缺少 {ManifestEntry}）");
            await using (var m = manifestEntry.Open())
            {
                manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(m, Json, ct) ?? throw new BackupException("备份清单为空");
            }
            Directory.CreateDirectory(dataFolder);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dataFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var root = Path.GetFullPath(dataFolder) + Path.DirectorySeparatorChar;
            foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0 && e.FullName != ManifestEntry))
            {
                var target = Path.GetFullPath(Path.Combine(dataFolder, entry.FullName));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new BackupException($"备份中的文件名 {entry.FullName} 指向目标目录之外，已拒绝");
                }
                if (File.Exists(target))
                {
                    throw new BackupException($"目标目录已有文件 {entry.FullName}，不覆盖");
                }
                var folder = Path.GetDirectoryName(target)!;
                Directory.CreateDirectory(folder);
                if (!OperatingSystem.IsWindows())
                {
                    // The restored folders are the service account's alone, as the data folder they came from.
                    File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
                entry.ExtractToFile(target);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new BackupException($"{zipPath} 已损坏，无法读取：{e.Message}");
        }
        return new RestoreResult(manifest, await CheckAsync(dataFolder, manifest, ct));
    }

    private static async Task<List<string>> CheckAsync(string dataFolder, BackupManifest manifest, CancellationToken ct)
    {
        var problems = new List<string>();
        var database = Path.Combine(dataFolder, DatabaseEntry);
        if (!File.Exists(database))
        {
            problems.Add("备份中没有数据库文件");
            return problems;
        }
        if (Sha256(database) != manifest.DatabaseSha256)
        {
            problems.Add("数据库文件的校验值与备份清单不符（备份文件被修改或损坏）");
            return problems;
        }
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            if (check.ExecuteScalar() as string != "ok")
            {
                problems.Add("SQLite 完整性检查未通过");
            }
        }
        var counts = await CountAsync(database, ct);
        if ((counts.Cases, counts.Attachments, counts.AuditEntries) != (manifest.Cases, manifest.Attachments, manifest.AuditEntries))
        {
            problems.Add($"记录数与备份清单不符：申请 {counts.Cases}/{manifest.Cases}，附件 {counts.Attachments}/{manifest.Attachments}，审计记录 {counts.AuditEntries}/{manifest.AuditEntries}");
        }
        var keyFile = Path.Combine(dataFolder, "keys", "master.keys");
        var seal = File.Exists(keyFile) ? new AuditSeal(Keys.MasterKeyRing.Load(keyFile)) : null;
        await using (var db = DataServices.Open(new DatabaseSettings(null, database)))
        {
            problems.AddRange((await AuditChain.Verify(db, seal, ct)).Where(p => !p.Unverifiable).Select(p => "审计日志：" + p.Message));
            var checkpoints = Path.Combine(dataFolder, "audit-checkpoints");
            problems.AddRange((await AuditCheckpoints.VerifyAsync(db, checkpoints, seal, ct)).Problems.Select(p => "审计日志：" + p.Message));
        }
        problems.AddRange(manifest.Files.Where(f => !File.Exists(Path.Combine(dataFolder, f))).Select(f => $"备份清单中的文件 {f} 缺失"));
        SqliteConnection.ClearAllPools();
        return problems;
    }

    private static async Task<BackupManifest> CountAsync(string database, CancellationToken ct)
    {
        await using var db = DataServices.Open(new DatabaseSettings(null, database));
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        return new BackupManifest(default, "", await db.Cases.LongCountAsync(ct), await db.CaseAttachments.LongCountAsync(ct), await db.AuditEntries.LongCountAsync(ct),
            head?.LastSequence ?? 0, head?.LastHash ?? AuditChain.Genesis, [], false);
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}

/// <summary>A backup or restore that cannot go on; the message says why, in Chinese.</summary>
public sealed class BackupException(string message) : Exception(message);
