using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Reporting;
using Gongkai.Web.Features.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// The register behind table 四 (政府信息公开行政复议、行政诉讼情况): reconsiderations and lawsuits about the agency's
/// answers, their decisions, and lawsuits brought after a reconsideration. Every change is audited and checked against
/// published years (<see cref="PublishedYearLock"/>).
/// </summary>
public sealed class ProceedingRegister(GongkaiDbContext db, PublishedYears publishedYears, ReportRegisterWrites writes)
{
    /// <summary>Registers a reconsideration or a lawsuit brought without one; returns its id, or a Chinese error.</summary>
    public async Task<(Guid? Id, string? Error)> FileProceedingAsync(Actor actor, ProceedingKind kind, Guid? caseId, string? body, DateOnly filedOn, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
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
            return (null, e.Message);
        }
        var verdict = PublishedYearLock.CheckProceeding(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), null, p, $"登记该{Table4Statistics.Row(kind)}");
        if (!verdict.Allowed)
        {
            return (null, verdict.Refusal);
        }
        await writes.WriteAsync(actor, "review-proceeding", p.Id.ToString(), "FileProceeding", $"登记{Table4Statistics.Row(kind)}（{p.Body}，{filedOn:yyyy-MM-dd}）{verdict.AuditNote}",
            () => db.ReviewProceedings.Add(ReviewProceedingRecord.From(p, actor.AgencyId)), ct);
        return (p.Id, null);
    }

    public async Task<string?> DecideAsync(Actor actor, Guid id, ProceedingResult result, DateOnly on, CancellationToken ct = default) =>
        await ChangeProceedingAsync(actor, id, "DecideProceeding", p => p.Decide(result, on), p => $"{Table4Statistics.Row(p.Kind)}审结：{result.Label()}", ct);

    /// <summary>A lawsuit after a decided reconsideration, linked to it rather than typed again.</summary>
    public async Task<(Guid? Id, string? Error)> SueAfterAsync(Actor actor, Guid reconsiderationId, string? court, DateOnly filedOn, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
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
            return (null, e.Message);
        }
        var verdict = PublishedYearLock.CheckProceeding(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), null, lawsuit, "登记该行政诉讼");
        if (!verdict.Allowed)
        {
            return (null, verdict.Refusal);
        }
        await writes.WriteAsync(actor, "review-proceeding", lawsuit.Id.ToString(), "FileProceeding", $"登记复议后起诉（{lawsuit.Body}，{filedOn:yyyy-MM-dd}）{verdict.AuditNote}",
            () => db.ReviewProceedings.Add(ReviewProceedingRecord.From(lawsuit, actor.AgencyId)), ct);
        return (lawsuit.Id, null);
    }

    /// <summary>
    /// Corrects where and when a proceeding was filed (the body or court, the filing date). Table 四 counts it by its
    /// dates, so a change that would move a published year's cells is refused unless that year is under 更正.
    /// </summary>
    public async Task<string?> EditProceedingAsync(Actor actor, Guid id, string? body, DateOnly? filedOn, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "请填写行政复议机关或人民法院";
        }
        if (filedOn is not { } filed)
        {
            return "请填写受理日期";
        }
        return await ChangeProceedingAsync(actor, id, "EditProceeding", p => p.DecidedOn is { } decided && filed > decided
                ? throw new ArgumentException($"受理日期{filed:yyyy-MM-dd}晚于审结日期{decided:yyyy-MM-dd}")
                : p with { Body = body.Trim(), FiledOn = filed },
            p => $"修改{Table4Statistics.Row(p.Kind)}登记为：{p.Body}，{p.FiledOn:yyyy-MM-dd}受理", ct);
    }

    public async Task<IReadOnlyList<ReviewProceedingRecord>> ProceedingsAsync(int agencyId, CancellationToken ct = default) =>
        await db.ReviewProceedings.AsNoTracking().Where(r => r.AgencyId == agencyId).OrderByDescending(r => r.FiledOn).ToListAsync(ct);

    private async Task<string?> ChangeProceedingAsync(Actor actor, Guid id, string action, Func<ReviewProceeding, ReviewProceeding> change,
        Func<ReviewProceeding, string> summary, CancellationToken ct)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
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
            return e.Message;
        }
        var verdict = PublishedYearLock.CheckProceeding(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), record.ToDomain(), changed, "该操作");
        if (!verdict.Allowed)
        {
            return verdict.Refusal;
        }
        await writes.EditAsync(actor, "review-proceeding", id.ToString(), action, summary(changed) + verdict.AuditNote, record.ToDomain(), changed, () => record.Apply(changed), ct);
        return null;
    }
}
