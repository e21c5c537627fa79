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

    public int PageCount => Math.Max(1, (Result.Total + CaseSearch.PageSize - 1) / CaseSearch.PageSize);
}
