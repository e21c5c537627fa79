using Gongkai.Cases.Cases;
using Gongkai.Cases.Search;
using Gongkai.Data;
using Gongkai.Data.Cases;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

/// <summary>What the case list is filtered and sorted by; every field optional. Bound from the query string, so a list can be bookmarked, exported and printed as shown.</summary>
public sealed record CaseFilter
{
    /// <summary>Words of the tracking number, applicant, request or answer (full-text; every word must match).</summary>
    public string? Q { get; init; }

    public CaseState? State { get; init; }

    /// <summary>A review stage of the agency's chain, by name (cases waiting at it).</summary>
    public string? Stage { get; init; }

    /// <summary>A handler's user id, or "none" for cases without one.</summary>
    public string? Handler { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>An outcome row of table 三, e.g. 三.一.</summary>
    public string? Outcome { get; init; }

    /// <summary>Only open cases past their answer deadline.</summary>
    public bool Overdue { get; init; }

    /// <summary>Only open cases due within this many working days (overdue ones included).</summary>
    public int? DueWithin { get; init; }

    /// <summary>received (newest first, the default), received-asc, due, tracking, applicant.</summary>
    public string? Sort { get; init; }

    public int Page { get; init; } = 1;
}

/// <summary>One line of the case list.</summary>
/// <param name="WaitsUntil">While the case waits on the applicant: the end of the 补正 period (条例 第三十条) or of the time to pay.</param>
public sealed record CaseListRow(Guid Id, string TrackingNumber, int AgencyId, string ApplicantName, string MaskedIdNumber, CaseState State,
    DateOnly ReceivedOn, DateOnly? DueOn, string? HandlerId, string? OutcomeRow, DateOnly? ClosedOn, string Request, DateOnly? WaitsUntil = null)
{
    /// <summary>
    /// What the list shows as the deadline: the answer deadline, or, while a 补正 is awaited (the answer period does
    /// not run, 条例 第三十条), the end of the 补正 period.
    /// </summary>
    public string DeadlineText => DueOn is { } due ? due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        : State == CaseState.AwaitingCorrection
            ? WaitsUntil is { } w ? "补正期限至 " + w.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "等待补正"
            : "—";
}

/// <summary>Who searches: the agencies they may read, their own agency and its review chain, and today's date on the working-day calendar.</summary>
public sealed record CaseScope(IReadOnlyCollection<int> Readable, int OwnAgencyId, ReviewChain Chain, DateOnly Today, Gongkai.Cases.Calendar.WorkingDayCalendar Calendar);

/// <summary>A page of the list and how many cases match (counted up to <see cref="CaseSearch.CountLimit"/>).</summary>
public sealed record CaseListPage(IReadOnlyList<CaseListRow> Rows, int Total, bool TotalCapped, int Page, int PageSize);

/// <summary>
/// 申请列表的查询: the cases the signed-in person may read, searched by words (FTS5 on SQLite, tsvector on
/// PostgreSQL — <see cref="CaseSearchIndex"/>), filtered, sorted and paged in the database. The same query feeds
/// the page, the Excel export and the print layout, so they always show the same cases.
/// </summary>
public sealed class CaseSearch(GongkaiDbContext db, CurrentStaff staff, CalendarService calendars)
{
    public const int PageSize = 50;
    /// <summary>Counted up to this many; a search counts up to <see cref="SearchCountLimit"/>, since each match is looked up.</summary>
    public const int CountLimit = 10_000;
    public const int SearchCountLimit = 1_000;
    public const int ExportLimit = 50_000;

    /// <summary>The last page anyone can ask for (five million cases in); beyond it the page number is taken as this one.</summary>
    public const int MaxPage = 100_000;

    public async Task<CaseListPage> PageAsync(CaseFilter filter, CancellationToken ct = default) => await PageAsync(db, await ScopeAsync(ct), filter, ct);

    /// <summary>Every matching case in list order (for export and printing), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<CaseListRow>> AllAsync(CaseFilter filter, int limit = ExportLimit, CancellationToken ct = default) =>
        await Project(Sort(db, Query(db, await ScopeAsync(ct), filter), filter).Take(limit)).ToListAsync(ct);

    private async Task<CaseScope> ScopeAsync(CancellationToken ct) => new(
        await staff.ReadableAgenciesAsync(ct), staff.Actor.AgencyId, await staff.ChainOfAsync(staff.Actor.AgencyId, ct), calendars.Today, await calendars.CurrentAsync(ct));

