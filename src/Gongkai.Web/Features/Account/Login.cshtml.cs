using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Account;

public sealed class LoginModel(StaffSignIn signIn) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>Arrived from the one-time set-up.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Setup { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrWhiteSpace(Password))
        {
            Error = "请填写用户名和密码";
            return Page();
        }
        var result = await signIn.SignInAsync(UserName, Password, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct: HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return result.MustChangePassword ? LocalRedirect("/Account/Password") : LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        Error = result.Message;
        if (result.Throttled || result.LockedOut)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }
        return Page();
    }
}
