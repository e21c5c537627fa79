using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Account;

/// <summary>修改密码: any signed-in account; the only page an account with a one-time password may open.</summary>
public sealed class PasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, GongkaiDbContext db, TimeProvider clock) : PageModel
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
        if (string.IsNullOrEmpty(Current) || string.IsNullOrEmpty(New))
        {
            return Refused("请填写当前密码和新密码");
        }
        if (New != Again)
        {
            return Refused("两次输入的新密码不一致");
        }
        if (New == Current)
        {
            return Refused("新密码不能与当前密码相同");
        }
        var changed = await users.ChangePasswordAsync(user, Current, New);
        if (!changed.Succeeded)
        {
            return Refused(string.Join("；", changed.Errors.Select(e => e.Code == "PasswordMismatch" ? "当前密码不正确" : e.Description)));
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        db.ChangeTracker.Clear();
        await AuditChain.WriteAsync(db, () => Task.FromResult(new AuditEntry
        {
            UserId = user.Id, UserName = user.DisplayName, AgencyId = user.AgencyId, EntityType = "user", EntityId = user.Id,
            Action = "ChangePassword", Summary = $"{user.UserName} 修改了自己的密码{(MustChange ? "（替换一次性密码）" : "")}",
        }), clock, ct);
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
