using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Account;

/// <summary>修改密码: any signed-in account; the only page an account with a one-time password may open.</summary>
/// <remarks>The rules and the audit entry are <see cref="PasswordChange"/>'s, shared with <c>POST /api/account/password</c>.</remarks>
public sealed class PasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, PasswordChange passwords) : PageModel
{
    [BindProperty]
    public string? Current { get; set; }

    [BindProperty]
    public string? New { get; set; }

    [BindProperty]
    public string? Again { get; set; }

    public bool MustChange { get; private set; }

    public string? Error { get; private set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        var changed = await passwords.ChangeAsync(user.Id, Current, New, Again ?? "", ct);
        if (!changed.IsOk)
        {
            return Refused(changed.Message!);
        }
        user = changed.Value!;
        await signIn.RefreshSignInAsync(user);
        Done = true;
        MustChange = false;
        return Page();
    }

    private PageResult Refused(string message)
    {
        Error = message;
        Response.StatusCode = 400;
        return Page();
    }
}
