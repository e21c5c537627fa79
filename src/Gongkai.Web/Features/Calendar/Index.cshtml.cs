using Gongkai.Data.Calendar;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Calendar;

public sealed class IndexModel(CalendarService calendars, CurrentStaff staff) : StaffFormPage
{
    [BindProperty] public int Year { get; set; }
    [BindProperty] public string? Notice { get; set; }
    [BindProperty] public string? Schedule { get; set; }

    public IReadOnlyList<CalendarYear> Loaded { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = calendars.Today.Year + 1;
        Loaded = await calendars.LoadedYearsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var error = await calendars.LoadYearAsync(staff.Actor, Year, Notice ?? "", Schedule ?? "", ct);
        return await OutcomeAsync(error, $"已载入{Year}年节假日安排，在办申请的答复期限已重新计算", async () => Loaded = await calendars.LoadedYearsAsync(ct));
    }
}
