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
    public static IQueryable<CaseHit> Matching(GongkaiDbContext db, IQueryable<ApplicationCase> cases, string? query)
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
        var rows = db.Database.SqlQueryRaw<long>("SELECT rowid AS \"Value\" FROM CaseSearch WHERE CaseSearch MATCH {0}", match);
        return cases.Join(rows, c => EF.Property<long?>(c, GongkaiDbContext.SearchRowIdColumn), r => (long?)r, (c, r) => new CaseHit { Case = c, Key = r });
    }

    /// <summary>Gives cases saved before search existed their terms and row id (once, at start-up, in batches).</summary>
    public static async Task<int> BackfillAsync(GongkaiDbContext db, CancellationToken ct = default)
    {
        var done = 0;
        while (true)
        {
            var batch = await db.Cases.Where(c => EF.Property<long?>(c, GongkaiDbContext.SearchRowIdColumn) == null).Take(2000).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return done;
            }
            foreach (var c in batch)
            {
                var entry = db.Entry(c);
                entry.Property<string>(GongkaiDbContext.SearchTermsColumn).CurrentValue = SearchTerms.For(c.TrackingNumber, c.Applicant.Name, c.Request, c.AnswerText);
                entry.Property<long?>(GongkaiDbContext.SearchRowIdColumn).CurrentValue = GongkaiDbContext.SearchRowId(c.ReceivedOn, c.Id);
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
