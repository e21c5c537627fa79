using System.Globalization;
using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Reporting;
using Gongkai.Reading;
using Gongkai.Reports.Checking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>A file uploaded for a department, without its bytes.</summary>
public sealed record DepartmentUpload(Guid Id, string FileName, DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>A department of a government and what it has for a year: its report in Gongkai, or the file uploaded for it.</summary>
public sealed record GovernmentDepartment(string Name, int? AgencyId, DepartmentUpload? Upload);

/// <summary>
/// A people's government's report from its departments' (条例 第四十九条第二款): departments that use Gongkai
/// are read from their data (their published report once they publish), the others from the published
/// reports the government uploads, read by the report core's reader. Each change is audited.
/// </summary>
public sealed class CombinedReportService(GongkaiDbContext db, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>The departments in the order the page lists them: those in Gongkai, then the external ones.</summary>
    public async Task<IReadOnlyList<GovernmentDepartment>> DepartmentsAsync(int governmentId, int year, CancellationToken ct = default)
    {
        var government = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == governmentId, ct);
        var inGongkai = await db.Agencies.AsNoTracking().Where(a => a.GovernmentId == governmentId).OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        var uploads = await db.DepartmentReports.AsNoTracking().Where(r => r.GovernmentId == governmentId && r.Year == year)
            .Select(r => new { r.Department, Upload = new DepartmentUpload(r.Id, r.FileName, r.UploadedAt, r.UploadedBy) }).ToListAsync(ct);
        // The list decides: a department taken off it drops out of the sum even if a file was uploaded for it.
        var external = government.ExternalDepartments.Where(n => inGongkai.All(a => a.Name != n));
        return inGongkai.Select(a => new GovernmentDepartment(a.Name, a.Id, null))
            .Concat(external.Select(n => new GovernmentDepartment(n, null, uploads.SingleOrDefault(u => u.Department == n)?.Upload)))
            .ToList();
    }

    /// <summary>The government's own tables plus every department's that can be counted, and why the others were not.</summary>
    /// <param name="own">The government's own tables, when the caller has them already.</param>
    /// <param name="departments">The departments, when the caller has listed them already.</param>
    public async Task<CombinedTables> CombineAsync(int governmentId, int year, AgencyTables? own = null, IReadOnlyList<GovernmentDepartment>? departments = null,
        CancellationToken ct = default)
    {
        own ??= await AgencyReportData.TablesAsync(db, governmentId, year, ct);
        var reports = new List<DepartmentReport>();
        foreach (var d in departments ?? await DepartmentsAsync(governmentId, year, ct))
        {
            reports.Add(d.AgencyId is { } id ? await FromDataAsync(d.Name, id, year, ct) : await FromUploadAsync(d, ct));
        }
        var government = await db.Agencies.AsNoTracking().Where(a => a.Id == governmentId).Select(a => a.Name).SingleAsync(ct);
        return ReportCombiner.Combine(year, own.Proactive, own.Applications, own.Review, reports, government);
    }

    /// <summary>
    /// A department in Gongkai: its published report as published, read back (what the public saw), or, before it
    /// publishes, its report composed from its data and saved text.
    /// </summary>
    private async Task<DepartmentReport> FromDataAsync(string name, int agencyId, int year, CancellationToken ct)
    {
        var record = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && r.Year == year)
            .Select(r => new { r.SectionsJson, r.PublishedAt }).SingleOrDefaultAsync(ct);
        if (record?.PublishedAt is { } publishedAt)
        {
            // A publication is kept as published; a correction is a new publication with a new time, so a new key.
            var (report, findings) = await cache.GetOrCreateAsync(("published-report", agencyId, year, publishedAt), async entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromMinutes(10);
                var markdown = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && r.Year == year).Select(r => r.PublishedMarkdown!).SingleAsync(ct);
                var read = ReportFiles.Model(markdown);
                return (read, ReportChecker.Check(read, clock));
            });
            return new DepartmentReport(name, DepartmentReportSource.Data, report, findings);
        }
        var data = await AgencyReportData.TablesAsync(db, agencyId, year, ct);
        var sections = AnnualReportService.Sections(record?.SectionsJson);
        var composed = ReportComposer.Compose(new ReportDraft(name, year, sections), data.Proactive, data.Applications, data.Review, clock);
        // Unpublished text is still being written: only the tables' own errors keep a department out of the sum.
        var tableErrors = composed.Findings.Where(f => f.Rule.Category is RuleCategory.Arithmetic || f.Rule == Rules.CellMissing || f.Rule == Rules.TableMissing).ToList();
        return new DepartmentReport(name, DepartmentReportSource.Data, composed.Report, tableErrors, Published: false);
    }

    /// <summary>
    /// An uploaded report, read and checked once and then kept in memory for a while (as a department's published
    /// report is): an upload never changes (a new file is a new record), and the government's report is composed
    /// on every keystroke of its text.
    /// </summary>
    private async Task<DepartmentReport> FromUploadAsync(GovernmentDepartment d, CancellationToken ct)
    {
        if (d.Upload is not { } upload)
        {
            return DepartmentReport.Missing(d.Name);
        }
        var read = await cache.GetOrCreateAsync(("department-report", upload.Id), async entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            var content = await db.DepartmentReports.AsNoTracking().Where(r => r.Id == upload.Id).Select(r => r.Content).SingleAsync(ct);
            var (report, findings, _) = Read(content, upload.FileName);
            return (Report: report, Findings: findings);
        });
        return new DepartmentReport(d.Name, DepartmentReportSource.PublishedFile, read.Report, read.Findings ?? []);
    }

    /// <summary>Reads an uploaded report and checks it as the report core checks any published report.</summary>
    private (Gongkai.Reports.Model.AnnualReport? Report, IReadOnlyList<Finding>? Findings, string? Error) Read(byte[] content, string fileName)
    {
        try
        {
            var result = ReportReader.Read(content, fileName);
            return (result.Report, [.. result.Findings, .. ReportChecker.Check(result.Report, clock)], null);
        }
        catch (ReportReadException e)
        {
            return (null, null, e.Message);
        }
    }

    /// <summary>Sets the government's departments outside Gongkai, one name a line.</summary>
    public async Task<string?> SaveExternalDepartmentsAsync(Actor actor, string? text, CancellationToken ct = default)
    {
        var government = await GovernmentAsync(actor, ct);
        if (government.Error is { } error)
        {
            return error;
        }
        if (!actor.Has(StaffRole.Administrator))
        {
            return $"只有管理员可以维护部门名单，您的角色是：{actor.RoleNames}";
        }
        var names = (text ?? "").Split('\n').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (names.FirstOrDefault(n => n.Length > 100) is { } tooLong)
        {
            return $"部门名称不能超过100个字：“{tooLong[..20]}……”";
        }
        var agency = government.Agency!;
        await AuditChain.WriteAsync(db, () =>
        {
            agency.ConfigureExternalDepartments(names);
            return Task.FromResult(AuditEntry.By(actor, "agency", agency.Id.ToString(CultureInfo.InvariantCulture), "SetExternalDepartments",
                $"部门名单（不使用本系统的部门）：{string.Join("、", agency.ExternalDepartments)}", after: string.Join("\n", agency.ExternalDepartments)));
        }, clock, ct);
        cache.Remove(AnnualReportService.ReminderKey(actor.AgencyId));
        return null;
    }

    /// <summary>
    /// Keeps a department's published report for the year, replacing an earlier upload. The file must read as a
    /// report of that year; its checker findings do not block the upload (they decide whether it is counted).
    /// </summary>
    public async Task<string?> UploadAsync(Actor actor, int year, string? department, string fileName, byte[] content, CancellationToken ct = default)
    {
        var government = await GovernmentAsync(actor, ct);
        if (government.Error is { } error)
        {
            return error;
        }
        if (!actor.Has(StaffRole.Administrator) && !actor.Has(StaffRole.Handler))
        {
            return $"只有管理员或承办人可以上传部门年度报告，您的角色是：{actor.RoleNames}";
        }
        if (string.IsNullOrWhiteSpace(department) || !government.Agency!.ExternalDepartments.Contains(department.Trim()))
        {
            return "请选择部门名单中的部门（不使用本系统的部门）";
        }
        var name = department.Trim();
        var (report, findings, readError) = Read(content, fileName);
        if (readError is not null)
        {
            return $"“{fileName}”无法读取为年度报告：{readError}";
        }
        if (report!.Year != year)
        {
            return $"“{fileName}”是{(report.Year is { } y ? y.ToString(CultureInfo.InvariantCulture) + "年度" : "年度无法识别")}的报告，不是{year}年度的";
        }
        var errors = findings!.Count(f => f.Rule.Severity == Severity.Error);
        await AuditChain.WriteAsync(db, async () =>
        {
            var existing = await db.DepartmentReports.SingleOrDefaultAsync(r => r.GovernmentId == actor.AgencyId && r.Year == year && r.Department == name, ct);
            if (existing is not null)
            {
                db.DepartmentReports.Remove(existing);
            }
            db.DepartmentReports.Add(new DepartmentReportRecord
            {
                GovernmentId = actor.AgencyId, Year = year, Department = name, FileName = Path.GetFileName(fileName), Content = content,
                UploadedAt = clock.GetUtcNow(), UploadedBy = actor.DisplayName,
            });
            return AuditEntry.By(actor, "department-report", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}/{name}"), "UploadDepartmentReport",
                $"上传{name}{year}年度报告“{Path.GetFileName(fileName)}”{(existing is null ? "" : "（替换此前上传的文件）")}，检查发现{errors}个错误", after: Path.GetFileName(fileName));
        }, clock, ct);
        cache.Remove(AnnualReportService.ReminderKey(actor.AgencyId));
        return null;
    }

    private async Task<(Agency? Agency, string? Error)> GovernmentAsync(Actor actor, CancellationToken ct)
    {
        var agency = await db.Agencies.SingleAsync(a => a.Id == actor.AgencyId, ct);
        return agency.Kind == AgencyKind.Government ? (agency, null) : (null, "只有人民政府汇总部门年度报告");
    }
}
