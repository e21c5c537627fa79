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

    public sealed record SettingsInput(string? Email, bool? WantsDigest);

    /// <summary>
    /// One's own account, for a signed-in caller: 修改密码 as the page does it (<see cref="PasswordChange"/>), and 我的设置
    /// (<see cref="StaffSettings"/>).
    /// </summary>
    public static void MapOwnAccountEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapPost("/account/password", async (PasswordInput input, HttpContext http, PasswordChange passwords, CancellationToken ct) =>
        {
            var result = await passwords.ChangeAsync(UserId(http), input.Current, input.New, ct: ct);
            return result.IsOk
                ? Results.Ok(new { Changed = true, Message = "密码已修改；原访问令牌已失效，请用新密码重新登录（POST /api/auth/login）" })
                : Infrastructure.ApiErrors.Problem(result);
        }).WithTags("登录").WithSummary("修改本人密码：{current, new}，规则与“修改密码”页面相同（也用于替换一次性密码）；修改后原访问令牌失效");

        staff.MapGet("/account/settings", async (HttpContext http, StaffSettings settings, CancellationToken ct) =>
                await settings.GetAsync(UserId(http), ct) is { IsOk: true } found ? Results.Ok(found.Value) : Results.Problem(statusCode: 404, title: "找不到该账号"))
            .WithTags("登录").WithSummary("本人设置：电子邮箱、是否通过电子邮件接收每日提醒");

        staff.MapPut("/account/settings", async (SettingsInput input, HttpContext http, StaffSettings settings, CancellationToken ct) =>
                await settings.SaveAsync(UserId(http), input.Email, input.WantsDigest, ct) is var saved && saved.IsOk
                    ? Results.Ok(saved.Value)
                    : Infrastructure.ApiErrors.Problem(saved))
            .WithTags("登录").WithSummary("修改本人设置：{email, wantsDigest}，email 为空则删除邮箱；规则与“我的设置”页面相同，修改记入审计日志");
    }

    private static string UserId(HttpContext http) => http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
}
