using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class AccountsModel(AccountService accounts, GongkaiDbContext db, CurrentStaff staff) : StaffFormPage
{
    public IReadOnlyList<AccountRow> Rows { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name)> Agencies { get; private set; } = [];

    /// <summary>Every review stage of the managed agencies' chains, by name.</summary>
    public IReadOnlyList<string> Stages { get; private set; } = [];

    /// <summary>The account opened for editing.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    public AccountRow? Editing => Rows.FirstOrDefault(r => r.Id == Edit);

    /// <summary>The signed-in administrator's own account, whose roles and stages only another administrator changes.</summary>
    public string OwnUserId => staff.Actor.UserId;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(int agencyId, string? userName, string? displayName, StaffRole[]? roles, string[]? stages, CancellationToken ct)
    {
        var created = await accounts.CreateAsync(staff.Actor, agencyId, userName, displayName, roles ?? [], stages ?? [], ct);
        return await Done(created.Message, $"已创建账号 {userName?.Trim()}，一次性密码：{created.Value}（只显示这一次，首次登录时须修改）", ct);
    }

    public async Task<IActionResult> OnPostResetAsync(string userId, CancellationToken ct)
    {
        var reset = await accounts.ResetPasswordAsync(staff.Actor, userId, ct);
        return await Done(reset.Message, $"已重置密码，一次性密码：{reset.Value}（只显示这一次，下次登录时须修改）", ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(string userId, bool disabled, CancellationToken ct) =>
        await Done((await accounts.SetDisabledAsync(staff.Actor, userId, disabled, ct)).Message, disabled ? "账号已停用" : "账号已启用", ct);

    public async Task<IActionResult> OnPostEditAsync(string userId, string? displayName, StaffRole[]? roles, string[]? stages, CancellationToken ct)
    {
        Edit = userId;
        var result = await accounts.EditAsync(staff.Actor, userId, displayName, roles ?? [], stages ?? [], ct);
        if (result.IsOk)
        {
            Edit = null;
        }
        return await Done(result.Message, "账号已修改", ct);
    }

    private Task<IActionResult> Done(string? error, string success, CancellationToken ct) => OutcomeAsync(error, success, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await accounts.ListAsync(staff.Actor, ct);
        var ids = await AgencyTree.SubtreeAsync(db, staff.Actor.AgencyId, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        Agencies = ids.Select(id => agencies.Single(a => a.Id == id)).Select(a => (a.Id, a.Name)).ToList();
        Stages = agencies.SelectMany(a => a.ReviewChain).Where(s => s.Role == StaffRole.Reviewer).Select(s => s.Name).Distinct().ToList();
    }
}
