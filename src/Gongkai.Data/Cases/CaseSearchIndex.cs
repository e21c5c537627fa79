using Gongkai.Cases.Cases;
using Gongkai.Cases.Search;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Data.Cases;

/// <summary>
/// Full-text search over cases with the terms of <see cref="SearchTerms"/>: SQLite through its FTS5 table
/// (<see cref="SqliteCaseSearch"/>), PostgreSQL through the GIN index on to_tsvector('simple', SearchTerms).
/// Both filter the cases query in the database, so agency scope, filters, order and paging stay in SQL.
/// </summary>
public static class CaseSearchIndex
{
    /// <summary>
    /// The cases of <paramref name="cases"/> whose tracking number, applicant, request or answer contain every part
    /// of <paramref name="query"/>, each with its key in the index (<see cref="GongkaiDbContext.SearchRowId"/>): on
    /// SQLite the query starts from the FTS5 index, so ordering by <see cref="CaseHit.Key"/> is newest receipt first
    /// without a sort; PostgreSQL filters with its GIN index and leaves the key 0.
    /// </summary>
    /// <param name="receivedFrom">With <paramref name="receivedTo"/>, the receipt dates the caller filters on: on SQLite they
    /// also bound the index's row ids (the receipt day is their high part), so the index is read only for those days.</param>
    public static IQueryable<CaseHit> Matching(GongkaiDbContext db, IQueryable<ApplicationCase> cases, string? query,
        DateOnly? receivedFrom = null, DateOnly? receivedTo = null)
    {
        var phrases = SearchTerms.Query(query);
        if (phrases.Count == 0)
        {
            return cases.Select(c => new CaseHit { Case = c, Key = 0 });
        }
        if (db.Database.IsNpgsql())
        {
            var tsquery = string.Join(" & ", phrases.Select(p =>
                "(" + string.Join(" <-> ", p.Terms.Select((t, i) => p.Prefix && i == p.Terms.Count - 1 ? $"'{t}':*" : $"'{t}'")) + ")"));
            return cases.Where(c => EF.Functions.ToTsVector("simple", EF.Property<string>(c, GongkaiDbContext.SearchTermsColumn))
                .Matches(EF.Functions.ToTsQuery("simple", tsquery))).Select(c => new CaseHit { Case = c, Key = 0 });
        }
        var match = string.Join(" AND ", phrases.Select(p => "\"" + string.Join(' ', p.Terms) + "\"" + (p.Prefix ? " *" : "")));
        // A mapped column on both sides, so EF adds no CAST: a cast would hide the index's own order from SQLite and make it sort every match.
        var low = receivedFrom is { } from ? (long)from.DayNumber << 31 : 0L;
        var high = receivedTo is { } to ? ((long)(to.DayNumber + 1) << 31) - 1 : long.MaxValue;
        var rows = db.Set<CaseSearchRow>().FromSqlRaw("SELECT rowid FROM CaseSearch WHERE CaseSearch MATCH {0} AND rowid BETWEEN {1} AND {2}", match, low, high);
        return cases.Join(rows, c => EF.Property<long>(c, GongkaiDbContext.SearchRowIdColumn), r => r.RowId, (c, r) => new CaseHit { Case = c, Key = r.RowId });
    }

    /// <summary>Whether a hit's <see cref="CaseHit.Key"/> is the index's receipt-ordered key (SQLite), rather than 0 (PostgreSQL).</summary>
    public static bool KeyFollowsReceipt(GongkaiDbContext db) => !db.Database.IsNpgsql();

    /// <summary>Gives cases saved before search existed their terms (once, at start-up, in batches; the migration gave them their row id).</summary>
    public static async Task<int> BackfillAsync(GongkaiDbContext db, CancellationToken ct = default)
    {
        var done = 0;
        while (true)
        {
            var batch = await db.Cases.Where(c => EF.Property<string>(c, GongkaiDbContext.SearchTermsColumn) == "").Take(2000).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return done;
            }
            foreach (var c in batch)
            {
                var entry = db.Entry(c);
                entry.Property<string>(GongkaiDbContext.SearchTermsColumn).CurrentValue = SearchTerms.For(c.TrackingNumber, c.Applicant.Name, c.Request, c.AnswerText);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            done += batch.Count;
        }
    }
}

/// <summary>A case found by a search, with its key in the full-text index (receipt order on SQLite, 0 elsewhere).</summary>
public sealed class CaseHit
{
    public ApplicationCase Case { get; init; } = null!;

    public long Key { get; init; }
}

/// <summary>A row of SQLite's FTS5 index (<see cref="SqliteCaseSearch"/>): its row id is the case's <see cref="GongkaiDbContext.SearchRowIdColumn"/>.</summary>
public sealed class CaseSearchRow
{
    public long RowId { get; set; }
}
