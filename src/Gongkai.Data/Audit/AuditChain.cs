using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gongkai.Data.Audit;

/// <summary>A break in the chain found by <see cref="AuditChain.Verify"/>.</summary>
/// <param name="Unverifiable">
/// Not a sign of tampering: entries signed with a master key the administrator, on the record, declared lost and
/// replaced (<see cref="AuditChain.StartNewMasterKeyAction"/>). Their hashes are still checked; their signatures cannot be.
/// </param>
public sealed record AuditProblem(long Sequence, string Message, bool Unverifiable = false);

/// <summary>Appends to and verifies the hash-chained audit log.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The entry that records a new master key started because the old one was lost; <c>Before</c> lists the lost key ids.</summary>
    public const string StartNewMasterKeyAction = "StartNewMasterKey";

    /// <summary>
    /// Starts a write: a transaction that first takes the chain head's row lock, so that writers append in
    /// one total order across all instances (PostgreSQL blocks the second writer on the row; SQLite allows
    /// one writer at a time anyway). Everything the caller then reads is current.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginWriteAsync(GongkaiDbContext db, CancellationToken ct = default,
        [System.Runtime.CompilerServices.CallerMemberName] string caller = "", [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
    {
        if (db.Database.CurrentTransaction is { } outer && BulkWrites.ContainsKey(outer.TransactionId))
        {
            // Inside a bulk write (the demo data on a first start): every change joins the one transaction.
            return new JoinedTransaction(outer, db);
        }
        // SQLite has one writer at a time; writers of this process queue here instead of polling the
        // database's lock (which costs CPU and adds milliseconds of back-off under load).
        var queue = db.Database.IsSqlite() ? WriterQueueOf(db.Database.GetConnectionString() ?? "") : null;
        if (queue is not null)
        {
            await queue.EnterAsync($"{Path.GetFileNameWithoutExtension(callerFile)}.{caller}", ct);
        }
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var tx = await db.Database.BeginTransactionAsync(ct);
                var locked = await db.AuditHeads.Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, h => h.LastSequence), ct);
                if (locked == 1)
                {
                    return queue is null ? tx : Queued(tx, queue);
                }
                // No head yet (a new database): create it; a writer racing to do the same fails on the key and locks the winner's row instead.
                try
                {
                    db.AuditHeads.Add(new AuditHead());
                    await db.SaveChangesAsync(ct);
                    return queue is null ? tx : Queued(tx, queue);
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    await tx.RollbackAsync(ct);
                    await tx.DisposeAsync();
                    db.ChangeTracker.Clear();
                }
            }
        }
        catch
        {
            queue?.Release();
            throw;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, WriterQueue> SqliteWriters = new();

    /// <summary>The writer queue of a SQLite database (tests shorten its limit).</summary>
    internal static WriterQueue WriterQueueOf(string connectionString) => SqliteWriters.GetOrAdd(connectionString, _ => new WriterQueue());

    /// <summary>Who holds each SQLite database's write now, and for how long (for a test's failure message).</summary>
    internal static string DescribeWriters() =>
        string.Join("; ", SqliteWriters.Values.Select(q => q.Describe()).Where(d => d.Length > 0)) is { Length: > 0 } held ? held : "no write held";

    /// <summary>
    /// The writers of one SQLite database in this process, one at a time. It remembers who holds it, so that a write
    /// which waited too long fails naming the holder instead of hanging its request without a trace.
    /// </summary>
    internal sealed class WriterQueue
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private string holder = "";
        private long heldSince;

        /// <summary>How long a write waits for the one before it: no honest write takes this long, so waiting longer would only hide a leak.</summary>
        public TimeSpan Limit { get; set; } = TimeSpan.FromMinutes(2);

        public async Task EnterAsync(string who, CancellationToken ct)
        {
            if (!await gate.WaitAsync(Limit, ct))
            {
                var held = System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref heldSince));
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"{who} waited {Limit.TotalSeconds:0} s to write to the database; {Volatile.Read(ref holder)} has held the write for {held.TotalSeconds:0} s."));
            }
            Volatile.Write(ref holder, who);
            Interlocked.Exchange(ref heldSince, System.Diagnostics.Stopwatch.GetTimestamp());
        }

        public void Release() => gate.Release();

        /// <summary>The holder and how long it has held the write, or empty when the write is free.</summary>
        public string Describe() => gate.CurrentCount > 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{Volatile.Read(ref holder)} holds a write for {System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref heldSince)).TotalSeconds:0.0} s");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> BulkWrites = new();

    /// <summary>
    /// One transaction for many audited writes — the demo data written on a first start, hundreds of registrations and
    /// transitions — which each join it instead of committing alone; committed once by the caller. Takes the chain's
    /// lock like any write. Not for requests: one failing change would undo them all.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginBulkWriteAsync(GongkaiDbContext db, CancellationToken ct = default,
        [System.Runtime.CompilerServices.CallerMemberName] string caller = "", [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
    {
        var tx = await BeginWriteAsync(db, ct, caller, callerFile);
        BulkWrites[tx.TransactionId] = true;
        return new EndingTransaction(tx, () => BulkWrites.TryRemove(tx.TransactionId, out _));
    }

    /// <summary>A write inside a bulk write: its commit waits for the bulk write's; a rollback is the bulk write's failure.</summary>
    private sealed class JoinedTransaction(IDbContextTransaction outer, GongkaiDbContext db) : IDbContextTransaction
    {
        public Guid TransactionId => outer.TransactionId;

        // What the step saved is in the transaction; forgetting its entities keeps every later step's change detection
        // as cheap as the first (hundreds of steps share one unit of work).
        public void Commit() => db.ChangeTracker.Clear();

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            db.ChangeTracker.Clear();
            return Task.CompletedTask;
        }

        public void Rollback() => throw new InvalidOperationException("A change inside a bulk write failed; the bulk write is abandoned.");

        public Task RollbackAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("A change inside a bulk write failed; the bulk write is abandoned.");

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A transaction that lets the next queued writer in when it ends.</summary>
    private static EndingTransaction Queued(IDbContextTransaction tx, WriterQueue queue) => new(tx, queue.Release);

    /// <summary>A transaction that runs <paramref name="onEnd"/> once when it is disposed (after the inner one is).</summary>
    private sealed class EndingTransaction(IDbContextTransaction inner, Action onEnd) : IDbContextTransaction
    {
        private int ended;

        public Guid TransactionId => inner.TransactionId;

        public void Commit() => inner.Commit();

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public void Rollback() => inner.Rollback();

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            inner.Dispose();
            End();
        }

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            End();
        }

        private void End()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                onEnd();
            }
        }
    }

    /// <summary>
    /// One audited change: opens the serialised write, lets <paramref name="change"/> change the unit of work and
    /// say what it did, appends that entry, and saves and commits both together.
    /// </summary>
    public static async Task WriteAsync(GongkaiDbContext db, Func<Task<AuditEntry>> change, TimeProvider clock, CancellationToken ct = default,
        [System.Runtime.CompilerServices.CallerMemberName] string caller = "", [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
    {
        await using var tx = await BeginWriteAsync(db, ct, caller, callerFile);
        await AppendAsync(db, await change(), clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Adds an entry after the current head, in the caller's unit of work: it is saved, or not, together
    /// with the change it records. Two writers racing for the head make one save fail with a concurrency
    /// error; the caller retries.
    /// </summary>
    public static async Task AppendAsync(GongkaiDbContext db, AuditEntry entry, TimeProvider clock, CancellationToken ct = default)
    {
        // Find looks in the unit of work first without scanning it for changes, so appending many entries in one write stays linear.
        var head = await db.AuditHeads.FindAsync([1], ct);
        if (head is null)
        {
            head = new AuditHead();
            db.AuditHeads.Add(head);
        }
        entry.Sequence = head.LastSequence + 1;
        entry.At = TruncateToMicroseconds(clock.GetUtcNow());
        entry.PreviousHash = head.LastHash;
        entry.Hash = ComputeHash(entry);
        if (db.AuditSeal is { } seal)
        {
            (entry.KeyId, entry.Mac) = seal.SignEntry(entry.Hash);
        }
        head.LastSequence = entry.Sequence;
        head.LastHash = entry.Hash;
        db.PendingAuditHead = (entry.Sequence, entry.Hash);
        head.Version = Guid.NewGuid();
        db.AuditEntries.Add(entry);
    }

    public static string ComputeHash(AuditEntry e)
    {
        var canonical = string.Join('\u001F',
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            e.UserId, e.UserName, e.AgencyId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.EntityType, e.EntityId, e.Action, e.Summary, e.Before ?? "\u0000", e.After ?? "\u0000", e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Checks every entry's hash, the links between entries, gaps in the sequence and the head; with
    /// <paramref name="seal"/> (the keys outside the database), every entry's signature too, which finds a
    /// rewrite that recomputed all the hashes.
    /// </summary>
    public static async Task<IReadOnlyList<AuditProblem>> Verify(GongkaiDbContext db, CancellationToken ct = default) =>
        await Verify(db, db.AuditSeal, ct);

    public static async Task<IReadOnlyList<AuditProblem>> Verify(GongkaiDbContext db, AuditSeal? seal, CancellationToken ct = default)
    {
        var problems = new List<AuditProblem>();
        var previousHash = Genesis;
        long expected = 1;
        // Keys declared lost on the record, by an entry that is itself signed with a key in the file.
        var abandoned = new HashSet<string>(StringComparer.Ordinal);
        if (seal is not null)
        {
            foreach (var replacement in await db.AuditEntries.AsNoTracking().Where(e => e.Action == StartNewMasterKeyAction).ToListAsync(ct))
            {
                if (ComputeHash(replacement) == replacement.Hash && seal.CheckEntry(replacement.Sequence, replacement.Hash, replacement.KeyId, replacement.Mac) is null)
                {
                    abandoned.UnionWith((replacement.Before ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        long unverifiable = 0, firstUnverifiable = 0, lastUnverifiable = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expected)
            {
                problems.Add(new AuditProblem(e.Sequence, $"第 {expected} 条至第 {e.Sequence - 1} 条记录缺失（被删除）"));
            }
            if (e.PreviousHash != previousHash)
            {
                problems.Add(new AuditProblem(e.Sequence, $"第 {e.Sequence} 条记录与前一条记录的链接不符（记录被删除、插入或调换了顺序）"));
            }
            if (ComputeHash(e) != e.Hash)
            {
                problems.Add(new AuditProblem(e.Sequence, $"第 {e.Sequence} 条记录的内容与其哈希值不符（记录被修改）"));
            }
            else if (e.KeyId is not null && abandoned.Contains(e.KeyId) && seal?.Keys.Find(e.KeyId) is null)
            {
                unverifiable++;
                firstUnverifiable = firstUnverifiable == 0 ? e.Sequence : firstUnverifiable;
                lastUnverifiable = e.Sequence;
            }
            else if (seal?.CheckEntry(e.Sequence, e.Hash, e.KeyId, e.Mac) is { } unsigned)
            {
                problems.Add(new AuditProblem(e.Sequence, unsigned));
            }
            previousHash = e.Hash;
            expected = e.Sequence + 1;
        }
        if (unverifiable > 0)
        {
            problems.Add(new AuditProblem(firstUnverifiable,
                $"第 {firstUnverifiable} 条至第 {lastUnverifiable} 条中有 {unverifiable} 条记录由已登记丢失的主密钥（{string.Join("、", abandoned.Order(StringComparer.Ordinal))}）签名，签名无法再验证（哈希链仍已校验）", Unverifiable: true));
        }
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is not null && (head.LastSequence != expected - 1 || head.LastHash != previousHash))
        {
            problems.Add(new AuditProblem(head.LastSequence, $"审计日志应有 {head.LastSequence} 条记录，实际最后一条为第 {expected - 1} 条（末尾记录被删除或修改）"));
        }
        return problems;
    }

    /// <summary>
    /// Signs the entries written before the keys existed, once, when the key file is created (an upgrade): from then
    /// on an unsigned entry is a problem, so stripping signatures cannot get entries re-signed.
    /// </summary>
    public static async Task<int> SealUnsignedAsync(GongkaiDbContext db, AuditSeal seal, CancellationToken ct = default)
    {
        var sealedCount = 0;
        while (true)
        {
            var batch = await db.AuditEntries.Where(e => e.Mac == null).OrderBy(e => e.Sequence).Take(1000).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return sealedCount;
            }
            foreach (var e in batch)
            {
                (e.KeyId, e.Mac) = seal.SignEntry(e.Hash);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            sealedCount += batch.Count;
        }
    }

    /// <summary>PostgreSQL stores microseconds; hashing a value it cannot store would break verification.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);
}
