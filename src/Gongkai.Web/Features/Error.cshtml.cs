using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features;

/// <summary>The error page for any method: a failed POST is re-executed here and must not be mistaken for a missing anti-forgery token.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status500InternalServerError;

    public void OnPost() => Response.StatusCode = StatusCodes.Status500InternalServerError;
}
