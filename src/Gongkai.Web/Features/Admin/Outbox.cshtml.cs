using Gongkai.Cases.Cases;
using Gongkai.Web.Features.Messages;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Admin;

/// <summary>消息发送 (/Admin/Outbox): the agency's e-mails and texts, newest first, with why one failed or was not sent; resend.</summary>
[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class OutboxModel(OutboxAdmin outbox, CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public IReadOnlyList<OutboxRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Channels => outbox.ChannelStatus();

    public int FailedCount { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await outbox.ListAsync(staff.Actor, State, null, ct);
        if (!result.IsOk)
        {
            Message = result.Message;
            Response.StatusCode = 400;
            State = null;
            return Page();
        }
        Rows = result.Value!;
        FailedCount = await outbox.FailedCountAsync(staff.Actor.AgencyId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(Guid messageId, CancellationToken ct)
    {
        var result = await outbox.ResendAsync(staff.Actor, messageId, ct);
        if (result.IsOk)
        {
            TempData["Flash"] = $"已重新排入发送队列：{result.Value!.Subject}";
            return Redirect("/Admin/Outbox" + (State is { Length: > 0 } s ? $"?state={Uri.EscapeDataString(s)}" : ""));
        }
        Message = result.Message;
        Response.StatusCode = result.Kind == Cases.ResultKind.NotFound ? 404 : 400;
        Rows = (await outbox.ListAsync(staff.Actor, null, null, ct)).Value ?? [];
        return Page();
    }
}
