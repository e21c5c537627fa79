using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.Identity;

namespace Gongkai.Web.Features.Account;

/// <summary>
/// 修改密码 for one's own account, for the page and the API alike: the current password, a new one that obeys
/// <see cref="PasswordPolicy"/> (through Identity's validator) and differs from it; the one-time-password mark is
/// cleared, the security stamp renewed (so older sessions and API tokens stop working) and the change audited.
/// </summary>
public sealed class PasswordChange(UserManager<StaffUser> users, GongkaiDbContext db, TimeProvider clock)
{
    /// <param name="again">The new password typed a second time (the page's form); null where there is no second field (the API).</param>
    public async Task<CaseResult<StaffUser>> ChangeAsync(string userId, string? current, string? replacement, string? again = null, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.Disabled)
        {
            return new(ResultKind.NotFound, Message: "找不到该账号");
        }
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(replacement))
        {
            var errors = new Dictionary<string, string>();
            if (string.IsNullOrEmpty(current))
            {
                errors["Current"] = "请填写当前密码";
            }
            if (string.IsNullOrEmpty(replacement))
            {
                errors["New"] = "请填写新密码";
            }
            return Invalid("请填写当前密码和新密码", errors);
        }
        if (again is not null && replacement != again)
        {
            return Invalid("两次输入的新密码不一致", new() { ["Again"] = "两次输入的新密码不一致" });
        }
        if (replacement == current)
        {
            return Invalid("新密码不能与当前密码相同", new() { ["New"] = "新密码不能与当前密码相同" });
        }
        var wasOneTime = user.MustChangePassword;
        var changed = await users.ChangePasswordAsync(user, current, replacement);
        if (!changed.Succeeded)
        {
            var wrongCurrent = changed.Errors.Any(e => e.Code == "PasswordMismatch");
            var message = string.Join("；", changed.Errors.Select(e => e.Code == "PasswordMismatch" ? "当前密码不正确" : e.Description));
            return Invalid(message, new() { [wrongCurrent ? "Current" : "New"] = message });
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        db.ChangeTracker.Clear();
        await AuditChain.WriteAsync(db, () => Task.FromResult(new AuditEntry
        {
            UserId = user.Id, UserName = user.DisplayName, AgencyId = user.AgencyId, EntityType = "user", EntityId = user.Id,
            Action = "ChangePassword", Summary = $"{user.UserName} 修改了自己的密码{(wasOneTime ? "（替换一次性密码）" : "")}",
        }), clock, ct);
        return CaseResult<StaffUser>.Ok(user);
    }

    private static CaseResult<StaffUser> Invalid(string message, Dictionary<string, string> errors) => new(ResultKind.Invalid, Message: message, Errors: errors);
}
