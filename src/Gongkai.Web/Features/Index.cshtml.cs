using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.WorkList;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features;

/// <summary>工作台 for staff; anyone not signed in is sent to the public portal's home instead of the sign-in page.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel(WorkListQuery query, CalendarService calendars, AnnualReports.AnnualReportService reports, Infrastructure.CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Soon { get; set; }

    public IReadOnlyList<WorkItem> Items { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public DateOnly SoonLimit { get; private set; }

    public AnnualReports.ReportReminder? Reminder { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect("/portal");
        }
        Today = calendars.Today;
        SoonLimit = (await calendars.CurrentAsync(ct)).AddWorkingDays(Today, 5);
        Items = await query.PageAsync(Mine, Soon ? SoonLimit : null, 1, ct);
        Reminder = await reports.CachedReminderAsync(staff.Actor.AgencyId, Today, ct);
        return Page();
    }
}
