using Gongkai.Documents.Redaction;
using Gongkai.Web.Features.Redactions;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Cases;

/// <summary>遮盖（部分公开）: a file's pages as images, marked by search or by drawing, each mark with its ground.</summary>
public sealed class RedactModel(RedactionService redactions, RedactionQueries queries, CurrentStaff staff) : PageModel
{
    public RedactionView? View { get; private set; }

    public string? Message { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid AttachmentId { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPageAsync(Guid id, int number, CancellationToken ct)
    {
        if (await queries.PageAsync(staff.Actor, id, AttachmentId, number, ct) is not { } png)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, max-age=600";
        return File(png, "image/png");
    }

    /// <summary>Ready patterns ticked and words typed (one a line: a phrase, a name), all on one ground.</summary>
    public async Task<IActionResult> OnPostFindAsync(Guid id, string[]? patterns, string? words, string? ground, CancellationToken ct)
    {
        var searches = (patterns ?? []).Concat((words ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct().Select(p => new PatternInput(p, ground)).ToList();
        return await AfterAsync(id, await redactions.MarkAsync(staff.Actor, id, AttachmentId, new RedactionInput(searches, null), ct), "已按查找遮盖并重新生成公开版本", ct);
    }

    public async Task<IActionResult> OnPostBoxAsync(Guid id, int pageNumber, double x, double y, double width, double height, string? ground, CancellationToken ct) =>
        await AfterAsync(id, await redactions.MarkAsync(staff.Actor, id, AttachmentId, new RedactionInput(null, [new BoxInput(pageNumber, x, y, width, height, ground)]), ct),
            $"已遮盖第{pageNumber}页所框部分并重新生成公开版本", ct);

    public async Task<IActionResult> OnPostGroundAsync(Guid id, Guid markId, string? ground, CancellationToken ct) =>
        await AfterAsync(id, await redactions.ChangeAsync(staff.Actor, id, AttachmentId, markId, new MarkChangeInput(ground), ct), "已修改理由并重新生成公开版本", ct);

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid markId, CancellationToken ct) =>
        await AfterAsync(id, await redactions.RemoveAsync(staff.Actor, id, AttachmentId, markId, ct), "已取消该处遮盖", ct);

    private async Task<IActionResult> AfterAsync(Guid id, CaseResult<Gongkai.Data.Attachments.CaseAttachment> result, string done, CancellationToken ct)
    {
        if (result.Kind == ResultKind.NotFound && result.Message is "找不到该申请" or "找不到该附件")
        {
            return NotFound();
        }
        if (result.IsOk)
        {
            TempData["Flash"] = done;
            return Redirect($"/Cases/Redact/{id}?attachmentId={AttachmentId}");
        }
        Message = result.Message + (result.Errors is { Count: > 0 } e && result.Message != e.Values.First() ? "：" + string.Join("；", e.Values) : "");
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Response.StatusCode = result.Kind == ResultKind.Conflict ? 409 : result.Kind == ResultKind.Forbidden ? 403 : 400;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await queries.OpenAsync(staff.Actor, id, AttachmentId, ct);
        if (result.Kind == ResultKind.NotFound)
        {
            return false;
        }
        if (!result.IsOk)
        {
            Message ??= result.Message;
            return true;
        }
        View = result.Value;
        return true;
    }

    public static IReadOnlyList<WithholdingGround> Grounds => WithholdingGround.All;

    public static IReadOnlyList<RedactionPatterns.Ready> Patterns => RedactionPatterns.All;

    /// <summary>A length as a percentage of the page's, for placing a mark over the page image whatever size it is shown at.</summary>
    public static string Percent(double value, double of) => (value / of * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
