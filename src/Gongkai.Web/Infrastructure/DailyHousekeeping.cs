using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Infrastructure;

/// <summary>Whether this start created the master key file (then entries written before it existed are signed once).</summary>
public sealed record MasterKeyStartup(bool CreatedNow);

/// <summary>Where signed checkpoints of the audit chain's head are written; best on other storage than the database.</summary>
public sealed record AuditCheckpointSettings(string Directory);

/// <summary>Writes a signed checkpoint of the audit chain's head now (daily, and when an annual report is published).</summary>
public sealed class AuditCheckpointer(GongkaiDbContext db, AuditSeal seal, AuditCheckpointSettings settings, TimeProvider clock)
{
    public Task<string?> WriteAsync(string reason, CancellationToken ct = default) =>
        AuditCheckpoints.WriteAsync(db, seal, settings.Directory, reason, clock, ct);
}

/// <summary>
/// Once at start and then daily: a signed checkpoint of the audit chain's head (when it moved), and forgetting what is
/// only kept for a while (lookup counters, submission keys older than a day). Each instance may do it; a second
/// checkpoint of the same head is not written.
/// </summary>
public sealed class DailyHousekeeping(IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<DailyHousekeeping> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "日常维护（审计检查点、清理过期数据）失败，将在下次重试");
            }
            await Task.Delay(Interval, clock, stoppingToken);
        }
    }

    public async Task RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
        if (!await db.Database.CanConnectAsync(ct) || (await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            return; // the database is being prepared; the next round writes the checkpoint
        }
        await scope.ServiceProvider.GetRequiredService<AuditCheckpointer>().WriteAsync("daily", ct);
        var now = clock.GetUtcNow();
        await AttemptCounter.PurgeAsync(db, now, ct);
        var dayAgo = now.AddDays(-1);
        // DateTimeOffset comparisons are not translated on SQLite; the rows are few (one per online application per day).
        var old = (await db.PortalSubmissions.AsNoTracking().Select(s => new { s.Key, s.CreatedAt }).ToListAsync(ct)).Where(s => s.CreatedAt < dayAgo).Select(s => s.Key).ToList();
        if (old.Count > 0)
        {
            await db.PortalSubmissions.Where(s => old.Contains(s.Key)).ExecuteDeleteAsync(ct);
        }
    }
}