    /// <summary>One page and the (capped) count; the count is skipped when the first page is not full.</summary>
    public static async Task<CaseListPage> PageAsync(GongkaiDbContext db, CaseScope scope, CaseFilter filter, CancellationToken ct = default)
    {
        var query = Query(db, scope, filter);
        var page = Math.Clamp(filter.Page, 1, MaxPage);
        var rows = await Project(Sort(db, query, filter).Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(ct);
        var limit = string.IsNullOrWhiteSpace(filter.Q) ? CountLimit : SearchCountLimit;
        var total = rows.Count < PageSize && page == 1 ? rows.Count : await query.Take(limit + 1).CountAsync(ct);
        return new CaseListPage(rows, Math.Min(total, limit), total > limit, page, PageSize);
    }



    /// <summary>The filtered cases; the words of the search are joined last, so that SQLite starts from its full-text index.</summary>
    private static IQueryable<CaseHit> Query(GongkaiDbContext db, CaseScope scope, CaseFilter f)
    {
        var readable = scope.Readable.ToArray();
        var query = db.Cases.AsNoTracking().Where(c => readable.Contains(c.AgencyId));
        if (f.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }
        if (!string.IsNullOrWhiteSpace(f.Stage))
        {
            var index = scope.Chain.Stages.ToList().FindIndex(s => s.Name == f.Stage);
            var own = scope.OwnAgencyId;
            query = query.Where(c => c.AgencyId == own && c.State == CaseState.InReview && c.ReviewStage == index);
        }
        if (f.Handler == "none")
        {
            query = query.Where(c => c.HandlerId == null);
        }
        else if (!string.IsNullOrWhiteSpace(f.Handler))
        {
            query = query.Where(c => c.HandlerId == f.Handler);
        }
        if (f.From is { } from)
        {
            query = query.Where(c => c.ReceivedOn >= from);
        }
        if (f.To is { } to)
        {
            query = query.Where(c => c.ReceivedOn <= to);
        }
        if (!string.IsNullOrWhiteSpace(f.Outcome))
        {
            query = query.Where(c => c.OutcomeRow == f.Outcome);
        }
        var today = scope.Today;
        if (f.Overdue)
        {
            query = query.Where(c => c.DueOn != null && c.DueOn < today);
        }
        if (f.DueWithin is { } days and >= 0)
        {
            var limit = scope.Calendar.AddWorkingDays(today, Math.Min(days, 60));
            query = query.Where(c => c.DueOn != null && c.DueOn <= limit);
        }
        return CaseSearchIndex.Matching(db, query, f.Q, f.From, f.To);
    }

    /// <summary>
    /// The list's order. A search in receipt order follows the full-text index's key (receipt day, then a fixed
    /// order within the day) and needs no sort; any other order sorts every match.
    /// </summary>
    private static IQueryable<CaseHit> Sort(GongkaiDbContext db, IQueryable<CaseHit> q, CaseFilter f)
    {
        var indexed = CaseSearchIndex.KeyFollowsReceipt(db) && SearchTerms.Query(f.Q).Count > 0;
        return f.Sort switch
        {
            // The key alone (it is unique): any further ordering column would make SQLite sort every match.
            "received-asc" when indexed => q.OrderBy(h => h.Key),
            "received-asc" => q.OrderBy(h => h.Case.ReceivedOn).ThenBy(h => h.Case.TrackingNumber),
            "due" => q.OrderBy(h => h.Case.DueOn == null).ThenBy(h => h.Case.DueOn).ThenBy(h => h.Case.TrackingNumber),
            "tracking" => q.OrderBy(h => h.Case.TrackingNumber),
            // Names in pinyin order, as a person reads a list of names, not by code point.
            "applicant" => q.OrderByPinyin(db, h => h.Case.Applicant.Name).ThenByDescending(h => h.Case.ReceivedOn),
            _ when indexed => q.OrderByDescending(h => h.Key),
            _ => q.OrderByDescending(h => h.Case.ReceivedOn).ThenByDescending(h => h.Case.TrackingNumber),
        };
    }

    private static IQueryable<CaseListRow> Project(IQueryable<CaseHit> q) =>
        q.Select(h => new CaseListRow(h.Case.Id, h.Case.TrackingNumber, h.Case.AgencyId, h.Case.Applicant.Name, h.Case.Applicant.MaskedIdNumber, h.Case.State,
            h.Case.ReceivedOn, h.Case.DueOn, h.Case.HandlerId, h.Case.OutcomeRow, h.Case.ClosedOn,
            h.Case.Request.Length > 80 ? h.Case.Request.Substring(0, 80) + "…" : h.Case.Request, h.Case.WaitsUntil));
}
