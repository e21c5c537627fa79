using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Reporting;
using Gongkai.Web.Features.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// The registers behind tables 二 and 四 (regulatory documents, the year's decisions and fees, reviews and
/// lawsuits), each change audited, and the annual report composed from them and the cases (条例 第四十九条).
/// Only 管理员 and 承办人 of the agency change its registers; results are Chinese messages.
/// </summary>
public sealed class AnnualReportService(GongkaiDbContext db, TimeProvider clock)
{
    public async Task<string?> AddDocumentAsync(Actor actor, RegulatoryDocumentKind kind, string? title, string? number, DateOnly? issuedOn, DateOnly? abolishedOn, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 300)
        {
            return "请填写文件标题（不超过300字）";
        }
        if (issuedOn is not { } issued)
        {
            return "请填写印发日期";
        }
        if (abolishedOn < issued)
        {
            return $"废止日期{abolishedOn:yyyy-MM-dd}早于印发日期{issued:yyyy-MM-dd}";
        }
        var record = new RegulatoryDocumentRecord
        {
            AgencyId = actor.AgencyId, Kind = kind, Title = title.Trim(), DocumentNumber = string.IsNullOrWhiteSpace(number) ? null : number.Trim(),
            IssuedOn = issued, AbolishedOn = abolishedOn,
        };
        await WriteAsync(actor, "regulatory-document", record.Id.ToString(), "AddDocument",
            $"登记{(kind == RegulatoryDocumentKind.Rule ? "规章" : "行政规范性文件")}“{record.Title}”（{issued:yyyy-MM-dd}印发{(abolishedOn is { } a ? $"，{a:yyyy-MM-dd}废止" : "")}）",
            () => db.RegulatoryDocuments.Add(record), ct);
        return null;
    }

    public async Task<string?> SaveFiguresAsync(Actor actor, int year, long licensing, long penalties, long enforcement, decimal feesTenThousandYuan, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        if (licensing < 0 || penalties < 0 || enforcement < 0 || feesTenThousandYuan < 0)
        {
            return "决定数量和收费金额不能为负数";
        }
        if (decimal.Round(feesTenThousandYuan, 4) != feesTenThousandYuan)
        {
            return "收费金额以万元为单位，最多保留四位小数（即精确到元）";
        }
        await WriteAsync(actor, "administrative-figures", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "SaveFigures",
            string.Create(CultureInfo.InvariantCulture, $"{year}年行政许可{licensing}件、行政处罚{penalties}件、行政强制{enforcement}件，收费{feesTenThousandYuan}万元"),
            async () =>
            {
                var row = await db.AdministrativeFigures.FindAsync([actor.AgencyId, year], ct);
                if (row is null)
                {
                    row = new AdministrativeFiguresRecord { AgencyId = actor.AgencyId, Year = year };
                    db.AdministrativeFigures.Add(row);
                }
                (row.Licensing, row.Penalties, row.Enforcement, row.FeesTenThousandYuan) = (licensing, penalties, enforcement, feesTenThousandYuan);
            }, ct);
        return null;
    }

    /// <summary>Registers a reconsideration or a lawsuit brought without one; returns its id, or a Chinese error.</summary>
    public async Task<(Guid? Id, string? Error)> FileProceedingAsync(Actor actor, ProceedingKind kind, Guid? caseId, string? body, DateOnly filedOn, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return (null, why);
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, kind == ProceedingKind.Reconsideration ? "请填写行政复议机关" : "请填写受理的人民法院");
        }
        if (caseId is { } id && !await db.Cases.AnyAsync(c => c.Id == id && c.AgencyId == actor.AgencyId, ct))
        {
            return (null, "找不到本机关的该申请");
        }
        ReviewProceeding p;
        try
        {
            p = ReviewProceeding.File(kind, caseId, body.Trim(), filedOn);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message.Split(" (Parameter", 2)[0]);
        }
        await WriteAsync(actor, "review-proceeding", p.Id.ToString(), "FileProceeding", $"登记{Table4Statistics.Row(kind)}（{p.Body}，{filedOn:yyyy-MM-dd}）",
            () => db.ReviewProceedings.Add(ReviewProceedingRecord.From(p, actor.AgencyId)), ct);
        return (p.Id, null);
    }

    public async Task<string?> DecideAsync(Actor actor, Guid id, ProceedingResult result, DateOnly on, CancellationToken ct = default) =>
        await ChangeProceedingAsync(actor, id, "DecideProceeding", p => p.Decide(result, on), p => $"{Table4Statistics.Row(p.Kind)}审结：{ResultLabel(result)}", ct);

    private static string ResultLabel(ProceedingResult result) => result switch
    {
        ProceedingResult.Upheld => "维持",
        ProceedingResult.Corrected => "纠正",
        ProceedingResult.Other => "其他结果",
        ProceedingResult.Pending => "尚未审结",
    };

    /// <summary>A lawsuit after a decided reconsideration, linked to it rather than typed again.</summary>
    public async Task<(Guid? Id, string? Error)> SueAfterAsync(Actor actor, Guid reconsiderationId, string? court, DateOnly filedOn, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return (null, why);
        }
        var record = await db.ReviewProceedings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reconsiderationId && r.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return (null, "找不到该行政复议");
        }
        if (string.IsNullOrWhiteSpace(court))
        {
            return (null, "请填写受理的人民法院");
        }
        ReviewProceeding lawsuit;
        try
        {
            lawsuit = record.ToDomain().SueAfter(court.Trim(), filedOn);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return (null, e.Message.Split(" (Parameter", 2)[0]);
        }
        await WriteAsync(actor, "review-proceeding", lawsuit.Id.ToString(), "FileProceeding", $"登记复议后起诉（{lawsuit.Body}，{filedOn:yyyy-MM-dd}）",
            () => db.ReviewProceedings.Add(ReviewProceedingRecord.From(lawsuit, actor.AgencyId)), ct);
        return (lawsuit.Id, null);
    }

    /// <summary>The report for an agency and year: tables 二, 三 and 四 from the data, the sections as given, checked.</summary>
    public async Task<ComposedReport> ComposeAsync(int agencyId, int year, IReadOnlyDictionary<string, string> sections, CancellationToken ct = default)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var documents = await db.RegulatoryDocuments.AsNoTracking().Where(d => d.AgencyId == agencyId).ToListAsync(ct);
        var figures = await db.AdministrativeFigures.AsNoTracking().SingleOrDefaultAsync(f => f.AgencyId == agencyId && f.Year == year, ct);
        var end = new DateOnly(year, 12, 31);
        var proceedings = await db.ReviewProceedings.AsNoTracking().Where(r => r.AgencyId == agencyId && r.FiledOn <= end).ToListAsync(ct);
        return ReportComposer.Compose(new ReportDraft(agency.Name, year, sections),
            Table2Statistics.Compute(documents.Select(d => d.ToDomain()), figures?.ToDomain(), year),
            await Table3Query.ComputeAsync(db, new HashSet<int> { agencyId }, year, ct),
            Table4Statistics.Compute(proceedings.Select(r => r.ToDomain()), year),
            clock);
    }

    private async Task<string?> ChangeProceedingAsync(Actor actor, Guid id, string action, Func<ReviewProceeding, ReviewProceeding> change,
        Func<ReviewProceeding, string> summary, CancellationToken ct)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        var record = await db.ReviewProceedings.SingleOrDefaultAsync(r => r.Id == id && r.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return "找不到该行政复议或行政诉讼";
        }
        ReviewProceeding changed;
        try
        {
            changed = change(record.ToDomain());
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter", 2)[0];
        }
        await WriteAsync(actor, "review-proceeding", id.ToString(), action, summary(changed), () => record.Apply(changed), ct);
        return null;
    }

    private static string? Refused(Actor actor) =>
        actor.Has(StaffRole.Administrator) || actor.Has(StaffRole.Handler) ? null : $"只有管理员或承办人可以维护年度报告的登记数据，您的角色是：{actor.RoleNames}";

    private Task WriteAsync(Actor actor, string entityType, string entityId, string action, string summary, Action change, CancellationToken ct) =>
        WriteAsync(actor, entityType, entityId, action, summary, () =>
        {
            change();
            return Task.CompletedTask;
        }, ct);

    private async Task WriteAsync(Actor actor, string entityType, string entityId, string action, string summary, Func<Task> change, CancellationToken ct)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        await change();
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId, EntityType = entityType, EntityId = entityId,
            Action = action, Summary = summary, After = summary,
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
