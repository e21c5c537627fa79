using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Reporting;
using Gongkai.Web.Features.Statistics;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>Last year's report on the dashboard: due date, publication, what is missing.</summary>
public sealed record ReportReminder(int Year, DateOnly DueOn, DateTimeOffset? PublishedAt, IReadOnlyList<string> Missing);

/// <summary>
/// The annual report (条例 第四十九条): composed from the cases and the registers (<see cref="Table2Registers"/>,
/// <see cref="ProactiveRegister"/>, <see cref="ProceedingRegister"/>), its sections drafted, checked and published,
/// and the dashboard's reminder of it. Only 管理员 and 承办人 of the agency change it; results are Chinese messages.
/// </summary>
public sealed class AnnualReportService(GongkaiDbContext db, CombinedReportService combiner, IMemoryCache cache, TimeProvider clock,
    Infrastructure.AuditCheckpointer checkpoints, ReportRegisterWrites writes, Table2Registers table2)
{
    /// <summary>
    /// The dashboard's reminder, kept for two minutes: it composes and checks the whole report (about half a second
    /// for an agency with 100,000 cases a year), and the dashboard is the page staff open most. Every change this
    /// service or <see cref="CombinedReportService"/> makes for an agency drops its entry on this instance; other
    /// changes (new cases, another instance's edits) show within two minutes.
    /// </summary>
    public async Task<ReportReminder> CachedReminderAsync(int agencyId, DateOnly today, CancellationToken ct = default)
    {
        if (cache.TryGetValue(ReminderKey(agencyId), out (DateOnly Today, ReportReminder Reminder) kept) && kept.Today == today)
        {
            return kept.Reminder;
        }
        var reminder = await ReminderAsync(agencyId, today, ct);
        cache.Set(ReminderKey(agencyId), (today, reminder), TimeSpan.FromMinutes(2));
        return reminder;
    }

    public static object ReminderKey(int agencyId) => ("report-reminder", agencyId);

    /// <summary>
    /// The report for an agency and year: tables 二, 三 and 四 from the data, the sections as given, checked. A
    /// people's government's tables are the sum of its own and its departments' (条例 第四十九条第二款).
    /// </summary>
    public async Task<ComposedReport> ComposeAsync(int agencyId, int year, IReadOnlyDictionary<string, string> sections, CancellationToken ct = default)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var own = await AgencyReportData.TablesAsync(db, agencyId, year, ct);
        var draft = new ReportDraft(agency.Name, year, sections);
        return agency.Kind == Gongkai.Cases.Agencies.AgencyKind.Government
            ? ReportComposer.Compose(draft, await combiner.CombineAsync(agencyId, year, own, ct: ct), clock)
            : ReportComposer.Compose(draft, own.Proactive, own.Applications, own.Review, clock);
    }

    /// <summary>The agency's own channel totals and 信息处理费 for the year, for the drafts (no table counting).</summary>
    public Task<DraftFacts> DraftFactsAsync(int agencyId, int year, CancellationToken ct = default) => AgencyReportData.DraftFactsAsync(db, agencyId, year, ct);

    /// <summary>The sections as last saved for a year, and last year's, to write beside.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Sections, IReadOnlyDictionary<string, string> LastYear, AnnualReportRecord? Record)> DraftAsync(
        int agencyId, int year, CancellationToken ct = default)
    {
        var records = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && (r.Year == year || r.Year == year - 1)).ToListAsync(ct);
        var current = records.SingleOrDefault(r => r.Year == year);
        return (Sections(current), Sections(records.SingleOrDefault(r => r.Year == year - 1)), current);
    }

    public async Task<string?> SaveDraftAsync(Actor actor, int year, IReadOnlyDictionary<string, string> sections, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
        {
            return why;
        }
        if (sections.Keys.Any(k => ReportSchemaSections.All(s => s != k)))
        {
            return "只能填写一至六部分";
        }
        if (sections.Values.Any(v => v?.Length > MaxSectionChars))
        {
            return $"每一部分不能超过{MaxSectionChars}个字";
        }
        await writes.WriteAsync(actor, "annual-report", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "SaveReportDraft", $"保存{year}年年度报告草稿",
            async () =>
            {
                var record = await RecordAsync(actor.AgencyId, year, ct);
                record.SectionsJson = System.Text.Json.JsonSerializer.Serialize(sections.Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => s.Value.Trim()), JsonOptions);
                record.UpdatedAt = clock.GetUtcNow();
                record.UpdatedBy = actor.DisplayName;
            }, ct);
        return null;
    }

    /// <summary>
    /// The check gate: composes the saved draft, refuses while the checker finds an error, and while it finds
    /// warnings unless <paramref name="confirmWarnings"/>; for a people's government, while a department's report is
    /// signed by another agency or a department is counted twice, unless <paramref name="integrityReason"/> explains
    /// it. Then keeps the report as published (Markdown and HTML, and as an edition of the year) and records who
    /// published it, when, and what they confirmed. A year already published is locked: it is published again only
    /// as a 更正版 under an open 更正, which keeps the original edition beside it and closes the 更正.
    /// </summary>
    public async Task<(ComposedReport Composed, string? Error)> PublishAsync(Actor actor, int year, bool confirmWarnings, CancellationToken ct = default,
        string? integrityReason = null)
    {
        var (sections, _, existing) = await DraftAsync(actor.AgencyId, year, ct);
        var composed = await ComposeAsync(actor.AgencyId, year, sections, ct);
        if (!actor.Has(StaffRole.Administrator))
        {
            return (composed, $"只有管理员可以发布年度报告，您的角色是：{actor.RoleNames}");
        }
        var correction = await db.ReportCorrections.AsNoTracking().SingleOrDefaultAsync(c => c.AgencyId == actor.AgencyId && c.Year == year && c.ClosedAt == null, ct);
        if (existing?.PublishedAt is { } publishedBefore && correction is null)
        {
            return (composed, $"{year}年年度报告已于{publishedBefore.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}发布，不能再次发布；如需更正，请先登记更正并说明理由，再发布更正版");
        }
        if (composed.HasErrors)
        {
            return (composed, $"检查发现{composed.Findings.Count(f => f.Rule.Severity == Gongkai.Reports.Checking.Severity.Error)}个错误，改正后才能发布");
        }
        if (composed.Warnings.Count > 0 && !confirmWarnings)
        {
            return (composed, $"检查发现{composed.Warnings.Count}个警告，请逐条核实并勾选“已核实警告”后再发布");
        }
        var integrity = composed.Combined?.IntegrityIssues ?? [];
        if (integrity.Count > 0 && string.IsNullOrWhiteSpace(integrityReason))
        {
            return (composed, $"部门年度报告有{integrity.Count}处需要核实，说明理由后才能发布：{string.Join("；", integrity)}");
        }
        var confirmed = string.Join("\n", composed.Warnings.Select(w => $"{w.Rule.Id}：{w.Message}"));
        var integrityNote = integrity.Count == 0 ? null : $"{string.Join("；", integrity)}。核实说明：{integrityReason!.Trim()}";
        var now = clock.GetUtcNow();
        var edition = correction is null ? "" : "更正版";
        await writes.WriteAsync(actor, "annual-report", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "PublishReport",
            $"发布{year}年年度报告{edition}" + (correction is null ? "" : $"（更正理由：{correction.Reason}）")
                + (composed.Warnings.Count == 0 ? "" : $"，确认{composed.Warnings.Count}个警告：{confirmed}")
                + (integrityNote is null ? "" : $"，部门报告核实：{integrityNote}"),
            async () =>
            {
                var record = await RecordAsync(actor.AgencyId, year, ct);
                var editions = await db.ReportEditions.Where(e => e.AgencyId == actor.AgencyId && e.Year == year).CountAsync(ct);
                if (editions == 0 && record.PublishedAt is { } originalAt)
                {
                    // Published before editions were kept: the original becomes edition 1, unchanged.
                    db.ReportEditions.Add(new ReportEditionRecord
                    {
                        AgencyId = actor.AgencyId, Year = year, Edition = 1, PublishedAt = originalAt, PublishedBy = record.PublishedBy ?? "",
                        Markdown = record.PublishedMarkdown ?? "", Html = record.PublishedHtml ?? "",
                    });
                    editions = 1;
                }
                record.PublishedAt = now;
                record.PublishedBy = actor.DisplayName;
                record.PublishedMarkdown = Gongkai.Reports.Writing.MarkdownWriter.Write(composed.Report);
                // The public page carries its publication date (条例 第四十九条 deadlines are judged by it), and a 更正版 says so and why.
                var date = now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
                var note = correction is null ? "" : $"<p class=\"correction\" style=\"text-align:right\">更正版。更正理由：{System.Net.WebUtility.HtmlEncode(correction.Reason)}；此前发布的版本保留在年度报告栏目中。</p>\n";
                record.PublishedHtml = Gongkai.Reports.Writing.HtmlWriter.Write(composed.Report)
                    .Replace("</main>", $"{note}<p class=\"published\" style=\"text-align:right\">发布日期：{date}</p>\n</main>", StringComparison.Ordinal);
                record.ConfirmedWarnings = confirmed.Length == 0 ? null : confirmed;
                record.IntegrityConfirmation = integrityNote;
                db.ReportEditions.Add(new ReportEditionRecord
                {
                    AgencyId = actor.AgencyId, Year = year, Edition = editions + 1, PublishedAt = now, PublishedBy = actor.DisplayName,
                    Markdown = record.PublishedMarkdown, Html = record.PublishedHtml, CorrectionReason = correction?.Reason,
                });
                if (correction is not null)
                {
                    var open = await db.ReportCorrections.SingleAsync(c => c.Id == correction.Id, ct);
                    open.ClosedAt = now;
                    open.Edition = editions + 1;
                }
            }, ct);
        // A publication is a moment the audit trail must be provable at later: its head is signed outside the database.
        await checkpoints.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"publish {actor.AgencyId}/{year}{(correction is null ? "" : " correction")}"), ct);
        return (composed, null);
    }

    /// <summary>Every published report, newest year first, for the public archive.</summary>
    public async Task<IReadOnlyList<(int AgencyId, string Agency, int Year, DateTimeOffset PublishedAt)>> PublishedAsync(CancellationToken ct = default)
    {
        var rows = await db.AnnualReports.AsNoTracking().Where(r => r.PublishedAt != null)
            .Join(db.Agencies.AsNoTracking(), r => r.AgencyId, a => a.Id, (r, a) => new { r.AgencyId, a.Name, r.Year, r.PublishedAt })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Year).ThenBy(r => r.AgencyId).Select(r => (r.AgencyId, r.Name, r.Year, r.PublishedAt!.Value)).ToList();
    }

    public async Task<AnnualReportRecord?> PublishedAsync(int agencyId, int year, CancellationToken ct = default) =>
        await db.AnnualReports.AsNoTracking().SingleOrDefaultAsync(r => r.AgencyId == agencyId && r.Year == year && r.PublishedAt != null, ct);

    /// <summary>
    /// The dashboard's reminder for last year's report: its deadline — 31 January for a government department,
    /// 31 March for a people's government (条例 第四十九条) — whether it is published, and what is still missing,
    /// for a government including the departments whose reports are missing or not counted.
    /// </summary>
    public async Task<ReportReminder> ReminderAsync(int agencyId, DateOnly today, CancellationToken ct = default)
    {
        var year = today.Year - 1;
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var due = agency.ReportDueOn(year);
        var (sections, _, record) = await DraftAsync(agencyId, year, ct);
        if (record?.PublishedAt is { } published)
        {
            return new ReportReminder(year, due, published, []);
        }
        var missing = new List<string>();
        if (await table2.FiguresAsync(agencyId, year, ct) is null)
        {
            missing.Add($"{year}年行政许可、行政处罚、行政强制决定数量和行政事业性收费");
        }
        var empty = Gongkai.Reports.Schema.ReportSchema.Format2021.Sections.Where(s => string.IsNullOrWhiteSpace(sections.GetValueOrDefault(s.Key))).Select(s => s.Heading).ToList();
        if (empty.Count > 0)
        {
            missing.Add("正文：" + string.Join("、", empty));
        }
        var composed = await ComposeAsync(agencyId, year, sections, ct);
        if (composed.Combined?.NeedingAttention is { Count: > 0 } departments)
        {
            missing.Add("部门年度报告：" + string.Join("；", departments.Select(d => $"{d.Department}（{d.Remark}）")));
        }
        var errors = composed.Findings.Count(f => f.Rule.Severity == Gongkai.Reports.Checking.Severity.Error);
        if (errors > 0)
        {
            missing.Add($"检查发现{errors}个错误");
        }
        return new ReportReminder(year, due, null, missing);
    }

    public const int MaxSectionChars = 30_000;

    private static readonly string[] ReportSchemaSections = Gongkai.Reports.Schema.ReportSchema.Format2021.Sections.Select(s => s.Key).ToArray();

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The sections saved in a report record (empty when none).</summary>
    private static IReadOnlyDictionary<string, string> Sections(AnnualReportRecord? record) => Sections(record?.SectionsJson);

    /// <summary>The sections from a record's <see cref="AnnualReportRecord.SectionsJson"/> (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Sections(string? sectionsJson) =>
        sectionsJson is null ? new Dictionary<string, string>() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(sectionsJson) ?? [];

    private async Task<AnnualReportRecord> RecordAsync(int agencyId, int year, CancellationToken ct)
    {
        var record = await db.AnnualReports.FindAsync([agencyId, year], ct);
        if (record is null)
        {
            record = new AnnualReportRecord { AgencyId = agencyId, Year = year };
            db.AnnualReports.Add(record);
        }
        return record;
    }
}
