using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Setup;
using Gongkai.Data.Staff;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>A staff account as the administrator's list shows it.</summary>
public sealed record AccountRow(string Id, string UserName, string DisplayName, int AgencyId, string AgencyName, IReadOnlyList<StaffRole> Roles,
    IReadOnlyList<string> Stages, bool Disabled, bool LockedOut, bool MustChangePassword);

/// <summary>
/// 账号管理: an administrator's accounts in their agency and the agencies below it — create (one-time password),
/// reset the password, disable and enable, edit name, roles and review stages. Accounts are never deleted, so
/// the audit trail always names who did what. Every change is audited.
/// </summary>
public sealed class AccountService(GongkaiDbContext db, UserManager<StaffUser> users, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return [];
        }
        var agencies = await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct);
        var names = await db.Agencies.AsNoTracking().Where(a => agencies.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var accounts = await db.Users.AsNoTracking().Where(u => agencies.Contains(u.AgencyId)).ToListAsync(ct);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name ?? "", ct);
        var ids = accounts.Select(a => a.Id).ToArray();
        var userRoles = (await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(ct)).ToLookup(r => r.UserId);
        var now = clock.GetUtcNow();
        return accounts
            .OrderBy(a => agencies.ToList().IndexOf(a.AgencyId)).ThenBy(a => a.UserName, StringComparer.Ordinal)
            .Select(a => new AccountRow(a.Id, a.UserName ?? "", a.DisplayName, a.AgencyId, names[a.AgencyId],
                userRoles[a.Id].Select(r => Enum.TryParse<StaffRole>(roleNames.GetValueOrDefault(r.RoleId), out var x) ? x : (StaffRole?)null).OfType<StaffRole>().Order().ToList(),
                a.ReviewStageSet.Order().ToList(), a.Disabled, a.LockoutEnd > now, a.MustChangePassword))
            .ToList();
    }

    /// <summary>Creates an account in the administrator's agency or one below it; the value is its one-time password.</summary>
    public async Task<Outcome<string>> CreateAsync(Actor actor, int agencyId, string? userName, string? displayName,
        IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages, CancellationToken ct = default)
    {
        if (await RefusalAsync(actor, agencyId, ct) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(userName) || !AgencyRules.IsUserName(userName.Trim()))
        {
            return "用户名只能包含英文字母、数字、“.”、“_”和“-”";
        }
        if (CheckProfile(displayName, roles, stages) is { } bad)
        {
            return bad;
        }
        var password = PasswordPolicy.OneTime();
        var user = new StaffUser
        {
            UserName = userName.Trim(), DisplayName = displayName!.Trim(), AgencyId = agencyId,
            ReviewStages = string.Join("|", stages), MustChangePassword = true,
        };
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return string.Join("；", created.Errors.Select(e => e.Description));
        }
        await users.AddToRolesAsync(user, roles.Select(StaffUser.RoleName));
        await AuditChain.AppendAsync(db, AuditEntry.By(actor, "user", user.Id, "CreateUser",
            $"创建账号 {user.UserName}（{user.DisplayName}，{RoleLabels(roles)}）", after: Describe(user, roles)), clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<string>.Ok(password);
    }

    /// <summary>A new one-time password (shown once), to be changed at the next sign-in; also lifts a lock-out.</summary>
    public async Task<Outcome<string>> ResetPasswordAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        var password = PasswordPolicy.OneTime();
        var error = await ChangeAsync(actor, userId, "ResetPassword", u => $"重置 {u.UserName} 的密码（一次性密码，须在下次登录时修改）", async u =>
        {
            u.MustChangePassword = true;
            u.PasswordHash = users.PasswordHasher.HashPassword(u, password);
            u.LockoutEnd = null;
            u.AccessFailedCount = 0;
            return null;
        }, ct);
        return error is null ? Outcome<string>.Ok(password) : error;
    }

    public Task<string?> SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, disabled ? "DisableUser" : "EnableUser", u => disabled ? $"停用账号 {u.UserName}" : $"启用账号 {u.UserName}", u =>
        {
            if (disabled && u.Id == actor.UserId)
            {
                return Task.FromResult<string?>("不能停用自己的账号");
            }
            u.Disabled = disabled;
            if (!disabled)
            {
                u.LockoutEnd = null;
                u.AccessFailedCount = 0;
            }
            return Task.FromResult<string?>(null);
        }, ct);

    /// <summary>Name, roles and review stages.</summary>
    public async Task<string?> EditAsync(Actor actor, string userId, string? displayName, IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages, CancellationToken ct = default)
    {
        if (CheckProfile(displayName, roles, stages) is { } bad)
        {
            return bad;
        }
        return await ChangeAsync(actor, userId, "EditUser", u => $"修改账号 {u.UserName}：{displayName!.Trim()}，{RoleLabels(roles)}", async u =>
        {
            if (u.Id == actor.UserId && !roles.Contains(StaffRole.Administrator))
            {
                return "不能取消自己的管理员角色（请由另一位管理员操作）";
            }
            u.DisplayName = displayName!.Trim();
            u.ReviewStages = string.Join("|", stages);
            var current = (await users.GetRolesAsync(u)).ToHashSet();
            var wanted = roles.Select(StaffUser.RoleName).ToHashSet();
            await users.RemoveFromRolesAsync(u, current.Except(wanted));
            await users.AddToRolesAsync(u, wanted.Except(current));
            return null;
        }, ct);
    }

    /// <summary>
    /// One audited change to an account: found within the administrator's agencies, changed, its security stamp
    /// renewed (so cookies and sessions of the old state stop working), saved with the audit entry or not at all.
    /// </summary>
    private async Task<string?> ChangeAsync(Actor actor, string userId, string action, Func<StaffUser, string> summary, Func<StaffUser, Task<string?>> change, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以管理账号";
        }
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || !(await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).Contains(user.AgencyId))
        {
            return "找不到该账号（只能管理本机关及下级机关的账号）";
        }
        var before = Describe(user, await RolesOf(user));
        if (await change(user) is { } refused)
        {
            return refused;
        }
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        await AuditChain.AppendAsync(db, AuditEntry.By(actor, "user", user.Id, action, summary(user), before, Describe(user, await RolesOf(user))), clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private async Task<IReadOnlyCollection<StaffRole>> RolesOf(StaffUser user) =>
        (await users.GetRolesAsync(user)).Select(r => Enum.TryParse<StaffRole>(r, out var x) ? x : (StaffRole?)null).OfType<StaffRole>().ToList();

    private async Task<string?> RefusalAsync(Actor actor, int agencyId, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以创建账号";
        }
        return (await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).Contains(agencyId) ? null : "只能在本机关或下级机关创建账号";
    }

    private static string? CheckProfile(string? displayName, IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 50)
        {
            return "请填写姓名（不超过50个字）";
        }
        if (roles.Count == 0)
        {
            return "请至少选择一个角色";
        }
        if (roles.Contains(StaffRole.Reviewer) && stages.Count == 0)
        {
            return "审核人需要指定其负责的审核环节";
        }
        return null;
    }

    private static string RoleLabels(IEnumerable<StaffRole> roles) => string.Join("、", roles.Order().Select(r => r.Label()));

    private static string Describe(StaffUser u, IEnumerable<StaffRole> roles) => System.Text.Json.JsonSerializer.Serialize(new
    {
        u.UserName, u.DisplayName, u.AgencyId, Roles = roles.Order().Select(r => r.ToString()), Stages = u.ReviewStageSet.Order(), u.Disabled, u.MustChangePassword,
    }, AuditJson.Options);
}
