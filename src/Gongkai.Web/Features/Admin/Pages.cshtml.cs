using Gongkai.Cases.Cases;
using Gongkai.Data.Portal;
using Gongkai.Web.Features.Portal;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Admin;

/// <summary>The agency's public 政府信息公开指南 and 公开目录 (条例 第十二条), edited by its administrator.</summary>
[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class PagesModel(AdminService admin, PortalService portal, CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public AgencyPageKind Kind { get; set; } = AgencyPageKind.Guide;

    [BindProperty]
    public string? Text { get; set; }

    public string? Error { get; private set; }

    public string? Saved { get; private set; }

    public int AgencyId => staff.Actor.AgencyId;

    public async Task OnGetAsync(CancellationToken ct) => Text = (await portal.PageAsync(AgencyId, Kind, ct))?.Text;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Error = await admin.SavePageAsync(staff.Actor, Kind, Text, ct);
        if (Error is not null)
        {
            Response.StatusCode = 400;
            return Page();
        }
        Saved = $"已保存{AgencyPage.Title(Kind)}，公众页面已更新";
        return Page();
    }
}
