using Microsoft.AspNetCore.Authentication;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// An account signed in with a one-time password (claim <see cref="StaffClaimsFactory.MustChangePasswordClaim"/>)
/// may open nothing but 修改密码 (the page or <c>POST /api/account/password</c>) and 退出 until it sets its own: pages
/// redirect there, the rest of the API answers 403.
/// </summary>
public static class PasswordChangeGate
{
    public static async Task Middleware(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path;
        // The API authenticates with bearer tokens, which the default (cookie) authentication does not read.
        var user = path.StartsWithSegments("/api") && context.Request.Headers.Authorization.Count > 0
            ? (await context.AuthenticateAsync(Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme)).Principal
            : context.User;
        if (user?.Identity?.IsAuthenticated != true
            || !user.HasClaim(StaffClaimsFactory.MustChangePasswordClaim, "true")
            || path.StartsWithSegments("/Account/Password", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/account/password", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/css") || path.StartsWithSegments("/js"))
        {
            await next();
            return;
        }
        if (path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new { title = "请先修改一次性密码（网页“修改密码”或 POST /api/account/password），再使用接口", status = 403 },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json; charset=utf-8", context.RequestAborted);
            return;
        }
        context.Response.Redirect("/Account/Password");
    }
}
