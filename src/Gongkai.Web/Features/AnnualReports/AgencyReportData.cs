using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Reports.Model;
using Gongkai.Web.Features.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>One agency's own statutory tables for a year, from its registers and cases.</summary>
public sealed record AgencyTables(ReportTable Proactive, ReportTable Applications, ReportTable Review);

/// <summary>What the drafts need beyond the tables: the year's 主动公开 by channel and the 信息处理费 collected.</summary>
public sealed record DraftFacts(IReadOnlyList<ChannelTotal> Channels, int FeeCases, decimal FeeYuan);

/// <summary>
/// Loads an agency's registers and cases for a year: the tables (table 三 counts the year's cases, the costly
/// part) separately from the few facts the drafts and the register page need, so neither pays for the other.
/// The annual report, the combined report of a government and the dashboard reminder all read through here.
/// </summary>
public static class AgencyReportData
{
    public static async Task<AgencyTables> TablesAsync(GongkaiDbContext db, int agencyId, int year, CancellationToken ct)
    {
        var end = new DateOnly(year, 12, 31);
        var documents = await db.RegulatoryDocuments.AsNoTracking().Where(d => d.AgencyId == agencyId).ToListAsync(ct);
        var figures = await db.AdministrativeFigures.AsNoTracking().SingleOrDefaultAsync(f => f.AgencyId == agencyId && f.Year == year, ct);
        var proceedings = await db.ReviewProceedings.AsNoTracking().Where(r => r.AgencyId == agencyId && r.FiledOn <= end).ToListAsync(ct);
        return new AgencyTables(
            Table2Statistics.Compute(documents.Select(d => d.ToDomain()), figures?.ToDomain(), year),
            await Table3Query.ComputeAsync(db, new HashSet<int> { agencyId }, year, ct),
            Table4Statistics.Compute(proceedings.Select(r => r.ToDomain()), year));
    }

    public static async Task<DraftFacts> DraftFactsAsync(GongkaiDbContext db, int agencyId, int year, CancellationToken ct)
    {
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var channels = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.DisclosureChannels).SingleAsync(ct);
        var entries = await db.ProactiveEntries.AsNoTracking().Where(e => e.AgencyId == agencyId && e.FromOn >= start && e.FromOn <= end).ToListAsync(ct);
        var fees = await db.Cases.AsNoTracking().Where(c => c.AgencyId == agencyId && c.State != Gongkai.Cases.Cases.CaseState.Voided && c.FeePaidOn >= start && c.FeePaidOn <= end)
            .Select(c => c.FeeYuan).ToListAsync(ct);
        return new DraftFacts(ProactiveChannelStatistics.Compute(entries.Select(e => e.ToDomain()), channels, year), fees.Count, fees.Sum());
    }

    /// <summary>The drafts offered beside each subsection of 一、总体情况, in the order of <see cref="OverviewText.Titles"/>.</summary>
    public static IReadOnlyList<string> OverviewDrafts(AnnualReport report, DraftFacts facts) =>
        NarrativeDrafts.OverviewParts(report.Proactive, report.Applications, report.Review, facts.Channels);

    /// <summary>The paragraphs offered beside each section: every number read from the tables or the registers.</summary>
    public static IReadOnlyDictionary<string, string> Drafts(AnnualReport report, DraftFacts facts) => new Dictionary<string, string>
    {
        ["一"] = NarrativeDrafts.Overview(report.Proactive, report.Applications, report.Review, facts.Channels),
        ["二"] = NarrativeDrafts.Proactive(report.Proactive),
        ["三"] = NarrativeDrafts.Applications(report.Applications),
        ["四"] = NarrativeDrafts.Review(report.Review),
        ["六"] = NarrativeDrafts.ProcessingFees(facts.FeeCases, facts.FeeYuan),
    };
}
