using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Cli.Tests;

public sealed class AuditCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gongkai-audit-").FullName;

    private string path => Path.Combine(folder, "gongkai.db");

    /// <summary>Where the web app keeps them beside its database, which is where the command looks by default.</summary>
    private string KeyFile => Path.Combine(folder, "keys", "master.keys");

    private string CheckpointFolder => Path.Combine(folder, "audit-checkpoints");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The keys as the web app has them: the key file, and the head file moving with every write.</summary>
    private AuditSeal Seal() => new(Gongkai.Data.Keys.MasterKeyRing.LoadOrCreate(KeyFile, null, out _)) { HeadFolder = CheckpointFolder };

    private async Task CreateChain(int entries, AuditSeal? seal = null)
    {
        seal ??= Seal();
        await using var db = DataServices.Open(new DatabaseSettings(null, path), seal);
        await db.Database.MigrateAsync();
        for (var i = 0; i < entries; i++)
        {
            await AuditChain.AppendAsync(db, new AuditEntry { UserId = "u1", UserName = "测试", EntityType = "case", EntityId = "c1", Action = "Test", Summary = $"第{i + 1}次修改" }, TimeProvider.System);
            await db.SaveChangesAsync();
        }
    }

    private (int Code, string Out) Verify()
    {
        var stdout = new StringWriter();
        var code = CliApp.Run(["audit", "verify", "--sqlite", path], stdout, new StringWriter());
        return (code, stdout.ToString());
    }

    [Fact]
    public async Task Verify_IntactChain_ExitsZero()
    {
        await CreateChain(5);
        var (code, output) = Verify();
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("共 5 条记录，哈希链和密钥签名，与 1 个检查点（含链头文件）一致校验通过", output);
    }

    [Fact]
    public async Task Verify_EditedEntry_ExitsOneAndNamesIt()
    {
        await CreateChain(5);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = '别人' WHERE \"Sequence\" = 2");
        }
        var (code, output) = Verify();
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("第 2 条记录的内容与其哈希值不符", output);
    }

    [Fact]
    public async Task Verify_LastEntryDeleted_IsDetectedByTheHead()
    {
        await CreateChain(3);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 3");
        }
        var (code, output) = Verify();
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("末尾记录被删除", output);
    }

    [Fact]
    public void Verify_MissingDatabase_ExitsTwo()
    {
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Unreadable, CliApp.Run(["audit", "verify", "--sqlite", "/nonexistent/x.db"], new StringWriter(), stderr));
        Assert.Contains("找不到数据库文件", stderr.ToString());
    }

    /// <summary>
    /// The insider's attack of issue 13: change an entry, then recompute every later hash and the head, so that the
    /// hash chain alone checks out.
    /// </summary>
    private async Task RewriteFrom(long sequence, string summary)
    {
        await using var db = DataServices.Open(new DatabaseSettings(null, path));
        var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        var previous = AuditChain.Genesis;
        foreach (var e in entries)
        {
            if (e.Sequence == sequence)
            {
                e.Summary = summary;
            }
            e.PreviousHash = previous;
            e.Hash = AuditChain.ComputeHash(e);
            previous = e.Hash;
        }
        var head = await db.AuditHeads.SingleAsync();
        head.LastHash = previous;
        await db.SaveChangesAsync();
        Assert.Empty(await AuditChain.Verify(db, seal: null));
    }

    [Fact]
    public async Task Verify_WholeChainRewritten_IsDetectedBySignaturesAndCheckpoint()
    {
        var seal = Seal();
        await CreateChain(5, seal);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            Assert.NotNull(await AuditCheckpoints.WriteAsync(db, seal, CheckpointFolder, "daily", TimeProvider.System));
        }
        await RewriteFrom(2, "改写的记录");
        var (code, output) = Verify();
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("第 2 条记录的密钥签名不符", output);
        Assert.Contains("第 5 条记录与检查点", output);
    }

    [Fact]
    public async Task Verify_SignedChain_ExitsZeroAndSaysWhatWasChecked()
    {
        var seal = Seal();
        await CreateChain(4, seal);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            await AuditCheckpoints.WriteAsync(db, seal, CheckpointFolder, "daily", TimeProvider.System);
        }
        var (code, output) = Verify();
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("共 4 条记录，哈希链和密钥签名，与 2 个检查点（含链头文件）一致校验通过", output);
    }

    [Fact]
    public async Task Verify_EntriesDeletedAfterACheckpoint_AreFoundByTheCheckpoint()
    {
        var seal = Seal();
        await CreateChain(4, seal);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            await AuditCheckpoints.WriteAsync(db, seal, CheckpointFolder, "daily", TimeProvider.System);
            // Cut the tail and point the head at the new end: signatures of the rest are still right.
            var third = await db.AuditEntries.SingleAsync(e => e.Sequence == 3);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 4");
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"AuditHeads\" SET \"LastSequence\" = 3, \"LastHash\" = {third.Hash}");
        }
        var (code, output) = Verify();
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("记录了第 4 条，数据库中只到第 3 条", output);
    }

    [Fact]
    public async Task Verify_EditedCheckpointFile_IsRefused()
    {
        var seal = Seal();
        await CreateChain(3, seal);
        string file;
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            file = (await AuditCheckpoints.WriteAsync(db, seal, CheckpointFolder, "daily", TimeProvider.System))!;
        }
        await RewriteFrom(1, "改写");
        // The attacker also edits the checkpoint to the new head's hash: without the key the signature no longer fits.
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            var head = await db.AuditHeads.SingleAsync();
            var text = await File.ReadAllTextAsync(file);
            var old = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("Hash").GetString()!;
            await File.WriteAllTextAsync(file, text.Replace(old, head.LastHash, StringComparison.Ordinal));
        }
        var (code, output) = Verify();
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("签名不符（检查点文件被修改）", output);
    }

    [Fact]
    public async Task Verify_WithoutKeyFile_ExitsTwoAndNeverSaysIntact()
    {
        await CreateChain(2);
        File.Delete(KeyFile);
        var stderr = new StringWriter();
        var stdout = new StringWriter();
        Assert.Equal(CliApp.Unreadable, CliApp.Run(["audit", "verify", "--sqlite", path], stdout, stderr));
        Assert.Contains($"找不到主密钥文件 {KeyFile}：没有它无法校验每条记录的密钥签名，不能确认审计日志完好", stderr.ToString());
        Assert.DoesNotContain("完好：", stdout.ToString());
    }

    [Fact]
    public async Task Verify_RewrittenChainWithoutKeyFile_ExitsTwo()
    {
        await CreateChain(4);
        await RewriteFrom(2, "改写的记录");
        File.Delete(KeyFile);
        Assert.Equal(CliApp.Unreadable, CliApp.Run(["audit", "verify", "--sqlite", path], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public async Task Verify_UnreadableKeyFile_ExitsTwoNamingTheLine()
    {
        await CreateChain(2);
        await File.WriteAllTextAsync(KeyFile, "这不是密钥\n");
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Unreadable, CliApp.Run(["audit", "verify", "--sqlite", path], new StringWriter(), stderr));
        Assert.Contains("第 1 行格式不正确", stderr.ToString());
    }

    /// <summary>
    /// The attack of issue 20: delete every entry after the last daily checkpoint and rewind the head to the last one left;
    /// the signatures of what remains are right, and no dated checkpoint recorded the lost entries. The head file did.
    /// </summary>
    [Fact]
    public async Task Verify_TailCutAfterTheLastCheckpoint_NamesTheMissingEntriesFromTheHeadFile()
    {
        var seal = Seal();
        await CreateChain(2, seal);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path), seal))
        {
            await AuditCheckpoints.WriteAsync(db, seal, CheckpointFolder, "daily", TimeProvider.System);
            for (var i = 0; i < 3; i++)
            {
                await AuditChain.AppendAsync(db, new AuditEntry { UserId = "u1", UserName = "测试", EntityType = "case", EntityId = "c1", Action = "Test", Summary = "当天的记录" }, TimeProvider.System);
                await db.SaveChangesAsync();
            }
        }
        Assert.Equal(5, AuditCheckpoints.ReadHead(CheckpointFolder)!.Sequence);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            var second = await db.AuditEntries.SingleAsync(e => e.Sequence == 2);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > 2");
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"AuditHeads\" SET \"LastSequence\" = 2, \"LastHash\" = {second.Hash}");
            Assert.Empty(await AuditChain.Verify(db, seal)); // the chain and signatures alone see nothing
        }
        var (code, output) = Verify();
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("第 3 条至第 5 条记录缺失（被删除）：链头文件 audit-head.json", output);
    }

    [Fact]
    public async Task Verify_WithoutTheHeadFile_SaysTheTailCouldNotBeChecked()
    {
        await CreateChain(2);
        File.Delete(Path.Combine(CheckpointFolder, AuditCheckpoints.HeadFileName));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Ok, CliApp.Run(["audit", "verify", "--sqlite", path], stdout, stderr));
        Assert.Contains("末尾未能核对：缺少链头文件", stdout.ToString());
        Assert.Contains("没有链头文件 audit-head.json", stderr.ToString());
    }

    [Fact]
    public async Task BackupThenRestore_IntoAFreshFolder_VerifiesTheChainWithItsKeys()
    {
        var seal = Seal();
        await CreateChain(6, seal);
        await using (var db = DataServices.Open(new DatabaseSettings(null, path)))
        {
            await AuditCheckpoints.WriteAsync(db, seal, CheckpointFolder, "daily", TimeProvider.System);
        }
        var zip = Path.Combine(folder, "backup.zip");
        var stdout = new StringWriter();
        Assert.Equal(CliApp.Ok, CliApp.Run(["backup", "-o", zip, "--sqlite", path, "--include-keys"], stdout, new StringWriter()));
        Assert.Contains("审计记录 6 条", stdout.ToString());
        var restored = Path.Combine(folder, "restored");
        stdout = new StringWriter();
        Assert.Equal(CliApp.Ok, CliApp.Run(["restore", zip, "--to", restored], stdout, new StringWriter()));
        Assert.Contains("审计日志的哈希链、签名和检查点一致", stdout.ToString());
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Unreadable, CliApp.Run(["restore", zip, "--to", restored], new StringWriter(), stderr));
        Assert.Contains("不覆盖现有数据", stderr.ToString());
    }

    [Fact]
    public void Backup_OfPostgres_PointsToPgDump()
    {
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Unreadable, CliApp.Run(["backup", "-o", "x.zip", "--postgres", "Host=127.0.0.1"], new StringWriter(), stderr));
        Assert.Contains("pg_dump", stderr.ToString());
    }
}
