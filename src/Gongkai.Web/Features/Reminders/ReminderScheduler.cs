using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Reminders;

/// <summary>
/// Makes the day's reminder digests (<see cref="ReminderDigests"/>) at <see cref="ReminderSettings.At"/> Beijing time on
/// every working day, on every instance: all of them wake, the first to insert the day's <c>ScheduledRun</c> row does the
/// run and the others find it and write nothing. On start it catches up — if the time has passed today and no run is
/// recorded, it runs now — so a restart (a deployment at 09:00, a crash) neither loses the day's digests nor repeats them.
/// <para>
/// Why not Quartz.NET or another scheduler: the claim row is already the cluster lock, in the same transaction as the
/// digests it guards, so "claimed but not done" cannot happen; it works the same on SQLite (one server) and PostgreSQL
/// (several), with no scheduler tables, no clustered job store to configure, and one job that needs none of that.
/// </para>
/// </summary>
public sealed class ReminderScheduler(IServiceScopeFactory scopes, ReminderSettings settings, TimeProvider clock, ILogger<ReminderScheduler> log) : BackgroundService
{
    /// <summary>After a failed run (the database unavailable for a while), when to try again the same day.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            log.LogInformation("每日提醒已停用（Gongkai:Reminders:Enabled=false）");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = await RunIfDueAsync(stoppingToken);
            await Task.Delay(sleep, clock, stoppingToken);
        }
    }

    /// <summary>Runs today's digests when their time has passed (a no-op once made, or on a day off); returns how long to sleep.</summary>
    public async Task<TimeSpan> RunIfDueAsync(CancellationToken ct = default)
    {
        var now = ChinaTime.Now(clock);
        var today = DateOnly.FromDateTime(now.DateTime);
        if (TimeOnly.FromDateTime(now.DateTime) >= settings.At)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
                if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
                {
                    return RetryAfter; // the database is being prepared
                }
                var run = await scope.ServiceProvider.GetRequiredService<ReminderDigests>().RunAsync(today, ct);
                if (run.Outcome == ReminderOutcome.Done)
                {
                    log.LogInformation("{Day} 的每日提醒：{Digests} 人，{Emails} 封邮件", run.Day, run.Digests, run.Emails);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "生成 {Day} 的每日提醒失败，{Minutes} 分钟后重试", today, RetryAfter.TotalMinutes);
                return RetryAfter;
            }
        }
        var wait = NextRun(now) - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero; // a run that outlasted its day: look again at once
    }

    /// <summary>The next run time strictly after <paramref name="now"/>: today's if still ahead, else tomorrow's.</summary>
    private DateTimeOffset NextRun(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.DateTime);
        var at = ChinaTime.At(today, settings.At);
        return at > now ? at : ChinaTime.At(today.AddDays(1), settings.At);
    }
}
