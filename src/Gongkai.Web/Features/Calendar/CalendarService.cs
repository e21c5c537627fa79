using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Calendar;

/// <summary>The working-day calendar: the official schedules shipped with Gongkai plus years administrators load.</summary>
public sealed class CalendarService(GongkaiDbContext db, TimeProvider clock)
{
    public async Task<WorkingDayCalendar> CurrentAsync(CancellationToken ct = default)
    {
        var calendar = WorkingDayCalendar.Official;
        foreach (var year in await db.CalendarYears.AsNoTracking().OrderBy(y => y.Year).ToListAsync(ct))
        {
            calendar = calendar.WithYear(year.Year, WorkingDayCalendar.ParseSchedule(year.Schedule));
        }
        return calendar;
    }

    public async Task<IReadOnlyList<CalendarYear>> LoadedYearsAsync(CancellationToken ct = default) =>
        await db.CalendarYears.AsNoTracking().OrderBy(y => y.Year).ToListAsync(ct);

    public DateOnly Today => Infrastructure.ChinaTime.Today(clock);

    /// <summary>
    /// Loads a year's schedule and recomputes the deadline of every open case, all in one save with its
    /// audit entry. Returns the Chinese error, or null on success.
    /// </summary>
    public async Task<string?> LoadYearAsync(Actor actor, int year, string notice, string schedule, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以载入节假日安排";
        }
        if (year is < 2019 or > 2100)
        {
            return "年份应在2019至2100之间";
        }
        if (string.IsNullOrWhiteSpace(notice))
        {
            return "请填写国务院办公厅通知的名称或文号";
        }
        IReadOnlyList<ScheduledDay> days;
        try
        {
            days = WorkingDayCalendar.ParseSchedule(schedule);
        }
        catch (FormatException e)
        {
            return "节假日安排格式有误：" + e.Message;
        }
        if (days.Count == 0 || days.Any(d => d.Date.Year < year - 1 || d.Date.Year > year))
        {
            return $"节假日安排应列出{year}年的日期（可含上一年年末的调休日）";
        }
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var existing = await db.CalendarYears.FindAsync([year], ct);
        var before = existing?.Schedule;
        if (existing is null)
        {
            existing = new CalendarYear { Year = year };
            db.CalendarYears.Add(existing);
        }
        existing.Schedule = schedule.Trim();
        existing.Notice = notice.Trim();
        existing.LoadedAt = clock.GetUtcNow();
        existing.LoadedBy = actor.DisplayName;

        var calendar = (await CurrentAsync(ct)).WithYear(year, days);
        var open = await db.Cases.Where(c => c.State != CaseState.Answered && c.State != CaseState.Archived && c.State != CaseState.Withdrawn && c.State != CaseState.Voided).ToListAsync(ct);
        foreach (var c in open)
        {
            c.RefreshDeadline(calendar, Today);
        }
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId,
            EntityType = "calendar", EntityId = year.ToString(System.Globalization.CultureInfo.InvariantCulture), Action = "LoadYear",
            Summary = $"载入{year}年节假日安排（{notice.Trim()}），重新计算{open.Count}件在办申请的期限",
            Before = before, After = existing.Schedule,
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
