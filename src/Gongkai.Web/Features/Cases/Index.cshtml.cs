using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Gongkai.Web.Features.Cases;

/// <summary>申请列表: search, filters, sorting and paging; the same list as Excel (?handler=Export) or for printing (?Print=true).</summary>
public sealed class IndexModel(CaseSearch search, GongkaiDbContext db, CurrentStaff staff, Calendar.CalendarService calendars) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CaseFilter Filter { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public bool Print { get; set; }

    public CaseListPage Result { get; private set; } = new([], 0, false, 1, CaseSearch.PageSize);

    public IReadOnlyList<CaseListRow> Rows => Result.Rows;

    public IReadOnlyDictionary<int, string> AgencyNames { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyDictionary<string, string> HandlerNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>The own agency's staff, for the handler filter.</summary>
    public IReadOnlyList<(string Id, string Name)> Handlers { get; private set; } = [];

    public IReadOnlyList<string> Stages { get; private set; } = [];

    public const int PrintLimit = 2_000;

    /// <summary>Today in China, against which deadlines are marked overdue.</summary>
    public DateOnly Today => calendars.Today;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Print)
        {
            var all = await search.AllAsync(Filter, PrintLimit + 1, ct);
            Result = new CaseListPage(all.Take(PrintLimit).ToList(), all.Count, all.Count > PrintLimit, 1, PrintLimit);
        }
        else
        {
            Result = await search.PageAsync(Filter, ct);
        }
        await LoadNamesAsync(ct);
    }

    /// <summary>Exactly the cases the list shows for this filter and order (all pages), as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var rows = await search.AllAsync(Filter, CaseSearch.ExportLimit, ct);
        await LoadNamesAsync(ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["受理编号"] = r.TrackingNumber,
            ["机关"] = AgencyNames.GetValueOrDefault(r.AgencyId),
            ["申请人"] = r.ApplicantName,
            ["证件号码"] = r.MaskedIdNumber,
            ["申请内容"] = r.Request,
            ["状态"] = r.State.Label(),
            ["收到日期"] = Day(r.ReceivedOn),
            ["答复期限"] = r.DueOn is null && r.State != CaseState.AwaitingCorrection ? "" : r.DeadlineText,
            ["承办人"] = r.HandlerId is { } h ? HandlerNames.GetValueOrDefault(h, "") : "",
            ["办理结果"] = r.OutcomeRow ?? "",
            ["办结日期"] = r.ClosedOn is { } closed ? Day(closed) : "",
        }).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(new Dictionary<string, object?> { ["受理编号"] = "（没有符合条件的申请）" });
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, sheetName: "申请列表");
        return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"申请列表-{Today:yyyyMMdd}.xlsx");
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task LoadNamesAsync(CancellationToken ct)
    {
        var readable = (await staff.ReadableAgenciesAsync(ct)).ToArray();
        AgencyNames = await db.Agencies.AsNoTracking().Where(a => readable.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var users = await db.Users.AsNoTracking().Where(u => readable.Contains(u.AgencyId)).Select(u => new { u.Id, u.DisplayName, u.AgencyId }).ToListAsync(ct);
        HandlerNames = users.ToDictionary(u => u.Id, u => u.DisplayName);
        Handlers = users.Where(u => u.AgencyId == staff.Actor.AgencyId).OrderBy(u => u.DisplayName).Select(u => (u.Id, u.DisplayName)).ToList();
        Stages = (await staff.ChainOfAsync(staff.Actor.AgencyId, ct)).Stages.Select(s => s.Name).ToList();
    }

    /// <summary>The current filter as a query string with some values replaced (paging, sorting, export links).</summary>
    public string Link(string? handler = null, int? page = null, string? sort = null, bool? print = null)
    {
        var f = Filter;
        var values = new List<KeyValuePair<string, string?>>
        {
            new("Filter.Q", f.Q), new("Filter.State", f.State?.ToString()), new("Filter.Stage", f.Stage), new("Filter.Handler", f.Handler),
            new("Filter.From", f.From is { } from ? Day(from) : null), new("Filter.To", f.To is { } to ? Day(to) : null),
            new("Filter.Outcome", f.Outcome), new("Filter.Overdue", f.Overdue ? "true" : null),
            new("Filter.DueWithin", f.DueWithin?.ToString(CultureInfo.InvariantCulture)), new("Filter.Sort", sort ?? f.Sort),
            new("Filter.Page", page is { } p and > 1 ? p.ToString(CultureInfo.InvariantCulture) : null),
            new("handler", handler), new("Print", print == true ? "true" : null),
        };
        return "/Cases" + Microsoft.AspNetCore.Http.QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>
    /// The active filter and order in words, printed in the header of the print layout: a printed list must say
    /// which cases it holds, or a filtered print passes for the whole list.
    /// </summary>
    public IReadOnlyList<string> FilterSummary()
    {
        var f = Filter;
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            parts.Add($"查找“{f.Q.Trim()}”");
        }
        if (f.State is { } state)
        {
            parts.Add("状态：" + state.Label());
        }
        if (!string.IsNullOrWhiteSpace(f.Stage))
        {
            parts.Add("审核环节：" + f.Stage);
        }
        if (f.Handler == "none")
        {
            parts.Add("承办人：（未指定）");
        }
        else if (!string.IsNullOrWhiteSpace(f.Handler))
        {
            parts.Add("承办人：" + HandlerNames.GetValueOrDefault(f.Handler, f.Handler));
        }
        if (f.From is not null || f.To is not null)
        {
            parts.Add($"收到日期：{(f.From is { } from ? Day(from) : "不限")} 至 {(f.To is { } to ? Day(to) : "不限")}");
        }
        if (!string.IsNullOrWhiteSpace(f.Outcome))
        {
            var row = ApplicationCase.OutcomeRows.FirstOrDefault(r => r.Key == f.Outcome);
            parts.Add("办理结果：" + (row is null ? f.Outcome : $"{row.Key} {row.Text}"));
        }
        if (f.DueWithin is { } days and >= 0)
        {
            parts.Add(days == 0 ? "答复期限：今天到期及已超期" : $"答复期限：{days}个工作日内到期（含已超期）");
        }
        if (f.Overdue)
        {
            parts.Add("只看已超期");
        }
        parts.Add("排序：" + f.Sort switch
        {
            "received-asc" => "收到日期（早的在前）",
            "due" => "答复期限（近的在前）",
            "tracking" => "受理编号",
            "applicant" => "申请人",
            _ => "收到日期（新的在前）",
        });
        return parts;
    }

    public int PageCount => Math.Max(1, (Result.Total + CaseSearch.PageSize - 1) / CaseSearch.PageSize);
}
