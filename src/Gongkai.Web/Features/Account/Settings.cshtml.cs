using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Account;

/// <summary>我的设置: any signed-in staff member's own e-mail address and digest choice (<see cref="StaffSettings"/>).</summary>
public sealed class SettingsModel(StaffSettings settings, Infrastructure.CurrentStaff staff) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public bool WantsDigest { get; set; }

    public string? Error { get; private set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var current = await settings.GetAsync(staff.Actor.UserId, ct);
        if (!current.IsOk)
        {
            return NotFound();
        }
        (Email, WantsDigest) = (current.Value!.Email, current.Value.WantsDigest);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var saved = await settings.SaveAsync(staff.Actor.UserId, Email, WantsDigest, ct);
        if (saved.Kind == Cases.ResultKind.NotFound)
        {
            return NotFound();
        }
        if (!saved.IsOk)
        {
            // What was typed stays in the form, with the reason beside it.
            Error = saved.Message;
            Errors = saved.Errors ?? new Dictionary<string, string>();
            Response.StatusCode = 400;
            return Page();
        }
        (Email, WantsDigest, Saved) = (saved.Value!.Email, saved.Value.WantsDigest, true);
        return Page();
    }
}
