using Gongkai.Data;
using Gongkai.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Reminders;

/// <summary>The header's badge: how many cases the person's latest digest names, and of which day.</summary>
public sealed record ReminderBadge(DateOnly Day, int Count);

/// <summary>A stored digest as the 工作台 shows it.</summary>
public sealed record ReminderView(DateOnly Day, int Count, string Text, IReadOnlyList<ReminderItem> Items);

/// <summary>
/// The signed-in person's digest of the latest run: today's once it ran, before that the previous working day's. Not
/// simply their latest digest: a person with nothing due gets none, and an older one would name cases long answered.
/// One statement on two indexes (the run's key, the digest's unique (person, day)), cheap enough for every page's header.
/// </summary>
public sealed class MyReminders(GongkaiDbContext db)
{
    public Task<ReminderBadge?> BadgeAsync(string userId, CancellationToken ct = default) =>
        Latest(userId).Select(r => new ReminderBadge(r.Day, r.Count)).FirstOrDefaultAsync(ct);

    public async Task<ReminderView?> LatestAsync(string userId, CancellationToken ct = default) =>
        await Latest(userId).FirstOrDefaultAsync(ct) is { } r ? new ReminderView(r.Day, r.Count, r.Text, ReminderItem.FromJson(r.Items)) : null;

    private IQueryable<StaffReminder> Latest(string userId) =>
        db.StaffReminders.AsNoTracking().Where(r => r.StaffUserId == userId
            && r.Day == db.ScheduledRuns.Where(s => s.Job == ReminderDigests.Job).OrderByDescending(s => s.Day).Select(s => s.Day).FirstOrDefault());
}
