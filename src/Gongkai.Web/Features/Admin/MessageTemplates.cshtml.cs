using Gongkai.Cases.Cases;
using Gongkai.Web.Features.Messages;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Admin;

/// <summary>消息模板 (/Admin/MessageTemplates): the wording of one e-mail or text, its fields, save (checked) or back to the default.</summary>
[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class MessageTemplatesModel(MessageTemplateStore store, CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = nameof(MessageKind.Receipt);

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    public MessageTemplateView? Current { get; private set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Current = (await store.ListAsync(staff.Actor.AgencyId, ct)).FirstOrDefault(t => t.Key == Key);
        if (Current is null)
        {
            return NotFound();
        }
        (Subject, Body) = (Current.Subject, Current.Body);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await store.SaveAsync(staff.Actor, Key, Subject, Body, ct);
        Current = (await store.ListAsync(staff.Actor.AgencyId, ct)).FirstOrDefault(t => t.Key == Key);
        if (!result.IsOk)
        {
            // The rejected text stays in the form so nothing typed is lost.
            Errors = result.Errors ?? new Dictionary<string, string> { [""] = result.Message! };
            Response.StatusCode = result.Kind == Cases.ResultKind.NotFound ? 404 : 400;
            return Page();
        }
        Saved = $"已保存“{result.Value!.Label}”模板，之后发出的消息使用新模板";
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        var result = await store.ResetAsync(staff.Actor, Key, ct);
        if (!result.IsOk)
        {
            return NotFound();
        }
        Current = result.Value;
        (Subject, Body) = (Current!.Subject, Current.Body);
        Saved = $"“{Current.Label}”已恢复为默认模板";
        return Page();
    }
}
