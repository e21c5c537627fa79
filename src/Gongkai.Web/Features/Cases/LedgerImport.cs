using System.Globalization;
using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Cases;
using Gongkai.Data.Setup;
using Gongkai.Reports.Text;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

/// <summary>What one ledger import did.</summary>
public sealed record LedgerImportResult(int Created, int Open, int Skipped);

/// <summary>
/// 导入台账: brings an agency's earlier Excel ledger in as cases. Open ones become live cases whose deadlines are
/// computed on the working-day calendar from their dated events; answered ones count in table 三 of the year
/// they were answered (and as 上年结转 where they were open at a year's start). A tracking number already in
/// Gongkai is skipped, so importing the same file again creates nothing twice. Every bad cell is named by row
/// and column and then nothing is saved. The import is one serialised write, audited per case and as a whole.
/// </summary>
public sealed partial class LedgerImport(GongkaiDbContext db, CalendarService calendars, TimeProvider clock, IDataProtectionProvider protection,
    AnnualReports.PublishedYears publishedYears)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "受理编号", "收到日期", "申请方式", "申请人类别", "申请人姓名或名称", "证件类型", "证件号码", "联系电话", "申请内容", "获取方式",
        "承办人", "状态", "办理结果", "答复日期", "告知补正日期", "收到补正日期", "延期工作日", "征求意见日期", "意见回复日期", "征求意见对象",
    ];

    public static readonly string[] RequiredColumns = ["受理编号", "收到日期", "申请方式", "申请人类别", "申请人姓名或名称", "申请内容", "状态"];

    public const int MaxRows = 50_000;

    private readonly IDataProtector idProtector = protection.CreateProtector("Gongkai.ApplicantIdNumber");

    /// <summary>Who may import a ledger (and so is offered it in the menu).</summary>
    public static bool MayImport(Actor actor) => actor.Has(StaffRole.Administrator) || actor.Has(StaffRole.Registrar);

    public async Task<Outcome<LedgerImportResult>> ImportAsync(Actor actor, Stream workbook, string fileName, CancellationToken ct = default)
    {
        if (!MayImport(actor))
        {
            return $"只有管理员或登记员可以导入台账，您的角色是：{actor.RoleNames}";
        }
        var (rows, unreadable) = ExcelWorkbook.Read(workbook, RequiredColumns);
        if (unreadable is not null)
        {
            return $"“{fileName}”：{unreadable}";
        }
        if (rows.Count > MaxRows)
        {
            return $"“{fileName}”有{rows.Count}行，一次最多导入{MaxRows}行，请分成几个文件";
        }
        var calendar = await calendars.CurrentAsync(ct);
        var today = calendars.Today;
        var staff = await db.Users.AsNoTracking().Where(u => u.AgencyId == actor.AgencyId).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == actor.AgencyId, ct);
        var published = await publishedYears.ForAgencyAsync(actor.AgencyId, ct);
        var lockNotes = new Dictionary<Guid, string>();

        var errors = new List<string>();
        var parsed = new List<ApplicationCase>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var rowErrors = new List<string>();
            void Bad(string column, string message) => rowErrors.Add($"第{row.Line}行“{column}”列：{message}");

            var tracking = row.Text("受理编号");
            if (tracking.Length is 0 or > 40)
            {
                Bad("受理编号", "请填写受理编号（不超过40个字符）");
            }
            else if (!seen.TryAdd(tracking, row.Line))
            {
                Bad("受理编号", $"“{tracking}”与第{seen[tracking]}行重复");
            }
            var received = Date(row, "收到日期", Bad, required: true);
            if (received is { } r && (r > today || r < RegisterInput.RevisedRegulationInForce))
            {
                Bad("收到日期", $"{r:yyyy-MM-dd}不在{RegisterInput.RevisedRegulationInForce:yyyy-MM-dd}（现行条例施行）至今天之间");
                received = null;
            }
            var channel = ParseChannel(row.Text("申请方式"));
            if (channel is null)
            {
                Bad("申请方式", $"“{row.Text("申请方式")}”应为当面、邮寄、网络、传真或其他");
            }
            var category = ParseCategory(row.Text("申请人类别"));
            if (category is null)
            {
                Bad("申请人类别", $"“{row.Text("申请人类别")}”应为自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他");
            }
            var name = row.Text("申请人姓名或名称");
            if (name.Length is 0 or > 200)
            {
                Bad("申请人姓名或名称", "请填写申请人姓名或名称（不超过200个字）");
            }
            var idType = row.Text("证件类型");
            var idNumber = row.Text("证件号码").ToUpperInvariant();
            // Earlier ledgers may name documents Gongkai does not offer; a document it knows is checked by its shape.
            if (idNumber.Length > 0 && ApplicantIdentity.Kind(idType.Length == 0 ? ApplicantIdentity.ResidentId : idType) is { } kind && !kind.Fits(idNumber.ToUpperInvariant()))
            {
                Bad("证件号码", $"{kind.Name}号码格式不正确：应为{kind.Shape}");
            }
            var request = row.Text("申请内容");
            if (request.Length is 0 or > 4000)
            {
                Bad("申请内容", "请填写申请公开的政府信息（不超过4000个字）");
            }
            string? handlerId = null;
            var handler = row.Text("承办人");
            if (handler.Length > 0)
            {
                var matches = staff.Where(s => string.Equals(s.UserName, handler, StringComparison.OrdinalIgnoreCase) || s.DisplayName == handler).ToList();
                if (matches.Count != 1)
                {
                    Bad("承办人", matches.Count == 0 ? $"本机关没有用户名或姓名为“{handler}”的工作人员" : $"“{handler}”对应多名工作人员，请填写用户名");
                }
                else
                {
                    handlerId = matches[0].Id;
                }
            }
            var state = ParseState(row.Text("状态"));
            if (state is null)
            {
                Bad("状态", $"“{row.Text("状态")}”应为登记、办理中、补正中、征求意见中、已答复或已撤回");
            }
            string? outcome = null;
            if (row.Text("办理结果") is { Length: > 0 } outcomeText)
            {
                outcome = ParseOutcome(outcomeText);
                if (outcome is null)
                {
                    Bad("办理结果", $"“{outcomeText}”不是表三的办理结果（可写编号如“三.一”“三.四.1”，或名称如“予以公开”“本机关不掌握相关政府信息”）");
                }
            }
            var answered = Date(row, "答复日期", Bad);
            if (answered > today)
            {
                Bad("答复日期", $"{answered:yyyy-MM-dd}晚于今天");
            }
            var corrected = (Date(row, "告知补正日期", Bad), Date(row, "收到补正日期", Bad));
            var extension = 0;
            if (row.Text("延期工作日") is { Length: > 0 } ext && !int.TryParse(ext, NumberStyles.None, CultureInfo.InvariantCulture, out extension))
            {
                Bad("延期工作日", $"“{ext}”应为0至20的整数");
            }
            var consulted = (Date(row, "征求意见日期", Bad), Date(row, "意见回复日期", Bad));
            if (OldTemplateExample(row))
            {
                Bad("受理编号", $"“{tracking}”是旧版导入模板中的示例行，不是真实的申请，请删除该行后再导入");
            }
            else if (state is { } s && rowErrors.Count == 0)
            {
                CheckAcrossColumns(s, received!.Value, outcome, answered, corrected, extension, consulted, Bad);
            }
            if (rowErrors.Count == 0)
            {
                var applicant = Applicant.Create(category!.Value, name, idNumber.Length == 0 ? "未登记" : idType.Length == 0 ? "居民身份证" : idType, idNumber,
                    Blank(row.Text("联系电话")) ?? "未登记", null, null, id => idProtector.Protect(id));
                var facts = new ImportedCaseFacts(tracking, applicant, channel!.Value, received!.Value, request, Blank(row.Text("获取方式")) ?? "未登记",
                    state!.Value, handlerId, outcome, null, null, answered, corrected.Item1, corrected.Item2, extension,
                    consulted.Item1, consulted.Item2, Blank(row.Text("征求意见对象")), agency.CorrectionPeriodWorkingDays);
                try
                {
                    // Made (and checked) now, so that every row's problems are reported together; saved inside the write.
                    var imported = ApplicationCase.Import(actor.AgencyId, facts, $"{fileName} 第{row.Line}行");
                    var verdict = Gongkai.Cases.Reporting.PublishedYearLock.CheckCase(published, null, imported.ToFacts(), "导入该申请");
                    if (!verdict.Allowed)
                    {
                        // The dates place the case in a published year's tables.
                        rowErrors.Add($"第{row.Line}行“收到日期”“答复日期”列：{verdict.Refusal}");
                    }
                    parsed.Add(imported);
                    lockNotes[imported.Id] = verdict.AuditNote;
                }
                catch (CaseTransitionException e)
                {
                    // The checks above catch what the domain refuses; should it refuse anything else, the message's
                    // own column (or else 状态, which decides what a row must hold) is named.
                    Bad(Columns.FirstOrDefault(c => e.Message.Contains(c, StringComparison.Ordinal)) ?? "状态", e.Message);
                }
            }
            errors.AddRange(rowErrors);
        }
        if (errors.Count > 0)
        {
            var shown = errors.Take(200).ToList();
            if (errors.Count > shown.Count)
            {
                shown.Add($"……另有{errors.Count - shown.Count}处错误");
            }
            return string.Join("\n", shown.Prepend($"“{fileName}”有{errors.Count}处错误，未导入任何申请："));
        }

        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var existing = (await db.Cases.AsNoTracking().Where(c => c.AgencyId == actor.AgencyId).Select(c => c.TrackingNumber).ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var created = 0;
        var open = 0;
        var counters = new Dictionary<int, int>();
        foreach (var c in parsed)
        {
            if (existing.Contains(c.TrackingNumber))
            {
                continue;
            }
            c.RefreshDeadline(calendar, today);
            db.Cases.Add(c);
            await AuditChain.AppendAsync(db, AuditEntry.By(actor, "case", c.Id.ToString(), "ImportCase",
                $"从台账导入 {c.TrackingNumber}（{c.State.Label()}{(c.OutcomeRow is { } o ? "，" + o : "")}）{lockNotes.GetValueOrDefault(c.Id)}", after: c.ImportedFrom), clock, ct);
            created++;
            open += c.State.IsOpen() ? 1 : 0;
            // A ledger number in Gongkai's own form (PREFIX-YEAR-NNNNN, with or without the random part) moves that year's counter past it, so new numbers never collide.
            if (TrackingPattern().Match(c.TrackingNumber) is { Success: true } m && string.Equals(m.Groups[1].Value, agency.TrackingPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var year = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var number = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                counters[year] = Math.Max(counters.GetValueOrDefault(year), number + 1);
            }
        }
        foreach (var (year, next) in counters)
        {
            var counter = await db.TrackingCounters.FindAsync([actor.AgencyId, year], ct);
            if (counter is null)
            {
                db.TrackingCounters.Add(new Gongkai.Data.Cases.TrackingCounter { AgencyId = actor.AgencyId, Year = year, Next = next });
            }
            else if (counter.Next < next)
            {
                counter.Next = next;
                counter.Version = Guid.NewGuid();
            }
        }
        var skipped = parsed.Count - created;
        await AuditChain.AppendAsync(db, AuditEntry.By(actor, "agency", $"{actor.AgencyId}/ledger", "ImportLedger",
            $"从“{fileName}”导入台账：新建{created}件（在办{open}件），{skipped}件已在系统中，未重复导入"), clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<LedgerImportResult>.Ok(new LedgerImportResult(created, open, skipped));
    }

    /// <summary>
    /// The ledger template: the first sheet 台账 holds only the heading row (a template with example rows gets imported
    /// unchanged, examples and all), and a second sheet 填写说明 says what each column takes, with examples.
    /// </summary>
    public static byte[] Template()
    {
        var heading = Columns.ToDictionary(c => c, c => (object?)c);
        var help = new List<Dictionary<string, object?>> { Help("列名", "是否必填", "填写说明", "示例") };
        help.AddRange(Columns.Select(c => Help(c, RequiredColumns.Contains(c) ? "必填" : ColumnHelp[c].Required, ColumnHelp[c].Text, ColumnHelp[c].Example)));
        var sheets = new Dictionary<string, object> { ["台账"] = new[] { heading }, ["填写说明"] = help };
        using var stream = new MemoryStream();
        // The heading rows are written as rows, so the two sheets can carry different headings.
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheets, printHeader: false);
        return stream.ToArray();

        static Dictionary<string, object?> Help(string column, string required, string text, string example) =>
            new() { ["A"] = column, ["B"] = required, ["C"] = text, ["D"] = example };
    }

    private static readonly Dictionary<string, (string Required, string Text, string Example)> ColumnHelp = new()
    {
        ["受理编号"] = ("必填", "台账中的编号，每行不同；已在系统中的编号再次导入时跳过", "TZ-2026-001"),
        ["收到日期"] = ("必填", "收到申请之日", "2026-03-02 或 2026年3月2日"),
        ["申请方式"] = ("必填", "当面、邮寄、网络、传真或其他", "邮寄"),
        ["申请人类别"] = ("必填", "自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他", "自然人"),
        ["申请人姓名或名称"] = ("必填", "不超过200个字", "张三"),
        ["证件类型"] = ("选填", "不填按居民身份证", "居民身份证"),
        ["证件号码"] = ("选填", "填写的按证件类型检查格式", ""),
        ["联系电话"] = ("选填", "", "13800000000"),
        ["申请内容"] = ("必填", "申请公开的政府信息，不超过4000个字", "2025年本市交通事故统计数据"),
        ["获取方式"] = ("选填", "申请人要求的获取信息方式", "邮寄纸质件"),
        ["承办人"] = ("选填", "本机关工作人员的用户名或姓名", ""),
        ["状态"] = ("必填", "登记、办理中、补正中、征求意见中、已答复或已撤回", "已答复"),
        ["办理结果"] = ("已答复的必填", "表三的办理结果，编号或名称；未办结的不填", "予以公开 或 三.一"),
        ["答复日期"] = ("已答复、已撤回的必填", "已答复的填答复之日；已撤回的填申请人撤回申请之日；未办结的不填", "2026-03-20"),
        ["告知补正日期"] = ("补正中的必填", "发出补正告知之日", ""),
        ["收到补正日期"] = ("选填", "收到补正后申请之日，不早于告知补正日期；补正中的不填", ""),
        ["延期工作日"] = ("选填", "0至20的整数（条例第三十三条）", ""),
        ["征求意见日期"] = ("征求意见中的必填", "发出征求意见之日", ""),
        ["意见回复日期"] = ("选填", "收到意见之日，不早于征求意见日期；征求意见中的不填", ""),
        ["征求意见对象"] = ("选填", "不填按第三方", ""),
    };

    /// <summary>
    /// A row of the template Gongkai offered before it lost its example rows: 张三's request for traffic-accident
    /// figures as TZ-2026-001 or TZ-2026-002. Imported unchanged it would make two invented cases.
    /// </summary>
    private static bool OldTemplateExample(WorkbookRow row) =>
        row.Text("受理编号") is "TZ-2026-001" or "TZ-2026-002"
        && row.Text("申请人姓名或名称") == "张三"
        && row.Text("申请内容") == "2025年本市交通事故统计数据"
        && ExcelWorkbook.Date(row, "收到日期") == new DateOnly(2026, 3, 2);

    /// <summary>
    /// What the row's state requires of its other columns, as <see cref="ApplicationCase.Import"/> checks it, but naming
    /// the column to correct: an answered or withdrawn case needs its 答复日期 (for a withdrawal, the day it was withdrawn),
    /// a 补正 wait its notice date (条例 第三十条), a consultation its date (第三十二条), and dates follow receipt.
    /// </summary>
    private static void CheckAcrossColumns(CaseState state, DateOnly received, string? outcome, DateOnly? answered,
        (DateOnly? Asked, DateOnly? Received) correction, int extension, (DateOnly? Asked, DateOnly? Replied) consultation, Action<string, string> bad)
    {
        void NotBeforeReceipt(DateOnly? date, string column)
        {
            if (date < received)
            {
                bad(column, $"{date:yyyy-MM-dd}早于收到日期{received:yyyy-MM-dd}");
            }
        }
        NotBeforeReceipt(correction.Asked, "告知补正日期");
        NotBeforeReceipt(consultation.Asked, "征求意见日期");
        NotBeforeReceipt(answered, "答复日期");
        if (correction.Received is { } back)
        {
            if (correction.Asked is not { } asked)
            {
                bad("告知补正日期", "填写了收到补正日期，请同时填写告知补正日期");
            }
            else if (back < asked)
            {
                bad("收到补正日期", $"{back:yyyy-MM-dd}早于告知补正日期{asked:yyyy-MM-dd}");
            }
        }
        if (consultation is { Asked: { } consulted, Replied: { } replied } && replied < consulted)
        {
            bad("意见回复日期", $"{replied:yyyy-MM-dd}早于征求意见日期{consulted:yyyy-MM-dd}");
        }
        if (extension is < 0 or > Gongkai.Cases.Deadlines.DeadlineCalculator.MaxExtensionWorkingDays)
        {
            bad("延期工作日", $"应为0至{Gongkai.Cases.Deadlines.DeadlineCalculator.MaxExtensionWorkingDays}的整数，实为{extension}（条例第三十三条）");
        }
        var closed = state is CaseState.Answered or CaseState.Withdrawn;
        if (state == CaseState.AwaitingCorrection && correction.Asked is null)
        {
            bad("告知补正日期", "状态为补正中的申请需要告知补正日期");
        }
        if (state == CaseState.AwaitingCorrection && correction.Received is not null)
        {
            bad("收到补正日期", "状态为补正中的申请尚未收到补正，请不要填写收到补正日期，或把状态改为办理中");
        }
        if (state == CaseState.Consulting && consultation.Asked is null)
        {
            bad("征求意见日期", "状态为征求意见中的申请需要征求意见日期");
        }
        if (state == CaseState.Consulting && consultation.Replied is not null)
        {
            bad("意见回复日期", "状态为征求意见中的申请尚未收到意见，请不要填写意见回复日期，或把状态改为办理中");
        }
        if (closed && answered is null)
        {
            bad("答复日期", state == CaseState.Withdrawn
                ? "状态为已撤回的申请需要答复日期，即申请人撤回申请之日（表三计入三.六.3）"
                : "状态为已答复的申请需要答复日期");
        }
        if (state == CaseState.Answered && outcome is null)
        {
            bad("办理结果", "状态为已答复的申请需要办理结果（表三中的三.一至三.六.3之一）");
        }
        if (!closed && outcome is not null)
        {
            bad("办理结果", $"状态为“{state.Label()}”的申请尚未办结，不应填写办理结果");
        }
        if (!closed && answered is not null)
        {
            bad("答复日期", $"状态为“{state.Label()}”的申请尚未办结，不应填写答复日期");
        }
    }

    [GeneratedRegex(@"^([A-Za-z0-9]+)-(\d{4})-(\d{1,9})(?:-[A-Za-z0-9]{4})?$")]
    private static partial Regex TrackingPattern();

    private static DateOnly? Date(WorkbookRow row, string column, Action<string, string> bad, bool required = false)
    {
        if (row.Text(column).Length == 0)
        {
            if (required)
            {
                bad(column, "请填写日期");
            }
            return null;
        }
        var date = ExcelWorkbook.Date(row, column);
        if (date is null)
        {
            bad(column, $"“{row.Text(column)}”不是日期（如 2026-03-02 或 2026年3月2日）");
        }
        return date;
    }

    private static string? Blank(string s) => s.Length == 0 ? null : s;

    public static Channel? ParseChannel(string text) => text switch
    {
        "当面" or "当面提交" or "现场" => Channel.InPerson,
        "邮寄" or "信函" or "邮件" => Channel.Post,
        "网络" or "网上" or "在线" or "网上申请" or "电子邮件" => Channel.Online,
        "传真" => Channel.Fax,
        "其他" => Channel.Other,
        _ => null,
    };

    public static ApplicantCategory? ParseCategory(string text) =>
        Enum.GetValues<ApplicantCategory>().Cast<ApplicantCategory?>()
            .FirstOrDefault(c => text == c!.Value.ColumnKey() || text == RegisterInput.CategoryLabel(c.Value) || text == "法人或其他组织" + c.Value.ColumnKey());

    public static CaseState? ParseState(string text) => text switch
    {
        "登记" or "已登记" or "待受理" => CaseState.Registered,
        "办理中" or "在办" or "受理" or "已受理" => CaseState.InProgress,
        "补正中" or "等待补正" or "待补正" => CaseState.AwaitingCorrection,
        "征求意见中" or "征求意见" => CaseState.Consulting,
        "已答复" or "已办结" or "办结" or "答复" => CaseState.Answered,
        "已撤回" or "撤回" => CaseState.Withdrawn,
        _ => null,
    };

    /// <summary>An outcome row of table 三, by its key (三.三.4) or its printed label, with or without numbering.</summary>
    public static string? ParseOutcome(string text)
    {
        var key = ChineseText.Normalize(text).Trim().Replace('．', '.');
        if (ApplicationCase.OutcomeRows.FirstOrDefault(r => r.Key == key) is { } byKey)
        {
            return byKey.Key;
        }
        var label = ChineseText.LabelKey(text);
        var matches = ApplicationCase.OutcomeRows.Where(r => ChineseText.LabelKey(r.Text) == label || ChineseText.LabelKey(r.Label) == label).ToList();
        if (matches.Count == 0 && label.Length >= 2)
        {
            // A label as ledgers shorten it: “部分公开” for “部分公开（区分处理的，只计这一情形，不计其他情形）”.
            matches = ApplicationCase.OutcomeRows.Where(r => ChineseText.LabelKey(r.Text).StartsWith(label, StringComparison.Ordinal)).ToList();
        }
        return matches.Count == 1 ? matches[0].Key : null;
    }
}
