using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Data.Reporting;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// What the agency published proactively, by channel (门户网站、政务微博、政务微信…): single items or counts over a period,
/// typed or imported from Excel, for 一（一）主动公开 of the report's overview. Every change is audited.
/// </summary>
public sealed class ProactiveRegister(GongkaiDbContext db, ReportRegisterWrites writes)
{
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
        await writes.WriteAsync(actor, "agency", actor.AgencyId.ToString(CultureInfo.InvariantCulture), "SetDisclosureChannels", $"主动公开发布渠道：{string.Join("、", names)}",
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
        if (ReportRegisterWrites.Refused(actor) is { } why)
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
        await writes.WriteAsync(actor, "proactive-entry", record.Id.ToString(), "AddProactiveEntry",
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
        if (ReportRegisterWrites.Refused(actor) is { } why)
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
        await writes.WriteAsync(actor, "proactive-entry", string.Create(CultureInfo.InvariantCulture, $"{actor.AgencyId}/import"), "ImportProactiveEntries",
            $"从 Excel 导入主动公开登记{records.Count}条（共{entries.Sum(e => e.Count)}条信息）", () => db.ProactiveEntries.AddRange(records), ct);
        return (records.Count, []);
    }

    /// <summary>
    /// Corrects an entry: an item (with its title, on one day) or a tally (a period and a count); the audit entry keeps
    /// it as it was and as it became. The 主动公开 register feeds only the narrative drafts, no statutory cell, so no
    /// published year is locked by it.
    /// </summary>
    public async Task<string?> UpdateProactiveEntryAsync(Actor actor, Guid id, string? channel, DateOnly? from, DateOnly? to, long? count, string? title, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
        {
            return why;
        }
        var record = await db.ProactiveEntries.SingleOrDefaultAsync(e => e.Id == id && e.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return "找不到该登记";
        }
        var channels = await ChannelsAsync(actor.AgencyId, ct);
        if (string.IsNullOrWhiteSpace(channel) || !channels.Contains(channel.Trim()))
        {
            return $"请选择本机关设置的发布渠道（{string.Join("、", channels)}）";
        }
        ProactiveEntry entry;
        try
        {
            entry = record.Title is not null
                ? from is { } day ? ProactiveEntry.Item(channel.Trim(), day, (title ?? "").Trim()) : throw new ArgumentException("请填写发布日期")
                : from is { } f && to is { } t && count is { } n ? ProactiveEntry.Tally(channel.Trim(), f, t, n) : throw new ArgumentException("请填写统计期间的开始日期、结束日期和条数");
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        if (entry.Title?.Length > 300)
        {
            return "信息标题不能超过300字";
        }
        var before = record.ToDomain();
        if (before == entry)
        {
            return "内容没有变化，无需保存";
        }
        await writes.EditAsync(actor, "proactive-entry", id.ToString(), "UpdateProactiveEntry", $"修改{before.Channel}主动公开登记（{Describe(before)} → {Describe(entry)}）",
            before, entry, () => (record.Channel, record.FromOn, record.ToOn, record.Count, record.Title) = (entry.Channel, entry.From, entry.To, entry.Count, entry.Title), ct);
        return null;

        static string Describe(ProactiveEntry e) => e.Title is { } t
            ? $"{e.Channel}“{t}”，{e.From:yyyy-MM-dd}"
            : $"{e.Channel}{e.From:yyyy-MM-dd}至{e.To:yyyy-MM-dd}共{e.Count}条";
    }

    /// <summary>Removes an entry registered by mistake; the audit trail keeps what it was.</summary>
    public async Task<string?> RemoveProactiveEntryAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (ReportRegisterWrites.Refused(actor) is { } why)
        {
            return why;
        }
        var record = await db.ProactiveEntries.SingleOrDefaultAsync(e => e.Id == id && e.AgencyId == actor.AgencyId, ct);
        if (record is null)
        {
            return "找不到该登记";
        }
        await writes.WriteAsync(actor, "proactive-entry", id.ToString(), "RemoveProactiveEntry",
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
}
