using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>The audit chain over real operations, then tampered with by SQL as an insider would.</summary>
/// <remarks>Each test tampers with its own database.</remarks>
public sealed class AuditTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<long> MakeHistory()
    {
        await CaseDriver.DriveTo(factory, CaseState.Answered);
        await using var db = factory.OpenDb();
        Assert.Empty(await AuditChain.Verify(db));
        return await db.AuditEntries.MaxAsync(e => e.Sequence);
    }

    [Fact]
    public async Task Chain_AfterRealOperations_Verifies()
    {
        var last = await MakeHistory();
        Assert.True(last >= 6);
    }

    [Fact]
    public async Task Chain_EditedEntry_IsDetected()
    {
        await MakeHistory();
        await using var db = factory.OpenDb();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Summary\" = '改过的记录' WHERE \"Sequence\" = 3");
        var problems = await AuditChain.Verify(db);
        Assert.Contains(problems, p => p.Sequence == 3 && p.Message.Contains("被修改", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chain_DeletedEntry_IsDetected()
    {
        await MakeHistory();
        await using var db = factory.OpenDb();
        var saved = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 2);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2");
        var problems = await AuditChain.Verify(db);
        Assert.Contains(problems, p => p.Message.Contains("缺失", StringComparison.Ordinal));
        db.AuditEntries.Add(saved);
        await db.SaveChangesAsync();
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public async Task Chain_ReorderedEntries_AreDetected()
    {
        await MakeHistory();
        await using var db = factory.OpenDb();
        var a = await db.AuditEntries.SingleAsync(e => e.Sequence == 4);
        var b = await db.AuditEntries.SingleAsync(e => e.Sequence == 5);
        (a.Summary, b.Summary, a.Action, b.Action, a.Hash, b.Hash, a.PreviousHash, b.PreviousHash) =
            (b.Summary, a.Summary, b.Action, a.Action, b.Hash, a.Hash, b.PreviousHash, a.PreviousHash);
        await db.SaveChangesAsync();
        var problems = await AuditChain.Verify(db);
        Assert.Contains(problems, p => p.Message.Contains("链接不符", StringComparison.Ordinal));
    }
}
