using Gongkai.Cases.Reporting;
using Gongkai.Data.Reporting;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>The registers behind tables 二 and 四: regulatory documents, a year's decisions and fees, reviews and lawsuits.</summary>
public sealed class RegistersModel(AnnualReportService reports, Table2Registers table2, ProactiveRegister proactive, ProceedingRegister proceedings, CurrentStaff staff, Calendar.CalendarService calendars) : StaffFormPage
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public IReadOnlyList<RegulatoryDocumentRecord> Documents { get; private set; } = [];

    public AdministrativeFiguresRecord? Figures { get; private set; }

    public IReadOnlyList<ReviewProceedingRecord> Proceedings { get; private set; } = [];

    public IReadOnlyList<string> Channels { get; private set; } = [];

    public IReadOnlyList<ChannelTotal> ChannelTotals { get; private set; } = [];

    public IReadOnlyList<ProactiveEntryRecord> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDocumentAsync(RegulatoryDocumentKind kind, string? title, string? number, DateOnly? issuedOn, DateOnly? abolishedOn, CancellationToken ct) =>
        await AfterAsync(await table2.AddDocumentAsync(staff.Actor, kind, title, number, issuedOn, abolishedOn, ct), "已登记文件", ct);

    public async Task<IActionResult> OnPostUpdateDocumentAsync(Guid id, RegulatoryDocumentKind kind, string? title, string? number, DateOnly? issuedOn, DateOnly? abolishedOn, CancellationToken ct) =>
        await AfterAsync(await table2.UpdateDocumentAsync(staff.Actor, id, kind, title, number, issuedOn, abolishedOn, ct), "已修改文件", ct);

    public async Task<IActionResult> OnPostAbolishDocumentAsync(Guid id, DateOnly? abolishedOn, CancellationToken ct) =>
        await AfterAsync(await table2.AbolishDocumentAsync(staff.Actor, id, abolishedOn, ct), "已登记废止", ct);

    public async Task<IActionResult> OnPostUpdateEntryAsync(Guid id, string? channel, DateOnly? from, DateOnly? to, long? count, string? title, CancellationToken ct) =>
        await AfterAsync(await proactive.UpdateProactiveEntryAsync(staff.Actor, id, channel, from, to, count, title, ct), "已修改该登记", ct);

    public async Task<IActionResult> OnPostEditProceedingAsync(Guid id, string? body, DateOnly? filedOn, CancellationToken ct) =>
        await AfterAsync(await proceedings.EditProceedingAsync(staff.Actor, id, body, filedOn, ct), "已修改该登记", ct);

    public async Task<IActionResult> OnPostChannelsAsync(string? channels, CancellationToken ct) =>
        await AfterAsync(await proactive.SaveChannelsAsync(staff.Actor, channels, ct), "发布渠道已保存", ct);

    public async Task<IActionResult> OnPostItemAsync(string? channel, DateOnly? publishedOn, string? title, CancellationToken ct) =>
        await AfterAsync(await proactive.AddProactiveItemAsync(staff.Actor, channel, publishedOn, title, ct), "已登记主动公开信息", ct);

    public async Task<IActionResult> OnPostTallyAsync(string? channel, DateOnly? from, DateOnly? to, long? count, CancellationToken ct) =>
        await AfterAsync(await proactive.AddProactiveTallyAsync(staff.Actor, channel, from, to, count, ct), "已登记统计数", ct);

    public async Task<IActionResult> OnPostRemoveEntryAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await proactive.RemoveProactiveEntryAsync(staff.Actor, id, ct), "已删除该登记", ct);

    public async Task<IActionResult> OnPostFiguresAsync(long? licensing, long? penalties, long? enforcement, decimal? fees, CancellationToken ct) =>
        await AfterAsync(licensing is null || penalties is null || enforcement is null || fees is null
            ? "请填写行政许可、行政处罚、行政强制决定数量和行政事业性收费金额（没有的填0）"
            : await table2.SaveFiguresAsync(staff.Actor, Year, licensing.Value, penalties.Value, enforcement.Value, fees.Value, ct), $"已保存{Year}年数据", ct);

    public IReadOnlyList<string> ImportErrors { get; private set; } = [];

    /// <summary>Figures for several years from an Excel workbook; bad rows are listed and nothing is saved.</summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? workbook, CancellationToken ct)
    {
        if (await BufferAsync(workbook, ct) is not { } buffer)
        {
            return await AfterAsync("请选择 Excel 文件（.xlsx）", "", ct);
        }
        var (years, errors) = await table2.ImportFiguresAsync(staff.Actor, buffer, ct);
        ImportErrors = errors;
        return await AfterAsync(errors.Count > 0 ? $"导入失败，{errors.Count}处错误，未保存任何数据" : null, $"已导入{string.Join("、", years)}年数据", ct);
    }

    public IReadOnlyList<string> ProactiveImportErrors { get; private set; } = [];

    /// <summary>主动公开 entries from an Excel workbook; bad rows are listed and nothing is saved.</summary>
    public async Task<IActionResult> OnPostImportProactiveAsync(IFormFile? workbook, CancellationToken ct)
    {
        if (await BufferAsync(workbook, ct) is not { } buffer)
        {
            return await AfterAsync("请选择 Excel 文件（.xlsx）", "", ct);
        }
        var (saved, errors) = await proactive.ImportProactiveAsync(staff.Actor, buffer, ct);
        ProactiveImportErrors = errors;
        return await AfterAsync(errors.Count > 0 ? $"导入失败，{errors.Count}处错误，未保存任何数据" : null, $"已导入主动公开登记{saved}条", ct);
    }

    private static async Task<MemoryStream?> BufferAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return null;
        }
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return buffer;
    }

    public async Task<IActionResult> OnPostFileAsync(ProceedingKind kind, string? body, DateOnly? filedOn, CancellationToken ct) =>
        await AfterAsync(filedOn is null ? "请填写受理日期" : (await proceedings.FileProceedingAsync(staff.Actor, kind, null, body, filedOn.Value, ct)).Error, "已登记", ct);

    public async Task<IActionResult> OnPostDecideAsync(Guid id, ProceedingResult result, DateOnly? decidedOn, CancellationToken ct) =>
        await AfterAsync(decidedOn is null ? "请填写审结日期" : await proceedings.DecideAsync(staff.Actor, id, result, decidedOn.Value, ct), "已登记审结结果", ct);

    public async Task<IActionResult> OnPostSueAsync(Guid id, string? court, DateOnly? filedOn, CancellationToken ct) =>
        await AfterAsync(filedOn is null ? "请填写起诉日期" : (await proceedings.SueAfterAsync(staff.Actor, id, court, filedOn.Value, ct)).Error, "已登记复议后起诉", ct);

    private Task<IActionResult> AfterAsync(string? error, string success, CancellationToken ct) => OutcomeAsync(error, success, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Year = Year is >= 2019 and <= 2100 ? Year : calendars.Today.Year - 1;
        Documents = await table2.DocumentsAsync(staff.Actor.AgencyId, ct);
        Figures = await table2.FiguresAsync(staff.Actor.AgencyId, Year, ct);
        Proceedings = await proceedings.ProceedingsAsync(staff.Actor.AgencyId, ct);
        Channels = await proactive.ChannelsAsync(staff.Actor.AgencyId, ct);
        Entries = await proactive.ProactiveEntriesAsync(staff.Actor.AgencyId, Year, ct);
        ChannelTotals = (await reports.DraftFactsAsync(staff.Actor.AgencyId, Year, ct)).Channels;
    }

    public static string KindLabel(ProceedingKind kind) => Table4Statistics.Row(kind);
}
