using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Messages;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Reminders;

/// <summary>Why a case is named in a digest; a case is named once, under the first group it falls in.</summary>
public enum ReminderGroup
{
    /// <summary>已超期: the answer deadline (条例 第三十三条) has passed.</summary>
    Overdue,

    /// <summary>Due today or on the next working day.</summary>
    DueWithinOneDay,

    /// <summary>Due within 3 working days (after the next one).</summary>
    DueWithinThreeDays,

    /// <summary>The 补正 period ended without a correction (第三十条): the case may be closed as 逾期不补正.</summary>
    CorrectionLapsed,

    /// <summary>The time to pay the fee ended unpaid (国办函〔2020〕109号): the case may be closed as 逾期不缴费.</summary>
    PaymentLapsed,
}

/// <summary>One case in a digest, as stored in <see cref="StaffReminder.Items"/> for the 工作台's links.</summary>
/// <param name="Date">The date that put it there: the answer deadline, or the end of the 补正 period or of the time to pay.</param>
/// <param name="AgencyWide">Named for the agency's leaders (审批领导) rather than as the person's own case.</param>
/// <param name="Handler">For the leaders' part: the 承办人's name, or null when nobody has taken the case up.</param>
public sealed record ReminderItem(Guid CaseId, string TrackingNumber, ReminderGroup Group, DateOnly Date, bool AgencyWide = false, string? Handler = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string ToJson(IReadOnlyList<ReminderItem> items) => JsonSerializer.Serialize(items, Json);

    /// <summary>The stored items; an unreadable value (edited by hand) shows as no items rather than breaking the 工作台.</summary>
    public static IReadOnlyList<ReminderItem> FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<ReminderItem>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>What one person is told on one day.</summary>
public sealed record Digest(string UserId, string Name, int AgencyId, string? Email, bool WantsEmail, IReadOnlyList<ReminderItem> Items, string Text);

public enum ReminderOutcome
{
    /// <summary>This call made the day's digests (possibly none: nobody had anything due).</summary>
    Done,

    /// <summary>The day's run was already made, by this instance earlier or another one: nothing written.</summary>
    AlreadyRun,

    /// <summary>Not a working day on the calendar: no reminders (a 调休 Saturday is one, a holiday Monday is not).</summary>
    NotWorkingDay,
}

public sealed record ReminderRun(DateOnly Day, ReminderOutcome Outcome, int Digests = 0, int Emails = 0);

/// <summary>
/// The daily reminder digests (提醒). An answer later than the 20 working days of 条例 第三十三条 cannot be undone, and it
/// is what the 条例 holds agencies to account for: the disclosure authority urges correction or reports it (第五十二条:
/// 督促整改、通报批评), and the agency above orders it corrected, in serious cases with 处分 for the leaders and the staff
/// responsible (第五十三条: 不依法履行政府信息公开职能). So each working day every 承办人 is told which of their cases are
/// overdue or due within 1 or 3 working days, and which waiting cases may now be closed (补正 period or time to pay
/// over); and, since 第五十三条 names the leaders too, each agency's 审批领导 are told the agency's overdue cases and those
/// due within 1 working day. Nothing to say, no digest.
/// <para>
/// <see cref="RunAsync"/> is once-only per day across every instance and restart: the digests, their e-mails and the
/// <see cref="ScheduledRun"/> claim of the day are written in one transaction, and the claim's primary key refuses a
/// second one — the run that fails to insert it writes nothing.
/// </para>
/// </summary>
public sealed class ReminderDigests(GongkaiDbContext db, CalendarService calendars, Outbox outbox, TimeProvider clock)
{
    public const string Job = "digest";

    /// <summary>Leaders hear of the cases due within this many working days (and the overdue ones).</summary>
    public const int LeaderHorizon = 1;

    /// <summary>A handler hears of their cases due within this many working days.</summary>
    public const int HandlerHorizon = 3;

    private static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}";

    public static string DedupKey(string userId, DateOnly day) => $"digest:{userId}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Makes <paramref name="day"/>'s digests unless that day's run was already made, or it is not a working day.</summary>
    public async Task<ReminderRun> RunAsync(DateOnly day, CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        if (!calendar.IsWorkingDay(day))
        {
            return new(day, ReminderOutcome.NotWorkingDay);
        }
        // A cheap look first (the usual case on a restart or on the second instance); the claim below is what decides.
        if (await db.ScheduledRuns.AsNoTracking().AnyAsync(r => r.Job == Job && r.Day == day, ct))
        {
            return new(day, ReminderOutcome.AlreadyRun);
        }
        // Built before the write starts: the reads take as long as they take without holding up other writers.
        var digests = await BuildAsync(day, calendar, ct);

        // The serialised write (the audit chain's lock): on PostgreSQL a second instance waits here until the first has
        // committed and then fails on the claim; on SQLite the writers of a process queue instead of polling the file lock.
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        db.ScheduledRuns.Add(new ScheduledRun { Job = Job, Day = day, StartedAt = clock.GetUtcNow(), Instance = Instance });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (await db.ScheduledRuns.AsNoTracking().AnyAsync(r => r.Job == Job && r.Day == day, ct))
            {
                return new(day, ReminderOutcome.AlreadyRun);
            }
            throw;
        }
        var emails = 0;
        foreach (var d in digests)
        {
            db.StaffReminders.Add(new StaffReminder
            {
                Day = day, StaffUserId = d.UserId, AgencyId = d.AgencyId, Count = d.Items.Count, Text = d.Text, Items = ReminderItem.ToJson(d.Items),
            });
            if (d.WantsEmail && await outbox.ToStaffAsync(d.UserId, d.Email, d.Name, d.AgencyId, MessageKind.Digest,
                    new Dictionary<string, string> { ["内容"] = d.Text }, dedupKey: DedupKey(d.UserId, day), ct: ct))
            {
                emails++;
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new(day, ReminderOutcome.Done, digests.Count, emails);
    }

    /// <summary>What each person would be told on <paramref name="day"/>, written nowhere: people with nothing due are left out.</summary>
    public async Task<IReadOnlyList<Digest>> BuildAsync(DateOnly day, WorkingDayCalendar calendar, CancellationToken ct = default)
    {
        var withinOne = calendar.AddWorkingDays(day, LeaderHorizon);
        var withinThree = calendar.AddWorkingDays(day, HandlerHorizon);

        // Open cases that may be due by the handlers' horizon or that wait past their date. The stored deadline is
        // recomputed below; for a case paused (征求意见, 待缴费) it only moves later day by day, so the stored one is a
        // lower bound and the filter misses nothing.
        var candidates = await db.Cases.AsNoTracking()
            .Where(c => c.State != CaseState.Answered && c.State != CaseState.Archived && c.State != CaseState.Withdrawn && c.State != CaseState.Voided)
            .Where(c => (c.DueOn != null && c.DueOn <= withinThree)
                || ((c.State == CaseState.AwaitingCorrection || c.State == CaseState.AwaitingPayment) && c.WaitsUntil < day))
            .ToListAsync(ct);
        var named = new List<(ApplicationCase Case, ReminderGroup Group, DateOnly Date)>();
        foreach (var c in candidates)
        {
            // Untracked: the fresh deadline is only read here, never saved.
            c.RefreshDeadline(calendar, day);
            if (Classify(c, day, withinOne, withinThree) is { } hit)
            {
                named.Add((c, hit.Group, hit.Date));
            }
        }
        if (named.Count == 0)
        {
            return [];
        }

        var roleIds = await db.Roles.AsNoTracking()
            .Where(r => r.Name == StaffUser.RoleName(StaffRole.Handler) || r.Name == StaffUser.RoleName(StaffRole.Approver))
            .ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var ids = roleIds.Keys.ToArray();
        var memberships = await db.UserRoles.AsNoTracking().Where(m => ids.Contains(m.RoleId)).ToListAsync(ct);
        var handlerIds = named.Select(n => n.Case.HandlerId).OfType<string>().Distinct().ToArray();
        var peopleIds = memberships.Select(m => m.UserId).Concat(handlerIds).Distinct().ToArray();
        var people = await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.AgencyId, u.Email, u.WantsDigest, u.Disabled }).ToListAsync(ct);
        var names = people.ToDictionary(p => p.Id, p => p.DisplayName);
        var rolesOf = memberships.ToLookup(m => m.UserId, m => roleIds[m.RoleId]);

        var digests = new List<Digest>();
        // Disabled accounts hear nothing: nobody reads their 工作台, and their mailbox may be someone else's now.
        foreach (var p in people.Where(p => !p.Disabled).OrderBy(p => p.AgencyId).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            var handler = rolesOf[p.Id].Contains(StaffUser.RoleName(StaffRole.Handler));
            var leader = rolesOf[p.Id].Contains(StaffUser.RoleName(StaffRole.Approver));
            var items = new List<ReminderItem>();
            if (handler)
            {
                items.AddRange(named.Where(n => n.Case.HandlerId == p.Id)
                    .Select(n => new ReminderItem(n.Case.Id, n.Case.TrackingNumber, n.Group, n.Date)));
            }
            if (leader)
            {
                // A leader who also handles cases finds their own ones once, in their own part.
                var own = items.Select(i => i.CaseId).ToHashSet();
                items.AddRange(named.Where(n => n.Case.AgencyId == p.AgencyId && (n.Group is ReminderGroup.Overdue or ReminderGroup.DueWithinOneDay) && !own.Contains(n.Case.Id))
                    .Select(n => new ReminderItem(n.Case.Id, n.Case.TrackingNumber, n.Group, n.Date, AgencyWide: true,
                        n.Case.HandlerId is { } h ? names.GetValueOrDefault(h) ?? "（账号不存在）" : null)));
            }
            if (items.Count == 0)
            {
                continue;
            }
            items = items.OrderBy(i => i.AgencyWide).ThenBy(i => i.Group).ThenBy(i => i.Date).ThenBy(i => i.TrackingNumber, StringComparer.Ordinal).ToList();
            digests.Add(new Digest(p.Id, p.DisplayName, p.AgencyId, p.Email, p.WantsDigest, items, Text(day, items, calendar)));
        }
        return digests;
    }

    private static (ReminderGroup Group, DateOnly Date)? Classify(ApplicationCase c, DateOnly day, DateOnly withinOne, DateOnly withinThree)
    {
        if (c.DueOn is { } due && due <= withinThree)
        {
            return (due < day ? ReminderGroup.Overdue : due <= withinOne ? ReminderGroup.DueWithinOneDay : ReminderGroup.DueWithinThreeDays, due);
        }
        return c.WaitsUntil is { } until && until < day
            ? c.State switch
            {
                CaseState.AwaitingCorrection => (ReminderGroup.CorrectionLapsed, until),
                CaseState.AwaitingPayment => (ReminderGroup.PaymentLapsed, until),
                _ => null,
            }
            : null;
    }

    public static string Label(ReminderGroup group) => group switch
    {
        ReminderGroup.Overdue => "已超期",
        ReminderGroup.DueWithinOneDay => "1个工作日内到期",
        ReminderGroup.DueWithinThreeDays => "3个工作日内到期",
        ReminderGroup.CorrectionLapsed => "补正期限已届满",
        ReminderGroup.PaymentLapsed => "缴费期限已届满",
    };

    /// <summary>A group's heading with its count, and what may be done where that is not obvious.</summary>
    public static string Heading(ReminderGroup group, int count) => $"{Label(group)}（{count}件）" + group switch
    {
        ReminderGroup.CorrectionLapsed => "，可按逾期未补正办结（条例第三十条）",
        ReminderGroup.PaymentLapsed => "，可按逾期未缴费办结（国办函〔2020〕109号）",
        _ => "",
    };

    /// <summary>One line for a case, after its group's heading.</summary>
    public static string Line(ReminderItem item, DateOnly day, WorkingDayCalendar? calendar = null) => $"{item.TrackingNumber}　{Detail(item, day, calendar)}";

    /// <summary>What the line says of the case after its number: the date, and for the leaders who handles it.</summary>
    public static string Detail(ReminderItem item, DateOnly day, WorkingDayCalendar? calendar = null)
    {
        var date = Outbox.Chinese(item.Date);
        var what = item.Group switch
        {
            ReminderGroup.Overdue => $"答复期限{date}" + (calendar is null ? "" : $"，已超期{calendar.WorkingDaysBetween(item.Date, day)}个工作日"),
            ReminderGroup.DueWithinOneDay => $"答复期限{date}" + (item.Date == day ? "（当天）" : ""),
            ReminderGroup.DueWithinThreeDays => $"答复期限{date}",
            ReminderGroup.CorrectionLapsed => $"补正期限{date}届满",
            ReminderGroup.PaymentLapsed => $"缴费期限{date}届满",
        };
        var who = item.AgencyWide ? item.Handler is { } h ? $"，承办人：{h}" : "，尚未确定承办人" : "";
        return what + who;
    }

    /// <summary>The digest as lines: a part (own cases, the agency's), each group's heading with its count, then its cases.</summary>
    public static string Text(DateOnly day, IReadOnlyList<ReminderItem> items, WorkingDayCalendar calendar)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"截至{Outbox.Chinese(day)}，以下{items.Count}件政府信息公开申请需要您关注（答复期限为收到申请之日起20个工作日，条例第三十三条）。");
        foreach (var part in items.GroupBy(i => i.AgencyWide))
        {
            text.Append("\n\n").Append(part.Key ? "本机关的申请（审批领导）：" : "您承办的申请：");
            foreach (var group in part.GroupBy(i => i.Group))
            {
                text.Append('\n').Append(Heading(group.Key, group.Count())).Append('：');
                foreach (var item in group)
                {
                    text.Append("\n  ").Append(Line(item, day, calendar));
                }
            }
        }
        return text.ToString();
    }
}
