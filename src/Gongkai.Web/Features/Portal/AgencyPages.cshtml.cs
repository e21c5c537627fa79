using Gongkai.Data.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Portal;

/// <summary>An agency's 政府信息公开指南 (/guide/3) or 公开目录 (/catalogue/3); without an agency, the list of agencies.</summary>
public sealed class AgencyPagesModel(PortalService portal, Calendar.CalendarService calendars, Infrastructure.AgencyDirectory directory) : PageModel
{
    /// <summary>For a retired (撤销) agency: why it takes no applications; its pages stay readable, without the way to apply.</summary>
    public string? RetiredMessage { get; private set; }

    public AgencyPageKind Kind { get; private set; }

    public string Title => AgencyPage.Title(Kind);

    public IReadOnlyList<(int Id, string Name)> Agencies { get; private set; } = [];

    public string? Agency { get; private set; }

    public string Text { get; private set; } = "";

    public DateTimeOffset? UpdatedAt { get; private set; }

    public Gongkai.Cases.Agencies.DisclosureOffice Office { get; private set; } = Gongkai.Cases.Agencies.DisclosureOffice.Empty;

    public int? AgencyId { get; private set; }

    /// <summary>For the 公开目录: the agency's 规章 and 行政规范性文件 from its register.</summary>
    public IReadOnlyList<CatalogueDocument> Documents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string kind, int? agencyId, CancellationToken ct)
    {
        Kind = kind == "catalogue" ? AgencyPageKind.Catalogue : AgencyPageKind.Guide;
        if (agencyId is not { } id)
        {
            Agencies = await portal.AgenciesAsync(ct);
            return Page();
        }
        if (await portal.PageAsync(id, Kind, ct) is not { } page)
        {
            return NotFound();
        }
        (Agency, Text, UpdatedAt, Office) = page;
        AgencyId = id;
        RetiredMessage = await directory.FindAsync(id, ct) is { Retired: true } retired ? retired.RetiredMessage : null;
        if (Kind == AgencyPageKind.Catalogue)
        {
            Documents = await portal.DocumentsAsync(id, calendars.Today, ct);
        }
        return Page();
    }
}
