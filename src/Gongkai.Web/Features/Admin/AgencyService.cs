using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Setup;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>An agency as typed in the form, sent to the API or read from a row of the Excel import.</summary>
/// <param name="CorrectionPeriodWorkingDays">The default 补正 period (条例 第三十条 合理的补正期限); null keeps the current one.</param>
/// <param name="LetterCode">The 机关代字 of its letter numbers (新公信); blank: none, the letters use the tracking prefix.</param>
public sealed record AgencyInput(string? Name, string? Kind, int? ParentId, string? TrackingPrefix, int? GovernmentId, DisclosureOffice Office,
    int? CorrectionPeriodWorkingDays = null, string? LetterCode = null);

/// <summary>
/// 机关管理: an administrator creates, renames, re-kinds and moves the agencies under their own (分局、大队、派出所、
/// a government's offices), sets tracking prefixes, 机关代字, the government each reports to and the disclosure office's
/// contact details (shown on its 公开指南, 条例 第十二条), one at a time, as a tree from Excel or through the API; and
/// retires (停用/撤销) an agency that no longer takes applications, or reinstates it. Every change is audited; every
/// refusal is a <see cref="CaseResult{T}"/> with a Chinese message, so the page and the API refuse alike.
/// </summary>
public sealed class AgencyService(GongkaiDbContext db, TimeProvider clock, AgencyDirectory directory)
{
    /// <summary>The import's columns; the first four are required, 机关代字 (added later) may be absent.</summary>
    public static readonly IReadOnlyList<string> ImportColumns =
        ["机关名称", "上级机关", "机关类别", "受理编号前缀", "报送年度报告的人民政府", "办公地址", "办公时间", "联系电话", "传真", "电子邮箱", "邮政编码", "机关代字"];

    /// <summary>
    /// Agencies named in the import template's examples, this version's and the earlier one's, which put “示例区公安分局”
    /// on the sheet itself: a row naming one is the example left in, not an agency, and is refused.
    /// </summary>
    public static readonly IReadOnlySet<string> ExampleNames = new HashSet<string>(StringComparer.Ordinal) { "示例区公安分局", "示例街派出所" };

    /// <summary>The column of the import that holds each field of <see cref="AgencyInput"/> (field names as <see cref="AgencyRules"/> gives them).</summary>
    private static readonly IReadOnlyDictionary<string, string> ColumnOf = new Dictionary<string, string>
    {
        ["Name"] = "机关名称", ["Kind"] = "机关类别", ["TrackingPrefix"] = "受理编号前缀", ["ParentId"] = "上级机关", ["GovernmentId"] = "报送年度报告的人民政府",
        ["Address"] = "办公地址", ["Hours"] = "办公时间", ["Phone"] = "联系电话", ["Fax"] = "传真", ["Email"] = "电子邮箱", ["Postcode"] = "邮政编码",
        ["LetterCode"] = "机关代字",
    };

    private const string OnlyAdministrators = "只有管理员可以管理机关";

