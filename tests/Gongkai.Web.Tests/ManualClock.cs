namespace Gongkai.Web.Tests;

/// <summary>
/// A clock that moves only when told, with timers that fire when it passes their time — what
/// <c>Task.Delay(span, clock, ct)</c> in a background service waits on. Callbacks run on the thread pool, outside the lock.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<Timer> timers = [];
    private DateTimeOffset now = start;

    /// <summary>A Beijing date and time (UTC+8), as the application's dates are.</summary>
    public static ManualClock AtChinaTime(DateOnly day, int hour, int minute) =>
        new(new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).ToUniversalTime());

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers waiting to fire (a background service asleep until a time to come).</summary>
    public int WaitingTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (gate)
        {
            now += by;
            due = timers.Where(t => t.DueAt <= now).ToList();
            foreach (var t in due)
            {
                t.DueAt = t.Period is { } p ? now + p : null;
            }
        }
        foreach (var t in due)
        {
            ThreadPool.QueueUserWorkItem(_ => t.Callback(t.State));
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (gate)
        {
            timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (clock.gate)
            {
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.now + dueTime;
                if (dueTime == TimeSpan.Zero)
                {
                    fireNow = true;
                    DueAt = Period is { } p ? clock.now + p : null;
                }
            }
            if (fireNow)
            {
                ThreadPool.QueueUserWorkItem(_ => Callback(State));
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock.gate)
            {
                DueAt = null;
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
