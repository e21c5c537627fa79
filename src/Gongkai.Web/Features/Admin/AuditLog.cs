using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>What the audit viewer is asked for; every field may be blank.</summary>
/// <param name="Person">An account's id or user name, or part of the name an entry was recorded under.</param>
/// <param name="Action">An action (<c>SignInLockedOut</c>) or a group of actions (<see cref="AuditLog.Groups"/>: <c>Accounts</c> …).</param>
/// <param name="Case">A case's tracking number, or part of it.</param>
/// <param name="From">First day (Beijing time), inclusive.</param>
/// <param name="To">Last day (Beijing time), inclusive.</param>
public sealed record AuditFilter(string? Person = null, string? Action = null, string? Case = null, int? AgencyId = null, DateOnly? From = null, DateOnly? To = null, int Page = 1);

/// <summary>One audit entry as the viewer shows it.</summary>
public sealed record AuditRow(long Sequence, DateTimeOffset At, string UserId, string UserName, int? AgencyId, string? AgencyName, string Action, string ActionLabel,
    string EntityType, string EntityId, string? TrackingNumber, string Summary, string? Before, string? After);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize);

/// <summary>
/// 审计日志: the audit trail read back for administrators and supervisors (监督, who only read) — sign-ins, failures and
/// lock-outs, account and agency changes, case actions — filtered, newest first, paged, or exported to Excel. Staff see
/// the entries of their own agency and the agencies below it, as they read those agencies' cases. Reading never writes:
/// every query is untracked and no entry is appended for looking, so the chain and its head are exactly as before.
/// </summary>
public sealed class AuditLog(GongkaiDbContext db)
{
    public const int PageSize = 50;

    /// <summary>Most entries one Excel export holds (a year of a large bureau's trail is far below it).</summary>
    public const int ExportLimit = 20_000;

    /// <summary>Groups of actions the filter offers beside single actions: key → (Chinese label, the actions).</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, IReadOnlyList<string> Actions)> Groups = new Dictionary<string, (string, IReadOnlyList<string>)>
    {
        ["SignIns"] = ("登录记录（全部）", ["SignIn", "SignInFailed", "SignInRefused", "SignInLockedOut"]),
        ["Accounts"] = ("账号变更", ["CreateUser", "EditUser", "ResetPassword", "DisableUser", "EnableUser", "ChangePassword"]),
        ["Agencies"] = ("机关变更", ["Setup", "CreateAgency", "EditAgency", "ImportAgencies", "RetireAgency", "ReinstateAgency", "ConfigureReviewChain",
            "ReportToGovernment", "SetDisclosureChannels", "SetExternalDepartments", "EditTemplate", "ResetTemplate", "EditPage"]),
        ["Cases"] = ("申请办理（全部）", ["Register", "Reassign", "Attach", "AttachmentChange", "Correct", "IssueDocument", "ImportCase", "ImportLedger", .. Enum.GetNames<CaseAction>()]),
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["SignIn"] = "登录", ["SignInFailed"] = "登录失败", ["SignInRefused"] = "停用账号尝试登录", ["SignInLockedOut"] = "账号锁定",
        ["ChangePassword"] = "修改密码", ["CreateUser"] = "创建账号", ["EditUser"] = "修改账号", ["ResetPassword"] = "重置密码",
        ["DisableUser"] = "停用账号", ["EnableUser"] = "启用账号",
        ["Setup"] = "初始设置", ["CreateAgency"] = "创建机关", ["EditAgency"] = "修改机关", ["ImportAgencies"] = "导入机关",
        ["RetireAgency"] = "停用机关", ["ReinstateAgency"] = "恢复机关", ["ConfigureReviewChain"] = "设置审核环节", ["ReportToGovernment"] = "设置报送的人民政府",
        ["SetDisclosureChannels"] = "设置主动公开渠道", ["SetExternalDepartments"] = "设置未使用本系统的部门", ["EditTemplate"] = "修改文书模板",
        ["ResetTemplate"] = "文书模板恢复默认", ["EditPage"] = "修改公开指南或目录",
        ["Register"] = "登记申请", ["Reassign"] = "改派承办人", ["Attach"] = "上传附件", ["IssueDocument"] = "出具文书", ["ImportCase"] = "从台账导入申请",
        ["ImportLedger"] = "导入台账", ["LoadYear"] = "导入节假日安排", ["SaveReportDraft"] = "保存年度报告草稿", ["PublishReport"] = "发布年度报告",
        ["RecordCorrection"] = "更正年度报告", ["AddDocument"] = "登记规范性文件", ["SaveFigures"] = "保存年度数据", ["AddProactiveEntry"] = "登记主动公开",
        ["RemoveProactiveEntry"] = "删除主动公开记录", ["ImportProactiveEntries"] = "导入主动公开记录", ["FileProceeding"] = "登记复议或诉讼",
        ["DecideProceeding"] = "记录复议或诉讼结果", ["UploadDepartmentReport"] = "上传部门年度报告", ["AuditReports"] = "批量检查年度报告",
        ["StartNewMasterKey"] = "启用新的主密钥",
        ["Correct"] = "更正申请信息", ["AttachmentChange"] = "撤回或取消提供附件", ["AbolishDocument"] = "废止规范性文件",
        ["UpdateDocument"] = "修改规范性文件", ["UpdateProactiveEntry"] = "修改主动公开记录", ["EditProceeding"] = "修改复议或诉讼记录",
    };

