using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>A published year as it stands: its editions, its 更正 (open or closed), and the cells where the data now differ from what was published.</summary>
public sealed record PublishedYearState(
    int Year,
    IReadOnlyList<ReportEditionRecord> Editions,
    IReadOnlyList<ReportCorrectionRecord> Corrections,
    IReadOnlyList<CellChange> Differences)
{
    public ReportCorrectionRecord? Open => Corrections.FirstOrDefault(c => c.ClosedAt is null);
}

/// <summary>
/// 更正 of a published year (the lock is <see cref="PublishedYearLock"/>): an administrator records one with its
/// reason, which opens the year's tables to change, each change audited with that reason; the published report is
/// then shown as differing from the data, cell by cell, until a 更正版 is published beside the original
/// (<see cref="AnnualReportService.PublishAsync"/>), which closes the 更正.
/// </summary>
public sealed class ReportCorrectionService(GongkaiDbContext db, AnnualReportService reports, TimeProvider clock)
{
    public const int MaxReasonChars = 500;

    public async Task<string?> RecordAsync(Actor actor, int year, string? reason, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return $"只有管理员可以登记更正，您的角色是：{actor.RoleNames}";
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "请填写更正理由（哪些数据有误、为何需要更正）";
        }
        if (reason.Trim().Length > MaxReasonChars)
        {
            return $"更正理由不能超过{MaxReasonChars}个字";
        }
        if (await reports.PublishedAsync(actor.AgencyId, year, ct) is null)
        {
            return $"{year}年年度报告尚未发布，数据未锁定，无需登记更正";
        }
        if (await db.ReportCorrections.AnyAsync(c => c.AgencyId == actor.AgencyId && c.Year == year && c.ClosedAt == null, ct))
        {
            return $"{year}年度已有尚未发布更正版的更正，请先发布更正版";
        }
        var record = new ReportCorrectionRecord
        {
            AgencyId = actor.AgencyId, Year = year, Reason = reason.Trim(), RecordedAt = clock.GetUtcNow(), RecordedBy = actor.DisplayName,
        };
        await AuditChain.WriteAsync(db, () =>
        {
            db.ReportCorrections.Add(record);
            return Task.FromResult(AuditEntry.By(actor, "annual-report", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "RecordCorrection",
                $"登记{year}年年度报告更正，理由：{record.Reason}", after: record.Reason));
        }, clock, ct);
        return null;
    }

    /// <summary>The year's editions and corrections, and — while it differs — where the data no longer match the published tables.</summary>
    /// <param name="current">The year's report as just composed from the data, when the caller has it (its tables are what is compared).</param>
    public async Task<PublishedYearState?> StateAsync(int agencyId, int year, CancellationToken ct = default, Gongkai.Reports.Model.AnnualReport? current = null)
    {
        var published = await reports.PublishedAsync(agencyId, year, ct);
        if (published?.PublishedMarkdown is not { } markdown)
        {
            return null;
        }
        var editions = await db.ReportEditions.AsNoTracking().Where(e => e.AgencyId == agencyId && e.Year == year)
            .Select(e => new ReportEditionRecord { Id = e.Id, AgencyId = e.AgencyId, Year = e.Year, Edition = e.Edition, PublishedAt = e.PublishedAt, PublishedBy = e.PublishedBy, CorrectionReason = e.CorrectionReason })
            .ToListAsync(ct);
        var corrections = (await db.ReportCorrections.AsNoTracking().Where(c => c.AgencyId == agencyId && c.Year == year).ToListAsync(ct))
            .OrderBy(c => c.RecordedAt).ToList();
        var differences = new List<CellChange>();
        if (corrections.Any(c => c.ClosedAt is null))
        {
            var publishedReport = ReportFiles.Model(markdown);
            if (current is null)
            {
                var (sections, _, _) = await reports.DraftAsync(agencyId, year, ct);
                current = (await reports.ComposeAsync(agencyId, year, sections, ct)).Report;
            }
            differences.AddRange(PublishedYearLock.Changes(publishedReport.Proactive, current.Proactive, "表二"));
            differences.AddRange(PublishedYearLock.Changes(publishedReport.Applications, current.Applications, "表三"));
            differences.AddRange(PublishedYearLock.Changes(publishedReport.Review, current.Review, "表四"));
        }
        return new PublishedYearState(year, editions.OrderBy(e => e.Edition).ToList(), corrections, differences);
    }

    /// <summary>One edition of a year's report as published, for the archive.</summary>
    public async Task<ReportEditionRecord?> EditionAsync(int agencyId, int year, int edition, CancellationToken ct = default) =>
        await db.ReportEditions.AsNoTracking().SingleOrDefaultAsync(e => e.AgencyId == agencyId && e.Year == year && e.Edition == edition, ct);

    /// <summary>The open 更正 of every published year, for the public archive's notice.</summary>
    public async Task<IReadOnlyList<(int AgencyId, int Year, string Reason)>> OpenAsync(CancellationToken ct = default) =>
        (await db.ReportCorrections.AsNoTracking().Where(c => c.ClosedAt == null).Select(c => new { c.AgencyId, c.Year, c.Reason }).ToListAsync(ct))
            .Select(c => (c.AgencyId, c.Year, c.Reason)).ToList();

    /// <summary>How many editions each published year has, for the public archive.</summary>
    public async Task<IReadOnlyDictionary<(int AgencyId, int Year), int>> EditionCountsAsync(CancellationToken ct = default) =>
        (await db.ReportEditions.AsNoTracking().GroupBy(e => new { e.AgencyId, e.Year }).Select(g => new { g.Key.AgencyId, g.Key.Year, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => (x.AgencyId, x.Year), x => x.Count);
}
