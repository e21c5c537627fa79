extern alias cli;
using cli::Gongkai.Cli;
using Gongkai.Data.Backup;
using Gongkai.Data.Installation;

namespace Gongkai.Web.Tests.Operations;

/// <summary>Sets GONGKAI_CONFIG, which the gongkai command reads: run alone, never beside another test using the command.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>Issue 23: gongkai backup --scheduled, as gongkai-backup.timer runs it — retention, the recorded result, the installed configuration.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ScheduledBackupTests : IDisposable
{
    private readonly GongkaiFactory factory = GongkaiFactory.OnSqlite();

    public void Dispose()
    {
        factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private string Database => Path.Combine(factory.DataDirectory, "gongkai.db");

    private string Folder => Path.Combine(factory.DataDirectory, BackupLocations.FolderName);

    private static (int Code, string Out, string Err) Gongkai(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A ZIP with a manifest, as a backup made by an earlier run looks to retention.</summary>
    internal static void WriteFakeBackup(string path)
    {
        using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry(SqliteBackup.ManifestEntry).Open());
        writer.Write("{}");
    }

    private string Old(int daysAgo) => Path.Combine(Folder, ScheduledBackup.FileNameFor(DateTimeOffset.UtcNow.AddDays(-daysAgo)));

    [Fact]
    public async Task ScheduledBackup_RemovesOnlyItsOwnBackupsBeyondTheRetentionAndRecordsTheResult()
    {
        await factory.SeedAsync();
        Directory.CreateDirectory(Folder);
        var (tooOld, recent, namedLikeOne) = (Old(10), Old(5), Old(11));
        var others = new[] { Path.Combine(Folder, "before-upgrade-20200101T000000Z-X.zip"), Path.Combine(Folder, "管理员手工复制.zip"), namedLikeOne };
        foreach (var file in others.Append(recent))
        {
            await File.WriteAllTextAsync(file, "old");
        }
        WriteFakeBackup(tooOld);

        var (code, output, error) = Gongkai("backup", "--scheduled", "--sqlite", Database, "--keep-days", "7");

        Assert.True(code == CliApp.Ok, error);
        Assert.False(File.Exists(tooOld));
        Assert.True(File.Exists(recent));
        Assert.All(others, f => Assert.True(File.Exists(f), f));
        Assert.Contains(Path.GetFileName(tooOld), output, StringComparison.Ordinal);
        var record = BackupRecord.Read(Folder)!;
        Assert.True(record.Succeeded);
        Assert.Equal(record.At, record.LastSuccessAt);
        Assert.Equal([Path.GetFileName(tooOld)], record.Removed);
        var (_, problems) = await SqliteBackup.RestoreAsync(record.File!, Path.Combine(factory.DataDirectory, "restored"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ScheduledBackup_ThatFails_IsRecordedWithTheLastGoodOneKept()
    {
        await factory.SeedAsync();
        Assert.Equal(CliApp.Ok, Gongkai("backup", "--scheduled", "--sqlite", Database).Code);
        var good = BackupRecord.Read(Folder)!;

        var (code, _, error) = Gongkai("backup", "--scheduled", "--sqlite", Path.Combine(factory.DataDirectory, "不存在.db"));

        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("备份失败", error, StringComparison.Ordinal);
        var failed = BackupRecord.Read(Folder)!;
        Assert.False(failed.Succeeded);
        Assert.Contains("找不到数据库文件", failed.Message, StringComparison.Ordinal);
        Assert.Equal(good.LastSuccessAt, failed.LastSuccessAt);
    }

    [Fact]
    public void ScheduledBackup_KeepingLessThanADay_IsRefused()
    {
        var (code, _, error) = Gongkai("backup", "--scheduled", "--sqlite", Database, "--keep-days", "0");
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("保留天数应至少为 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_UnderTheInstalledConfiguration_FindTheDatabaseBackupFolderAndRetentionThere()
    {
        await factory.SeedAsync();
        var backups = Path.Combine(factory.DataDirectory, "elsewhere");
        var config = Path.Combine(factory.DataDirectory, "gongkai.json");
        await File.WriteAllTextAsync(config, $$"""
            // 与 /etc/gongkai/gongkai.json 相同的写法
            { "Gongkai": { "DataDirectory": "{{factory.DataDirectory}}", "Backup": { "Directory": "{{backups}}", "KeepDays": 3 } } }
            """);
        Environment.SetEnvironmentVariable(ConfigurationFile.Variable, config);
        try
        {
            Directory.CreateDirectory(backups);
            var old = Path.Combine(backups, ScheduledBackup.FileNameFor(DateTimeOffset.UtcNow.AddDays(-4)));
            WriteFakeBackup(old);

            var (code, _, error) = Gongkai("backup", "--scheduled");
            Assert.True(code == CliApp.Ok, error);
            Assert.False(File.Exists(old), "KeepDays 3 from the file removes a backup four days old");
            Assert.True(BackupRecord.Read(backups)!.Succeeded);

            var verify = Gongkai("audit", "verify");
            Assert.True(verify.Code == CliApp.Ok, verify.Err + verify.Out);

            await File.WriteAllTextAsync(config, "{ 坏了");
            var broken = Gongkai("backup", "--scheduled");
            Assert.Equal(CliApp.Unreadable, broken.Code);
            Assert.Contains("不是有效的 JSON", broken.Err, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConfigurationFile.Variable, null);
        }
    }
}
