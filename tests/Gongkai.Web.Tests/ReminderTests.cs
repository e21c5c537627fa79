using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;
using Gongkai.Data.Messages;
using Gongkai.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The cases a reminder test starts from, each named by why a digest should (or should not) name it.</summary>
internal sealed record ReminderCases(Guid DueIn3, Guid DueIn1, Guid Overdue, Guid DueIn5, Guid CorrectionLapsed, Guid PaymentLapsed)
{
    /// <summary>
    /// Registers and accepts (as the city bureau's handler) cases whose answer deadlines — 20 working days from receipt,
    /// 条例 第三十三条 — fall 3, 1, −1 and 5 working days from <paramref name="day"/>, one whose 补正 period and one whose
    /// time to pay ended before it. The factory's clock must read <paramref name="day"/>.
    /// </summary>
    public static async Task<ReminderCases> CreateAsync(GongkaiFactory f, DateOnly day)
    {
        var registrar = await f.ApiAs("registrar");
        var handler = await f.ApiAs("handler");

        async Task<JsonElement> Accepted(DateOnly receivedOn) =>
            await Api.ActOk(handler, await Api.Register(registrar, Api.Registration(receivedOn: receivedOn)), CaseAction.Accept);

        async Task<Guid> DueIn(int workingDays) => Id(await Accepted(ReceivedFor(WorkingDaysFrom(day, workingDays))));

        var correction = await Accepted(day.AddDays(-40));
        correction = await Api.ActOk(handler, correction, CaseAction.RequestCorrection,
            new { date = Iso(day.AddDays(-38)), text = "请明确所需信息的时间范围", workingDays = 5 });
        var payment = await Accepted(day.AddDays(-60));
        payment = await Api.ActOk(handler, payment, CaseAction.NoticeFee, new { date = Iso(day.AddDays(-57)), feeBasis = "PerPage", quantity = 40 });
        return new(await DueIn(3), await DueIn(1), await DueIn(-1), await DueIn(5), Id(correction), Id(payment));
    }

    private static Guid Id(JsonElement c) => c.GetProperty("id").GetGuid();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static WorkingDayCalendar Calendar => WorkingDayCalendar.Official;

    /// <summary>The working day <paramref name="n"/> working days after (or, negative, before) <paramref name="day"/>.</summary>
    public static DateOnly WorkingDaysFrom(DateOnly day, int n)
    {
        if (n >= 0)
        {
            return Calendar.AddWorkingDays(day, n);
        }
        var d = day;
        for (var left = -n; left > 0;)
        {
            d = d.AddDays(-1);
            if (Calendar.IsWorkingDay(d))
            {
                left--;
            }
        }
        return d;
    }

    /// <summary>A date of receipt whose 20-working-day answer deadline is <paramref name="due"/>.</summary>
    public static DateOnly ReceivedFor(DateOnly due)
    {
        for (var r = due.AddDays(-1); r > due.AddDays(-60); r = r.AddDays(-1))
        {
            if (Calendar.AddWorkingDays(r, 20) == due)
            {
                return r;
            }
        }
        throw new InvalidOperationException($"no date of receipt is due on {due}");
    }
}

/// <summary>Helpers the reminder tests share: running the day's digests, reading what they wrote, waiting by polling.</summary>
internal static class ReminderRuns
{
    /// <summary>Monday 7 December 2026: a working day on the official calendar.</summary>
    public static readonly DateOnly Monday = new(2026, 12, 7);

    public static async Task<ReminderRun> RunAsync(GongkaiFactory f, DateOnly day)
    {
        await using var scope = f.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderDigests>().RunAsync(day);
    }

