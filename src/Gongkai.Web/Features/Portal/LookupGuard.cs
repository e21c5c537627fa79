using Gongkai.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Portal;

/// <summary>
/// Limits guesses at the public status lookup. An attempt is counted before the code is checked, by one atomic
/// statement per counter, so parallel requests cannot overtake the limit (PostgreSQL re-checks the row it waited
/// for; SQLite has one writer). Two counters: a tracking number from one address (<see cref="PerNumberAndClient"/>
/// in <see cref="NumberWindow"/>) — an attacker elsewhere cannot lock the applicant out of their own case — and one
/// address over all numbers (<see cref="PerClient"/> in <see cref="ClientWindow"/>), which slows anyone trying many.
/// A right code forgives that number's attempts from that address.
/// </summary>
public sealed class LookupGuard(GongkaiDbContext db, TimeProvider clock)
{
    public const int PerNumberAndClient = 5;
    public static readonly TimeSpan NumberWindow = TimeSpan.FromMinutes(15);
    public const int PerClient = 30;
    public static readonly TimeSpan ClientWindow = TimeSpan.FromHours(1);

    /// <summary>Null when one more attempt is allowed (and now counted); otherwise the Chinese refusal.</summary>
    public async Task<string?> TakeAttemptAsync(string number, string client, CancellationToken ct = default)
    {
        // The number first: attempts refused for it are not guesses and do not use up the address's allowance.
        if (!await TakeAsync(NumberKey(number, client), PerNumberAndClient, NumberWindow, ct))
        {
            return $"该受理编号的查询错误次数过多，请{NumberWindow.TotalMinutes:0}分钟后再试";
        }
        if (!await TakeAsync(ClientKey(client), PerClient, ClientWindow, ct))
        {
            return $"本网络地址的查询错误次数过多，请{ClientWindow.TotalMinutes:0}分钟后再试";
        }
        return null;
    }

    /// <summary>The right code: this number's attempts from this address no longer count, nor this one against the address.</summary>
    public async Task ForgiveAsync(string number, string client, CancellationToken ct = default)
    {
        var numberKey = NumberKey(number, client);
        var clientKey = ClientKey(client);
        await db.LookupThrottles.Where(t => t.Key == numberKey).ExecuteDeleteAsync(ct);
        await db.LookupThrottles.Where(t => t.Key == clientKey && t.Failures > 0).ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures - 1), ct);
    }

    /// <summary>Counters whose window ended a day ago or more are forgotten (the daily housekeeping).</summary>
    public static Task<int> PurgeAsync(GongkaiDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var cutoff = now.AddDays(-1).ToUnixTimeMilliseconds();
        return db.LookupThrottles.Where(t => t.WindowStartMs < cutoff).ExecuteDeleteAsync(ct);
    }

    private static string NumberKey(string number, string client) => $"n:{number}|{client}";

    private static string ClientKey(string client) => $"c:{client}";

    private async Task<bool> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct)
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
        return taken == 1;
    }
}
