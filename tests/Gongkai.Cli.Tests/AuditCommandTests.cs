using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Cli.Tests;

public sealed class AuditCommandTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"gongkai-audit-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    private async Task CreateChain(int entries)
    {
        await using var db = DataServices.Open(new DatabaseSettings(null, path));
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
        Assert.Contains("共 5 条记录，哈希链校验通过", output);
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
}
