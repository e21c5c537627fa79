using Gongkai.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// Attempts counted per key in a window, shared by all instances (table LookupThrottles). An attempt is taken before
/// what it guards is checked, by one atomic statement, so parallel requests cannot overtake the limit (PostgreSQL
/// re-checks the row it waited for; SQLite has one writer); a success gives its attempt back. An attempt refused
/// restarts the window (backoff): a key that keeps trying stays locked out.
/// </summary>
public sealed class AttemptCounter(GongkaiDbContext db, TimeProvider clock)
{
    /// <summary>True when one more attempt is allowed (and now counted); false when the key has used up its window.</summary>
    public async Task<bool> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var expired = now - (long)window.TotalMilliseconds;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "LookupThrottles" ("Key", "Failures", "WindowStartMs") VALUES ({key}, 0, {now}) ON CONFLICT ("Key") DO NOTHING""", ct);
        // One statement both checks and counts: a window that has ended starts again at this attempt.
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "LookupThrottles"
            SET "Failures" = CASE WHEN "WindowStartMs" <= {expired} THEN 1 ELSE "Failures" + 1 END,
                "WindowStartMs" = CASE WHEN "WindowStartMs" <= {expired} THEN {now} ELSE "WindowStartMs" END
            WHERE "Key" = {key} AND ("Failures" < {limit} OR "WindowStartMs" <= {expired})
            """, ct);
        if (taken == 0)
        {
            // Backoff: an attempt while locked out starts the lock-out again, so whoever keeps trying stays out, and only
            // whoever waits the whole window gets another try.
            await db.LookupThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(s => s.SetProperty(t => t.WindowStartMs, now), ct);
        }
        return taken == 1;
    }

    /// <summary>Whether the key has used up its window, without counting an attempt.</summary>
    public async Task<bool> IsExhaustedAsync(string key, int limit, TimeSpan window, CancellationToken ct = default)
    {
        var expired = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)window.TotalMilliseconds;
        return await db.LookupThrottles.AsNoTracking().AnyAsync(t => t.Key == key && t.Failures >= limit && t.WindowStartMs > expired, ct);
    }

    /// <summary>A success: its attempt no longer counts.</summary>
    public Task GiveBackAsync(string key, CancellationToken ct = default) =>
        db.LookupThrottles.Where(t => t.Key == key && t.Failures > 0).ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures - 1), ct);

    /// <summary>Forgets the key's attempts altogether.</summary>
    public Task ForgetAsync(string key, CancellationToken ct = default) =>
        db.LookupThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);

    /// <summary>Counters whose window began a day ago or more are forgotten (the daily housekeeping).</summary>
    public static Task<int> PurgeAsync(GongkaiDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var cutoff = now.AddDays(-1).ToUnixTimeMilliseconds();
        return db.LookupThrottles.Where(t => t.WindowStartMs < cutoff).ExecuteDeleteAsync(ct);
    }
}
