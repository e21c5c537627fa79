using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Setup;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Cases;
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
/// the audit trail always names who did what. Every change is audited. The page and the API (<see cref="AccountEndpoints"/>)
/// both come here, so both refuse alike (<see cref="CaseResult{T}"/>): among others, no administrator changes their own
/// roles, review stages, password (that is 修改密码, with the current one) or state — granting oneself a role needs a
/// second administrator (separation of duties), and nobody can lock themselves out of administration by a slip.
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
    public async Task<CaseResult<string>> CreateAsync(Actor actor, int agencyId, string? userName, string? displayName,
        IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages, CancellationToken ct = default)
    {
        if (await RefusalAsync(actor, agencyId, ct) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(userName) || !AgencyRules.IsUserName(userName.Trim()))
        {
            return Invalid("UserName", "用户名只能包含英文字母、数字、“.”、“_”和“-”");
        }
        if (CheckProfile(displayName, roles, stages) is { } bad)
        {
            return Relay<string, AccountRow>(bad);
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
            // A taken user name is the usual one; Identity says it in Chinese (ChineseIdentityErrors).
            return Invalid("UserName", string.Join("；", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRolesAsync(user, roles.Select(StaffUser.RoleName));
        await AuditChain.AppendAsync(db, AuditEntry.By(actor, "user", user.Id, "CreateUser",
            $"创建账号 {user.UserName}（{user.DisplayName}，{RoleLabels(roles)}）", after: Describe(user, roles)), clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<string>.Ok(password);
    }

    /// <summary>A new one-time password (shown once), to be changed at the next sign-in; also lifts a lock-out.</summary>
    public async Task<CaseResult<string>> ResetPasswordAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        var password = PasswordPolicy.OneTime();
        var changed = await ChangeAsync(actor, userId, "ResetPassword", u => $"重置 {u.UserName} 的密码（一次性密码，须在下次登录时修改）", async u =>
        {
            if (u.Id == actor.UserId)
            {
                return Own("不能重置自己的密码：请在“修改密码”中用当前密码修改（或请另一位管理员重置）");
            }
            u.MustChangePassword = true;
            u.PasswordHash = users.PasswordHasher.HashPassword(u, password);
            u.LockoutEnd = null;
            u.AccessFailedCount = 0;
            return null;
        }, ct);
        return changed.IsOk ? CaseResult<string>.Ok(password) : Relay<string, AccountRow>(changed);
    }

    public Task<CaseResult<AccountRow>> SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, disabled ? "DisableUser" : "EnableUser", u => disabled ? $"停用账号 {u.UserName}" : $"启用账号 {u.UserName}", u =>
        {
            if (u.Id == actor.UserId)
            {
                return Task.FromResult<CaseResult<AccountRow>?>(Own(disabled ? "不能停用自己的账号" : "不能启用自己的账号（请由另一位管理员操作）"));
            }
            u.Disabled = disabled;
            if (!disabled)
            {
                u.LockoutEnd = null;
                u.AccessFailedCount = 0;
            }
            return Task.FromResult<CaseResult<AccountRow>?>(null);
        }, ct);

    /// <summary>Name, roles and review stages. One's own name may be changed, one's own roles and stages not.</summary>
    public async Task<CaseResult<AccountRow>> EditAsync(Actor actor, string userId, string? displayName, IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages, CancellationToken ct = default)
    {
        if (CheckProfile(displayName, roles, stages) is { } bad)
        {
            return bad;
        }
        return await ChangeAsync(actor, userId, "EditUser", u => $"修改账号 {u.UserName}：{displayName!.Trim()}，{RoleLabels(roles)}", async u =>
        {
            if (u.Id == actor.UserId)
            {
                // Separation of duties: an administrator who could grant themselves 审批领导 or 审核人 could approve
                // their own cases' answers; and removing one's own 管理员 role may leave nobody to undo it.
                var ownRoles = await RolesOf(u);
                if (!ownRoles.ToHashSet().SetEquals(roles) || !u.ReviewStageSet.SetEquals(stages))
                {
                    return Own("不能修改自己的角色或审核环节（请由另一位管理员操作）");
                }
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

    /// <summary>One account of the administrator's agencies, as the list shows it; null when not theirs or not there.</summary>
    public async Task<AccountRow?> FindAsync(Actor actor, string userId, CancellationToken ct = default) =>
        (await ListAsync(actor, ct)).FirstOrDefault(r => r.Id == userId);

    /// <summary>
    /// One audited change to an account: found within the administrator's agencies, changed, its security stamp
    /// renewed (so cookies and sessions of the old state stop working), saved with the audit entry or not at all.
    /// </summary>
    private async Task<CaseResult<AccountRow>> ChangeAsync(Actor actor, string userId, string action, Func<StaffUser, string> summary,
        Func<StaffUser, Task<CaseResult<AccountRow>?>> change, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: "只有管理员可以管理账号");
        }
        await using (var tx = await AuditChain.BeginWriteAsync(db, ct))
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null || !(await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).Contains(user.AgencyId))
            {
                return new(ResultKind.NotFound, Message: "找不到该账号（只能管理本机关及下级机关的账号）");
            }
            var before = Describe(user, await RolesOf(user));
            if (await change(user) is { } refused)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return refused;
            }
            user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
            await AuditChain.AppendAsync(db, AuditEntry.By(actor, "user", user.Id, action, summary(user), before, Describe(user, await RolesOf(user))), clock, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        return await FindAsync(actor, userId, ct) is { } row ? CaseResult<AccountRow>.Ok(row) : new(ResultKind.NotFound, Message: "找不到该账号");
    }

    /// <summary>The refusal of a change to one's own account: the actor may not (403), whatever the account's state.</summary>
    private static CaseResult<AccountRow> Own(string message) => new(ResultKind.Forbidden, Message: message);

    private static CaseResult<string> Invalid(string field, string message) =>
        new(ResultKind.Invalid, Message: message, Errors: new Dictionary<string, string> { [field] = message });

    /// <summary>A refusal passed on as the refusal of an operation with another value.</summary>
    private static CaseResult<T> Relay<T, TFrom>(CaseResult<TFrom> refusal) => new(refusal.Kind, Message: refusal.Message, Errors: refusal.Errors);

    private async Task<IReadOnlyCollection<StaffRole>> RolesOf(StaffUser user) =>
        (await users.GetRolesAsync(user)).Select(r => Enum.TryParse<StaffRole>(r, out var x) ? x : (StaffRole?)null).OfType<StaffRole>().ToList();

    private async Task<CaseResult<string>?> RefusalAsync(Actor actor, int agencyId, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: "只有管理员可以创建账号");
        }
        return (await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).Contains(agencyId)
            ? null
            : new(ResultKind.Forbidden, Message: "只能在本机关或下级机关创建账号", Errors: new Dictionary<string, string> { ["AgencyId"] = "只能在本机关或下级机关创建账号" });
    }

    private static CaseResult<AccountRow>? CheckProfile(string? displayName, IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages)
    {
        static CaseResult<AccountRow> Bad(string field, string message) => new(ResultKind.Invalid, Message: message, Errors: new Dictionary<string, string> { [field] = message });
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 50)
        {
            return Bad("DisplayName", "请填写姓名（不超过50个字）");
        }
        if (roles.Count == 0)
        {
            return Bad("Roles", "请至少选择一个角色");
        }
        if (roles.Contains(StaffRole.Reviewer) && stages.Count == 0)
        {
            return Bad("Stages", "审核人需要指定其负责的审核环节");
        }
        return null;
    }

    private static string RoleLabels(IEnumerable<StaffRole> roles) => string.Join("、", roles.Order().Select(r => r.Label()));

    private static string Describe(StaffUser u, IEnumerable<StaffRole> roles) => System.Text.Json.JsonSerializer.Serialize(new
    {
        u.UserName, u.DisplayName, u.AgencyId, Roles = roles.Order().Select(r => r.ToString()), Stages = u.ReviewStageSet.Order(), u.Disabled, u.MustChangePassword,
    }, AuditJson.Options);
}
