using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// A staff page whose forms post back to it and show the page again with one Chinese message: the refusal
/// (status 400, the form keeping what was typed, nothing lost) or what was done.
/// </summary>
public abstract class StaffFormPage : PageModel
{
    public string? Message { get; private set; }

    public bool Succeeded { get; private set; }

    /// <param name="error">The service's refusal, or null when the change was made.</param>
    /// <param name="reload">Loads what the page shows, after the change.</param>
    protected async Task<IActionResult> OutcomeAsync(string? error, string success, Func<Task> reload)
    {
        Succeeded = error is null;
        Message = error ?? success;
        if (!Succeeded)
        {
            Response.StatusCode = 400;
        }
        await reload();
        return Page();
    }
}
