using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Reporting;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// The registers behind table 二 (主动公开政府信息情况) that no case produces: the agency's regulatory documents (规章、
/// 行政规范性文件, 制发/废止/现行有效) and its year's 行政许可、行政处罚、行政强制 decisions and 行政事业性收费, typed or
/// imported from Excel. Every change is audited and checked against published years (<see cref="PublishedYearLock"/>).
/// </summary>
public sealed class Table2Registers(GongkaiDbContext db, PublishedYears publishedYears, ReportRegisterWrites writes)
{
    public async Task<string?> AddDocumentAsync(Actor actor, RegulatoryDocumentKind kind, string? title, string? number, DateOnly? issuedOn, DateOnly? abolishedOn, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
        {
            return why;
        }
        if (DocumentProblem(title, issuedOn, abolishedOn) is { } problem)
        {
            return problem;
        }
        var issued = issuedOn!.Value;
        var record = new RegulatoryDocumentRecord
        {
            AgencyId = actor.AgencyId, Kind = kind, Title = title!.Trim(), DocumentNumber = string.IsNullOrWhiteSpace(number) ? null : number.Trim(),
            IssuedOn = issued, AbolishedOn = abolishedOn,
        };
        var verdict = PublishedYearLock.CheckDocument(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), null, record.ToDomain(), "登记该文件");
        if (!verdict.Allowed)
        {
            return verdict.Refusal;
        }
        await writes.WriteAsync(actor, "regulatory-document", record.Id.ToString(), "AddDocument",
            $"登记{(kind == RegulatoryDocumentKind.Rule ? "规章" : "行政规范性文件")}“{record.Title}”（{issued:yyyy-MM-dd}印发{(abolishedOn is { } a ? $"，{a:yyyy-MM-dd}废止" : "")}）{verdict.AuditNote}",
            () => db.RegulatoryDocuments.Add(record), ct);
        return null;
    }

    private static string? DocumentProblem(string? title, DateOnly? issuedOn, DateOnly? abolishedOn)
    {
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
        return null;
    }

    private static string KindLabel(RegulatoryDocumentKind kind) => kind == RegulatoryDocumentKind.Rule ? "规章" : "行政规范性文件";

    /// <summary>
    /// Corrects a registered document (kind, title, 文号, dates). Table 二 counts it from its dates, so a change that would
    /// move a published year's 本年制发, 本年废止 or 现行有效 is refused unless that year is under 更正 (条例 第四十九条).
    /// </summary>
    public async Task<string?> UpdateDocumentAsync(Actor actor, Guid id, RegulatoryDocumentKind kind, string? title, string? number, DateOnly? issuedOn, DateOnly? abolishedOn, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
        {
            return why;
        }
        if (DocumentProblem(title, issuedOn, abolishedOn) is { } problem)
        {
            return problem;
        }
        return await ChangeDocumentAsync(actor, id, "UpdateDocument", "修改该文件", record =>
            (kind, title!.Trim(), string.IsNullOrWhiteSpace(number) ? null : number.Trim(), issuedOn!.Value, abolishedOn), ct);
    }

    /// <summary>
    /// Abolishes a regulatory document on <paramref name="abolishedOn"/>: from that year it counts as 本年废止 and no longer
    /// as 现行有效 (table 二). A document already abolished keeps its date; a different date is a correction (修改).
    /// </summary>
    public async Task<string?> AbolishDocumentAsync(Actor actor, Guid id, DateOnly? abolishedOn, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
        {
            return why;
        }
        if (abolishedOn is not { } on)
        {
            return "请填写废止日期";
        }
        var current = await db.RegulatoryDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.AgencyId == actor.AgencyId, ct);
        if (current is null)
        {
            return "找不到该文件";
        }
        if (current.AbolishedOn is { } already)
        {
            return $"“{current.Title}”已于{already:yyyy-MM-dd}废止；如废止日期有误，请修改该文件";
        }
        if (on < current.IssuedOn)
        {
            return $"废止日期{on:yyyy-MM-dd}早于印发日期{current.IssuedOn:yyyy-MM-dd}";
        }
        return await ChangeDocumentAsync(actor, id, "AbolishDocument", "废止该文件", record =>
            (record.Kind, record.Title, record.DocumentNumber, record.IssuedOn, on), ct);
    }

    private async Task<string?> ChangeDocumentAsync(Actor actor, Guid id, string action, string what,
        Func<RegulatoryDocumentRecord, (RegulatoryDocumentKind Kind, string Title, string? Number, DateOnly IssuedOn, DateOnly? AbolishedOn)> change, CancellationToken ct)
    {
        var record = await db.RegulatoryDocuments.SingleOrDefaultAsync(d => d.Id == id && d.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return "找不到该文件";
        }
        var before = Snapshot(record);
        var (kind, title, number, issued, abolished) = change(record);
        var after = Snapshot(new RegulatoryDocumentRecord { Kind = kind, Title = title, DocumentNumber = number, IssuedOn = issued, AbolishedOn = abolished });
        if (before == after)
        {
            return "内容没有变化，无需保存";
        }
        var verdict = PublishedYearLock.CheckDocument(await publishedYears.ForAgencyAsync(actor.AgencyId, ct), record.ToDomain(),
            new RegulatoryDocument(kind, title, issued, abolished), what);
        if (!verdict.Allowed)
        {
            return verdict.Refusal;
        }
        var summary = action == "AbolishDocument"
            ? $"废止{KindLabel(kind)}“{title}”（{abolished:yyyy-MM-dd}废止）{verdict.AuditNote}"
            : $"修改{KindLabel(record.Kind)}“{record.Title}”：{string.Join("；", Differences(before, after))}{verdict.AuditNote}";
        await writes.EditAsync(actor, "regulatory-document", id.ToString(), action, summary, before, after,
            () => (record.Kind, record.Title, record.DocumentNumber, record.IssuedOn, record.AbolishedOn) = (kind, title, number, issued, abolished), ct);
        return null;
    }

    /// <summary>A document's fields as the audit trail keeps them.</summary>
    private sealed record DocumentSnapshot(string Kind, string Title, string? Number, string IssuedOn, string? AbolishedOn);

    private static DocumentSnapshot Snapshot(RegulatoryDocumentRecord d) => new(KindLabel(d.Kind), d.Title, d.DocumentNumber,
        d.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.AbolishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static IEnumerable<string> Differences(DocumentSnapshot a, DocumentSnapshot b)
    {
        foreach (var (name, x, y) in new[] { ("类别", a.Kind, b.Kind), ("标题", a.Title, b.Title), ("文号", a.Number, b.Number), ("印发日期", a.IssuedOn, b.IssuedOn), ("废止日期", a.AbolishedOn, b.AbolishedOn) })
        {
            if (x != y)
            {
                yield return $"{name}由“{x ?? "空"}”改为“{y ?? "空"}”";
            }
        }
    }

    public async Task<string?> SaveFiguresAsync(Actor actor, int year, long licensing, long penalties, long enforcement, decimal feesTenThousandYuan, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
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
        await writes.WriteAsync(actor, "administrative-figures", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/{year}"), "SaveFigures",
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
        if (ReportRegisterWrites.Refused(actor) is { } why)
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

    public async Task<IReadOnlyList<RegulatoryDocumentRecord>> DocumentsAsync(int agencyId, CancellationToken ct = default) =>
        await db.RegulatoryDocuments.AsNoTracking().Where(d => d.AgencyId == agencyId).OrderByDescending(d => d.IssuedOn).ToListAsync(ct);

    public async Task<AdministrativeFiguresRecord?> FiguresAsync(int agencyId, int year, CancellationToken ct = default) =>
        await db.AdministrativeFigures.AsNoTracking().SingleOrDefaultAsync(f => f.AgencyId == agencyId && f.Year == year, ct);
}
