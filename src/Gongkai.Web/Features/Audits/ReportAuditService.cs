using System.Globalization;
using System.Text.Json;
using Gongkai.Batch;
using Gongkai.Batch.Dashboard;
using Gongkai.Batch.Dataset;
using Gongkai.Batch.Sources;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Audits;

/// <summary>What one batch audit found, as listed on the page (kept beside its files as audit.json).</summary>
public sealed record ReportAuditSummary(string Id, int AgencyId, string UploadedBy, DateTimeOffset At, string Files, int Reports, int WithErrors, int Clean, int Unreadable, int Findings);

/// <summary>The result of an upload: the audit made, or why none was (a Chinese message).</summary>
public sealed record ReportAuditOutcome(ReportAuditSummary? Audit, string? Error);

/// <summary>
/// 年度报告批量检查 for a supervising office (监督) or a people's government's administrator: a ZIP (or several
/// files) of published reports read and checked as <c>gongkai audit</c> does, kept under the data directory per
/// agency — the dashboard and the dataset — and listed for that agency only. Each upload is in the audit trail.
/// </summary>
public sealed class ReportAuditService(GongkaiDbContext db, TimeProvider clock, ReportAuditStore store)
{
    /// <summary>A province's reports as PDF run to a few GB; the upload limit keeps one request within a few minutes of reading.</summary>
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    public async Task<string?> RefusalAsync(Actor actor, CancellationToken ct)
    {
        if (actor.Has(StaffRole.Supervisor))
        {
            return null;
        }
        var kind = await db.Agencies.Where(a => a.Id == actor.AgencyId).Select(a => a.Kind).SingleAsync(ct);
        return actor.Has(StaffRole.Administrator) && kind == Gongkai.Cases.Agencies.AgencyKind.Government
            ? null
            : $"批量检查年度报告供监督人员或人民政府的管理员使用，您的角色是：{actor.RoleNames}";
    }

    /// <param name="uploads">Each uploaded file saved to a temporary path, with its name as uploaded.</param>
    public async Task<ReportAuditOutcome> AuditAsync(Actor actor, IReadOnlyList<(string Path, string Name)> uploads, CancellationToken ct)
    {
        if (await RefusalAsync(actor, ct) is { } refusal)
        {
            return new(null, refusal);
        }
        if (uploads.Count == 0)
        {
            return new(null, "请选择年度报告的 ZIP 压缩包或报告文件");
        }
        var sources = new List<ReportSource>();
        foreach (var (path, name) in uploads)
        {
            var shown = Path.GetFileName(name);
            if (ReportSources.IsZip(name))
            {
                sources.AddRange(ReportSources.FromZip(path, shown));
            }
            else if (ReportSources.IsReportFile(name))
            {
                sources.Add(ReportSource.FromFile(path, shown));
            }
            else
            {
                return new(null, $"“{shown}”不是 ZIP 压缩包或年度报告文件（可用 .zip {ReportSources.ExtensionList}）");
            }
        }
        var batch = await Task.Run(() => BatchAudit.Run(sources, new BatchOptions { Cancellation = ct }), ct);
        if (batch.NothingRead() is { } nothing)
        {
            // An upload of which nothing could be read (a damaged ZIP, one without reports, only unreadable files) checked nothing.
            return new(null, nothing);
        }
        var id = clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var folder = store.FolderFor(actor.AgencyId, id);
        Directory.CreateDirectory(folder);
        DatasetWriter.WriteAll(AuditDataset.Build(batch), folder);
        await using (var page = File.Create(Path.Combine(folder, ReportAuditStore.DashboardFile)))
        {
            DashboardWriter.Write(batch, page, Infrastructure.ChinaTime.Now(clock));
        }
        var names = string.Join("、", uploads.Select(u => Path.GetFileName(u.Name)));
        var summary = new ReportAuditSummary(id, actor.AgencyId, actor.DisplayName, clock.GetUtcNow(), names.Length > 200 ? names[..200] + "…" : names,
            batch.Reports.Count, batch.WithErrors, batch.Clean, batch.Unreadable, batch.Reports.Sum(r => r.Findings.Count));
        await File.WriteAllTextAsync(Path.Combine(folder, ReportAuditStore.SummaryFile), JsonSerializer.Serialize(summary), ct);
        await AuditChain.WriteAsync(db, () => Task.FromResult(AuditEntry.By(actor, "report-audit", id, "AuditReports",
            string.Create(CultureInfo.InvariantCulture, $"批量检查年度报告 {summary.Reports} 份（{summary.Files}）：{summary.WithErrors} 份有错误，{summary.Unreadable} 份无法读取"))), clock, ct);
        return new(summary, null);
    }

    /// <summary>The agency's audits, newest first.</summary>
    public IReadOnlyList<ReportAuditSummary> List(Actor actor) => store.List(actor.AgencyId);

    /// <summary>A file of one of the agency's audits, or null (another agency's audit, an unknown name).</summary>
    public string? FileOf(Actor actor, string id, string name) => store.FileOf(actor.AgencyId, id, name);
}

/// <summary>Where audits are kept: <c>{data directory}/report-audits/{agency}/{id}/</c>, one folder each.</summary>
public sealed class ReportAuditStore(string root)
{
    public const string DashboardFile = "dashboard.html";
    public const string SummaryFile = "audit.json";

    /// <summary>The files a user may download: the dashboard and the dataset, nothing else from the folder.</summary>
    public static readonly IReadOnlySet<string> Downloadable = new HashSet<string>(DatasetWriter.FileNames.Append(DashboardFile), StringComparer.Ordinal);

    public string FolderFor(int agencyId, string id) => Path.Combine(root, agencyId.ToString(CultureInfo.InvariantCulture), id);

    public IReadOnlyList<ReportAuditSummary> List(int agencyId)
    {
        var folder = Path.Combine(root, agencyId.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(folder, SummaryFile, SearchOption.AllDirectories)
            .Select(f => JsonSerializer.Deserialize<ReportAuditSummary>(File.ReadAllText(f)))
            .OfType<ReportAuditSummary>()
            .Where(s => s.AgencyId == agencyId)
            .OrderByDescending(s => s.At)
            .ToList();
    }

    public string? FileOf(int agencyId, string id, string name)
    {
        // The id is ours (digits, a dash, hex); anything else never reaches the file system.
        if (!Downloadable.Contains(name) || id.Length > 40 || !id.All(c => char.IsAsciiDigit(c) || c == '-' || char.IsAsciiHexDigitLower(c)))
        {
            return null;
        }
        var path = Path.Combine(FolderFor(agencyId, id), name);
        return File.Exists(path) ? path : null;
    }
}
