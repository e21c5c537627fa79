using Gongkai.Cases.Cases;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Admin;

/// <summary>
/// 审计日志 (/Admin/Audit): administrators and supervisors read the audit trail of their agency and those below it,
/// filtered, newest first, 50 a page, or as Excel (?handler=Export with the same filters). Read-only: no form posts here.
/// </summary>
[Authorize(Roles = nameof(StaffRole.Administrator) + "," + nameof(StaffRole.Supervisor))]
public sealed class AuditModel(AuditLog log, CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "case")]
    public string? Case { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? AgencyId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>The page number (“page” is Razor Pages' own route value).</summary>
    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public AuditPage Result { get; private set; } = new([], 0, 1, AuditLog.PageSize);

    public string? Error { get; private set; }

    public IReadOnlyList<(int Id, string Name, int Depth)> Agencies { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> People { get; private set; } = [];

    public IReadOnlyList<(string Key, string Label)> Actions { get; private set; } = [];

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    private AuditFilter Filter => new(Person, ActionFilter, Case, AgencyId, From, To, PageNumber);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await log.PageAsync(staff.Actor, Filter, ct);
        if (result.IsOk)
        {
            Result = result.Value!;
        }
        else
        {
            Error = result.Message;
            Response.StatusCode = result.Kind == ResultKind.Forbidden ? 403 : 400;
        }
        (Agencies, People, Actions) = await log.ChoicesAsync(staff.Actor, ct);
    }

    /// <summary>Every entry the filters select (all pages), as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var result = await log.AllAsync(staff.Actor, Filter, ct);
        if (!result.IsOk)
        {
            await OnGetAsync(ct);
            return Page();
        }
        var today = ChinaTime.Today(TimeProvider.System);
        return File(AuditLog.Workbook(result.Value!), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"审计日志-{today:yyyyMMdd}.xlsx");
    }

    /// <summary>This page's address with the current filters, for another page number or the export.</summary>
    public string Link(int? page = null, string? handler = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["person"] = Person, ["action"] = ActionFilter, ["case"] = Case, ["agencyId"] = AgencyId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["pageNumber"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["handler"] = handler,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Admin/Audit", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}
