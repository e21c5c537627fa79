using System.IO.Compression;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Backup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>Issue 13: a running installation backed up, restored into a fresh folder, and verified.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly GongkaiFactory factory = GongkaiFactory.OnSqlite();
    private readonly string work = Directory.CreateTempSubdirectory("gongkai-backup-test-").FullName;

    public void Dispose()
    {
        factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(work, recursive: true);
    }

    private string Database => Path.Combine(factory.DataDirectory, "gongkai.db");

    /// <summary>A case with an attachment, more audited history, and a checkpoint written.</summary>
    private async Task<(string TrackingNumber, byte[] File)> HistoryAsync()
    {
        await factory.SeedAsync();
        var pdf = TestFiles.Pdf("backup " + Guid.NewGuid().ToString("N"));
        string number;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var (result, _) = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>().SubmitAsync(factory.CityId,
                new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "备份测试", "居民身份证", "110105199003071239", "13700000000",
                    null, null, null, null, "备份前的申请", "电子邮件"), [("证明.pdf", pdf)], Guid.NewGuid().ToString("N"));
            Assert.True(result.IsOk, result.Message);
            number = result.Value!.TrackingNumber;
        }
        await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.InProgress);
        await factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Gongkai.Web.Infrastructure.DailyHousekeeping>().Single().RunOnceAsync();
        return (number, pdf);
    }

    [Fact]
    public async Task Backup_RestoredIntoAFreshFolder_VerifiesDataFilesAndTheAuditChain()
    {
        var (number, file) = await HistoryAsync();
        var zip = Path.Combine(work, "backup.zip");
        var manifest = await SqliteBackup.CreateAsync(Database, zip, includeKeys: true);
        Assert.True(manifest.Cases >= 2);
        Assert.Contains(manifest.Files, f => f.StartsWith("audit-checkpoints/", StringComparison.Ordinal));

        var restored = Path.Combine(work, "restored");
        var (_, problems) = await SqliteBackup.RestoreAsync(zip, restored);
        Assert.Empty(problems);

        var keys = Gongkai.Data.Keys.MasterKeyRing.Load(Path.Combine(restored, "keys", "master.keys"));
        await using var db = DataServices.Open(new DatabaseSettings(null, Path.Combine(restored, "gongkai.db")), new AuditSeal(keys));
        var c = await db.Cases.SingleAsync(x => x.TrackingNumber == number);
        Assert.Equal(file, (await db.CaseAttachments.SingleAsync(a => a.CaseId == c.Id)).Content);
        Assert.Empty(await AuditChain.Verify(db));
        await using var live = factory.OpenDb();
        Assert.Equal(await live.AuditEntries.CountAsync(), await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Restore_OfAnAlteredBackup_SaysSo()
    {
        await HistoryAsync();
        var zip = Path.Combine(work, "backup.zip");
        await SqliteBackup.CreateAsync(Database, zip, includeKeys: false);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry(SqliteBackup.DatabaseEntry)!;
            byte[] bytes;
            await using (var s = entry.Open())
            {
                using var buffer = new MemoryStream();
                await s.CopyToAsync(buffer);
                bytes = buffer.ToArray();
            }
            bytes[^100] ^= 0xFF;
            entry.Delete();
            await using var replaced = archive.CreateEntry(SqliteBackup.DatabaseEntry).Open();
            await replaced.WriteAsync(bytes);
        }
        var (_, problems) = await SqliteBackup.RestoreAsync(zip, Path.Combine(work, "restored"));
        Assert.Contains(problems, p => p.Contains("校验值与备份清单不符", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_IntoAFolderWithADatabase_OverwritesNothing()
    {
        await HistoryAsync();
        var zip = Path.Combine(work, "backup.zip");
        await SqliteBackup.CreateAsync(Database, zip, includeKeys: false);
        var refused = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(zip, factory.DataDirectory));
        Assert.Contains("不覆盖现有数据", refused.Message, StringComparison.Ordinal);
    }
}
