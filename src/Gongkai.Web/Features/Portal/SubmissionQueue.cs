using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;

namespace Gongkai.Web.Features.Portal;

/// <summary>
/// Group commit for online applications. Each request checks and prepares its application in parallel
/// (<see cref="CaseService.PrepareAsync"/>); the writes then queue here, and one writer saves everything
/// waiting in a single transaction — one lock, one commit, one disk sync for the whole group — before any
/// applicant is told the tracking number. Under load this turns the database's one-writer-at-a-time into
/// batches; when idle a group is a single application and waits for nothing.
/// </summary>
public sealed class SubmissionQueue(IServiceScopeFactory scopes, ILogger<SubmissionQueue> log) : BackgroundService
{
    /// <summary>The most applications one transaction carries; bounds the time the write lock is held.</summary>
    public const int MaxGroup = 64;

    private sealed record Item(PendingRegistration Pending, TaskCompletionSource<CaseResult<ApplicationCase>> Done);

    private readonly System.Threading.Channels.Channel<Item> queue = System.Threading.Channels.Channel.CreateBounded<Item>(new System.Threading.Channels.BoundedChannelOptions(10_000) { SingleReader = true });

    /// <summary>Registers a prepared application; completes once it is durably saved.</summary>
    public async Task<CaseResult<ApplicationCase>> RegisterAsync(PendingRegistration pending, CancellationToken ct = default)
    {
        var item = new Item(pending, new TaskCompletionSource<CaseResult<ApplicationCase>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(item))
        {
            try
            {
                await queue.Writer.WriteAsync(item, ct);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return new(ResultKind.Refused, Message: "系统正在停止服务，申请未提交，请稍后重试");
            }
        }
        return await item.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await SaveWaitingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: take no more, and save what is already waiting so no applicant is left hanging.
            queue.Writer.TryComplete();
            while (queue.Reader.TryPeek(out _))
            {
                await SaveWaitingAsync(CancellationToken.None);
            }
        }
    }

    private async Task SaveWaitingAsync(CancellationToken ct)
    {
        var group = new List<Item>(MaxGroup);
        while (group.Count < MaxGroup && queue.Reader.TryRead(out var item))
        {
            group.Add(item);
        }
        try
        {
            await SaveGroupAsync(group, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A group fails as a whole (say, a racing first writer on a new database); each application
            // is then saved alone, so one bad write cannot lose the others.
            log.LogWarning(e, "Saving {Count} online applications together failed; saving them one by one", group.Count);
            foreach (var item in group)
            {
                await SaveAloneAsync(item, ct);
            }
        }
        catch (OperationCanceledException e)
        {
            foreach (var item in group)
            {
                item.Done.TrySetException(e);
            }
            throw;
        }
    }

    private async Task SaveGroupAsync(List<Item> group, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().CurrentAsync(ct);
        var saved = new List<ApplicationCase>(group.Count);
        await using (var tx = await AuditChain.BeginWriteAsync(db, ct))
        {
            foreach (var item in group)
            {
                saved.Add(await cases.AddRegistrationAsync(item.Pending, calendar, ct));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var metrics = scope.ServiceProvider.GetRequiredService<Operations.GongkaiMetrics>();
        for (var i = 0; i < group.Count; i++)
        {
            metrics.ApplicationReceived(group[i].Pending.TrackingPrefix, saved[i].Channel);
            group[i].Done.TrySetResult(CaseResult<ApplicationCase>.Ok(saved[i]));
        }
    }

    private async Task SaveAloneAsync(Item item, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            item.Done.TrySetResult(await scope.ServiceProvider.GetRequiredService<CaseService>().RegisterPreparedAsync(item.Pending, ct));
        }
        catch (Exception e)
        {
            item.Done.TrySetException(e);
        }
    }
}
