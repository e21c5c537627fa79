using Gongkai.Documents.Redaction;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;

namespace Gongkai.Web.Features.Redactions;

/// <summary>JSON API for 部分公开 redaction; the same service and rules as the page.</summary>
public static class RedactionEndpoints
{
    public static void MapRedactionEndpoints(this RouteGroupBuilder api)
    {
        var redactions = api.MapGroup("/cases/{id:guid}/attachments/{attachmentId:guid}/redactions").WithTags("遮盖（部分公开）");

        redactions.MapGet("/", async (Guid id, Guid attachmentId, CurrentStaff staff, RedactionQueries service, CancellationToken ct) =>
        {
            var result = await service.OpenAsync(staff.Actor, id, attachmentId, ct);
            if (!result.IsOk)
            {
                return CaseEndpoints.Problem(result);
            }
            var v = result.Value!;
            return Results.Ok(new
            {
                AttachmentId = v.Original.Id, v.Original.FileName, CopyId = v.Copy?.Id, CopyFileName = v.Copy?.FileName, CopySha256 = v.Copy?.Sha256,
                CanChange = v.ChangeRefusal is null, v.ChangeRefusal,
                Pages = v.Pages.Select((p, i) => new { Page = i + 1, p.Width, p.Height }),
                Marks = v.Marks,
            });
        }).WithSummary("附件的遮盖标记：每处的页码、位置（PDF 点，自页面左上角；图片为像素）、理由（条例第十四至十六条）、查找方式和所遮文字（已脱敏），以及生成的公开版本");

        redactions.MapPost("/", async (Guid id, Guid attachmentId, RedactionInput input, CurrentStaff staff, RedactionService service, CancellationToken ct) =>
        {
            var result = await service.MarkAsync(staff.Actor, id, attachmentId, input, ct);
            return result.IsOk ? Results.Ok(new { AttachmentId = result.Value!.Id, result.Value.FileName, result.Value.Sha256 }) : CaseEndpoints.Problem(result);
        }).WithSummary("遮盖：{patterns: [{pattern: 现成规则名（" + RedactionPatterns.Names + "）或任意文字, ground}], boxes: [{page, x, y, width, height（PDF 点，自页面左上角）, ground}]}；"
            + "ground 为 " + WithholdingGround.Names + " 之一。返回重新生成的公开版本 {attachmentId}，原件不再随答复提供");

        redactions.MapPut("/{markId:guid}", async (Guid id, Guid attachmentId, Guid markId, MarkChangeInput input, CurrentStaff staff, RedactionService service, CancellationToken ct) =>
        {
            var result = await service.ChangeAsync(staff.Actor, id, attachmentId, markId, input, ct);
            return result.IsOk ? Results.Ok(new { AttachmentId = result.Value!.Id, result.Value.FileName, result.Value.Sha256 }) : CaseEndpoints.Problem(result);
        }).WithSummary("修改一处遮盖的理由：{ground}；审核中只有当前环节的审核人可以修改");

        redactions.MapDelete("/{markId:guid}", async (Guid id, Guid attachmentId, Guid markId, CurrentStaff staff, RedactionService service, CancellationToken ct) =>
        {
            var result = await service.RemoveAsync(staff.Actor, id, attachmentId, markId, ct);
            return result.IsOk ? Results.Ok(new { AttachmentId = result.Value!.Id, result.Value.FileName, result.Value.Sha256 }) : CaseEndpoints.Problem(result);
        }).WithSummary("取消一处遮盖；全部取消后公开版本删除，原件随答复提供");

        redactions.MapGet("/pages/{page:int}", async (Guid id, Guid attachmentId, int page, CurrentStaff staff, RedactionQueries service, CancellationToken ct) =>
            await service.PageAsync(staff.Actor, id, attachmentId, page, ct) is { } png
                ? Results.File(png, "image/png")
                : Results.Problem(statusCode: 404, title: "找不到该页"))
            .WithSummary("附件的一页（PNG，每英寸" + RedactionQueries.PageDpi + "点；图片为原尺寸），供标记遮盖位置");
    }
}
