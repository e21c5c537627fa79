using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Documents;
using Gongkai.Data.Portal;
using Gongkai.Documents.Letters;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>An administrator's changes to their own agency: review chain, letter templates and public pages. Each is audited. Accounts: <see cref="AccountService"/>; agencies: <see cref="AgencyService"/>.</summary>
public sealed class AdminService(GongkaiDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Parses one stage a line, "名称" (审核人) or "名称|审批领导", and saves the chain. Returns a Chinese error naming the line, or null.
    /// </summary>
    /// <param name="strictSeparation">
    /// The agency's stricter separation of duties (<see cref="Agency.StrictSeparation"/>); the base rule — whoever submitted
    /// an answer never approves it — holds whatever is chosen here.
    /// </param>
    public async Task<string?> SaveReviewChainAsync(Actor actor, string text, CancellationToken ct = default, bool strictSeparation = false)
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
        await AuditChain.WriteAsync(db, async () =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Id == actor.AgencyId, ct);
            var before = string.Join(" → ", agency.ReviewChain.Select(s => s.Name)) + (agency.StrictSeparation ? "（承办人、登记人不得审核）" : "");
            agency.ConfigureReviewChain(stages);
            agency.ConfigureSeparation(strictSeparation);
            var after = string.Join(" → ", stages.Select(s => s.Name)) + (strictSeparation ? "（承办人、登记人不得审核）" : "");
            return AuditEntry.By(actor, "agency", actor.AgencyId.ToString(System.Globalization.CultureInfo.InvariantCulture), "ConfigureReviewChain",
                $"审核环节改为：{(stages.Count == 0 ? "无" : after)}", before, after);
        }, clock, ct);
        return null;
    }

    /// <summary>
    /// The people's government the agency reports its annual report to (条例 第四十九条), or none. The department
    /// chooses, not the government: joining a government's combined report shares the department's figures with it.
    /// </summary>
    public async Task<string?> ReportToGovernmentAsync(Actor actor, int? governmentId, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以设置报送年度报告的人民政府";
        }
        var agency = await db.Agencies.SingleAsync(a => a.Id == actor.AgencyId, ct);
        if (agency.Kind == AgencyKind.Government)
        {
            return "人民政府本身不向其他人民政府报送部门年度报告";
        }
        string name = "无";
        if (governmentId is { } id)
        {
            var government = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.Kind == AgencyKind.Government, ct);
            if (government is null)
            {
                return "请选择一个人民政府";
            }
            name = government.Name;
        }
        await AuditChain.WriteAsync(db, () =>
        {
            agency.ReportTo(governmentId);
            return Task.FromResult(AuditEntry.By(actor, "agency", actor.AgencyId.ToString(System.Globalization.CultureInfo.InvariantCulture), "ReportToGovernment",
                $"年度报告报送的人民政府改为：{name}", after: name));
        }, clock, ct);
        return null;
    }

    public const int MaxTemplateChars = 20_000;

    /// <summary>
    /// Saves the agency's wording of a letter (first line the title, then one paragraph a line). A template
    /// naming an unknown field is refused with the field, its place and the known fields; nothing is saved.
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveTemplateAsync(Actor actor, LetterKind kind, string? text, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return ["只有管理员可以修改文书模板"];
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return ["模板不能为空：第一行为标题，其后每行一段"];
        }
        if (text.Length > MaxTemplateChars)
        {
            return [$"模板不能超过{MaxTemplateChars}个字，实为{text.Length}个字"];
        }
        var template = LetterTemplate.Parse(kind, text);
        if (template.Paragraphs.Count == 0)
        {
            return ["模板只有标题：第一行为标题，其后每行一段正文"];
        }
        var errors = template.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        var normalised = string.Join("\n", template.Paragraphs.Prepend(template.Title));
        await SaveAsync(actor, "letter-template", kind.ToString(), "EditTemplate", $"修改文书模板：{kind.Title()}", async () =>
        {
            var row = await db.LetterTemplates.SingleOrDefaultAsync(t => t.AgencyId == actor.AgencyId && t.Kind == kind.ToString(), ct);
            if (row is null)
            {
                row = new AgencyLetterTemplate { AgencyId = actor.AgencyId, Kind = kind.ToString() };
                db.LetterTemplates.Add(row);
            }
            var before = row.Text;
            row.Text = normalised;
            row.UpdatedAt = clock.GetUtcNow();
            row.UpdatedBy = actor.DisplayName;
            return (before, normalised);
        }, ct);
        return [];
    }

    /// <summary>Goes back to Gongkai's default wording of a letter.</summary>
    public async Task ResetTemplateAsync(Actor actor, LetterKind kind, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return;
        }
        await SaveAsync(actor, "letter-template", kind.ToString(), "ResetTemplate", $"文书模板恢复默认：{kind.Title()}", async () =>
        {
            var row = await db.LetterTemplates.SingleOrDefaultAsync(t => t.AgencyId == actor.AgencyId && t.Kind == kind.ToString(), ct);
            if (row is not null)
            {
                db.LetterTemplates.Remove(row);
            }
            return (row?.Text, null);
        }, ct);
    }

    public const int MaxPageChars = 50_000;

    /// <summary>Saves the agency's 政府信息公开指南 or 公开目录 (条例 第十二条); a Chinese error, or null.</summary>
    public async Task<string?> SavePageAsync(Actor actor, AgencyPageKind kind, string? text, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以修改公开指南和公开目录";
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"{AgencyPage.Title(kind)}不能为空";
        }
        if (text.Length > MaxPageChars)
        {
            return $"{AgencyPage.Title(kind)}不能超过{MaxPageChars}个字，实为{text.Length}个字";
        }
        var value = text.Replace("\r", "", StringComparison.Ordinal).Trim();
        await SaveAsync(actor, "agency-page", kind.ToString(), "EditPage", $"修改{AgencyPage.Title(kind)}", async () =>
        {
            var row = await db.AgencyPages.SingleOrDefaultAsync(p => p.AgencyId == actor.AgencyId && p.Kind == kind, ct);
            if (row is null)
            {
                row = new AgencyPage { AgencyId = actor.AgencyId, Kind = kind };
                db.AgencyPages.Add(row);
            }
            var before = row.Text;
            row.Text = value;
            row.UpdatedAt = clock.GetUtcNow();
            row.UpdatedBy = actor.DisplayName;
            return (before, value);
        }, ct);
        return null;
    }

    /// <summary>One audited change to the administrator's agency (entity id “agency/…”) inside the serialised write.</summary>
    private Task SaveAsync(Actor actor, string entityType, string entityId, string action, string summary,
        Func<Task<(string? Before, string? After)>> change, CancellationToken ct) =>
        AuditChain.WriteAsync(db, async () =>
        {
            var (before, after) = await change();
            return AuditEntry.By(actor, entityType, $"{actor.AgencyId}/{entityId}", action, summary, before, after);
        }, clock, ct);
}
