using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Reports.Schema;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// Composing the year's 年度报告: the tables from the data, the six sections with last year's text beside
/// them and drafted paragraphs, the checker's findings, and publication through the check gate.
/// </summary>
public sealed class IndexModel(AnnualReportService reports, CurrentStaff staff, Calendar.CalendarService calendars) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty]
    public Dictionary<string, string> Sections { get; set; } = [];

    [BindProperty]
    public bool ConfirmWarnings { get; set; }

    public IReadOnlyDictionary<string, string> LastYear { get; private set; } = new Dictionary<string, string>();

    public ComposedReport? Composed { get; private set; }

    public IReadOnlyDictionary<string, string> Drafts { get; private set; } = new Dictionary<string, string>();

    public string? Message { get; private set; }

    public bool Succeeded { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public int AgencyId => staff.Actor.AgencyId;

    public static IReadOnlyList<SectionDef> SectionDefs => ReportSchema.Format2021.Sections;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = Year is >= 2019 and <= 2100 ? Year : calendars.Today.Year - 1;
        var (sections, lastYear, record) = await reports.DraftAsync(AgencyId, Year, ct);
        Sections = sections.ToDictionary();
        await LoadAsync(lastYear, record?.PublishedAt, ct);
    }

    /// <summary>A post without a handler (Enter in a field) saves, like the first button.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) => OnPostSaveAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var error = await reports.SaveDraftAsync(staff.Actor, Year, Sections, ct);
        return await AfterAsync(error, "草稿已保存，检查结果已更新", ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var error = await reports.SaveDraftAsync(staff.Actor, Year, Sections, ct);
        if (error is null)
        {
            (_, error) = await reports.PublishAsync(staff.Actor, Year, ConfirmWarnings, ct);
        }
        return await AfterAsync(error, $"{Year}年年度报告已发布，公众可在“年度报告”栏目查看", ct);
    }

    private async Task<IActionResult> AfterAsync(string? error, string success, CancellationToken ct)
    {
        Succeeded = error is null;
        Message = error ?? success;
        if (!Succeeded)
        {
            Response.StatusCode = 400;
        }
        var (_, lastYear, record) = await reports.DraftAsync(AgencyId, Year, ct);
        await LoadAsync(lastYear, record?.PublishedAt, ct);
        return Page();
    }

    private async Task LoadAsync(IReadOnlyDictionary<string, string> lastYear, DateTimeOffset? publishedAt, CancellationToken ct)
    {
        LastYear = lastYear;
        PublishedAt = publishedAt;
        Composed = await reports.ComposeAsync(AgencyId, Year, Sections, ct);
        var r = Composed.Report;
        Drafts = new Dictionary<string, string>
        {
            ["二"] = NarrativeDrafts.Proactive(r.Proactive),
            ["三"] = NarrativeDrafts.Applications(r.Applications),
            ["四"] = NarrativeDrafts.Review(r.Review),
        };
    }
}
