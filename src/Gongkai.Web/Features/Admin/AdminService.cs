using System.Security.Cryptography;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>An administrator's changes to their own agency: its review chain and its staff accounts. Each is audited.</summary>
public sealed class AdminService(GongkaiDbContext db, UserManager<StaffUser> users, TimeProvider clock)
{
    /// <summary>
    /// Parses one stage a line, "名称" (审核人) or "名称|审批领导", and saves the chain. Returns a Chinese error naming the line, or null.
    /// </summary>
    public async Task<string?> SaveReviewChainAsync(Actor actor, string text, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以修改审核环节";
        }
        var stages = new List<ReviewStage>();
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split('|', 2, StringSplitOptions.TrimEntries);
            var role = parts.Length == 1 || parts[1] == "审核人" ? StaffRole.Reviewer
                : parts[1] == "审批领导" ? StaffRole.Approver
                : (StaffRole?)null;
            if (role is null)
            {
                return $"第{i + 1}行“{line}”：审核角色应为“审核人”或“审批领导”";
            }
            if (parts[0].Length is 0 or > 50)
            {
                return $"第{i + 1}行：环节名称应为1至50个字";
            }
            if (stages.Any(s => s.Name == parts[0]))
            {
                return $"第{i + 1}行：环节“{parts[0]}”重复";
            }
            stages.Add(new ReviewStage(parts[0], role.Value));
        }
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var agency = await db.Agencies.SingleAsync(a => a.Id == actor.AgencyId, ct);
        var before = string.Join(" → ", agency.ReviewChain.Select(s => s.Name));
        agency.ConfigureReviewChain(stages);
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId, EntityType = "agency",
            EntityId = actor.AgencyId.ToString(System.Globalization.CultureInfo.InvariantCulture), Action = "ConfigureReviewChain",
            Summary = $"审核环节改为：{(stages.Count == 0 ? "无" : string.Join(" → ", stages.Select(s => s.Name)))}",
            Before = before, After = string.Join(" → ", stages.Select(s => s.Name)),
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Creates a staff account in the administrator's agency; returns its one-time password, or a Chinese error.</summary>
    public async Task<(string? Password, string? Error)> CreateStaffAsync(Actor actor, string? userName, string? displayName,
        IReadOnlyCollection<StaffRole> roles, IReadOnlyCollection<string> stages, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return (null, "只有管理员可以创建账号");
        }
        if (string.IsNullOrWhiteSpace(userName) || !userName.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return (null, "用户名只能包含英文字母、数字、“.”、“_”和“-”");
        }
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return (null, "请填写姓名");
        }
        if (roles.Count == 0)
        {
            return (null, "请至少选择一个角色");
        }
        if (roles.Contains(StaffRole.Reviewer) && stages.Count == 0)
        {
            return (null, "审核人需要指定其负责的审核环节");
        }
        // Identity requires a digit and both cases; the random part supplies the strength.
        var password = "Gk" + RandomNumberGenerator.GetInt32(10) + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', 'x').Replace('/', 'y');
        var user = new StaffUser { UserName = userName.Trim(), DisplayName = displayName.Trim(), AgencyId = actor.AgencyId, ReviewStages = string.Join("|", stages) };
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, string.Join("；", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRolesAsync(user, roles.Select(StaffUser.RoleName));
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId, EntityType = "user", EntityId = user.Id,
            Action = "CreateUser", Summary = $"创建账号 {user.UserName}（{string.Join("、", roles.Select(r => r.Label()))}）", After = user.UserName,
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (password, null);
    }
}
