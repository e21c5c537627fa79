using Gongkai.Web.Features.AnnualReports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Portal;

/// <summary>The public archive of published annual reports (条例 第四十九条), newest year first; each as a page and as Markdown.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Infrastructure.Setup.PortalRateLimit)]
public sealed class ReportsModel(AnnualReportService reports, ReportCorrectionService corrections, Documents.PdfStore pdfs,
    Microsoft.Extensions.Caching.Memory.IMemoryCache cache) : PageModel
{
    public IReadOnlyList<(int AgencyId, string Agency, int Year, DateTimeOffset PublishedAt)> Published { get; private set; } = [];

    /// <summary>Years published more than once (a 更正版 beside the original): how many editions.</summary>
    public IReadOnlyDictionary<(int AgencyId, int Year), int> Editions { get; private set; } = new Dictionary<(int, int), int>();

    /// <summary>Years under an open 更正: the published report no longer matches the data — why, and in which cells.</summary>
    public IReadOnlyList<(int AgencyId, int Year, string Reason, IReadOnlyList<Gongkai.Cases.Reporting.CellChange> Cells)> UnderCorrection { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? agencyId, int? year, int? edition, CancellationToken ct)
    {
        if (agencyId is { } ea && year is { } ey && edition is { } n)
        {
            // An earlier edition stays public as it was published: the original beside its 更正版.
            return await corrections.EditionAsync(ea, ey, n, ct) is { } kept ? Content(kept.Html, "text/html; charset=utf-8") : NotFound();
        }
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
        Published = (await reports.PublishedAsync(ct)).Where(r => agencyId is null || r.AgencyId == agencyId).ToList();
        Editions = await corrections.EditionCountsAsync(ct);
        var open = new List<(int, int, string, IReadOnlyList<Gongkai.Cases.Reporting.CellChange>)>();
        foreach (var (openAgency, openYear, reason) in (await corrections.OpenAsync(ct)).Where(c => agencyId is null || c.AgencyId == agencyId))
        {
            // Recounting a year composes the report; the public page keeps the differences for a minute.
            var cells = await Microsoft.Extensions.Caching.Memory.CacheExtensions.GetOrCreateAsync(cache, ("report-differences", openAgency, openYear, reason), async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                return (await corrections.StateAsync(openAgency, openYear, ct))?.Differences ?? [];
            });
            open.Add((openAgency, openYear, reason, cells ?? []));
        }
        UnderCorrection = open;
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync(int agencyId, int year, CancellationToken ct) =>
        await reports.PublishedAsync(agencyId, year, ct) is { PublishedMarkdown: { } markdown }
            ? File(ReportFiles.Docx(ReportFiles.Model(markdown)), Documents.DocumentService.DocxContentType, $"{agencyId}-{year}-年度报告.docx")
            : NotFound();

    public async Task<IActionResult> OnGetXlsxAsync(int agencyId, int year, CancellationToken ct) =>
        await reports.PublishedAsync(agencyId, year, ct) is { PublishedMarkdown: { } markdown }
            ? File(ReportFiles.Xlsx(ReportFiles.Model(markdown)), ReportFiles.XlsxContentType, $"{agencyId}-{year}-年度报告表格.xlsx")
            : NotFound();

    /// <summary>
    /// The PDF, made by LibreOffice from the DOCX (in the background as it was published, then kept); when it cannot be
    /// made here, a Chinese page says so and offers the Word file.
    /// </summary>
    public async Task<IActionResult> OnGetPdfAsync(int agencyId, int year, CancellationToken ct)
    {
        if (await reports.PublishedAsync(agencyId, year, ct) is not { PublishedMarkdown: { } markdown, PublishedAt: { } at })
        {
            return NotFound();
        }
        try
        {
            var bytes = await pdfs.ReportAsync(PdfKey(agencyId, year, at), () => ReportFiles.Docx(ReportFiles.Model(markdown))).WaitAsync(ct);
            return File(bytes, "application/pdf", $"{agencyId}-{year}-年度报告.pdf");
        }
        catch (Gongkai.Documents.Pdf.PdfConversionException)
        {
            return PdfUnavailablePage($"/reports/{agencyId}/{year}?handler=Docx", "/reports");
        }
    }

    /// <summary>The key a publication's PDF is kept under: a 更正版 (a new publication time) gets its own.</summary>
    public static string PdfKey(int agencyId, int year, DateTimeOffset publishedAt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{agencyId}/{year}/{publishedAt.UtcTicks}");

    /// <summary>503 with a Chinese page that offers the Word file instead (<paramref name="wordLink"/>).</summary>
    public static ContentResult PdfUnavailablePage(string wordLink, string back) => new()
    {
        StatusCode = StatusCodes.Status503ServiceUnavailable,
        ContentType = "text/html; charset=utf-8",
        Content = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>暂时无法生成 PDF</title>"
            + "<link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main><h1>暂时无法生成 PDF</h1>"
            + "<p class=\"message\" role=\"alert\">本网站暂时无法生成 PDF 文件，请下载内容相同的 Word 版本。</p>"
            + $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(wordLink)}\">下载 Word 版本</a>　<a href=\"{System.Net.WebUtility.HtmlEncode(back)}\">返回</a></p></main></body></html>",
    };

    public async Task<IActionResult> OnGetMarkdownAsync(int agencyId, int year, CancellationToken ct) =>
        await reports.PublishedAsync(agencyId, year, ct) is { PublishedMarkdown: { } markdown }
            ? File(System.Text.Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"{agencyId}-{year}-年度报告.md")
            : NotFound();
}