    public static async Task<string> UserIdAsync(GongkaiFactory f, string userName)
    {
        await using var db = f.OpenDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>The digests of a day by user name.</summary>
    public static async Task<Dictionary<string, List<StaffReminder>>> DigestsAsync(GongkaiFactory f, DateOnly day)
    {
        await using var db = f.OpenDb();
        var names = await db.Users.ToDictionaryAsync(u => u.Id, u => u.UserName!);
        return (await db.StaffReminders.AsNoTracking().Where(r => r.Day == day).ToListAsync())
            .GroupBy(r => names[r.StaffUserId]).ToDictionary(g => g.Key, g => g.ToList());
    }

    public static IReadOnlyList<ReminderItem> Items(StaffReminder r) => ReminderItem.FromJson(r.Items);

    public static async Task SetEmailAsync(GongkaiFactory f, string userName, string? email, bool wantsDigest = true)
    {
        await using var db = f.OpenDb();
        await db.Users.Where(u => u.UserName == userName)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, email).SetProperty(u => u.WantsDigest, wantsDigest));
    }

    /// <summary>Polls until <paramref name="done"/> holds, calling <paramref name="between"/> before each retry; fails after <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan limit, string what, Action? between = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(watch.Elapsed < limit, $"waited {limit.TotalSeconds:0} s for {what}");
            between?.Invoke();
            await Task.Delay(100);
        }
    }
}

/// <summary>
/// The daily reminder digests (issue 22, part 4) on a moved clock, on SQLite, or on PostgreSQL when GONGKAI_TEST_POSTGRES
/// is set: who is told of which case, once per person and day however often, wherever and however concurrently it runs.
/// </summary>
public sealed class ReminderTests : IDisposable
{
    private readonly ManualClock clock = ManualClock.AtChinaTime(ReminderRuns.Monday, 9, 0);
    private readonly GongkaiFactory first;
    private GongkaiFactory? second;

    public ReminderTests() => first = new GongkaiFactory { Clock = clock };

