using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>The in-process queue of SQLite writers: a write left open too long is named by the one that waited for it.</summary>
public sealed class WriterQueueTests : IDisposable
{
    private readonly GongkaiFactory factory = GongkaiFactory.OnSqlite();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task BeginWrite_WhileAnotherHoldsTheQueuePastItsLimit_FailsNamingTheHolder()
    {
        await factory.SeedAsync();
        await using var holderDb = factory.OpenDb();
        await using var waiterDb = factory.OpenDb();
        AuditChain.WriterQueueOf(holderDb.Database.GetConnectionString()!).Limit = TimeSpan.FromSeconds(1);

        await using (await AuditChain.BeginWriteAsync(holderDb))
        {
            var e = await Assert.ThrowsAsync<TimeoutException>(() => AuditChain.BeginWriteAsync(waiterDb));
            Assert.Contains("WriterQueueTests.BeginWrite_WhileAnotherHoldsTheQueuePastItsLimit_FailsNamingTheHolder has held the write", e.Message, StringComparison.Ordinal);
        }

        // Once the holder ends, the next writer gets in.
        await using var next = await AuditChain.BeginWriteAsync(waiterDb);
        await next.CommitAsync();
    }
}
