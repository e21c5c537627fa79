using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongkai.Web.Tests;

/// <summary>A browser-like client for the staff pages: signed in with a cookie, posting forms with their anti-forgery token.</summary>
public static partial class PageClient
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    /// <summary>The application form's arithmetic question: its two numbers.</summary>
    [GeneratedRegex("验证：(\\d+) 加 (\\d+) 等于几？")]
    public static partial Regex Question();

    [GeneratedRegex("name=\"ChallengeToken\" value=\"([^\"]+)\"")]
    public static partial Regex ChallengeToken();

    /// <summary>The receipt page's tracking number and query code.</summary>
    [GeneratedRegex("id=\"tracking-number\">([^<]+)<")]
    public static partial Regex TrackingNumber();

    [GeneratedRegex("id=\"query-code\">([^<]+)<")]
    public static partial Regex QueryCode();

    public static async Task<HttpClient> SignedIn(GongkaiFactory factory, string userName)
    {
        await factory.SeedAsync();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = GongkaiFactory.Password, ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Loads <paramref name="url"/> for its token, then posts the fields to it (a "handler" field selects the page handler).</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> Post(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = Token(page);
        var target = fields.Remove("handler", out var handler) ? url + (url.Contains('?') ? "&" : "?") + "handler=" + handler : url;
        var response = await client.PostAsync(target, new FormUrlEncodedContent(fields));
        return (response, await response.Content.ReadAsStringAsync());
    }
}
