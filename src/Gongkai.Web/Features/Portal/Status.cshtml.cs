using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongkai.Web.Features.Portal;

[EnableRateLimiting(Infrastructure.Setup.PortalRateLimit)]
public sealed class StatusModel(PortalService portal) : PageModel
{
    [BindProperty] public string? TrackingNumber { get; set; }
    [BindProperty] public string? Code { get; set; }

    public PublicStatus? Result { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        (Result, Error) = await portal.LookupAsync(TrackingNumber, Code, ct);
        if (Error is not null)
        {
            Response.StatusCode = Error.Contains("过多", StringComparison.Ordinal) ? 429 : 400;
        }
        return Page();
    }
}
