using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.WorkList;

/// <param name="WaitsUntil">While the case waits on the applicant: the end of the 补正 period or of the time to pay.</param>
/// <param name="Routed">The case was addressed to a subordinate agency without a registrar and landed here (<see cref="Cases.CaseRouting"/>).</param>
public sealed record WorkItem(Guid Id, string TrackingNumber, string ApplicantName, CaseState State, DateOnly ReceivedOn, DateOnly? DueOn, bool DueProvisional, string? HandlerId, int ReviewStage,
    DateOnly? WaitsUntil = null, bool Routed = false)
{
    /// <summary>The applicant answered the 补正 online and the case has not moved on since (the handler's next step).</summary>
    public bool RepliedOnline { get; init; }

    public string StateLabel => State.Label();
}

/// <summary>Open cases of the staff member's agency by deadline: everything, or what waits on this person.</summary>
public sealed class WorkListQuery(GongkaiDbContext db, CurrentStaff staff)
{
    public const int PageSize = 50;

    /// <param name="mine">Only cases waiting on this person: handled by them, at their review stage, or (for registrars) newly registered.</param>
    /// <param name="dueBefore">Only cases due on or before this date (overdue and due soon).</param>
    public async Task<IReadOnlyList<WorkItem>> PageAsync(bool mine, DateOnly? dueBefore, int page, CancellationToken ct = default)
    {
        var items = await PageAsync(db, staff.Actor, await staff.ChainOfAsync(staff.Actor.AgencyId, ct), mine, dueBefore, page, ct);
        // One look-up for the page: which cases in progress had their 补正 sent online (the handler sees it at once).
        var inProgress = items.Where(i => i.State == CaseState.InProgress).Select(i => i.Id).ToList();
        if (inProgress.Count == 0)
        {
            return items;
        }
        var replied = (await db.CorrectionReplies.AsNoTracking().Where(r => inProgress.Contains(r.CaseId)).Select(r => r.CaseId).ToListAsync(ct)).ToHashSet();
        return replied.Count == 0 ? items : items.Select(i => replied.Contains(i.Id) ? i with { RepliedOnline = true } : i).ToList();
    }

    /// <summary>
    /// Open cases in deadline order, the person's own cases first in the agency's list. A case waiting for a 补正 has
    /// no answer deadline (条例 第三十条: the period restarts when the corrected application arrives); it is placed by
    /// its own date, the end of the 补正 period (when it may be closed as 逾期不补正), among the others' deadlines.
    /// Closed cases have no due date, so only open ones are sorted.
    /// </summary>
    public static async Task<IReadOnlyList<WorkItem>> PageAsync(GongkaiDbContext db, Actor actor, ReviewChain chain, bool mine, DateOnly? dueBefore, int page, CancellationToken ct = default)
    {
        var query = db.Cases.AsNoTracking().Where(c => c.AgencyId == actor.AgencyId);
        if (mine)
        {
            var myStages = Enumerable.Range(0, chain.Stages.Count).Where(i => chain.CanAct(actor, i)).ToArray();
            var registrar = actor.Has(StaffRole.Registrar);
            query = query.Where(c => c.HandlerId == actor.UserId
                || (c.State == CaseState.InReview && myStages.Contains(c.ReviewStage))
                || (registrar && c.State == CaseState.Registered));
        }
        var onTheClock = query.Where(c => c.DueOn != null);
        if (dueBefore is { } due)
        {
            onTheClock = onTheClock.Where(c => c.DueOn <= due);
        }
        // In the whole agency's list a handler sees their own cases first, then the others', each by deadline;
        // the "mine" list keeps the (agency, due date) index order.
        var me = actor.UserId;
        var ordered = mine
            ? onTheClock.OrderBy(c => c.DueOn).ThenBy(c => c.TrackingNumber)
            : onTheClock.OrderBy(c => c.HandlerId == me ? 0 : 1).ThenBy(c => c.DueOn).ThenBy(c => c.TrackingNumber);
        var offset = (Math.Clamp(page, 1, Gongkai.Web.Features.Cases.CaseSearch.MaxPage) - 1) * PageSize;
        if (dueBefore is not null)
        {
            return await ordered.Skip(offset).Take(PageSize).Select(Item).ToListAsync(ct);
        }

        // Few cases wait for a correction: they are loaded whole and merged in memory, since sorting them in SQL
        // made SQLite walk the receipt-date index of every case (docs/PERFORMANCE.md). On page p the cases on the
        // clock can only come from positions [offset − waiting, offset + PageSize) of their own order, and when
        // that window starts after 0, every waiting case before its first item sits before the page.
        var waiting = (await query.Where(c => c.State == CaseState.AwaitingCorrection).Select(Item).ToListAsync(ct))
            .ToList();
        waiting.Sort((x, y) => Compare(x, y, mine, me));
        var from = Math.Max(0, offset - waiting.Count);
        var window = await ordered.Skip(from).Take(offset + PageSize - from).Select(Item).ToListAsync(ct);
        var merged = new List<WorkItem>(window.Count + waiting.Count);
        var position = from;
        if (from > 0)
        {
            if (window.Count == 0)
            {
                return [];
            }
            var first = window[0];
            var before = waiting.TakeWhile(w => Compare(w, first, mine, me) < 0).Count();
            position += before;
            waiting = waiting.Skip(before).ToList();
        }
        int a = 0, w = 0;
        while (a < window.Count || w < waiting.Count)
        {
            merged.Add(w >= waiting.Count || (a < window.Count && Compare(window[a], waiting[w], mine, me) <= 0)
                ? window[a++] : waiting[w++]);
        }
        return merged.Skip(offset - position).Take(PageSize).ToList();
    }

    private static readonly System.Linq.Expressions.Expression<Func<ApplicationCase, WorkItem>> Item =
        c => new WorkItem(c.Id, c.TrackingNumber, c.Applicant.Name, c.State, c.ReceivedOn, c.DueOn, c.DueProvisional, c.HandlerId, c.ReviewStage, c.WaitsUntil, c.AddressedAgencyId != null);

    /// <summary>
    /// The work list's order: own cases first (agency list only), then the date to act by — the answer deadline,
    /// or for a 补正 the end of its period (its receipt if the notice set none) — then the tracking number,
    /// compared by code point as the databases compare it.
    /// </summary>
    private static int Compare(WorkItem x, WorkItem y, bool mine, string me)
    {
        var own = Own(x).CompareTo(Own(y));
        if (own != 0)
        {
            return own;
        }
        var date = Date(x).CompareTo(Date(y));
        return date != 0 ? date : string.CompareOrdinal(x.TrackingNumber, y.TrackingNumber);

        int Own(WorkItem i) => mine || i.HandlerId == me ? 0 : 1;
        static DateOnly Date(WorkItem i) => i.DueOn ?? i.WaitsUntil ?? i.ReceivedOn;
    }
}

public static class WorkListEndpoints
{
    public static void MapWorkListEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/worklist", async (WorkListQuery query, bool? mine, DateOnly? dueBefore, int? page, CancellationToken ct) =>
                Results.Ok(await query.PageAsync(mine ?? false, dueBefore, page ?? 1, ct)))
            .WithTags("工作台").WithSummary("本机关在办申请按答复期限排序；mine=true 只列待本人处理的");
}
