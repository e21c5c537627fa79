using Gongkai.Cases.Cases;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongkai.Web.Features.Cases;

/// <summary>JSON API for cases; the same service and authorization as the pages.</summary>
public static class CaseEndpoints
{
    public static void MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("申请");

        cases.MapGet("/", async (CaseSearch search, string? q, string? state, string? stage, string? handler, DateOnly? from, DateOnly? to,
            string? outcome, bool? overdue, int? dueWithin, string? sort, int? page, CancellationToken ct) =>
        {
            CaseState? inState = null;
            if (!string.IsNullOrEmpty(state))
            {
                if (!ApiErrors.TryParseName<CaseState>(state, out var known))
                {
                    var names = string.Join("、", Enum.GetNames<CaseState>());
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"state 应为以下之一：{names}"] }, title: "参数 state 的值无效");
                }
                inState = known;
            }
            var result = await search.PageAsync(new CaseFilter
            {
                Q = q, State = inState, Stage = stage, Handler = handler, From = from, To = to, Outcome = outcome, Overdue = overdue ?? false,
                DueWithin = dueWithin, Sort = sort, Page = page ?? 1,
            }, ct);
            return Results.Ok(new
            {
                result.Total, result.TotalCapped, result.Page, result.PageSize,
                Rows = result.Rows.Select(c => new { c.Id, c.TrackingNumber, c.AgencyId, State = c.State.ToString(), c.ReceivedOn, c.DueOn, Name = c.ApplicantName, c.MaskedIdNumber, c.HandlerId, c.OutcomeRow, c.ClosedOn, c.WaitsUntil }),
            });
        }).WithSummary("本人可查看的申请（本机关及下级机关）：q 按受理编号、申请人、申请内容或答复中的词查找；state、stage、handler、from、to、outcome、overdue、dueWithin 筛选；sort 排序；每页50件");

        cases.MapPost("/", async (RegisterInput input, CurrentStaff staff, CaseService service, CalendarService calendars, CancellationToken ct) =>
        {
            var result = await service.RegisterAsync(staff.Actor, input, ct);
            return result.IsOk
                ? Results.Created($"/api/cases/{result.Value!.Id}", await ViewAsync(result.Value, service, calendars, staff, ct))
                : Problem(result);
        }).WithSummary("登记一件政府信息公开申请");

        cases.MapGet("/{id:guid}", async (Guid id, CurrentStaff staff, CaseService service, CalendarService calendars, CancellationToken ct) =>
        {
            var c = await service.FindReadableAsync(staff.Actor, id, ct);
            return c is null ? Results.Problem(statusCode: 404, title: "找不到该申请") : Results.Ok(await ViewAsync(c, service, calendars, staff, ct));
        }).WithSummary("一件申请的详情与期限说明");

        cases.MapGet("/{id:guid}/history", async (Guid id, CurrentStaff staff, CaseService service, CancellationToken ct) =>
        {
            var c = await service.FindReadableAsync(staff.Actor, id, ct);
            if (c is null)
            {
                return Results.Problem(statusCode: 404, title: "找不到该申请");
            }
            var history = await service.HistoryAsync(id, ct);
            return Results.Ok(history.Select(e => new { e.Sequence, e.At, e.UserName, e.Action, e.Summary, e.Before, e.After }));
        }).WithSummary("一件申请的全部变更记录（审计日志）");

        cases.MapGet("/{id:guid}/attachments", async (Guid id, CurrentStaff staff, CaseService service, CancellationToken ct) =>
            await service.FindReadableAsync(staff.Actor, id, ct) is null
                ? Results.Problem(statusCode: 404, title: "找不到该申请")
                : Results.Ok((await service.AttachmentsAsync(id, ct)).Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy, a.ForApplicant, a.WithdrawnAt, a.WithdrawnBy, a.ChangeReason, a.RedactedFromId })))
            .WithSummary("申请的附件列表（forApplicant：随答复提供给申请人；withdrawnAt：已撤回；redactedFromId：遮盖后生成的公开版本所出自的原件）");

        cases.MapPost("/{id:guid}/correction", async (Guid id, CorrectionInput input, CurrentStaff staff, CaseCorrections corrections, CaseService service, CalendarService calendars, CancellationToken ct) =>
        {
            var result = await corrections.CorrectAsync(id, staff.Actor, input, ct);
            return result.IsOk ? Results.Ok(await ViewAsync(result.Value!, service, calendars, staff, ct)) : Problem(result);
        }).WithSummary("更正申请人信息或申请内容：{version, category, name, idType, idNumber（留空则不变）, phone, email, address, request, reason}；原值和每次更正均记入办理记录");

        cases.MapPost("/{id:guid}/attachments/{attachmentId:guid}/{change}", async (Guid id, Guid attachmentId, string change, AttachmentReasonInput? input, CurrentStaff staff,
            CaseCorrections corrections, CancellationToken ct) =>
        {
            var result = await corrections.ChangeAttachmentAsync(id, attachmentId, staff.Actor, new AttachmentChangeInput(change, input?.Reason), ct);
            return result.IsOk
                ? Results.Ok(new { result.Value!.Id, result.Value.FileName, result.Value.ForApplicant, result.Value.WithdrawnAt, result.Value.ChangeReason })
                : Problem(result);
        }).WithSummary("附件：unmark 取消随答复提供，withdraw 撤回（保留备查，不再提供）；答复后须在 {reason} 中说明理由");

        // Bearer-token API: no cookies, so no cross-site request can carry the caller's identity; anti-forgery is for the pages.
        cases.MapPost("/{id:guid}/assign", async (Guid id, AssignInput input, CurrentStaff staff, CaseService service, CalendarService calendars, CancellationToken ct) =>
        {
            var result = await service.ReassignAsync(id, staff.Actor, input.Version, input.Handler, ct);
            return result.IsOk ? Results.Ok(await ViewAsync(result.Value!, service, calendars, staff, ct)) : Problem(result);
        }).WithSummary("改派承办人：{version, handler}（承办人的用户 ID）");

        cases.MapPost("/{id:guid}/attachments", async (Guid id, IFormFile? file, bool? forApplicant, CurrentStaff staff, CaseService service, CancellationToken ct) =>
        {
            if (file is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["File"] = ["请选择要上传的文件"] }, title: "没有文件");
            }
            if (file.Length > Gongkai.Data.Attachments.AttachmentRules.MaxBytes)
            {
                return Problem(new CaseResult<object>(ResultKind.Invalid, Message: $"附件“{file.FileName}”超过{Gongkai.Data.Attachments.AttachmentRules.MaxBytes / 1048576} MB 的上限",
                    Errors: new Dictionary<string, string> { ["File"] = $"附件“{file.FileName}”超过上限" }));
            }
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var result = await service.AttachAsync(id, staff.Actor, file.FileName, buffer.ToArray(), ct, forApplicant ?? false);
            return result.IsOk
                ? Results.Created($"/api/cases/{id}/attachments/{result.Value!.Id}", new { result.Value.Id, result.Value.FileName, result.Value.Size, result.Value.Sha256 })
                : Problem(result);
        }).DisableAntiforgery().WithSummary("上传附件（PDF、JPG、PNG、DOC、DOCX、OFD，每个不超过10 MB）");

        cases.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, CurrentStaff staff, CaseService service, CancellationToken ct) =>
            await service.AttachmentAsync(staff.Actor, id, attachmentId, ct) is { } a
                ? Results.File(a.Content, a.ContentType, a.FileName)
                : Results.Problem(statusCode: 404, title: "找不到该附件"))
            .WithSummary("下载附件");

        cases.MapPost("/{id:guid}/{action}", async (Guid id, string action, ActionInput input, CurrentStaff staff, CaseService service, CalendarService calendars, CancellationToken ct) =>
        {
            if (string.Equals(action, "attachments", StringComparison.OrdinalIgnoreCase))
            {
                // A JSON body sent to the upload: routing passes it over the multipart endpoint and lands here.
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "上传附件须以 multipart/form-data 发送（文件字段名 file）");
            }
            if (!ApiErrors.TryParseName<CaseAction>(action, out var a))
            {
                return Results.Problem(statusCode: 404, title: $"没有“{action}”这一操作", detail: "可用操作：" + string.Join("、", Enum.GetNames<CaseAction>()));
            }
            var result = await service.ActAsync(id, staff.Actor, a, input, ct);
            return result.IsOk ? Results.Ok(await ViewAsync(result.Value!, service, calendars, staff, ct)) : Problem(result);
        }).WithSummary("对申请执行一项操作：Accept、RequestCorrection、ReceiveCorrection、LapseCorrection、StartConsultation、EndConsultation、NoticeFee、ReceivePayment、LapsePayment、SubmitForReview（三.四.1 可附 competentAgency）、Approve、Return、Answer、Archive、Extend、Withdraw、Transfer（version, agencyId, reason：转交同一机关体系内的机关，收到日期不变）、Void（version, reason：作废登记错误的申请，不计入统计）");
    }

    public sealed record AssignInput(Guid? Version, string? Handler);

    public sealed record AttachmentReasonInput(string? Reason);

    private static async Task<CaseView> ViewAsync(ApplicationCase c, CaseService service, CalendarService calendars, CurrentStaff staff, CancellationToken ct)
    {
        var flags = await service.FlagsAsync(c, ct);
        var calendar = await calendars.CurrentAsync(ct);
        var deadline = Gongkai.Cases.Deadlines.DeadlineCalculator.Compute(c.Clock, calendar, calendars.Today);
        var chain = await staff.ChainOfAsync(c.AgencyId, ct);
        return CaseView.Of(c, chain, c.State.IsOpen() ? deadline.Explanation : []) with { Flags = flags };
    }

    /// <summary>A service's refusal as the API answers it (<see cref="ApiErrors"/>).</summary>
    public static IResult Problem<T>(CaseResult<T> result) => ApiErrors.Problem(result);
}
