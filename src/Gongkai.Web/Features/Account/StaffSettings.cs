using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Account;

/// <summary>One's own settings: the e-mail address staff messages go to, and whether the daily reminder digest is mailed there.</summary>
public sealed record StaffSettingsView(string? Email, bool WantsDigest);

/// <summary>
/// 我的设置, for the page and the API alike (<c>GET/PUT /api/account/settings</c>): every staff member sets their own
/// e-mail address and whether they want the daily digest by e-mail (the 工作台 shows it either way). A change is
/// saved with its audit entry or not at all; the security stamp is left alone — nothing here concerns signing in,
/// so no session or API token ends because of it.
/// </summary>
public sealed class StaffSettings(GongkaiDbContext db, TimeProvider clock)
{
    public async Task<CaseResult<StaffSettingsView>> GetAsync(string userId, CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.Disabled).Select(u => new StaffSettingsView(u.Email, u.WantsDigest)).SingleOrDefaultAsync(ct) is { } view
            ? CaseResult<StaffSettingsView>.Ok(view)
            : NotFound;

    /// <param name="email">Empty or blank removes the address (no e-mail is sent then).</param>
    /// <param name="wantsDigest">Required: the API's PUT replaces both settings, so a forgotten field is not read as “no”.</param>
    public async Task<CaseResult<StaffSettingsView>> SaveAsync(string userId, string? email, bool? wantsDigest, CancellationToken ct = default)
    {
        var address = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var errors = new Dictionary<string, string>();
        if (address is not null && !Outbox.IsEmail(address))
        {
            errors["Email"] = address.Length > 200 ? "电子邮箱不能超过200个字符" : "电子邮箱格式不正确，应如 zhangsan@example.gov.cn";
        }
        if (wantsDigest is null)
        {
            errors["WantsDigest"] = "请选择是否通过电子邮件接收每日提醒（wantsDigest：true 或 false）";
        }
        if (errors.Count > 0)
        {
            return new(ResultKind.Invalid, Message: string.Join("；", errors.Values), Errors: errors);
        }
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && !u.Disabled, ct);
        if (user is null)
        {
            return NotFound;
        }
        var before = Describe(user.Email, user.WantsDigest);
        var after = Describe(address, wantsDigest!.Value);
        if (before != after)
        {
            user.Email = address;
            user.NormalizedEmail = address?.ToUpperInvariant();
            user.WantsDigest = wantsDigest.Value;
            await AuditChain.AppendAsync(db, new AuditEntry
            {
                UserId = user.Id, UserName = user.DisplayName, AgencyId = user.AgencyId, EntityType = "user", EntityId = user.Id,
                Action = "ChangeSettings", Summary = $"{user.UserName} 修改了自己的设置：{after}", Before = before, After = after,
            }, clock, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        return CaseResult<StaffSettingsView>.Ok(new StaffSettingsView(address, wantsDigest.Value));
    }

    private static string Describe(string? email, bool wantsDigest) =>
        $"电子邮箱：{email ?? "未填写"}；每日提醒邮件：{(wantsDigest ? "接收" : "不接收")}";

    private static CaseResult<StaffSettingsView> NotFound => new(ResultKind.NotFound, Message: "找不到该账号");
}