    /// <summary>The Chinese label of an action (a case action by the workflow's own label); an unknown one as it is stored.</summary>
    public static string Label(string action) =>
        Labels.TryGetValue(action, out var label) ? label
        : Enum.TryParse<CaseAction>(action, out var caseAction) && Enum.IsDefined(caseAction) ? caseAction.Label()
        : action;

    /// <summary>What kind of record an entry concerns, in Chinese (the export's 对象 column when it is not a case).</summary>
    public static string ObjectLabel(string entityType) => entityType switch
    {
        "user" => "账号",
        "agency" => "机关",
        "case" => "申请",
        "report" => "年度报告",
        "calendar" => "节假日安排",
        _ => "",
    };

    /// <summary>Who may read the trail: administrators and supervisors (监督).</summary>
    public static bool MayRead(Actor actor) => actor.Has(StaffRole.Administrator) || actor.Has(StaffRole.Supervisor);

    private static CaseResult<T> Forbidden<T>() => new(ResultKind.Forbidden, Message: "只有管理员和监督人员可以查看审计日志");

    /// <summary>One page of the entries the filter selects, newest first.</summary>
    public async Task<CaseResult<AuditPage>> PageAsync(Actor actor, AuditFilter filter, CancellationToken ct = default)
    {
        var (query, refusal) = await QueryAsync<AuditPage>(actor, filter, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var total = await query!.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize)); // never past the last page (and no int overflow in the skip)
        var entries = await query!.OrderByDescending(e => e.Sequence).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return CaseResult<AuditPage>.Ok(new AuditPage(await RowsAsync(entries, ct), total, page, PageSize));
    }

    /// <summary>Every entry the filter selects (up to <see cref="ExportLimit"/>), newest first, for the Excel export.</summary>
    public async Task<CaseResult<IReadOnlyList<AuditRow>>> AllAsync(Actor actor, AuditFilter filter, CancellationToken ct = default)
    {
        var (query, refusal) = await QueryAsync<IReadOnlyList<AuditRow>>(actor, filter, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var entries = await query!.OrderByDescending(e => e.Sequence).Take(ExportLimit).ToListAsync(ct);
        return CaseResult<IReadOnlyList<AuditRow>>.Ok(await RowsAsync(entries, ct));
    }

    /// <summary>The filter's choices: the agencies in reach (tree order), their accounts, and the actions that occur in their entries.</summary>
    public async Task<(IReadOnlyList<(int Id, string Name, int Depth)> Agencies, IReadOnlyList<(string Id, string Name)> People, IReadOnlyList<(string Key, string Label)> Actions)>
        ChoicesAsync(Actor actor, CancellationToken ct = default)
    {
        var scope = await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => scope.Contains(a.Id)).Select(a => new { a.Id, a.Name, a.ParentId }).ToDictionaryAsync(a => a.Id, ct);
        int Depth(int id)
        {
            var depth = 0;
            for (var at = agencies[id]; at.Id != actor.AgencyId && at.ParentId is { } p && agencies.TryGetValue(p, out var parent); at = parent)
            {
                depth++;
            }
            return depth;
        }
        var people = await db.Users.AsNoTracking().Where(u => scope.Contains(u.AgencyId)).OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var occurring = await db.AuditEntries.AsNoTracking().Where(e => e.AgencyId != null && scope.Contains(e.AgencyId.Value))
            .Select(e => e.Action).Distinct().ToListAsync(ct);
        var actions = Groups.Select(g => ("group:" + g.Key, g.Value.Label))
            .Concat(occurring.Select(a => (a, Label(a))).OrderBy(a => a.Item2, StringComparer.Ordinal)).ToList();
        return (scope.Where(agencies.ContainsKey).Select(id => (id, agencies[id].Name, Depth(id))).ToList(),
            people.Select(p => (p.Id, $"{p.DisplayName}（{p.UserName}）")).ToList(), actions);
    }

    /// <summary>The filtered entries in the actor's reach, or the refusal (a forbidden actor, an agency out of reach, a bad range).</summary>
    private async Task<(IQueryable<AuditEntry>? Query, CaseResult<T>? Refusal)> QueryAsync<T>(Actor actor, AuditFilter filter, CancellationToken ct)
    {
        if (!MayRead(actor))
        {
            return (null, Forbidden<T>());
        }
        if (filter.From is { } from && filter.To is { } to && from > to)
        {
            return (null, Invalid<T>("To", $"结束日期（{to:yyyy-MM-dd}）早于开始日期（{from:yyyy-MM-dd}）"));
        }
        var scope = (await AgencyTree.SubtreeAsync(db, actor.AgencyId, ct)).ToList();
        if (filter.AgencyId is { } agencyId)
        {
            if (!scope.Contains(agencyId))
            {
                return (null, new(ResultKind.Forbidden, Message: "只能查看本机关及下级机关的审计日志", Errors: new Dictionary<string, string> { ["AgencyId"] = "只能查看本机关及下级机关的审计日志" }));
            }
            scope = [agencyId];
        }
        var query = db.AuditEntries.AsNoTracking().Where(e => e.AgencyId != null && scope.Contains(e.AgencyId.Value));
        if (filter.Action is { Length: > 0 } action)
        {
            action = action.Trim();
            if (action.StartsWith("group:", StringComparison.Ordinal) && Groups.TryGetValue(action[6..], out var group)
                || Groups.TryGetValue(action, out group))
            {
                var members = group.Actions.ToList();
                query = query.Where(e => members.Contains(e.Action));
            }
            else
            {
                query = query.Where(e => e.Action == action);
            }
        }
        if (filter.Person is { Length: > 0 } person)
        {
            person = person.Trim();
            var accounts = await db.Users.AsNoTracking().Where(u => u.Id == person || u.NormalizedUserName == person.ToUpperInvariant()).Select(u => u.Id).ToListAsync(ct);
            query = query.Where(e => accounts.Contains(e.UserId) || e.UserName.Contains(person));
        }
        if (filter.Case is { Length: > 0 } tracking)
        {
            tracking = tracking.Trim();
            var readable = scope;
            var cases = await db.Cases.AsNoTracking().Where(c => readable.Contains(c.AgencyId) && c.TrackingNumber.Contains(tracking))
                .OrderByDescending(c => c.ReceivedOn).Select(c => c.Id).Take(500).ToListAsync(ct);
            var ids = cases.Select(id => id.ToString()).ToList();
            query = query.Where(e => e.EntityType == "case" && ids.Contains(e.EntityId));
        }
        // The calendar's ends (0001-01-01, 9999-12-31) mean “no bound”; their Beijing midnight lies outside DateTimeOffset.
        if (filter.From is { } first && first.Year > 1)
        {
            var sequence = await FirstSequenceFromAsync(Start(first), ct);
            query = query.Where(e => e.Sequence >= sequence);
        }
        if (filter.To is { } last && last.Year < 9999)
        {
            var sequence = await FirstSequenceFromAsync(Start(last.AddDays(1)), ct);
            query = query.Where(e => e.Sequence < sequence);
        }
        return (query, null);
    }

    /// <summary>The first moment of a Beijing day.</summary>
    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    /// <summary>
    /// The first entry written at or after <paramref name="moment"/>, found by bisecting the sequence (one key lookup a
    /// step). Entries are appended in time order under the chain's lock, so the sequence orders them by time; and SQLite
    /// cannot compare the stored <see cref="DateTimeOffset"/> text in SQL, which this keeps out of the query.
    /// </summary>
    private async Task<long> FirstSequenceFromAsync(DateTimeOffset moment, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        long low = 0, high = last + 1; // the answer lies in (low, high]
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            var entry = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= middle).OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.At }).FirstAsync(ct);
            if (entry.At >= moment)
            {
                high = middle;
            }
            else
            {
                low = entry.Sequence;
            }
        }
        return high;
    }

    private async Task<IReadOnlyList<AuditRow>> RowsAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var agencyIds = entries.Where(e => e.AgencyId is not null).Select(e => e.AgencyId!.Value).Distinct().ToList();
        var agencies = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var caseIds = entries.Where(e => e.EntityType == "case" && Guid.TryParse(e.EntityId, out _)).Select(e => Guid.Parse(e.EntityId)).Distinct().ToList();
        var tracking = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id.ToString(), c => c.TrackingNumber, ct);
        return entries.Select(e => new AuditRow(e.Sequence, e.At, e.UserId, e.UserName, e.AgencyId, e.AgencyId is { } a ? agencies.GetValueOrDefault(a) : null,
            e.Action, Label(e.Action), e.EntityType, e.EntityId, e.EntityType == "case" ? tracking.GetValueOrDefault(e.EntityId) : null, e.Summary, e.Before, e.After)).ToList();
    }

    private static CaseResult<T> Invalid<T>(string field, string message) => new(ResultKind.Invalid, Message: message, Errors: new Dictionary<string, string> { [field] = message });

    /// <summary>An entry's time as Beijing time (China keeps no summer time, so the offset is fixed).</summary>
    public static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows as an Excel workbook (one sheet “审计日志”), times in Beijing time.</summary>
    public static byte[] Workbook(IReadOnlyList<AuditRow> rows)
    {
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["序号"] = r.Sequence,
            ["时间"] = Beijing(r.At),
            ["人员"] = r.UserName,
            ["机关"] = r.AgencyName ?? "",
            ["操作"] = r.ActionLabel,
            ["对象"] = r.TrackingNumber ?? ObjectLabel(r.EntityType),
            ["内容"] = r.Summary,
        }).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(new Dictionary<string, object?> { ["序号"] = null, ["时间"] = "（没有符合条件的记录）" });
        }
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheet, sheetName: "审计日志");
        return stream.ToArray();
    }
}
