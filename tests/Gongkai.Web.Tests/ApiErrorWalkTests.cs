using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>
/// Every route under /api, taken from the application's own endpoints (so a new route is walked without being listed
/// here), called by a signed-in administrator with malformed input: unknown and non-numeric ids, enum numbers out of
/// range, malformed and wrongly typed JSON, a GB2312 body, an empty body, oversize query values. Whatever the input,
/// the answer is a problem document (application/problem+json with a Chinese title) or a success — never HTML, never 5xx.
/// </summary>
public sealed class ApiErrorWalkTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    /// <summary>One API route: its pattern, method, route parameters, query parameters and JSON body type (if any).</summary>
    public sealed record Route(string Pattern, string Method, IReadOnlyList<string> RouteValues, IReadOnlyList<ParameterInfo> Query, Type? Body, bool TakesForm)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    private static readonly string Oversize = new('字', 20_000);

    private static readonly string[] RouteValueProbes =
        ["00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "not-a-guid", "99", "-1", "16", "2147483648", "..", "%E5%AD%97", new string('x', 2_000)];

    private static readonly string[] QueryProbes =
        ["abc", "99", "-1", "16", "0", "2147483647", "-2147483648", "99999999999999999999", "1e400", "9999-99-99", "0001-01-01", "9999-12-31", "true1", "%00", Uri.EscapeDataString(Oversize)];

    /// <summary>The API's routes as the running application maps them.</summary>
    private async Task<IReadOnlyList<Route>> RoutesAsync()
    {
        await factory.SeedAsync();
        using var scope = factory.Services.CreateScope();
        var isService = factory.Services.GetRequiredService<IServiceProviderIsService>();
        var routes = new List<Route>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }
            var routeValues = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var parameters = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
            var query = parameters.Where(p => !routeValues.Contains(p.Name!, StringComparer.OrdinalIgnoreCase) && IsSimple(p.ParameterType)).ToList();
            var body = parameters.FirstOrDefault(p => !IsSimple(p.ParameterType) && !IsService(p.ParameterType, isService) && p.ParameterType != typeof(IFormFile))?.ParameterType;
            var takesForm = parameters.Any(p => p.ParameterType == typeof(IFormFile));
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add(new Route(pattern, method, routeValues, query, body, takesForm));
            }
        }
        Assert.True(routes.Count >= 15, $"the API's routes were found: {string.Join("; ", routes)}");
        return routes;
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset);
    }

    private static bool IsService(Type type, IServiceProviderIsService isService) =>
        type == typeof(CancellationToken) || type == typeof(HttpContext) || type == typeof(HttpRequest) || type == typeof(HttpResponse) || isService.IsService(type);

    /// <summary>A case of the administrator's agency, so that the walk gets past "not found" to the input's checks.</summary>
    private async Task<string> CaseIdAsync() => (await CaseAsync()).Id;

    private async Task<(string Id, string Body)> CaseAsync()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        // The case's own version and today's date, so that an action or document reaches past the version check.
        return (c.GetProperty("id").GetGuid().ToString(), JsonSerializer.Serialize(new { version = c.GetProperty("version").GetGuid(), date = Api.Day(0) }));
    }

    private static string Path(Route route, string caseId, string? probedName = null, string? probe = null)
    {
        var path = route.Pattern;
        foreach (var name in route.RouteValues)
        {
            var value = name == probedName ? probe! : name == "id" ? caseId : name == "action" ? "Accept" : name == "kind" ? "Receipt" : Guid.NewGuid().ToString();
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + name + "(:[^}]*)?\\}", value.Replace("$", "$$", StringComparison.Ordinal));
        }
        return path;
    }

    private async Task<List<string>> SendAllAsync(IEnumerable<(string Label, HttpRequestMessage Request)> requests)
    {
        var client = await factory.ApiAs("administrator");
        var failures = new List<string>();
        foreach (var (label, request) in requests)
        {
            using (request)
            {
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                var text = await response.Content.ReadAsStringAsync();
                if (status >= 500 || type == "text/html")
                {
                    failures.Add($"{label}: {status} {type} {Shorten(text)}");
                }
                else if (status >= 400 && (type != "application/problem+json" || !HasChineseTitle(text)))
                {
                    failures.Add($"{label}: {status} {type}, not a problem document with a Chinese title: {Shorten(text)}");
                }
            }
        }
        return failures;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static bool HasChineseTitle(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("title", out var title) && title.GetString() is { } t && t.Any(c => c >= '\u4e00' && c <= '\u9fff');
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HttpRequestMessage Request(Route route, string path, HttpContent? content = null) =>
        new(new HttpMethod(route.Method), path) { Content = content ?? (route.Method == "GET" ? null : Json("{}")) };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static void AssertNone(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} answers were not problem documents or were 5xx:\n" + string.Join("\n", failures.Take(40)));

    [Fact]
    public async Task EveryRoute_MalformedRouteValues_AnswerProblemDocumentsNever5xx()
    {
        var (caseId, body) = await CaseAsync();
        var requests = from route in await RoutesAsync()
                       from name in route.RouteValues
                       from probe in RouteValueProbes
                       let path = Path(route, caseId, name, probe)
                       select ($"{route} {name}={Shorten(probe)}", Request(route, path, route.Method == "GET" ? null : Json(body)));
        AssertNone(await SendAllAsync(requests));
    }

    [Fact]
    public async Task EveryRoute_MalformedQueryValues_AnswerProblemDocumentsNever5xx()
    {
        var caseId = await CaseIdAsync();
        var routes = await RoutesAsync();
        var one = from route in routes
                  from parameter in route.Query
                  from probe in QueryProbes
                  select ($"{route} ?{parameter.Name}={Shorten(probe)}", Request(route, $"{Path(route, caseId)}?{parameter.Name}={probe}"));
        // Every query parameter oversize at once, and parameters the route does not know.
        var all = from route in routes
                  let query = string.Join("&", route.Query.Select(p => $"{p.Name}={Uri.EscapeDataString(Oversize)}").Append("unknown=" + Uri.EscapeDataString(Oversize)))
                  select ($"{route} every parameter oversize", Request(route, $"{Path(route, caseId)}?{query}"));
        AssertNone(await SendAllAsync(one.Concat(all)));
    }

    /// <summary>Bodies that are not a JSON object of the expected shape.</summary>
    private static IEnumerable<(string Label, Func<HttpContent?> Content)> MalformedBodies() =>
    [
        ("no body", () => null),
        ("empty JSON body", () => Json("")),
        ("truncated JSON", () => Json("{\"version\":")),
        ("not JSON", () => Json("version=1")),
        ("JSON null", () => Json("null")),
        ("JSON array", () => Json("[1,2,3]")),
        ("JSON string", () => Json("\"text\"")),
        ("deeply nested JSON", () => Json(new string('[', 5_000) + new string(']', 5_000))),
        ("oversize JSON string", () => Json(JsonSerializer.Serialize(new { text = Oversize, name = Oversize, userName = Oversize }))),
        ("GB2312 charset", () => Gb2312("{\"text\":\"测试\",\"userName\":\"管理员\"}")),
        ("GB2312 charset, empty", () => Gb2312("")),
        ("utf8 charset", () => WithType(Encoding.UTF8.GetBytes("{}"), "application/json; charset=utf8")),
        ("quoted UTF-8 charset", () => WithType(Encoding.UTF8.GetBytes("{}"), "application/json; charset=\"UTF-8\"")),
        ("empty charset", () => WithType(Encoding.UTF8.GetBytes("{}"), "application/json; charset=")),
        ("malformed content type", () => WithType(Encoding.UTF8.GetBytes("{}"), "application/json; charset")),
        ("UTF-16 charset", () => new StringContent("{}", Encoding.Unicode, "application/json")),
        ("unknown charset", () => WithType(Encoding.UTF8.GetBytes("{}"), "application/json; charset=x-no-such-charset")),
        ("text/plain", () => new StringContent("{}", Encoding.UTF8, "text/plain")),
        ("application/xml", () => new StringContent("<a/>", Encoding.UTF8, "application/xml")),
        ("form-urlencoded", () => new FormUrlEncodedContent([new("version", "x")])),
        ("multipart without boundary", () => WithType(Encoding.UTF8.GetBytes("--x\r\n\r\n"), "multipart/form-data")),
        ("multipart, garbage", () => WithType(Encoding.UTF8.GetBytes("garbage"), "multipart/form-data; boundary=zzz")),
        ("multipart, GB2312", () => WithType(Encoding.UTF8.GetBytes("--zzz--\r\n"), "multipart/form-data; boundary=zzz; charset=gb2312")),
    ];

    private static ByteArrayContent Gb2312(string json)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return WithType(Encoding.GetEncoding("GB2312").GetBytes(json), "application/json; charset=gb2312");
    }

    private static ByteArrayContent WithType(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        // Sent as written, malformed or not: the client would otherwise refuse to send what a careless client sends.
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    [Fact]
    public async Task EveryRoute_MalformedBodies_AnswerProblemDocumentsNever5xx()
    {
        var caseId = await CaseIdAsync();
        var requests = from route in await RoutesAsync()
                       where route.Method != "GET"
                       from body in MalformedBodies()
                       select ($"{route} {body.Label}", Request(route, Path(route, caseId), body.Content() ?? new ByteArrayContent([])));
        AssertNone(await SendAllAsync(requests));
    }

    /// <summary>For each property of the body's type, values of the wrong JSON type and out of range.</summary>
    private static IEnumerable<(string Label, string Json)> WrongTypedFields(Type body)
    {
        foreach (var property in body.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            foreach (var value in new[] { "123", "-1", "1e400", "99999999999999999999", "\"abc\"", "\"99\"", "\"2023-13-45\"", "true", "{}", "[]", "[\"a\"]", JsonSerializer.Serialize(Oversize) })
            {
                yield return ($"{name}={Shorten(value)}", $"{{\"{name}\":{value}}}");
            }
        }
    }

    [Fact]
    public async Task EveryRoute_WrongTypedFields_AnswerProblemDocumentsNever5xx()
    {
        var caseId = await CaseIdAsync();
        var requests = from route in await RoutesAsync()
                       where route.Body is not null
                       from field in WrongTypedFields(route.Body!)
                       select ($"{route} {field.Label}", Request(route, Path(route, caseId), Json(field.Json)));
        AssertNone(await SendAllAsync(requests));
    }
}
