using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Portal;

/// <summary>政府信息公开 portal home (/portal; / for anyone not signed in): every agency with its 指南, 目录, application, status lookup and annual reports.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Infrastructure.Setup.PortalRateLimit)]
public sealed class HomeModel(PortalService portal) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Agencies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Agencies = await portal.AgenciesAsync(ct);
}
