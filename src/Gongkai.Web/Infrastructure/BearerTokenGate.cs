using System.Security.Claims;
using Gongkai.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// An API token is only as good as its account: once the account is disabled, locked out, or its password or roles
/// changed (a new security stamp), every token issued before is refused at once — a bearer token is otherwise valid
/// for its whole lifetime, unlike a cookie, which Identity re-validates each minute.
/// </summary>
public static class BearerTokenGate
{
    public static async Task Middleware(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.Authorization.Count == 0)
        {
            await next();
            return;
        }
        // The handler itself, not AuthenticateAsync: the latter applies StaffClaimsRefresh, which turns an invalid
        // ticket into no sign-in, and this gate's job is to say why the ticket stopped working.
        var handler = await context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>().GetHandlerAsync(context, IdentityConstants.BearerScheme);
        var principal = handler is null ? null : (await handler.AuthenticateAsync()).Principal;
        if (principal?.Identity?.IsAuthenticated == true && !await StillValidAsync(context, principal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { title = "登录已失效（账号已停用、被锁定或密码已更改），请重新登录", status = 401 },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json; charset=utf-8", context.RequestAborted);
            return;
        }
        await next();
    }

    private static async Task<bool> StillValidAsync(HttpContext context, ClaimsPrincipal principal)
    {
        var services = context.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var db = services.GetRequiredService<GongkaiDbContext>();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.Disabled, u.LockoutEnd }).SingleOrDefaultAsync(context.RequestAborted);
        return user is not null && !user.Disabled && !(user.LockoutEnd > services.GetRequiredService<TimeProvider>().GetUtcNow())
            && user.SecurityStamp == principal.FindFirstValue(stampClaim);
    }
}
