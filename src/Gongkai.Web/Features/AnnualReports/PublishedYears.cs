using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// The years an agency has published a report for, each with its open 更正 if any: what every writer of cases,
/// registers and review records checks its change against (<see cref="PublishedYearLock"/>).
/// </summary>
public sealed class PublishedYears(GongkaiDbContext db)
{
    /// <param name="fromYear">Only years from this one on: a case received in year Y counts in no table before Y, so a
    /// registration or a case's change usually finds none and costs one primary-key range read.</param>
    public async Task<IReadOnlyList<PublishedYear>> ForAgencyAsync(int agencyId, CancellationToken ct = default, int fromYear = 0)
    {
        var years = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && r.Year >= fromYear && r.PublishedAt != null).Select(r => r.Year).ToListAsync(ct);
        if (years.Count == 0)
        {
            return [];
        }
        var name = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.Name).SingleAsync(ct);
        var open = await db.ReportCorrections.AsNoTracking().Where(c => c.AgencyId == agencyId && c.ClosedAt == null).Select(c => new { c.Year, c.Reason }).ToListAsync(ct);
        return years.Order().Select(y => new PublishedYear(y, ReportComposer.Title(name, y), open.FirstOrDefault(c => c.Year == y)?.Reason)).ToList();
    }
}
