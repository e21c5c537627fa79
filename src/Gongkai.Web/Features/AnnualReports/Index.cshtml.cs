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
public sealed class IndexModel(AnnualReportService reports, ReportCorrectionService corrections, CurrentStaff staff, Calendar.CalendarService calendars,
    Documents.PdfStore pdfs) : StaffFormPage
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    /// <summary>The six sections as posted; an empty field binds as null and is read as empty text.</summary>
    [BindProperty]
    public Dictionary<string, string?> Sections { get; set; } = [];

    /// <summary>一、总体情况's five subsections as posted (its opening is <c>Sections["一"]</c>); null when a client posts 一 whole.</summary>
    [BindProperty]
    public List<string?>? Subsections { get; set; }

    /// <summary>The six sections' texts, 一 joined from its opening and subsections when they were posted separately.</summary>
    private Dictionary<string, string> Texts
    {
        get
        {
            var texts = Sections.ToDictionary(s => s.Key, s => s.Value ?? "");
            if (Subsections is not null)
            {
                texts["一"] = OverviewText.Join(texts.GetValueOrDefault("一"), Subsections);
            }
            return texts;
        }
    }

    /// <summary>一、总体情况 as shown: its opening text and the five subsections, split from the section text.</summary>
    public (string Opening, IReadOnlyList<string> Parts) Overview => OverviewText.Split(Texts.GetValueOrDefault("一"));

    public (string Opening, IReadOnlyList<string> Parts) LastYearOverview => OverviewText.Split(LastYear.GetValueOrDefault("一"));

    public IReadOnlyList<string> OverviewDrafts { get; private set; } = [];

    [BindProperty]
    public bool ConfirmWarnings { get; set; }

    /// <summary>For a people's government: why the departments' integrity problems are in order (stored with the publication).</summary>
    [BindProperty]
    public string? IntegrityReason { get; set; }

    [BindProperty]
    public string? CorrectionReason { get; set; }

    /// <summary>For a published year: its editions, its 更正 and where the data differ from the publication.</summary>
    public PublishedYearState? Published { get; private set; }

    public IReadOnlyDictionary<string, string> LastYear { get; private set; } = new Dictionary<string, string>();

    public ComposedReport? Composed { get; private set; }

    public IReadOnlyDictionary<string, string> Drafts { get; private set; } = new Dictionary<string, string>();

    public DateTimeOffset? PublishedAt { get; private set; }

    public int AgencyId => staff.Actor.AgencyId;

    public static IReadOnlyList<SectionDef> SectionDefs => ReportSchema.Format2021.Sections;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = Year is >= 2019 and <= 2100 ? Year : calendars.Today.Year - 1;
        var (sections, lastYear, record) = await reports.DraftAsync(AgencyId, Year, ct);
        Sections = sections.ToDictionary(s => s.Key, s => (string?)s.Value);
        await LoadAsync(lastYear, record?.PublishedAt, ct);
    }

    /// <summary>
    /// The findings for the text as typed, without saving: the page calls this as staff type, so a number
    /// that contradicts the tables is flagged at once (the same checker as at publication).
    /// </summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        var composed = await reports.ComposeAsync(AgencyId, Year is >= 2019 and <= 2100 ? Year : calendars.Today.Year - 1, Texts, ct);
        return new JsonResult(composed.Findings.Select(f => new
        {
            severity = f.Rule.Severity == Gongkai.Reports.Checking.Severity.Error ? "错误" : "警告",
            rule = f.Rule.Id,
            message = f.Message,
            location = f.Location,
        }));
    }

    /// <summary>A post without a handler (Enter in a field) saves, like the first button.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) => OnPostSaveAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var error = await reports.SaveDraftAsync(staff.Actor, Year, Texts, ct);
        return await AfterAsync(error, "草稿已保存，检查结果已更新", ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var error = await reports.SaveDraftAsync(staff.Actor, Year, Texts, ct);
        ComposedReport? composed = null;
        if (error is null)
        {
            (composed, error) = await reports.PublishAsync(staff.Actor, Year, ConfirmWarnings, ct, IntegrityReason);
        }
        if (error is null && await reports.PublishedAsync(staff.Actor.AgencyId, Year, ct) is { PublishedMarkdown: { } markdown, PublishedAt: { } at })
        {
            // The public's PDF is made now, in the background, so the first download is served at once.
            pdfs.PrepareReport(Portal.ReportsModel.PdfKey(staff.Actor.AgencyId, Year, at), () => ReportFiles.Docx(ReportFiles.Model(markdown)));
        }
        return await AfterAsync(error, $"{Year}年年度报告已发布，公众可在“年度报告”栏目查看", ct, composed);
    }

    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        var error = await corrections.RecordAsync(staff.Actor, Year, CorrectionReason, ct);
        if (error is null)
        {
            return Redirect($"/AnnualReports?Year={Year}");
        }
        var (sections, _, _) = await reports.DraftAsync(AgencyId, Year, ct);
        Sections = sections.ToDictionary(s => s.Key, s => (string?)s.Value);
        return await AfterAsync(error, "", ct);
    }

    /// <param name="composed">The report the action already composed from the saved text, so the page shows it without composing again.</param>
    private Task<IActionResult> AfterAsync(string? error, string success, CancellationToken ct, ComposedReport? composed = null) =>
        OutcomeAsync(error, success, async () =>
        {
            var (_, lastYear, record) = await reports.DraftAsync(AgencyId, Year, ct);
            await LoadAsync(lastYear, record?.PublishedAt, ct, composed);
        });

    private async Task LoadAsync(IReadOnlyDictionary<string, string> lastYear, DateTimeOffset? publishedAt, CancellationToken ct, ComposedReport? composed = null)
    {
        LastYear = lastYear;
        PublishedAt = publishedAt;
        Composed = composed ?? await reports.ComposeAsync(AgencyId, Year, Texts, ct);
        Published = publishedAt is null ? null : await corrections.StateAsync(AgencyId, Year, ct, Composed.Report);
        var facts = await reports.DraftFactsAsync(AgencyId, Year, ct);
        Drafts = AgencyReportData.Drafts(Composed.Report, facts);
        OverviewDrafts = AgencyReportData.OverviewDrafts(Composed.Report, facts);
    }
}