    /// <summary>The administrator's agency and those below it, in tree order (each agency followed by its sub-agencies).</summary>
    public async Task<IReadOnlyList<Agency>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var ids = await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return ids.Where(agencies.ContainsKey).Select(id => agencies[id]).ToList();
    }

    public async Task<CaseResult<Agency>> CreateAsync(Actor actor, AgencyInput input, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: OnlyAdministrators);
        }
        Agency? created = null;
        var refused = await WriteAsync(actor, async (all, managed) =>
        {
            if (Check(input, null, all, managed) is { } bad)
            {
                return bad;
            }
            created = New(input);
            db.Agencies.Add(created);
            await db.SaveChangesAsync(ct);
            return Audit(actor, created, "CreateAgency", $"创建机关“{created.Name}”（{Agency.KindLabel(created.Kind)}，上级：{NameOf(all, created.ParentId)}）", null);
        }, ct);
        return refused is null ? CaseResult<Agency>.Ok(created!) : refused.As<Agency>();
    }

    public async Task<CaseResult<Agency>> UpdateAsync(Actor actor, int agencyId, AgencyInput input, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: OnlyAdministrators);
        }
        Agency? changed = null;
        var refused = await WriteAsync(actor, async (all, managed) =>
        {
            var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == agencyId, ct);
            if (agency is null || !managed.Contains(agencyId))
            {
                return new Refusal(ResultKind.NotFound, "找不到该机关（只能管理本机关及下级机关）");
            }
            if (Check(input, agency, all, managed) is { } bad)
            {
                return bad;
            }
            var before = Describe(agency);
            Apply(agency, input);
            changed = agency;
            return Audit(actor, agency, "EditAgency", $"修改机关“{agency.Name}”", before);
        }, ct);
        return refused is null ? CaseResult<Agency>.Ok(changed!) : refused.As<Agency>();
    }

    /// <summary>
    /// Retires (停用/撤销) an agency or reinstates it. A retired agency is hidden from the portal and takes no new
    /// applications; its cases, letters and reports stay as they are and readable. An administrator cannot retire their
    /// own agency (that is for the level above), nor one whose sub-agencies still work (retire or move them first: a
    /// working agency under a retired one would be unreachable in the portal's tree of responsibility).
    /// </summary>
    public async Task<CaseResult<Agency>> SetRetiredAsync(Actor actor, int agencyId, bool retired, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: OnlyAdministrators);
        }
        Agency? changed = null;
        var refused = await WriteAsync(actor, async (all, managed) =>
        {
            var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == agencyId, ct);
            if (agency is null || !managed.Contains(agencyId))
            {
                return new Refusal(ResultKind.NotFound, "找不到该机关（只能管理本机关及下级机关）");
            }
            if (agency.Id == actor.AgencyId)
            {
                return new Refusal(ResultKind.Forbidden, retired ? "不能停用本机关（请由上级机关的管理员操作）" : "不能恢复本机关（请由上级机关的管理员操作）");
            }
            if (retired == agency.IsRetired)
            {
                return new Refusal(ResultKind.Refused, retired ? $"机关“{agency.Name}”已于{agency.RetiredOn:yyyy年M月d日}停用" : $"机关“{agency.Name}”未停用，无需恢复");
            }
            if (retired && all.Where(a => a.ParentId == agency.Id && !a.IsRetired).Select(a => a.Name).ToList() is { Count: > 0 } working)
            {
                return new Refusal(ResultKind.Refused, $"机关“{agency.Name}”还有未停用的下级机关：{string.Join("、", working.Select(n => $"“{n}”"))}；请先停用或移走这些下级机关");
            }
            if (!retired && all.FirstOrDefault(a => a.Id == agency.ParentId) is { IsRetired: true } parent)
            {
                return new Refusal(ResultKind.Refused, $"上级机关“{parent.Name}”已停用；请先恢复上级机关，或把“{agency.Name}”移到其他上级机关之下");
            }
            var before = Describe(agency);
            if (retired)
            {
                agency.Retire(ChinaTime.Today(clock));
            }
            else
            {
                agency.Reinstate();
            }
            changed = agency;
            return Audit(actor, agency, retired ? "RetireAgency" : "ReinstateAgency",
                retired ? $"停用机关“{agency.Name}”（不再受理新的申请，已有申请和年度报告保留）" : $"恢复机关“{agency.Name}”", before);
        }, ct);
        return refused is null ? CaseResult<Agency>.Ok(changed!) : refused.As<Agency>();
    }

    /// <summary>
    /// Imports agencies from the first sheet of a workbook (<see cref="ImportColumns"/>): a row naming an agency
    /// the administrator manages updates it, any other creates one; 上级机关 names an agency already there or a row
    /// of the same file. Every row is checked in one pass before anything is written, and every bad cell is named by
    /// row and column at once (a clash of tracking prefixes as much as a bad postcode); then nothing is saved.
    /// </summary>
    public async Task<CaseResult<(int Created, int Updated)>> ImportAsync(Actor actor, Stream workbook, string fileName, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: OnlyAdministrators);
        }
        var (rows, unreadable) = ExcelWorkbook.Read(workbook, ImportColumns.Take(4).ToArray());
        if (unreadable == ExcelWorkbook.NoRows)
        {
            return new(ResultKind.Invalid, Message: $"“{fileName}”只有标题行，没有要导入的机关，未导入任何机关：请在“机关”工作表的第2行起每行填写一个机关（“填写说明”工作表中的示例不会导入）");
        }
        if (unreadable is not null)
        {
            return new(ResultKind.Invalid, Message: $"“{fileName}”：{unreadable}");
        }
        (int, int) counts = default;
        var refused = await WriteAsync(actor, async (all, managed) =>
        {
            var plan = PlanImport(actor, rows, all, managed, out var errors);
            if (errors.Count > 0)
            {
                return new Refusal(ResultKind.Invalid, string.Join("\n", errors.Prepend($"“{fileName}”有{errors.Count}处错误，未导入任何机关：")));
            }
            var (created, updated, audit) = await ApplyImportAsync(actor, plan, all, ct);
            counts = (created, updated);
            return new AuditEntry
            {
                UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId, EntityType = "agency", EntityId = $"{actor.AgencyId}/import",
                Action = "ImportAgencies", Summary = $"从“{fileName}”导入机关：新建{created}个，更新{updated}个",
                After = string.Join("；", audit),
            };
        }, ct);
        return refused is null ? CaseResult<(int, int)>.Ok(counts) : refused.As<(int, int)>();
    }

    /// <summary>One checked row of an import: its agency's fields, the existing agency it updates, and its parent by name (null: unchanged or the administrator's agency).</summary>
    private sealed record ImportRow(int Line, string Name, AgencyInput Input, Agency? Existing, string? ParentName);

    /// <summary>Checks every row against the rules, the file and the database in one pass; the errors name row and column.</summary>
    private static List<ImportRow> PlanImport(Actor actor, IReadOnlyList<WorkbookRow> rows, List<Agency> all, IReadOnlySet<int> managed, out List<string> errors)
    {
        errors = [];
        var plan = new List<ImportRow>();
        var byName = all.Where(a => managed.Contains(a.Id)).ToDictionary(a => a.Name, StringComparer.Ordinal);
        var fileNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var hasLetterCodes = rows.Count > 0 && rows[0].Cells.ContainsKey("机关代字");
        foreach (var row in rows)
        {
            var rowErrors = new List<string>();
            void Error(string column, string message) => rowErrors.Add($"第{row.Line}行“{column}”列：{message}");
            var name = row.Text("机关名称");
            if (ExampleNames.Contains(name))
            {
                errors.Add($"第{row.Line}行是导入模板中的示例（“{name}”），不是真实的机关：请删除这一行，再按“填写说明”填写要导入的机关");
                continue;
            }
            if (name.Length > 0 && !fileNames.TryAdd(name, row.Line))
            {
                Error("机关名称", $"“{name}”与第{fileNames[name]}行重复");
            }
            var existing = byName.GetValueOrDefault(name);
            if (existing is null && name.Length > 0 && all.Any(a => a.Name == name))
            {
                Error("机关名称", $"已有名为“{name}”的机关，但它不是本机关或下级机关，不能导入或修改");
            }
            var parentName = row.Text("上级机关");
            if (parentName.Length > 0 && !byName.ContainsKey(parentName) && !rows.Any(r => r.Text("机关名称") == parentName))
            {
                Error("上级机关", $"“{parentName}”既不是本机关或下级机关，也不在本文件中");
            }
            if (parentName == name && name.Length > 0)
            {
                Error("上级机关", "机关不能是自己的上级机关");
            }
            int? governmentId = null;
            var governmentName = row.Text("报送年度报告的人民政府");
            if (governmentName.Length > 0)
            {
                governmentId = all.FirstOrDefault(a => a.Name == governmentName && a.Kind == AgencyKind.Government)?.Id;
                if (governmentId is null)
                {
                    Error("报送年度报告的人民政府", $"“{governmentName}”不是系统中的人民政府");
                }
                else if (governmentId == existing?.Id)
                {
                    Error("报送年度报告的人民政府", "应为另一个人民政府，不能是机关自己");
                }
            }
            var input = new AgencyInput(name, row.Text("机关类别"), null, row.Text("受理编号前缀"), governmentId,
                new DisclosureOffice(Cell(row, "办公地址"), Cell(row, "办公时间"), Cell(row, "联系电话"), Cell(row, "传真"), Cell(row, "电子邮箱"), Cell(row, "邮政编码")),
                LetterCode: hasLetterCodes ? Cell(row, "机关代字") : existing?.LetterCode);
            foreach (var (field, message) in CheckFields(input))
            {
                Error(ColumnOf.GetValueOrDefault(field, field), message);
            }
            errors.AddRange(rowErrors);
            // The administrator's own agency keeps its place (its parent is not theirs to change); any other row with no
            // 上级机关 goes under the administrator's agency.
            plan.Add(new ImportRow(row.Line, name, input, existing, existing?.Id == actor.AgencyId || parentName.Length == 0 ? null : parentName));
        }
        CheckPrefixes(plan, all, errors);
        CheckCycles(actor, plan, all, errors);
        return plan;
    }

    /// <summary>
    /// Tracking prefixes must be unique once the import is done: among the file's rows, and against every agency the file
    /// leaves as it is. Checked for all rows together, so a clash shows beside the other errors, not after they are fixed.
    /// </summary>
    private static void CheckPrefixes(List<ImportRow> plan, List<Agency> all, List<string> errors)
    {
        var updated = plan.Where(p => p.Existing is not null).Select(p => p.Existing!.Id).ToHashSet();
        var holders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var agency in all.Where(a => !updated.Contains(a.Id)))
        {
            holders.TryAdd(agency.TrackingPrefix, $"已被“{agency.Name}”使用");
        }
        foreach (var row in plan)
        {
            var prefix = row.Input.TrackingPrefix?.Trim().ToUpperInvariant() ?? "";
            if (!AgencyRules.IsPrefix(prefix))
            {
                continue; // already reported as malformed
            }
            if (!holders.TryAdd(prefix, $"与第{row.Line}行重复"))
            {
                errors.Add($"第{row.Line}行“受理编号前缀”列：“{prefix}”{holders[prefix]}");
            }
        }
    }

    /// <summary>Rows whose 上级机关 chain comes back to themselves (through the file or the agencies already there).</summary>
    private static void CheckCycles(Actor actor, List<ImportRow> plan, List<Agency> all, List<string> errors)
    {
        var parentOf = all.ToDictionary(a => a.Name, a => all.FirstOrDefault(p => p.Id == a.ParentId)?.Name, StringComparer.Ordinal);
        var own = all.FirstOrDefault(a => a.Id == actor.AgencyId)?.Name;
        foreach (var row in plan.Where(r => r.Name.Length > 0))
        {
            parentOf[row.Name] = row.Existing?.Id == actor.AgencyId ? parentOf.GetValueOrDefault(row.Name) : row.ParentName ?? own;
        }
        var looped = new List<int>();
        foreach (var row in plan.Where(r => r.Name.Length > 0 && r.ParentName is not null && r.ParentName != r.Name))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { row.Name };
            for (var at = row.ParentName; at is not null; at = parentOf.GetValueOrDefault(at))
            {
                if (at == row.Name)
                {
                    looped.Add(row.Line);
                    break;
                }
                if (!seen.Add(at))
                {
                    break;
                }
            }
        }
        if (looped.Count > 0)
        {
            errors.Add($"第{string.Join("、", looped)}行“上级机关”列：上级机关互相引用（或把机关移到了它自己的下级之下），无法确定层级");
        }
    }

    /// <summary>Writes a checked plan: parents before children, so each new agency's parent already has its id.</summary>
    private async Task<(int Created, int Updated, List<string> Audit)> ApplyImportAsync(Actor actor, List<ImportRow> plan, List<Agency> all, CancellationToken ct)
    {
        var ids = all.ToDictionary(a => a.Name, a => a.Id, StringComparer.Ordinal);
        var pending = plan.ToList();
        var (created, updated, audit) = (0, 0, new List<string>());
        while (pending.Count > 0)
        {
            var ready = pending.Where(r => r.ParentName is null || ids.ContainsKey(r.ParentName)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The import plan was checked for cycles; a row's parent never came.");
            }
            foreach (var row in ready)
            {
                pending.Remove(row);
                var parentId = row.ParentName is { } parent ? ids[parent] : row.Existing?.Id == actor.AgencyId ? row.Existing.ParentId : actor.AgencyId;
                var input = row.Input with { ParentId = parentId };
                if (row.Existing is null)
                {
                    var agency = New(input);
                    db.Agencies.Add(agency);
                    await db.SaveChangesAsync(ct);
                    ids[agency.Name] = agency.Id;
                    created++;
                    audit.Add($"新建“{agency.Name}”");
                }
                else
                {
                    var tracked = await db.Agencies.SingleAsync(a => a.Id == row.Existing.Id, ct);
                    Apply(tracked, input);
                    updated++;
                    audit.Add($"更新“{tracked.Name}”");
                }
            }
        }
        return (created, updated, audit);
    }

    /// <summary>
    /// The import template: the “机关” sheet holds only the heading row, so a template uploaded unchanged imports
    /// nothing; what each column means, with example rows, is on the second sheet “填写说明”, which the import never reads.
    /// </summary>
    public static byte[] ImportTemplate()
    {
        var headings = new System.Data.DataTable("机关");
        foreach (var column in ImportColumns)
        {
            headings.Columns.Add(column, typeof(string));
        }
        var guide = new List<Dictionary<string, object?>>
        {
            Guide("机关名称", "必填", "机关全称，不超过100个字；与已有的本机关或下级机关同名则更新该机关", "示例区公安分局"),
            Guide("上级机关", "选填", "已有机关或本文件中另一行的机关名称；留空为本机关", "（留空）"),
            Guide("机关类别", "必填", "市局、分局/县局、部门/警种/派出所、人民政府（也可写“分局”“派出所”“大队”）", "分局"),
            Guide("受理编号前缀", "必填", "2至12个英文字母或数字，各机关不能重复，用于受理编号", "SLFJ"),
            Guide("报送年度报告的人民政府", "选填", "系统中已有的人民政府名称（条例第四十九条）", "（留空）"),
            Guide("办公地址", "选填", "政府信息公开工作机构的办公地址，显示在公开指南上（条例第十二条）", "示例路1号"),
            Guide("办公时间", "选填", "同上", "工作日 9:00—17:00"),
            Guide("联系电话", "选填", "数字、“-”“+”和括号", "0373-1234567"),
            Guide("传真", "选填", "同联系电话", "0373-1234568"),
            Guide("电子邮箱", "选填", "完整的电子邮箱地址", "gongkai@example.gov.cn"),
            Guide("邮政编码", "选填", "6位数字", "453000"),
            Guide("机关代字", "选填", $"文书编号中的机关代字，1至{AgencyRules.MaxLetterCodeLength}个汉字或字母，不含数字和〔〕；留空则文书编号使用受理编号前缀", "新公信（文书编号如 新公信〔2026〕答1号）"),
            Guide("说明", "", "请在“机关”工作表的第2行起每行填写一个机关；本页的示例不会被导入。示例中的“示例区公安分局”“示例街派出所”不是真实机关，填入“机关”工作表也会被拒绝。", ""),
        };
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new Dictionary<string, object> { ["机关"] = headings, ["填写说明"] = guide });
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Guide(string column, string required, string how, string example) =>
        new() { ["列名"] = column, ["是否必填"] = required, ["填写要求"] = how, ["示例"] = example };

    private static string? Cell(WorkbookRow row, string column) => row.Text(column) is { Length: > 0 } t ? t : null;

    /// <summary>An agency's own fields (those that need no other agency to judge): (field, Chinese message) for each bad one.</summary>
    private static List<(string Field, string Message)> CheckFields(AgencyInput input)
    {
        var problems = AgencyRules.Check(input.Name, input.Kind, input.TrackingPrefix, input.Office).ToList();
        if (AgencyRules.CheckLetterCode(input.LetterCode) is { } letterCode)
        {
            problems.Add(("LetterCode", letterCode));
        }
        if (input.CorrectionPeriodWorkingDays is < 1 or > Agency.MaxCorrectionPeriodWorkingDays)
        {
            problems.Add(("CorrectionPeriodWorkingDays", $"默认补正期限应为1至{Agency.MaxCorrectionPeriodWorkingDays}个工作日（条例第三十条：合理的补正期限）"));
        }
        return problems;
    }

    /// <summary>Checks an agency's fields, its place in the tree and the uniqueness of its name and prefix; the refusal or null.</summary>
    private static Refusal? Check(AgencyInput input, Agency? existing, List<Agency> all, IReadOnlySet<int> managed)
    {
        var problems = CheckFields(input);
        if (problems.Count > 0)
        {
            return Refusal.Invalid(problems);
        }
        var name = input.Name!.Trim();
        var prefix = input.TrackingPrefix!.Trim().ToUpperInvariant();
        if (all.Any(a => a.Name == name && a.Id != existing?.Id))
        {
            problems.Add(("Name", $"已有名为“{name}”的机关"));
        }
        if (all.FirstOrDefault(a => string.Equals(a.TrackingPrefix, prefix, StringComparison.OrdinalIgnoreCase) && a.Id != existing?.Id) is { } clash)
        {
            problems.Add(("TrackingPrefix", $"受理编号前缀“{prefix}”已被“{clash.Name}”使用"));
        }
        if (input.GovernmentId is { } government && (all.FirstOrDefault(a => a.Id == government) is not { Kind: AgencyKind.Government } || government == existing?.Id))
        {
            problems.Add(("GovernmentId", "报送年度报告的机关应为另一个人民政府"));
        }
        if (existing is null || existing.ParentId != input.ParentId)
        {
            if (input.ParentId is not { } parent || !managed.Contains(parent))
            {
                return problems.Count > 0 ? Refusal.Invalid(problems) : new Refusal(ResultKind.Forbidden, "上级机关应为本机关或下级机关", "ParentId");
            }
            if (existing is not null)
            {
                for (int? at = parent; at is { } current; at = all.FirstOrDefault(a => a.Id == current)?.ParentId)
                {
                    if (current == existing.Id)
                    {
                        problems.Add(("ParentId", $"不能把“{existing.Name}”移到它自己或它的下级机关之下"));
                        break;
                    }
                }
            }
        }
        return problems.Count > 0 ? Refusal.Invalid(problems) : null;
    }

    private static Agency New(AgencyInput input)
    {
        var agency = new Agency(input.Name!.Trim(), Agency.ParseKind(input.Kind)!.Value, input.ParentId, input.TrackingPrefix!.Trim().ToUpperInvariant(),
            [new ReviewStage("法制审核", StaffRole.Reviewer), new ReviewStage("领导审批", StaffRole.Approver)]);
        agency.ConfigureOffice(FirstAgencySetup.Clean(input.Office));
        agency.ConfigureLetterCode(input.LetterCode);
        if (agency.Kind != AgencyKind.Government)
        {
            agency.ReportTo(input.GovernmentId);
        }
        if (input.CorrectionPeriodWorkingDays is { } days)
        {
            agency.ConfigureCorrectionPeriod(days);
        }
        return agency;
    }

    private static void Apply(Agency agency, AgencyInput input)
    {
        agency.Reorganise(input.Name!.Trim(), Agency.ParseKind(input.Kind)!.Value, input.ParentId, input.TrackingPrefix!.Trim().ToUpperInvariant());
        agency.ConfigureOffice(FirstAgencySetup.Clean(input.Office));
        agency.ConfigureLetterCode(input.LetterCode);
        agency.ReportTo(agency.Kind == AgencyKind.Government ? null : input.GovernmentId);
        if (input.CorrectionPeriodWorkingDays is { } days)
        {
            agency.ConfigureCorrectionPeriod(days);
        }
    }

    /// <summary>A refusal inside a write: its kind, the Chinese message and, for bad input, the fields at fault.</summary>
    private sealed record Refusal(ResultKind Kind, string Message, string? Field = null, IReadOnlyDictionary<string, string>? Errors = null)
    {
        public static Refusal Invalid(List<(string Field, string Message)> problems) =>
            new(ResultKind.Invalid, string.Join("；", problems.Select(p => p.Message)), Errors: problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => string.Join("；", g.Select(p => p.Message))));

        public CaseResult<T> As<T>() => new(Kind, Message: Message,
            Errors: Errors ?? (Kind == ResultKind.Invalid || Field is not null ? new Dictionary<string, string> { [Field ?? ""] = Message } : null));
    }

    /// <summary>Serialised, audited write over a fresh view of every agency; the change returns its audit entry or a refusal (null when done).</summary>
    /// <remarks>The change returns either a <see cref="Refusal"/> (the transaction is rolled back) or the <see cref="AuditEntry"/> to append.</remarks>
    private async Task<Refusal?> WriteAsync(Actor actor, Func<List<Agency>, IReadOnlySet<int>, Task<object>> change, CancellationToken ct)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var all = await db.Agencies.AsNoTracking().ToListAsync(ct);
        var managed = (await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).ToHashSet();
        var result = await change(all, managed);
        if (result is Refusal refusal)
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
        a.Name, Kind = a.Kind.ToString(), a.ParentId, a.TrackingPrefix, a.GovernmentId, a.Office, a.CorrectionPeriodWorkingDays, a.LetterCode, a.RetiredOn,
    }, AuditJson.Options);
}
