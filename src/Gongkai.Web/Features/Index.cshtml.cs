using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.WorkList;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features;

/// <summary>工作台 for staff; anyone not signed in is sent to the public portal's home instead of the sign-in page.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel(WorkListQuery query, CalendarService calendars, AnnualReports.AnnualReportService reports, Infrastructure.CurrentStaff staff,
    Reminders.MyReminders reminders, Operations.SystemHealth health) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Soon { get; set; }

    public IReadOnlyList<WorkItem> Items { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public DateOnly SoonLimit { get; private set; }

    public AnnualReports.ReportReminder? Reminder { get; private set; }

    /// <summary>The person's digest of the latest daily run (today's once made), with links to its cases.</summary>
    public Reminders.ReminderView? Digest { get; private set; }

    public Gongkai.Cases.Calendar.WorkingDayCalendar? Calendar { get; private set; }

    /// <summary>For administrators: the last backup older than its limit, the data disk nearly full (the IT office's duties).</summary>
    public IReadOnlyList<string> SystemWarnings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect("/portal");
        }
        Today = calendars.Today;
        Calendar = await calendars.CurrentAsync(ct);
        SoonLimit = Calendar.AddWorkingDays(Today, 5);
        Items = await query.PageAsync(Mine, Soon ? SoonLimit : null, 1, ct);
        Reminder = await reports.CachedReminderAsync(staff.Actor.AgencyId, Today, ct);
        Digest = await reminders.LatestAsync(staff.Actor.UserId, ct);
        if (staff.Actor.Has(Gongkai.Cases.Cases.StaffRole.Administrator))
        {
            SystemWarnings = await health.AdministratorWarningsAsync(ct);
        }
        return Page();
    }
}
