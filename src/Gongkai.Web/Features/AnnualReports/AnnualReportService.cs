using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Reporting;
using Gongkai.Web.Features.Statistics;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>Last year's report on the dashboard: due date, publication, what is missing.</summary>
public sealed record ReportReminder(int Year, DateOnly DueOn, DateTimeOffset? PublishedAt, IReadOnlyList<string> Missing);

/// <summary>
/// The registers behind tables 二 and 四 (regulatory documents, the year's decisions and fees, reviews and
/// lawsuits), each change audited, and the annual report composed from them and the cases (条例 第四十九条).
/// Only 管理员 and 承办人 of the agency change its registers; results are Chinese messages.
/// </summary>
public sealed class AnnualReportService(GongkaiDbContext db, CombinedReportService combiner, IMemoryCache cache, TimeProvider clock, PublishedYears publishedYears,
    Infrastructure.AuditCheckpointer checkpoints)
{
    /// <summary>
    /// The dashboard's reminder, kept for two minutes: it composes and checks the whole report (about half a second
    /// for an agency with 100,000 cases a year), and the dashboard is the page staff open most. Every change this
    /// service or <see cref="CombinedReportService"/> makes for an agency drops its entry on this instance; other
    /// changes (new cases, another instance's edits) show within two minutes.
    /// </summary>
    public async Task<ReportReminder> CachedReminderAsync(int agencyId, DateOnly today, CancellationToken ct = default)
    {
        if (cache.TryGetValue(ReminderKey(agencyId), out (DateOnly Today, ReportReminder Reminder) kept) && kept.Today == today)
        {
            return kept.Reminder;
        }
        var reminder = await ReminderAsync(agencyId, today, ct);
        cache.Set(ReminderKey(agencyId), (today, reminder), TimeSpan.FromMinutes(2));
        return reminder;
    }

    public static object ReminderKey(int agencyId) => ("report-reminder", agencyId);

    public async Task<string?> AddDocumentAsync(Actor actor, RegulatoryDocumentKind kind, string? title, string? number, DateOnly? issuedOn, DateOnly? abolishedOn, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 300)
        {
            return "请填写文件标题（不超过300字）";
        }
        if (issuedOn is not { } issued)
        {
            return "请填写印发日期";
        }
        if (abolishedOn < issued)
        {
            return $"废止日期{abolishedOn:yyyy-MM-dd}早于印发日期{issued:yyyy-MM-dd}";
        }
        var record = new RegulatoryDocumentRecord
        {
            AgencyId = actor.AgencyId, Kind = kind, Title = title.Trim(), DocumentNumber = string.IsNullOrWhiteSpace(number) ? null : number.Trim(),
            IssuedOn = issued, AbolishedOn = abolishedOn,
        };
        var verdict = PublishedYearLock.CheckDocument(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), null, record.ToDomain(), "登记该文件");
        if (!verdict.Allowed)
        {
            return verdict.Refusal;
        }
        await WriteAsync(actor, "regulatory-document", record.Id.ToString(), "AddDocument",
            $"登记{(kind == RegulatoryDocumentKind.Rule ? "规章" : "行政规范性文件")}“{record.Title}”（{issued:yyyy-MM-dd}印发{(abolishedOn is { } a ? $"，{a:yyyy-MM-dd}废止" : "")}）{verdict.AuditNote}",
            () => db.RegulatoryDocuments.Add(record), ct);
        return null;
    }

    public async Task<string?> SaveFiguresAsync(Actor actor, int year, long licensing, long penalties, long enforcement, decimal feesTenThousandYuan, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        if (licensing < 0 || penalties < 0 || enforcement < 0 || feesTenThousandYuan < 0)
        {
            return "决定数量和收费金额不能为负数";
        }
        if (decimal.Round(feesTenThousandYuan, 4) != feesTenThousandYuan)
        {
            return "收费金额以万元为单位，最多保留四位小数（即精确到元）";
        }
        var verdict = await FiguresVerdictAsync(actor, year, licensing, penalties, enforcement, feesTenThousandYuan, ct);
        if (!verdict.Allowed)
        {
            return verdict.Refusal;
        }
        await WriteAsync(actor, "administrative-figures", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "SaveFigures",
            string.Create(CultureInfo.InvariantCulture, $"{year}年行政许可{licensing}件、行政处罚{penalties}件、行政强制{enforcement}件，收费{feesTenThousandYuan}万元{verdict.AuditNote}"),
            async () =>
            {
                var row = await db.AdministrativeFigures.FindAsync([actor.AgencyId, year], ct);
                if (row is null)
                {
                    row = new AdministrativeFiguresRecord { AgencyId = actor.AgencyId, Year = year };
                    db.AdministrativeFigures.Add(row);
                }
                (row.Licensing, row.Penalties, row.Enforcement, row.FeesTenThousandYuan) = (licensing, penalties, enforcement, feesTenThousandYuan);
            }, ct);
        return null;
    }

    private async Task<LockVerdict> FiguresVerdictAsync(Actor actor, int year, long licensing, long penalties, long enforcement, decimal fees, CancellationToken ct)
    {
        var existing = await db.AdministrativeFigures.AsNoTracking().SingleOrDefaultAsync(f => f.AgencyId == actor.AgencyId && f.Year == year, ct);
        return PublishedYearLock.CheckFigures(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), existing?.ToDomain(),
            new YearlyAdministrativeFigures(year, licensing, penalties, enforcement, fees), $"修改{year}年的行政许可、处罚、强制数量和收费金额");
    }

    /// <summary>The column headings of the figures workbook, as <see cref="ImportFiguresAsync"/> expects them.</summary>
    public static readonly string[] FigureColumns = ["年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"];

    /// <summary>
    /// Imports yearly figures from an Excel workbook (first sheet, a heading row with <see cref="FigureColumns"/>, one
    /// row per year). Every bad cell is reported with its row and column; if any row is bad nothing is saved.
    /// Returns the years saved, or the errors.
    /// </summary>
    public async Task<(IReadOnlyList<int> Years, IReadOnlyList<string> Errors)> ImportFiguresAsync(Actor actor, Stream workbook, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return ([], [why]);
        }
        var (rows, unreadable) = ExcelWorkbook.Read(workbook, FigureColumns);
        if (unreadable is not null)
        {
            return ([], [unreadable]);
        }
        var errors = new List<string>();
        var parsed = new List<(int Year, long Licensing, long Penalties, long Enforcement, decimal Fees)>();
        foreach (var row in rows)
        {
            var line = row.Line;
            decimal? Number(string column)
            {
                var text = row.Text(column);
                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0)
                {
                    return value;
                }
                errors.Add($"第{line}行“{column}”：{(text.Length == 0 ? "未填写" : $"“{text}”不是非负数")}");
                return null;
            }
            var year = Number("年度");
            var licensing = Number("行政许可");
            var penalties = Number("行政处罚");
            var enforcement = Number("行政强制");
            var fees = Number("行政事业性收费（万元）");
            if (year is { } y && (y != decimal.Truncate(y) || y is < 2019 or > 2100))
            {
                errors.Add($"第{line}行“年度”：应为2019至2100之间的年份");
                continue;
            }
            foreach (var (value, column) in new[] { (licensing, "行政许可"), (penalties, "行政处罚"), (enforcement, "行政强制") })
            {
                if (value is { } v && v != decimal.Truncate(v))
                {
                    errors.Add($"第{line}行“{column}”：决定数量应为整数");
                }
            }
            if (fees is { } f && decimal.Round(f, 4) != f)
            {
                errors.Add($"第{line}行“行政事业性收费（万元）”：最多保留四位小数");
            }
            if (year is { } yy && parsed.Any(p => p.Year == (int)yy))
            {
                errors.Add($"第{line}行“年度”：{yy}年重复");
            }
            if (year is not null && licensing is not null && penalties is not null && enforcement is not null && fees is not null)
            {
                parsed.Add(((int)year.Value, (long)licensing.Value, (long)penalties.Value, (long)enforcement.Value, fees.Value));
            }
        }
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        foreach (var p in parsed)
        {
            if ((await FiguresVerdictAsync(actor, p.Year, p.Licensing, p.Penalties, p.Enforcement, p.Fees, ct)).Refusal is { } locked)
            {
                errors.Add($"{p.Year}年：{locked}");
            }
        }
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        foreach (var p in parsed)
        {
            if (await SaveFiguresAsync(actor, p.Year, p.Licensing, p.Penalties, p.Enforcement, p.Fees, ct) is { } error)
            {
                return (parsed.Where(x => x.Year < p.Year).Select(x => x.Year).ToList(), [$"{p.Year}年：{error}"]);
            }
        }
        return (parsed.Select(p => p.Year).ToList(), []);
    }

    /// <summary>Registers a reconsideration or a lawsuit brought without one; returns its id, or a Chinese error.</summary>
    public async Task<(Guid? Id, string? Error)> FileProceedingAsync(Actor actor, ProceedingKind kind, Guid? caseId, string? body, DateOnly filedOn, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return (null, why);
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, kind == ProceedingKind.Reconsideration ? "请填写行政复议机关" : "请填写受理的人民法院");
        }
        if (caseId is { } id && !await db.Cases.AnyAsync(c => c.Id == id && c.AgencyId == actor.AgencyId, ct))
        {
            return (null, "找不到本机关的该申请");
        }
        ReviewProceeding p;
        try
        {
            p = ReviewProceeding.File(kind, caseId, body.Trim(), filedOn);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
        var verdict = PublishedYearLock.CheckProceeding(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), null, p, $"登记该{Table4Statistics.Row(kind)}");
        if (!verdict.Allowed)
        {
            return (null, verdict.Refusal);
        }
        await WriteAsync(actor, "review-proceeding", p.Id.ToString(), "FileProceeding", $"登记{Table4Statistics.Row(kind)}（{p.Body}，{filedOn:yyyy-MM-dd}）{verdict.AuditNote}",
            () => db.ReviewProceedings.Add(ReviewProceedingRecord.From(p, actor.AgencyId)), ct);
        return (p.Id, null);
    }

    public async Task<string?> DecideAsync(Actor actor, Guid id, ProceedingResult result, DateOnly on, CancellationToken ct = default) =>
        await ChangeProceedingAsync(actor, id, "DecideProceeding", p => p.Decide(result, on), p => $"{Table4Statistics.Row(p.Kind)}审结：{result.Label()}", ct);

    /// <summary>A lawsuit after a decided reconsideration, linked to it rather than typed again.</summary>
    public async Task<(Guid? Id, string? Error)> SueAfterAsync(Actor actor, Guid reconsiderationId, string? court, DateOnly filedOn, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return (null, why);
        }
        var record = await db.ReviewProceedings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reconsiderationId && r.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return (null, "找不到该行政复议");
        }
        if (string.IsNullOrWhiteSpace(court))
        {
            return (null, "请填写受理的人民法院");
        }
        ReviewProceeding lawsuit;
        try
        {
            lawsuit = record.ToDomain().SueAfter(court.Trim(), filedOn);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return (null, e.Message);
        }
        var verdict = PublishedYearLock.CheckProceeding(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), null, lawsuit, "登记该行政诉讼");
        if (!verdict.Allowed)
        {
            return (null, verdict.Refusal);
        }
        await WriteAsync(actor, "review-proceeding", lawsuit.Id.ToString(), "FileProceeding", $"登记复议后起诉（{lawsuit.Body}，{filedOn:yyyy-MM-dd}）{verdict.AuditNote}",
            () => db.ReviewProceedings.Add(ReviewProceedingRecord.From(lawsuit, actor.AgencyId)), ct);
        return (lawsuit.Id, null);
    }

    /// <summary>
    /// The report for an agency and year: tables 二, 三 and 四 from the data, the sections as given, checked. A
    /// people's government's tables are the sum of its own and its departments' (条例 第四十九条第二款).
    /// </summary>
    public async Task<ComposedReport> ComposeAsync(int agencyId, int year, IReadOnlyDictionary<string, string> sections, CancellationToken ct = default)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var own = await AgencyReportData.TablesAsync(db, agencyId, year, ct);
        var draft = new ReportDraft(agency.Name, year, sections);
        return agency.Kind == Gongkai.Cases.Agencies.AgencyKind.Government
            ? ReportComposer.Compose(draft, await combiner.CombineAsync(agencyId, year, own, ct: ct), clock)
            : ReportComposer.Compose(draft, own.Proactive, own.Applications, own.Review, clock);
    }

    /// <summary>The agency's own channel totals and 信息处理费 for the year, for the drafts (no table counting).</summary>
    public Task<DraftFacts> DraftFactsAsync(int agencyId, int year, CancellationToken ct = default) => AgencyReportData.DraftFactsAsync(db, agencyId, year, ct);

    /// <summary>The channels the agency counts its proactive disclosures by, one a line (管理员 only).</summary>
    public async Task<string?> SaveChannelsAsync(Actor actor, string? text, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return $"只有管理员可以设置发布渠道，您的角色是：{actor.RoleNames}";
        }
        var names = (text ?? "").Split('\n').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (names.Count == 0)
        {
            return "请至少填写一个发布渠道";
        }
        if (names.FirstOrDefault(n => n.Length > 40) is { } tooLong)
        {
            return $"渠道名称不能超过40个字：“{tooLong[..20]}……”";
        }
        var agency = await db.Agencies.SingleAsync(a => a.Id == actor.AgencyId, ct);
        await WriteAsync(actor, "agency", actor.AgencyId.ToString(CultureInfo.InvariantCulture), "SetDisclosureChannels", $"主动公开发布渠道：{string.Join("、", names)}",
            () => agency.ConfigureDisclosureChannels(names), ct);
        return null;
    }

    /// <summary>Registers one item published through a channel on a day.</summary>
    public Task<string?> AddProactiveItemAsync(Actor actor, string? channel, DateOnly? on, string? title, CancellationToken ct = default) =>
        AddProactiveEntryAsync(actor, channel, () => on is { } day ? ProactiveEntry.Item(channel!.Trim(), day, (title ?? "").Trim()) : throw new ArgumentException("请填写发布日期"), ct);

    /// <summary>Registers how many items a channel carried over a period (for agencies that keep tallies).</summary>
    public Task<string?> AddProactiveTallyAsync(Actor actor, string? channel, DateOnly? from, DateOnly? to, long? count, CancellationToken ct = default) =>
        AddProactiveEntryAsync(actor, channel, () => from is { } f && to is { } t && count is { } n
            ? ProactiveEntry.Tally(channel!.Trim(), f, t, n)
            : throw new ArgumentException("请填写统计期间的开始日期、结束日期和条数"), ct);

    private async Task<string?> AddProactiveEntryAsync(Actor actor, string? channel, Func<ProactiveEntry> make, CancellationToken ct)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        var channels = await ChannelsAsync(actor.AgencyId, ct);
        if (string.IsNullOrWhiteSpace(channel) || !channels.Contains(channel.Trim()))
        {
            return $"请选择本机关设置的发布渠道（{string.Join("、", channels)}）";
        }
        ProactiveEntry entry;
        try
        {
            entry = make();
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        if (entry.Title?.Length > 300)
        {
            return "信息标题不能超过300字";
        }
        var record = ProactiveEntryRecord.From(entry, actor.AgencyId);
        await WriteAsync(actor, "proactive-entry", record.Id.ToString(), "AddProactiveEntry",
            entry.Title is { } t ? $"登记{entry.Channel}主动公开“{t}”（{entry.From:yyyy-MM-dd}）" : $"登记{entry.Channel}{entry.From:yyyy-MM-dd}至{entry.To:yyyy-MM-dd}主动公开{entry.Count}条",
            () => db.ProactiveEntries.Add(record), ct);
        return null;
    }

    /// <summary>The columns of the 主动公开 workbook; 信息标题 is filled for a single item and left empty for a count.</summary>
    public static readonly string[] ProactiveColumns = ["发布渠道", "开始日期", "结束日期", "条数", "信息标题"];

    /// <summary>
    /// Imports 主动公开 entries from an Excel workbook: a row with a title is one item published on its 开始日期,
    /// a row without is a count over 开始日期–结束日期. Every bad cell is reported with its row and column; if
    /// any row is bad nothing is saved. Returns how many entries were saved, or the errors.
    /// </summary>
    public async Task<(int Saved, IReadOnlyList<string> Errors)> ImportProactiveAsync(Actor actor, Stream workbook, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return (0, [why]);
        }
        var (rows, unreadable) = ExcelWorkbook.Read(workbook, ProactiveColumns.SkipLast(1).ToArray());
        if (unreadable is not null)
        {
            return (0, [unreadable]);
        }
        var channels = await ChannelsAsync(actor.AgencyId, ct);
        var errors = new List<string>();
        var entries = new List<ProactiveEntry>();
        foreach (var row in rows)
        {
            var bad = errors.Count;
            var channel = row.Text("发布渠道");
            if (!channels.Contains(channel))
            {
                errors.Add($"第{row.Line}行“发布渠道”：{(channel.Length == 0 ? "未填写" : $"“{channel}”不是本机关设置的渠道")}（应为{string.Join("、", channels)}之一）");
            }
            var from = ExcelWorkbook.Date(row, "开始日期");
            if (from is null)
            {
                errors.Add($"第{row.Line}行“开始日期”：{(row.Text("开始日期").Length == 0 ? "未填写" : $"“{row.Text("开始日期")}”不是日期")}（如2024-03-01）");
            }
            var title = row.Text("信息标题");
            var to = row.Text("结束日期").Length == 0 && title.Length > 0 ? from : ExcelWorkbook.Date(row, "结束日期");
            if (to is null)
            {
                errors.Add($"第{row.Line}行“结束日期”：{(row.Text("结束日期").Length == 0 ? "未填写" : $"“{row.Text("结束日期")}”不是日期")}（逐条登记的可不填）");
            }
            long count = 1;
            var countText = row.Text("条数");
            if (title.Length == 0 || countText.Length > 0)
            {
                if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count))
                {
                    errors.Add($"第{row.Line}行“条数”：{(countText.Length == 0 ? "未填写" : $"“{countText}”不是非负整数")}");
                }
                else if (title.Length > 0 && count != 1)
                {
                    errors.Add($"第{row.Line}行“条数”：填写了信息标题的行是一条信息，条数应为1或不填");
                }
            }
            if (title.Length > 300)
            {
                errors.Add($"第{row.Line}行“信息标题”：不能超过300字");
            }
            if (errors.Count > bad)
            {
                continue;
            }
            try
            {
                entries.Add(title.Length > 0 && to == from ? ProactiveEntry.Item(channel, from!.Value, title) : title.Length > 0
                    ? throw new ArgumentException("填写了信息标题的行是一条信息，结束日期应与开始日期相同或不填")
                    : ProactiveEntry.Tally(channel, from!.Value, to!.Value, count));
            }
            catch (ArgumentException e)
            {
                errors.Add($"第{row.Line}行：{e.Message}");
            }
        }
        if (errors.Count > 0)
        {
            return (0, errors);
        }
        var records = entries.Select(e => ProactiveEntryRecord.From(e, actor.AgencyId)).ToList();
        await WriteAsync(actor, "proactive-entry", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/import"), "ImportProactiveEntries",
            $"从 Excel 导入主动公开登记{records.Count}条（共{entries.Sum(e => e.Count)}条信息）", () => db.ProactiveEntries.AddRange(records), ct);
        return (records.Count, []);
    }

    /// <summary>Removes an entry registered by mistake; the audit trail keeps what it was.</summary>
    public async Task<string?> RemoveProactiveEntryAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        var record = await db.ProactiveEntries.SingleOrDefaultAsync(e => e.Id == id && e.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return "找不到该登记";
        }
        await WriteAsync(actor, "proactive-entry", id.ToString(), "RemoveProactiveEntry",
            $"删除{record.Channel}主动公开登记（{(record.Title is { } t ? $"“{t}”，{record.FromOn:yyyy-MM-dd}" : $"{record.FromOn:yyyy-MM-dd}至{record.ToOn:yyyy-MM-dd}共{record.Count}条")}）",
            () => db.ProactiveEntries.Remove(record), ct);
        return null;
    }

    public async Task<IReadOnlyList<ProactiveEntryRecord>> ProactiveEntriesAsync(int agencyId, int year, CancellationToken ct = default)
    {
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return await db.ProactiveEntries.AsNoTracking().Where(e => e.AgencyId == agencyId && e.FromOn >= start && e.FromOn <= end)
            .OrderByDescending(e => e.FromOn).ThenBy(e => e.Channel).Take(500).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> ChannelsAsync(int agencyId, CancellationToken ct = default) =>
        await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.DisclosureChannels).SingleAsync(ct);

    public async Task<IReadOnlyList<RegulatoryDocumentRecord>> DocumentsAsync(int agencyId, CancellationToken ct = default) =>
        await db.RegulatoryDocuments.AsNoTracking().Where(d => d.AgencyId == agencyId).OrderByDescending(d => d.IssuedOn).ToListAsync(ct);

    public async Task<AdministrativeFiguresRecord?> FiguresAsync(int agencyId, int year, CancellationToken ct = default) =>
        await db.AdministrativeFigures.AsNoTracking().SingleOrDefaultAsync(f => f.AgencyId == agencyId && f.Year == year, ct);

    public async Task<IReadOnlyList<ReviewProceedingRecord>> ProceedingsAsync(int agencyId, CancellationToken ct = default) =>
        await db.ReviewProceedings.AsNoTracking().Where(r => r.AgencyId == agencyId).OrderByDescending(r => r.FiledOn).ToListAsync(ct);

    /// <summary>The sections as last saved for a year, and last year's, to write beside.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Sections, IReadOnlyDictionary<string, string> LastYear, AnnualReportRecord? Record)> DraftAsync(
        int agencyId, int year, CancellationToken ct = default)
    {
        var records = await db.AnnualReports.AsNoTracking().Where(r => r.AgencyId == agencyId && (r.Year == year || r.Year == year - 1)).ToListAsync(ct);
        var current = records.SingleOrDefault(r => r.Year == year);
        return (Sections(current), Sections(records.SingleOrDefault(r => r.Year == year - 1)), current);
    }

    public async Task<string?> SaveDraftAsync(Actor actor, int year, IReadOnlyDictionary<string, string> sections, CancellationToken ct = default)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        if (sections.Keys.Any(k => ReportSchemaSections.All(s => s != k)))
        {
            return "只能填写一至六部分";
        }
        if (sections.Values.Any(v => v?.Length > MaxSectionChars))
        {
            return $"每一部分不能超过{MaxSectionChars}个字";
        }
        await WriteAsync(actor, "annual-report", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "SaveReportDraft", $"保存{year}年年度报告草稿",
            async () =>
            {
                var record = await RecordAsync(actor.AgencyId, year, ct);
                record.SectionsJson = System.Text.Json.JsonSerializer.Serialize(sections.Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => s.Value.Trim()), JsonOptions);
                record.UpdatedAt = clock.GetUtcNow();
                record.UpdatedBy = actor.DisplayName;
            }, ct);
        return null;
    }

    /// <summary>
    /// The check gate: composes the saved draft, refuses while the checker finds an error, and while it finds
    /// warnings unless <paramref name="confirmWarnings"/>; for a people's government, while a department's report is
    /// signed by another agency or a department is counted twice, unless <paramref name="integrityReason"/> explains
    /// it. Then keeps the report as published (Markdown and HTML, and as an edition of the year) and records who
    /// published it, when, and what they confirmed. A year already published is locked: it is published again only
    /// as a 更正版 under an open 更正, which keeps the original edition beside it and closes the 更正.
    /// </summary>
    public async Task<(ComposedReport Composed, string? Error)> PublishAsync(Actor actor, int year, bool confirmWarnings, CancellationToken ct = default,
        string? integrityReason = null)
    {
        var (sections, _, existing) = await DraftAsync(actor.AgencyId, year, ct);
        var composed = await ComposeAsync(actor.AgencyId, year, sections, ct);
        if (!actor.Has(StaffRole.Administrator))
        {
            return (composed, $"只有管理员可以发布年度报告，您的角色是：{actor.RoleNames}");
        }
        var correction = await db.ReportCorrections.AsNoTracking().SingleOrDefaultAsync(c => c.AgencyId == actor.AgencyId && c.Year == year && c.ClosedAt == null, ct);
        if (existing?.PublishedAt is { } publishedBefore && correction is null)
        {
            return (composed, $"{year}年年度报告已于{publishedBefore.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}发布，不能再次发布；如需更正，请先登记更正并说明理由，再发布更正版");
        }
        if (composed.HasErrors)
        {
            return (composed, $"检查发现{composed.Findings.Count(f => f.Rule.Severity == Gongkai.Reports.Checking.Severity.Error)}个错误，改正后才能发布");
        }
        if (composed.Warnings.Count > 0 && !confirmWarnings)
        {
            return (composed, $"检查发现{composed.Warnings.Count}个警告，请逐条核实并勾选“已核实警告”后再发布");
        }
        var integrity = composed.Combined?.IntegrityIssues ?? [];
        if (integrity.Count > 0 && string.IsNullOrWhiteSpace(integrityReason))
        {
            return (composed, $"部门年度报告有{integrity.Count}处需要核实，说明理由后才能发布：{string.Join("；", integrity)}");
        }
        var confirmed = string.Join("\n", composed.Warnings.Select(w => $"{w.Rule.Id}：{w.Message}"));
        var integrityNote = integrity.Count == 0 ? null : $"{string.Join("；", integrity)}。核实说明：{integrityReason!.Trim()}";
        var now = clock.GetUtcNow();
        var edition = correction is null ? "" : "更正版";
        await WriteAsync(actor, "annual-report", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "PublishReport",
            $"发布{year}年年度报告{edition}" + (correction is null ? "" : $"（更正理由：{correction.Reason}）")
                + (composed.Warnings.Count == 0 ? "" : $"，确认{composed.Warnings.Count}个警告：{confirmed}")
                + (integrityNote is null ? "" : $"，部门报告核实：{integrityNote}"),
            async () =>
            {
                var record = await RecordAsync(actor.AgencyId, year, ct);
                var editions = await db.ReportEditions.Where(e => e.AgencyId == actor.AgencyId && e.Year == year).CountAsync(ct);
                if (editions == 0 && record.PublishedAt is { } originalAt)
                {
                    // Published before editions were kept: the original becomes edition 1, unchanged.
                    db.ReportEditions.Add(new ReportEditionRecord
                    {
                        AgencyId = actor.AgencyId, Year = year, Edition = 1, PublishedAt = originalAt, PublishedBy = record.PublishedBy ?? "",
                        Markdown = record.PublishedMarkdown ?? "", Html = record.PublishedHtml ?? "",
                    });
                    editions = 1;
                }
                record.PublishedAt = now;
                record.PublishedBy = actor.DisplayName;
                record.PublishedMarkdown = Gongkai.Reports.Writing.MarkdownWriter.Write(composed.Report);
                // The public page carries its publication date (条例 第四十九条 deadlines are judged by it), and a 更正版 says so and why.
                var date = now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
                var note = correction is null ? "" : $"<p class=\"correction\" style=\"text-align:right\">更正版。更正理由：{System.Net.WebUtility.HtmlEncode(correction.Reason)}；此前发布的版本保留在年度报告栏目中。</p>\n";
                record.PublishedHtml = Gongkai.Reports.Writing.HtmlWriter.Write(composed.Report)
                    .Replace("</body>", $"{note}<p class=\"published\" style=\"text-align:right\">发布日期：{date}</p>\n</body>", StringComparison.Ordinal);
                record.ConfirmedWarnings = confirmed.Length == 0 ? null : confirmed;
                record.IntegrityConfirmation = integrityNote;
                db.ReportEditions.Add(new ReportEditionRecord
                {
                    AgencyId = actor.AgencyId, Year = year, Edition = editions + 1, PublishedAt = now, PublishedBy = actor.DisplayName,
                    Markdown = record.PublishedMarkdown, Html = record.PublishedHtml, CorrectionReason = correction?.Reason,
                });
                if (correction is not null)
                {
                    var open = await db.ReportCorrections.SingleAsync(c => c.Id == correction.Id, ct);
                    open.ClosedAt = now;
                    open.Edition = editions + 1;
                }
            }, ct);
        // A publication is a moment the audit trail must be provable at later: its head is signed outside the database.
        await checkpoints.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"publish {actor.AgencyId}/{year}{(correction is null ? "" : " correction")}"), ct);
        return (composed, null);
    }

    /// <summary>Every published report, newest year first, for the public archive.</summary>
    public async Task<IReadOnlyList<(int AgencyId, string Agency, int Year, DateTimeOffset PublishedAt)>> PublishedAsync(CancellationToken ct = default)
    {
        var rows = await db.AnnualReports.AsNoTracking().Where(r => r.PublishedAt != null)
            .Join(db.Agencies.AsNoTracking(), r => r.AgencyId, a => a.Id, (r, a) => new { r.AgencyId, a.Name, r.Year, r.PublishedAt })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Year).ThenBy(r => r.AgencyId).Select(r => (r.AgencyId, r.Name, r.Year, r.PublishedAt!.Value)).ToList();
    }

    public async Task<AnnualReportRecord?> PublishedAsync(int agencyId, int year, CancellationToken ct = default) =>
        await db.AnnualReports.AsNoTracking().SingleOrDefaultAsync(r => r.AgencyId == agencyId && r.Year == year && r.PublishedAt != null, ct);

    /// <summary>
    /// The dashboard's reminder for last year's report: its deadline — 31 January for a government department,
    /// 31 March for a people's government (条例 第四十九条) — whether it is published, and what is still missing,
    /// for a government including the departments whose reports are missing or not counted.
    /// </summary>
    public async Task<ReportReminder> ReminderAsync(int agencyId, DateOnly today, CancellationToken ct = default)
    {
        var year = today.Year - 1;
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var due = agency.ReportDueOn(year);
        var (sections, _, record) = await DraftAsync(agencyId, year, ct);
        if (record?.PublishedAt is { } published)
        {
            return new ReportReminder(year, due, published, []);
        }
        var missing = new List<string>();
        if (await FiguresAsync(agencyId, year, ct) is null)
        {
            missing.Add($"{year}年行政许可、行政处罚、行政强制决定数量和行政事业性收费");
        }
        var empty = Gongkai.Reports.Schema.ReportSchema.Format2021.Sections.Where(s => string.IsNullOrWhiteSpace(sections.GetValueOrDefault(s.Key))).Select(s => s.Heading).ToList();
        if (empty.Count > 0)
        {
            missing.Add("正文：" + string.Join("、", empty));
        }
        var composed = await ComposeAsync(agencyId, year, sections, ct);
        if (composed.Combined?.NeedingAttention is { Count: > 0 } departments)
        {
            missing.Add("部门年度报告：" + string.Join("；", departments.Select(d => $"{d.Department}（{d.Remark}）")));
        }
        var errors = composed.Findings.Count(f => f.Rule.Severity == Gongkai.Reports.Checking.Severity.Error);
        if (errors > 0)
        {
            missing.Add($"检查发现{errors}个错误");
        }
        return new ReportReminder(year, due, null, missing);
    }

    public const int MaxSectionChars = 30_000;

    private static readonly string[] ReportSchemaSections = Gongkai.Reports.Schema.ReportSchema.Format2021.Sections.Select(s => s.Key).ToArray();

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The sections saved in a report record (empty when none).</summary>
    private static IReadOnlyDictionary<string, string> Sections(AnnualReportRecord? record) => Sections(record?.SectionsJson);

    /// <summary>The sections from a record's <see cref="AnnualReportRecord.SectionsJson"/> (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Sections(string? sectionsJson) =>
        sectionsJson is null ? new Dictionary<string, string>() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(sectionsJson) ?? [];

    private async Task<AnnualReportRecord> RecordAsync(int agencyId, int year, CancellationToken ct)
    {
        var record = await db.AnnualReports.FindAsync([agencyId, year], ct);
        if (record is null)
        {
            record = new AnnualReportRecord { AgencyId = agencyId, Year = year };
            db.AnnualReports.Add(record);
        }
        return record;
    }

    private async Task<string?> ChangeProceedingAsync(Actor actor, Guid id, string action, Func<ReviewProceeding, ReviewProceeding> change,
        Func<ReviewProceeding, string> summary, CancellationToken ct)
    {
        if (Refused(actor) is { } why)
        {
            return why;
        }
        var record = await db.ReviewProceedings.SingleOrDefaultAsync(r => r.Id == id && r.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return "找不到该行政复议或行政诉讼";
        }
        ReviewProceeding changed;
        try
        {
            changed = change(record.ToDomain());
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        var verdict = PublishedYearLock.CheckProceeding(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), record.ToDomain(), changed, "该操作");
        if (!verdict.Allowed)
        {
            return verdict.Refusal;
        }
        await WriteAsync(actor, "review-proceeding", id.ToString(), action, summary(changed) + verdict.AuditNote, () => record.Apply(changed), ct);
        return null;
    }

    private static string? Refused(Actor actor) =>
        actor.Has(StaffRole.Administrator) || actor.Has(StaffRole.Handler) ? null : $"只有管理员或承办人可以维护年度报告的登记数据，您的角色是：{actor.RoleNames}";

    private Task WriteAsync(Actor actor, string entityType, string entityId, string action, string summary, Action change, CancellationToken ct) =>
        WriteAsync(actor, entityType, entityId, action, summary, () =>
        {
            change();
            return Task.CompletedTask;
        }, ct);

    private async Task WriteAsync(Actor actor, string entityType, string entityId, string action, string summary, Func<Task> change, CancellationToken ct)
    {
        await AuditChain.WriteAsync(db, async () =>
        {
            await change();
            return AuditEntry.By(actor, entityType, entityId, action, summary, after: summary);
        }, clock, ct);
        cache.Remove(ReminderKey(actor.AgencyId));
    }
}
