using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// The years an agency has published a report for, each with its open 更正 if any: what every writer of cases,
/// registers and review records checks its change against (<see cref="PublishedYearLock"/>).
/// </summary>
public sealed class PublishedYears(GongkaiDbContext db, IMemoryCache cache)
{
    /// <param name="fromYear">Only years from this one on: a case received in year Y counts in no table before Y, so a
    /// registration or a case's change usually finds none and costs one primary-key range read.</param>
    public async Task<IReadOnlyList<PublishedYear>> ForAgencyAsync(int agencyId, CancellationToken ct = default, int fromYear = 0)
    {
        var years = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && r.Year >= fromYear && r.PublishedAt != null)
            .Select(r => new { r.Year, r.PublishedAt }).ToListAsync(ct);
        if (years.Count == 0)
        {
            return [];
        }
        var name = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.Name).SingleAsync(ct);
        var open = await db.ReportCorrections.AsNoTracking().Where(c => c.AgencyId == agencyId && c.ClosedAt == null).Select(c => new { c.Year, c.Reason }).ToListAsync(ct);
        var result = new List<PublishedYear>();
        foreach (var y in years.OrderBy(y => y.Year))
        {
            result.Add(new PublishedYear(y.Year, ReportComposer.Title(name, y.Year), open.FirstOrDefault(c => c.Year == y.Year)?.Reason,
                await PublishedReportAsync(agencyId, y.Year, y.PublishedAt!.Value, ct)));
        }
        return result;
    }

    /// <summary>
    /// The report as published (read back from its Markdown), so a refusal names the published value of a cell.
    /// Kept in memory per publication: a new edition has a new publication time and so a new key.
    /// </summary>
    private async Task<Gongkai.Reports.Model.AnnualReport?> PublishedReportAsync(int agencyId, int year, DateTimeOffset publishedAt, CancellationToken ct) =>
        await cache.GetOrCreateAsync(("published-report", agencyId, year, publishedAt), async entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            var markdown = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && r.Year == year)
                .Select(r => r.PublishedMarkdown).SingleOrDefaultAsync(ct);
            try
            {
                return markdown is null ? null : ReportFiles.Model(markdown);
            }
            catch (Gongkai.Reading.ReportReadException)
            {
                // Without the published values a refusal says how much a change moves each cell instead.
                return null;
            }
        });
}
