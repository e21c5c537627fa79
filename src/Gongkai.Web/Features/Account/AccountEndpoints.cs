using Microsoft.AspNetCore.Identity;

namespace Gongkai.Web.Features.Account;

/// <summary>API sign-in: a bearer token for the JSON API (cookies are for the pages, so the API needs no anti-forgery token).</summary>
public static class AccountEndpoints
{
    public sealed record LoginInput(string? UserName, string? Password);

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
}
