using Gongkai.Web.Features.AnnualReports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Portal;

/// <summary>The public archive of published annual reports (条例 第四十九条), newest year first; each as a page and as Markdown.</summary>
public sealed class ReportsModel(AnnualReportService reports) : PageModel
{
    public IReadOnlyList<(int AgencyId, string Agency, int Year, DateTimeOffset PublishedAt)> Published { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? agencyId, int? year, CancellationToken ct)
    {
        if (agencyId is { } a && year is { } y)
        {
            var record = await reports.PublishedAsync(a, y, ct);
            if (record is null)
            {
                return NotFound();
            }
            // The report exactly as published: a self-contained, printable page in the statutory layout.
            return Content(record.PublishedHtml ?? "", "text/html; charset=utf-8");
        }
        Published = await reports.PublishedAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetMarkdownAsync(int agencyId, int year, CancellationToken ct) =>
        await reports.PublishedAsync(agencyId, year, ct) is { PublishedMarkdown: { } markdown }
            ? File(System.Text.Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"{agencyId}-{year}-年度报告.md")
            : NotFound();
}
