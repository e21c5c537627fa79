using Microsoft.AspNetCore.Identity;

namespace Gongkai.Web.Features.Account;

/// <summary>API sign-in: a bearer token for the JSON API (cookies are for the pages, so the API needs no anti-forgery token).</summary>
public static class AccountEndpoints
{
    public sealed record LoginInput(string? UserName, string? Password);

    public sealed record PasswordInput(string? Current, string? New);

    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", async (LoginInput input, StaffSignIn signIn, HttpContext http) =>
        {
            if (string.IsNullOrWhiteSpace(input.UserName) || string.IsNullOrWhiteSpace(input.Password))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["UserName"] = string.IsNullOrWhiteSpace(input.UserName) ? ["请填写用户名"] : [],
                    ["Password"] = string.IsNullOrWhiteSpace(input.Password) ? ["请填写密码"] : [],
                }.Where(e => e.Value.Length > 0).ToDictionary(), title: "登录信息不完整");
            }
            var result = await signIn.SignInAsync(input.UserName, input.Password, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                IdentityConstants.BearerScheme, http.RequestAborted);
            if (result.LockedOut || result.Throttled)
            {
                return Results.Problem(statusCode: 429, title: result.Message);
            }
            // On success the bearer handler has already written the token response.
            return result.Succeeded ? Results.Empty : Results.Problem(statusCode: 401, title: result.Message);
        }).AllowAnonymous().WithTags("登录").WithSummary("用户名和密码换取访问令牌（Bearer）");
    }

    /// <summary>One's own account, for a signed-in caller: 修改密码 as the page does it (<see cref="PasswordChange"/>).</summary>
    public static void MapOwnAccountEndpoints(this RouteGroupBuilder staff) =>
        staff.MapPost("/account/password", async (PasswordInput input, HttpContext http, PasswordChange passwords, CancellationToken ct) =>
        {
            var userId = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
            var result = await passwords.ChangeAsync(userId, input.Current, input.New, ct: ct);
            return result.IsOk
                ? Results.Ok(new { Changed = true, Message = "密码已修改；原访问令牌已失效，请用新密码重新登录（POST /api/auth/login）" })
                : Infrastructure.ApiErrors.Problem(result);
        }).WithTags("登录").WithSummary("修改本人密码：{current, new}，规则与“修改密码”页面相同（也用于替换一次性密码）；修改后原访问令牌失效");
}
