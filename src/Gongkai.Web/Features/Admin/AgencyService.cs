using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Setup;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>An agency as typed in the form or a row of the Excel import.</summary>
/// <param name="CorrectionPeriodWorkingDays">The default 补正 period (条例 第三十条 合理的补正期限); null keeps the current one.</param>
public sealed record AgencyInput(string? Name, string? Kind, int? ParentId, string? TrackingPrefix, int? GovernmentId, DisclosureOffice Office,
    int? CorrectionPeriodWorkingDays = null);

/// <summary>
/// 机关管理: an administrator creates, renames, re-kinds and moves the agencies under their own (分局、大队、派出所、
/// a government's offices), sets tracking prefixes, the government each reports to and the disclosure office's
/// contact details (shown on its 公开指南, 条例 第十二条), one at a time or as a tree from Excel. Every change is audited.
/// </summary>
public sealed class AgencyService(GongkaiDbContext db, TimeProvider clock, AgencyDirectory directory)
{
    public static readonly IReadOnlyList<string> ImportColumns =
        ["机关名称", "上级机关", "机关类别", "受理编号前缀", "报送年度报告的人民政府", "办公地址", "办公时间", "联系电话", "传真", "电子邮箱", "邮政编码"];

    /// <summary>The administrator's agency and those below it, parents first.</summary>
    public async Task<IReadOnlyList<Agency>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var ids = await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        return ids.Select(id => agencies.Single(a => a.Id == id)).ToList();
    }

    public async Task<Outcome<int>> CreateAsync(Actor actor, AgencyInput input, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以管理机关";
        }
        int id = 0;
        var error = await WriteAsync(actor, async (all, managed) =>
        {
            if (Check(input, null, all, managed) is { } bad)
            {
                return bad;
            }
            var agency = New(input);
            db.Agencies.Add(agency);
            await db.SaveChangesAsync(ct);
            id = agency.Id;
            return Audit(actor, agency, "CreateAgency", $"创建机关“{agency.Name}”（{Agency.KindLabel(agency.Kind)}，上级：{NameOf(all, agency.ParentId)}）", null);
        }, ct);
        return error is null ? Outcome<int>.Ok(id) : error;
    }

    public async Task<string?> UpdateAsync(Actor actor, int agencyId, AgencyInput input, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以管理机关";
        }
        return await WriteAsync(actor, async (all, managed) =>
        {
            var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == agencyId, ct);
            if (agency is null || !managed.Contains(agencyId))
            {
                return "找不到该机关（只能管理本机关及下级机关）";
            }
            if (Check(input, agency, all, managed) is { } bad)
            {
                return bad;
            }
            if (input.CorrectionPeriodWorkingDays is < 1 or > Agency.MaxCorrectionPeriodWorkingDays)
            {
                return $"默认补正期限应为1至{Agency.MaxCorrectionPeriodWorkingDays}个工作日（条例第三十条：合理的补正期限）";
            }
            var before = Describe(agency);
            Apply(agency, input);
            return Audit(actor, agency, "EditAgency", $"修改机关“{agency.Name}”", before);
        }, ct);
    }

    /// <summary>
    /// Imports agencies from the first sheet of a workbook (<see cref="ImportColumns"/>): a row naming an agency
    /// the administrator manages updates it, any other creates one; 上级机关 names an agency already there or a row
    /// of the same file. Every bad cell is named by row and column, and then nothing is saved.
    /// </summary>
    public async Task<Outcome<(int Created, int Updated)>> ImportAsync(Actor actor, Stream workbook, string fileName, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return "只有管理员可以管理机关";
        }
        var (rows, unreadable) = ExcelWorkbook.Read(workbook, ImportColumns.Take(4).ToArray());
        if (unreadable is not null)
        {
            return $"“{fileName}”：{unreadable}";
        }
        (int, int) counts = default;
        var error = await WriteAsync(actor, async (all, managed) =>
        {
            var errors = new List<string>();
            var byName = all.Where(a => managed.Contains(a.Id)).ToDictionary(a => a.Name, StringComparer.Ordinal);
            var fileNames = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var name = row.Text("机关名称");
                if (name.Length > 0 && !fileNames.TryAdd(name, row.Line))
                {
                    errors.Add($"第{row.Line}行“机关名称”列：“{name}”与第{fileNames[name]}行重复");
                }
            }
            // Parents first: a row waits until the agency it names as 上级 exists (in the database or created from an earlier pass).
            var pending = rows.ToList();
            var created = 0;
            var updated = 0;
            var audit = new List<string>();
            while (pending.Count > 0)
            {
                var progressed = false;
                foreach (var row in pending.ToList())
                {
                    var parentName = row.Text("上级机关");
                    if (parentName.Length > 0 && !byName.ContainsKey(parentName))
                    {
                        if (!fileNames.ContainsKey(parentName))
                        {
                            errors.Add($"第{row.Line}行“上级机关”列：“{parentName}”既不是本机关或下级机关，也不在本文件中");
                            pending.Remove(row);
                        }
                        continue;
                    }
                    pending.Remove(row);
                    progressed = true;
                    var name = row.Text("机关名称");
                    int? governmentId = null;
                    var governmentName = row.Text("报送年度报告的人民政府");
                    if (governmentName.Length > 0)
                    {
                        governmentId = all.FirstOrDefault(a => a.Name == governmentName && a.Kind == AgencyKind.Government)?.Id;
                        if (governmentId is null)
                        {
                            errors.Add($"第{row.Line}行“报送年度报告的人民政府”列：“{governmentName}”不是系统中的人民政府");
                            continue;
                        }
                    }
                    var input = new AgencyInput(name, row.Text("机关类别"), parentName.Length > 0 ? byName[parentName].Id : actor.AgencyId,
                        row.Text("受理编号前缀"), governmentId, new DisclosureOffice(Cell(row, "办公地址"), Cell(row, "办公时间"), Cell(row, "联系电话"),
                            Cell(row, "传真"), Cell(row, "电子邮箱"), Cell(row, "邮政编码")));
                    var existing = byName.GetValueOrDefault(name);
                    if (existing is not null && existing.Id == actor.AgencyId)
                    {
                        input = input with { ParentId = existing.ParentId };
                    }
                    if (Check(input, existing, all, managed.Concat(byName.Values.Select(a => a.Id)).ToHashSet()) is { } bad)
                    {
                        errors.Add($"第{row.Line}行：{bad}");
                        continue;
                    }
                    if (existing is null)
                    {
                        var agency = New(input);
                        db.Agencies.Add(agency);
                        await db.SaveChangesAsync(ct);
                        byName[name] = agency;
                        all.Add(agency);
                        created++;
                        audit.Add($"新建“{name}”");
                    }
                    else
                    {
                        var tracked = await db.Agencies.SingleAsync(a => a.Id == existing.Id, ct);
                        Apply(tracked, input);
                        byName[name] = tracked;
                        updated++;
                        audit.Add($"更新“{name}”");
                    }
                }
                if (!progressed && pending.Count > 0)
                {
                    errors.Add($"第{string.Join("、", pending.Select(r => r.Line))}行：上级机关互相引用，无法确定层级");
                    break;
                }
            }
            if (errors.Count > 0)
            {
                return string.Join("\n", errors.Prepend($"“{fileName}”有{errors.Count}处错误，未导入任何机关："));
            }
            counts = (created, updated);
            return new Gongkai.Data.Audit.AuditEntry
            {
                UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId, EntityType = "agency", EntityId = $"{actor.AgencyId}/import",
                Action = "ImportAgencies", Summary = $"从“{fileName}”导入机关：新建{created}个，更新{updated}个",
                After = string.Join("；", audit),
            };
        }, ct);
        return error is null ? Outcome<(int, int)>.Ok(counts) : error;
    }

    /// <summary>A workbook with the import's headings and one example row, for administrators to fill in.</summary>
    public static byte[] ImportTemplate()
    {
        var row = new Dictionary<string, object?>
        {
            ["机关名称"] = "示例区公安分局", ["上级机关"] = "", ["机关类别"] = "分局", ["受理编号前缀"] = "SLFJ", ["报送年度报告的人民政府"] = "",
            ["办公地址"] = "示例路1号", ["办公时间"] = "工作日 9:00—17:00", ["联系电话"] = "0373-1234567", ["传真"] = "", ["电子邮箱"] = "", ["邮政编码"] = "453000",
        };
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new[] { row }, sheetName: "机关");
        return stream.ToArray();
    }

    private static string? Cell(WorkbookRow row, string column) => row.Text(column) is { Length: > 0 } t ? t : null;

    /// <summary>Checks an agency's fields, its place in the tree and the uniqueness of its name and prefix; a Chinese message or null.</summary>
    private static string? Check(AgencyInput input, Agency? existing, List<Agency> all, IReadOnlySet<int> managed)
    {
        var problems = AgencyRules.Check(input.Name, input.Kind, input.TrackingPrefix, input.Office).Select(p => p.Message).ToList();
        if (problems.Count > 0)
        {
            return string.Join("；", problems);
        }
        var name = input.Name!.Trim();
        var prefix = input.TrackingPrefix!.Trim().ToUpperInvariant();
        if (all.Any(a => a.Name == name && a.Id != existing?.Id))
        {
            return $"已有名为“{name}”的机关";
        }
        if (all.FirstOrDefault(a => string.Equals(a.TrackingPrefix, prefix, StringComparison.OrdinalIgnoreCase) && a.Id != existing?.Id) is { } clash)
        {
            return $"受理编号前缀“{prefix}”已被“{clash.Name}”使用";
        }
        if (existing is null || existing.ParentId != input.ParentId)
        {
            if (input.ParentId is not { } parent || !managed.Contains(parent))
            {
                return "上级机关应为本机关或下级机关";
            }
            if (existing is not null)
            {
                for (int? at = parent; at is { } current; at = all.FirstOrDefault(a => a.Id == current)?.ParentId)
                {
                    if (current == existing.Id)
                    {
                        return $"不能把“{existing.Name}”移到它自己或它的下级机关之下";
                    }
                }
            }
        }
        if (input.GovernmentId is { } government && (all.FirstOrDefault(a => a.Id == government) is not { Kind: AgencyKind.Government } || government == existing?.Id))
        {
            return "报送年度报告的机关应为另一个人民政府";
        }
        return null;
    }

    private static Agency New(AgencyInput input)
    {
        var agency = new Agency(input.Name!.Trim(), Agency.ParseKind(input.Kind)!.Value, input.ParentId, input.TrackingPrefix!.Trim().ToUpperInvariant(),
            [new ReviewStage("法制审核", StaffRole.Reviewer), new ReviewStage("领导审批", StaffRole.Approver)]);
        agency.ConfigureOffice(FirstAgencySetup.Clean(input.Office));
        if (agency.Kind != AgencyKind.Government)
        {
            agency.ReportTo(input.GovernmentId);
        }
        return agency;
    }

    private static void Apply(Agency agency, AgencyInput input)
    {
        agency.Reorganise(input.Name!.Trim(), Agency.ParseKind(input.Kind)!.Value, input.ParentId, input.TrackingPrefix!.Trim().ToUpperInvariant());
        agency.ConfigureOffice(FirstAgencySetup.Clean(input.Office));
        agency.ReportTo(agency.Kind == AgencyKind.Government ? null : input.GovernmentId);
        if (input.CorrectionPeriodWorkingDays is { } days)
        {
            agency.ConfigureCorrectionPeriod(days);
        }
    }

    /// <summary>Serialised, audited write over a fresh view of every agency; the change returns its audit entry or a refusal.</summary>
    /// <remarks>The change returns either a <see cref="string"/> (the refusal; the transaction is rolled back) or the <see cref="AuditEntry"/> to append.</remarks>
    private async Task<string?> WriteAsync(Actor actor, Func<List<Agency>, IReadOnlySet<int>, Task<object>> change, CancellationToken ct)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var all = await db.Agencies.AsNoTracking().ToListAsync(ct);
        var managed = (await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).ToHashSet();
        var result = await change(all, managed);
        if (result is string refusal)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return refusal;
        }
        await AuditChain.AppendAsync(db, (AuditEntry)result, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        directory.Forget();
        return null;
    }

    private static AuditEntry Audit(Actor actor, Agency agency, string action, string summary, string? before) =>
        AuditEntry.By(actor, "agency", agency.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), action, summary, before, Describe(agency));

    private static string NameOf(List<Agency> all, int? id) => all.FirstOrDefault(a => a.Id == id)?.Name ?? "无";

    private static string Describe(Agency a) => System.Text.Json.JsonSerializer.Serialize(new
    {
        a.Name, Kind = a.Kind.ToString(), a.ParentId, a.TrackingPrefix, a.GovernmentId, a.Office, a.CorrectionPeriodWorkingDays,
    }, AuditJson.Options);
}
