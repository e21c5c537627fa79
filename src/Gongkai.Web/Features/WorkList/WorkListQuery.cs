using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.WorkList;

/// <param name="WaitsUntil">While the case waits on the applicant: the end of the 补正 period or of the time to pay.</param>
public sealed record WorkItem(Guid Id, string TrackingNumber, string ApplicantName, CaseState State, DateOnly ReceivedOn, DateOnly? DueOn, bool DueProvisional, string? HandlerId, int ReviewStage,
    DateOnly? WaitsUntil = null)
{
    public string StateLabel => State.Label();
}

/// <summary>Open cases of the staff member's agency by deadline: everything, or what waits on this person.</summary>
public sealed class WorkListQuery(GongkaiDbContext db, CurrentStaff staff)
{
    public const int PageSize = 50;

    /// <param name="mine">Only cases waiting on this person: handled by them, at their review stage, or (for registrars) newly registered.</param>
    /// <param name="dueBefore">Only cases due on or before this date (overdue and due soon).</param>
    public async Task<IReadOnlyList<WorkItem>> PageAsync(bool mine, DateOnly? dueBefore, int page, CancellationToken ct = default) =>
        await PageAsync(db, staff.Actor, await staff.ChainOfAsync(staff.Actor.AgencyId, ct), mine, dueBefore, page, ct);

    /// <summary>
    /// Cases on the clock come in deadline order, the person's own cases first; closed cases have no due
    /// date, so only open ones are sorted. Cases waiting for a 补正 have no answer deadline (条例 第三十条) and
    /// follow on the first page under their own date, the end of the 补正 period.
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
        var items = await ordered
            .Skip((Math.Clamp(page, 1, Gongkai.Web.Features.Cases.CaseSearch.MaxPage) - 1) * PageSize).Take(PageSize)
            .Select(c => new WorkItem(c.Id, c.TrackingNumber, c.Applicant.Name, c.State, c.ReceivedOn, c.DueOn, c.DueProvisional, c.HandlerId, c.ReviewStage, c.WaitsUntil))
            .ToListAsync(ct);
        if (page <= 1 && dueBefore is null)
        {
            // Few cases wait for a correction; sorting them here keeps SQLite from walking the date index of every case.
            var waiting = await query.Where(c => c.State == CaseState.AwaitingCorrection)
                .Select(c => new WorkItem(c.Id, c.TrackingNumber, c.Applicant.Name, c.State, c.ReceivedOn, c.DueOn, c.DueProvisional, c.HandlerId, c.ReviewStage, c.WaitsUntil))
                .ToListAsync(ct);
            items.AddRange(waiting.OrderBy(w => w.WaitsUntil ?? w.ReceivedOn).ThenBy(w => w.TrackingNumber, StringComparer.Ordinal));
        }
        return items;
    }
}

public static class WorkListEndpoints
{
    public static void MapWorkListEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/worklist", async (WorkListQuery query, bool? mine, DateOnly? dueBefore, int? page, CancellationToken ct) =>
                Results.Ok(await query.PageAsync(mine ?? false, dueBefore, page ?? 1, ct)))
            .WithTags("工作台").WithSummary("本机关在办申请按答复期限排序；mine=true 只列待本人处理的");
}