    public void Dispose()
    {
        second?.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task RunAsync_OnAWorkingDay_TellsTheHandlerAndTheLeaderWhatIsDue_AndNothingMore()
    {
        var cases = await ReminderCases.CreateAsync(first, ReminderRuns.Monday);

        var run = await ReminderRuns.RunAsync(first, ReminderRuns.Monday);

        Assert.Equal(ReminderOutcome.Done, run.Outcome);
        var digests = await ReminderRuns.DigestsAsync(first, ReminderRuns.Monday);
        // Only the city bureau's handler and leader have anything to hear; no other role, no other agency.
        Assert.Equal(new[] { "approver", "handler" }, digests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, run.Digests);

        var handler = Assert.Single(digests["handler"]);
        var mine = ReminderRuns.Items(handler).ToDictionary(i => i.CaseId, i => i.Group);
        Assert.Equal(new Dictionary<Guid, ReminderGroup>
        {
            [cases.DueIn3] = ReminderGroup.DueWithinThreeDays,
            [cases.DueIn1] = ReminderGroup.DueWithinOneDay,
            [cases.Overdue] = ReminderGroup.Overdue,
            [cases.CorrectionLapsed] = ReminderGroup.CorrectionLapsed,
            [cases.PaymentLapsed] = ReminderGroup.PaymentLapsed,
        }, mine);
        Assert.Equal(5, handler.Count);
        Assert.Equal(first.CityId, handler.AgencyId);
        Assert.Contains("已超期（1件）", handler.Text, StringComparison.Ordinal);
        Assert.Contains("已超期1个工作日", handler.Text, StringComparison.Ordinal);
        Assert.Contains("补正期限已届满", handler.Text, StringComparison.Ordinal);
        Assert.Contains("缴费期限已届满", handler.Text, StringComparison.Ordinal);

        // The leader hears of the agency's overdue case and the one due within a working day, with who handles them.
        var leader = Assert.Single(digests["approver"]);
        var agency = ReminderRuns.Items(leader);
        Assert.Equal(new[] { cases.Overdue, cases.DueIn1 }, agency.Select(i => i.CaseId));
        Assert.All(agency, i => Assert.True(i.AgencyWide));
        Assert.Contains("承办人：承办人", leader.Text, StringComparison.Ordinal);

        await using var db = first.OpenDb();
        var dueIn5 = await db.Cases.SingleAsync(c => c.Id == cases.DueIn5);
        Assert.Equal(ReminderCases.WorkingDaysFrom(ReminderRuns.Monday, 5), dueIn5.DueOn);
        Assert.DoesNotContain(await db.StaffReminders.Select(r => r.Items).ToListAsync(), items => items.Contains(cases.DueIn5.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RunAsync_CalledTwiceAndOnTheNextDay_WritesOneDigestPerPersonAndDay()
    {
        await ReminderCases.CreateAsync(first, ReminderRuns.Monday);

        Assert.Equal(ReminderOutcome.Done, (await ReminderRuns.RunAsync(first, ReminderRuns.Monday)).Outcome);
        Assert.Equal(ReminderOutcome.AlreadyRun, (await ReminderRuns.RunAsync(first, ReminderRuns.Monday)).Outcome);
        var tuesday = ReminderRuns.Monday.AddDays(1);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(ReminderOutcome.Done, (await ReminderRuns.RunAsync(first, tuesday)).Outcome);
        Assert.Equal(ReminderOutcome.AlreadyRun, (await ReminderRuns.RunAsync(first, tuesday)).Outcome);

        await using var db = first.OpenDb();
        Assert.Equal(2, await db.ScheduledRuns.CountAsync(r => r.Job == ReminderDigests.Job));
        var perDay = await db.StaffReminders.GroupBy(r => new { r.Day, r.StaffUserId }).Select(g => g.Count()).ToListAsync();
        Assert.Equal(4, perDay.Count); // handler and leader, Monday and Tuesday
        Assert.All(perDay, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task ANewInstanceOverTheSameData_AfterTheDaysRun_RepeatsNothing()
    {
        var cases = await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        await ReminderRuns.SetEmailAsync(first, "handler", "handler@example.gov.cn");
        Assert.Equal(ReminderOutcome.Done, (await ReminderRuns.RunAsync(first, ReminderRuns.Monday)).Outcome);

        // A restart at 09:00: the new instance's scheduler catches up, finds the day's run and leaves it alone.
        second = GongkaiFactory.SecondInstance(first, scheduleReminders: true);
        var scheduler = second.Services.GetRequiredService<ReminderScheduler>();
        var sleep = await scheduler.RunIfDueAsync();
        Assert.Equal(TimeSpan.FromHours(23.5), sleep); // until 08:30 tomorrow
        Assert.Equal(ReminderOutcome.AlreadyRun, (await ReminderRuns.RunAsync(second, ReminderRuns.Monday)).Outcome);

        await using var db = first.OpenDb();
        Assert.Equal(1, await db.ScheduledRuns.CountAsync());
        Assert.Equal(2, await db.StaffReminders.CountAsync());
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.Kind == "Digest"));
        Assert.Contains(cases.Overdue.ToString(), (await db.StaffReminders.SingleAsync(r => r.Count == 5)).Items, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ANewInstanceStartedAfterTheRunTime_WithNoRunRecorded_CatchesUpAtOnce()
    {
        await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        await using (var db = first.OpenDb())
        {
            Assert.False(await db.ScheduledRuns.AnyAsync());
        }

        // The instance was down at 08:30 and starts at 09:00: the day's digests are made now, not lost.
        second = GongkaiFactory.SecondInstance(first, scheduleReminders: true);
        await second.SeedAsync();
        await ReminderRuns.WaitUntilAsync(async () =>
        {
            await using var db = first.OpenDb();
            return await db.StaffReminders.CountAsync(r => r.Day == ReminderRuns.Monday) == 2;
        }, TimeSpan.FromSeconds(60), "the catch-up run's digests");
        await using var check = first.OpenDb();
        Assert.Equal(ReminderRuns.Monday, (await check.ScheduledRuns.SingleAsync()).Day);
    }

    [Fact]
    public async Task TwoInstancesRunningTheSameDayAtOnce_WriteItOnce()
    {
        await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        await ReminderRuns.SetEmailAsync(first, "handler", "handler@example.gov.cn");
        await ReminderRuns.SetEmailAsync(first, "approver", "leader@example.gov.cn");
        second = GongkaiFactory.SecondInstance(first);
        await second.SeedAsync();

        // Three working days, each run by both instances at the same moment.
        foreach (var day in new[] { ReminderRuns.Monday, ReminderRuns.Monday.AddDays(1), ReminderRuns.Monday.AddDays(2) })
        {
            using var go = new ManualResetEventSlim();
            var runs = new[] { first, second }.Select(f => Task.Run(async () =>
            {
                go.Wait();
                return await ReminderRuns.RunAsync(f, day);
            })).ToArray();
            go.Set();
            var outcomes = (await Task.WhenAll(runs)).Select(r => r.Outcome).Order().ToArray();
            Assert.Equal(new[] { ReminderOutcome.Done, ReminderOutcome.AlreadyRun }, outcomes);
        }

        await using var db = first.OpenDb();
        Assert.Equal(3, await db.ScheduledRuns.CountAsync());
        Assert.All(await db.StaffReminders.GroupBy(r => new { r.Day, r.StaffUserId }).Select(g => g.Count()).ToListAsync(), n => Assert.Equal(1, n));
        Assert.Equal(6, await db.StaffReminders.CountAsync());
        var keys = await db.Outbox.Where(m => m.Kind == "Digest").Select(m => m.DedupKey).ToListAsync();
        Assert.Equal(6, keys.Count);
        Assert.Equal(6, keys.Distinct().Count());
    }

    [Fact]
    public async Task TheDigestEmail_LandsInTheOutboxOnce_WithItsDedupKey_OnlyForThoseWhoWantIt()
    {
        var cases = await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        await ReminderRuns.SetEmailAsync(first, "handler", "handler@example.gov.cn");
        await ReminderRuns.SetEmailAsync(first, "approver", "leader@example.gov.cn", wantsDigest: false);
        var handlerId = await ReminderRuns.UserIdAsync(first, "handler");

        var run = await ReminderRuns.RunAsync(first, ReminderRuns.Monday);
        await ReminderRuns.RunAsync(first, ReminderRuns.Monday);

        Assert.Equal((2, 1), (run.Digests, run.Emails));
        await using var db = first.OpenDb();
        var mail = Assert.Single(await db.Outbox.Where(m => m.Kind == "Digest").ToListAsync());
        Assert.Equal($"digest:{handlerId}:2026-12-07", mail.DedupKey);
        Assert.Equal("handler@example.gov.cn", mail.Recipient);
        Assert.Equal(handlerId, mail.StaffUserId);
        Assert.Equal(MessageChannel.Email, mail.Channel);
        Assert.Equal("政府信息公开申请办理提醒", mail.Subject);
        Assert.StartsWith("承办人：", mail.Body, StringComparison.Ordinal);
        Assert.Contains("您承办的申请", mail.Body, StringComparison.Ordinal);
        Assert.Contains(await db.Cases.Where(c => c.Id == cases.Overdue).Select(c => c.TrackingNumber).SingleAsync(), mail.Body, StringComparison.Ordinal);
        // The leader who does not want the e-mail still has the digest on the 工作台.
        Assert.Equal(2, await db.StaffReminders.CountAsync());
    }

    [Fact]
    public async Task RunAsync_NoAddressOrDisabledAccount_NoEmail_AndDisabledGetsNoDigest()
    {
        await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        await using (var db = first.OpenDb())
        {
            await db.Users.Where(u => u.UserName == "approver").ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true).SetProperty(u => u.Email, "leader@example.gov.cn"));
        }

        var run = await ReminderRuns.RunAsync(first, ReminderRuns.Monday);

        Assert.Equal((1, 0), (run.Digests, run.Emails)); // the handler, who has no address
        Assert.Equal(new[] { "handler" }, (await ReminderRuns.DigestsAsync(first, ReminderRuns.Monday)).Keys);
        await using var check = first.OpenDb();
        Assert.False(await check.Outbox.AnyAsync(m => m.Kind == "Digest"));
    }

    [Fact]
    public async Task RunAsync_OnASaturday_MakesNothing_ButOnAMakeUpWorkingSaturdayItRuns()
    {
        await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        var saturday = ReminderRuns.Monday.AddDays(5);
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);

        Assert.Equal(ReminderOutcome.NotWorkingDay, (await ReminderRuns.RunAsync(first, saturday)).Outcome);
        await using (var db = first.OpenDb())
        {
            Assert.False(await db.ScheduledRuns.AnyAsync());
            Assert.False(await db.StaffReminders.AnyAsync());
        }

        // 2026-10-10 was a Saturday worked in exchange for the National Day holiday (调休): reminders go out.
        var makeUp = new DateOnly(2026, 10, 10);
        Assert.Equal(DayOfWeek.Saturday, makeUp.DayOfWeek);
        Assert.Equal(ReminderOutcome.Done, (await ReminderRuns.RunAsync(first, makeUp)).Outcome);
    }

    [Fact]
    public async Task TheWorkbench_ShowsTheLatestDigestWithLinks_AndTheHeaderCountsIt()
    {
        var cases = await ReminderCases.CreateAsync(first, ReminderRuns.Monday);
        var handler = await PageClient.SignedIn(first, "handler");
        var before = await handler.GetStringAsync("/");
        Assert.DoesNotContain("id=\"reminders\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("reminder-badge", before, StringComparison.Ordinal);

        await ReminderRuns.RunAsync(first, ReminderRuns.Monday);

        var page = await handler.GetStringAsync("/");
        Assert.Contains("id=\"reminders\"", page, StringComparison.Ordinal);
        Assert.Contains("今日提醒（2026年12月7日，5件）", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/#reminders\" class=\"badge\" id=\"reminder-badge\"", page, StringComparison.Ordinal);
        Assert.Contains(">提醒 5</a>", page, StringComparison.Ordinal);
        var section = page[page.IndexOf("id=\"reminders\"", StringComparison.Ordinal)..page.IndexOf("</section>", page.IndexOf("id=\"reminders\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        foreach (var id in new[] { cases.DueIn3, cases.DueIn1, cases.Overdue, cases.CorrectionLapsed, cases.PaymentLapsed })
        {
            Assert.Contains($"href=\"/Cases/Details/{id}\"", section, StringComparison.Ordinal);
        }
        Assert.DoesNotContain($"/Cases/Details/{cases.DueIn5}", section, StringComparison.Ordinal);

        // The next morning before the run the header still counts Monday's digest, and the 工作台 says it is not today's.
        clock.Advance(TimeSpan.FromHours(23));
        var tuesday = await handler.GetStringAsync("/");
        Assert.Contains("最近一次提醒（2026年12月7日，5件）", tuesday, StringComparison.Ordinal);
        Assert.Contains(">提醒 5</a>", tuesday, StringComparison.Ordinal);

        // Someone with nothing due has neither.
        var registrar = await (await PageClient.SignedIn(first, "registrar")).GetStringAsync("/");
        Assert.DoesNotContain("reminder-badge", registrar, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"reminders\"", registrar, StringComparison.Ordinal);
    }
}

/// <summary>The scheduler itself, on a clock that stands at 08:29 until the test moves it.</summary>
public sealed class ReminderSchedulerTests : IDisposable
{
    private readonly ManualClock clock = ManualClock.AtChinaTime(ReminderRuns.Monday, 8, 29);
    private readonly GongkaiFactory factory;

    public ReminderSchedulerTests() => factory = new GongkaiFactory { Clock = clock, ScheduleReminders = true };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task TheScheduler_At0830OnAWorkingDay_MakesTheDaysDigests()
    {
        await ReminderCases.CreateAsync(factory, ReminderRuns.Monday);
        await using (var db = factory.OpenDb())
        {
            Assert.False(await db.ScheduledRuns.AnyAsync()); // 08:29: not yet
        }

        // Moved a minute at a time (a timer set just after a move fires on the next one), never past 09:00.
        var limit = ManualClock.AtChinaTime(ReminderRuns.Monday, 9, 0).GetUtcNow();
        await ReminderRuns.WaitUntilAsync(async () =>
        {
            await using var db = factory.OpenDb();
            return await db.StaffReminders.CountAsync(r => r.Day == ReminderRuns.Monday) == 2;
        }, TimeSpan.FromSeconds(60), "the 08:30 run's digests", () =>
        {
            if (clock.GetUtcNow() < limit)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
            }
        });
        await using var check = factory.OpenDb();
        var run = await check.ScheduledRuns.SingleAsync();
        Assert.Equal((ReminderDigests.Job, ReminderRuns.Monday), (run.Job, run.Day));
        Assert.True(run.StartedAt >= ManualClock.AtChinaTime(ReminderRuns.Monday, 8, 30).GetUtcNow());
    }

    [Fact]
    public async Task TheScheduler_OnASaturday_MakesNothing()
    {
        await ReminderCases.CreateAsync(factory, ReminderRuns.Monday);
        // Saturday 08:29, then past 08:30: the scheduler wakes, finds a day off, and sleeps until Sunday.
        clock.Advance(TimeSpan.FromDays(5));
        var scheduler = factory.Services.GetRequiredService<ReminderScheduler>();
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1), await scheduler.RunIfDueAsync());
        await using var db = factory.OpenDb();
        Assert.False(await db.ScheduledRuns.AnyAsync());
        Assert.False(await db.StaffReminders.AnyAsync());
    }
}
