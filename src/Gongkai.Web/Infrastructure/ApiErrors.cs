using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// How the JSON API (<c>/api</c>) answers when it does not do what was asked: always a problem document
/// (<c>application/problem+json</c>, a Chinese <c>title</c>, <c>errors</c> naming fields where fields are at fault),
/// never an HTML page, with one status per kind of failure — <see cref="Convention"/>, also the OpenAPI description.
/// </summary>
public static partial class ApiErrors
{
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    /// <summary>The status-code convention, as the OpenAPI document states it.</summary>
    public const string Convention = """
        政府信息公开申请办理接口。先以 POST /api/auth/login 换取访问令牌（Bearer），之后每个请求带上 Authorization: Bearer 令牌。

        请求体为 JSON，编码须为 UTF-8（Content-Type: application/json 或 application/json; charset=utf-8）；附件以 multipart/form-data 上传。

        出错时一律返回问题文档（application/problem+json）：title 为中文原因，字段有误时 errors 按字段列出。状态码约定：
        - 400 请求有误：JSON 格式错误、字段类型不对、缺少必填字段、字段取值无效（errors 指明字段）；
        - 401 未登录或令牌已失效；
        - 403 无权执行：非本机关的申请、角色或审核环节不符、须先修改一次性密码、非管理员管理账号或机关、管理员修改自己的角色或审核环节；
        - 404 不存在：申请、附件、文书不存在或无权查看，或没有这一操作、这种文书；
        - 405 不支持该请求方法；
        - 409 版本冲突：申请已被他人修改（version 已过期），请重新读取后再操作；
        - 413 请求内容过大；
        - 415 请求格式不受支持：不是 JSON，或字符集不是 UTF-8；
        - 422 按规定不能办理：申请当前状态不允许、法定期限未满或已过、年度报告已发布的年度被锁定、只能办理一次的事项已办理、机关已停用；
        - 429 请求过于频繁或登录失败次数过多；
        - 503 系统尚未完成初始设置，或暂时无法生成 PDF；
        - 500 服务器内部错误（已记录，附 traceId）。
        """;

    /// <summary>The API's status for each kind of refusal a service gives.</summary>
    public static int StatusOf(ResultKind kind) => kind switch
    {
        ResultKind.NotFound => StatusCodes.Status404NotFound,
        ResultKind.Invalid => StatusCodes.Status400BadRequest,
        ResultKind.Forbidden => StatusCodes.Status403Forbidden,
        ResultKind.Refused => StatusCodes.Status422UnprocessableEntity,
        ResultKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a successful result is not an error"),
    };

    /// <summary>A service's refusal as a problem document with the status of its kind.</summary>
    public static IResult Problem<T>(CaseResult<T> result) => result.Kind == ResultKind.Invalid
        ? Results.ValidationProblem((result.Errors ?? new Dictionary<string, string>()).ToDictionary(e => e.Key, e => new[] { e.Value }), title: result.Message)
        : Results.Problem(statusCode: StatusOf(result.Kind), title: result.Message);

    /// <summary>
    /// An enum value named in the URL (an action, a kind of document): its name only, in any case. Numbers — even those
    /// <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take, defined or not — are not names.
    /// </summary>
    public static bool TryParseName<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<TEnum>(name);
        return name is not null;
    }

    /// <summary>Registers what the convention needs: bad requests reach <see cref="Middleware"/> as exceptions, the OpenAPI description.</summary>
    public static void AddApiErrors(this IServiceCollection services)
    {
        // Minimal APIs otherwise answer a request they cannot bind with an empty 400 that names nothing.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new ControlCharacters.JsonStrings()));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Gongkai 政府信息公开";
            document.Info.Description = Convention;
            return Task.CompletedTask;
        }));
    }

    /// <summary>
    /// The API's error pipeline, before routing: an unexpected exception is a 500 problem document (in every environment),
    /// and an empty error response gets a problem document with a Chinese title.
    /// </summary>
    public static void UseApiErrorPages(this WebApplication app) =>
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context => Results.Problem(statusCode: 500, title: "服务器内部错误，已记录；请稍后重试，如仍出现请联系管理员",
                    extensions: new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier }).ExecuteAsync(context),
            });
            api.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, TitleOf(context.HttpContext.Response.StatusCode)));
        });

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "请求有误",
        StatusCodes.Status401Unauthorized => "请先登录（POST /api/auth/login 获取访问令牌）",
        StatusCodes.Status403Forbidden => "没有权限执行该操作",
        StatusCodes.Status404NotFound => "找不到该资源",
        StatusCodes.Status405MethodNotAllowed => "不支持该请求方法",
        StatusCodes.Status409Conflict => "数据已被他人修改，请重新读取后再操作",
        StatusCodes.Status413PayloadTooLarge => "请求内容过大",
        StatusCodes.Status415UnsupportedMediaType => "不支持的请求格式：请求体应为 UTF-8 编码的 JSON（Content-Type: application/json）",
        StatusCodes.Status422UnprocessableEntity => "按规定不能办理",
        StatusCodes.Status429TooManyRequests => "请求过于频繁，请稍后再试",
        StatusCodes.Status503ServiceUnavailable => "服务暂时不可用，请稍后重试",
        _ => "请求未能完成",
    };

    /// <summary>
    /// After routing, around the API's endpoints: a body in a charset other than UTF-8 is refused (415) before it is read,
    /// an unknown OpenAPI document name is a 404, and a request the endpoint cannot bind (malformed JSON, a field of the
    /// wrong type, a missing body, an id that is not a number) becomes a 400 (or 413, 415) problem naming what is wrong.
    /// </summary>
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        if (!IsApi(context) || context.GetEndpoint() is not { } endpoint)
        {
            await next(context);
            return;
        }
        if (QueryProblem(context.Request.Query) is { } query)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, query.Title, new Dictionary<string, string[]> { [query.Name] = [query.Title] });
            return;
        }
        switch (DeclaredCharset(context.Request))
        {
            case (_, null):
                break;
            case (var media, var charset) when IsUtf8(charset):
                // “utf8”, “UTF-8”, “"utf-8"”: UTF-8 all, as the JSON reader knows only its one spelling.
                media!.Charset = "utf-8";
                context.Request.ContentType = media.ToString();
                break;
            case (_, var charset):
                var named = charset.Length == 0 ? "Content-Type 中的字符集为空" : $"不支持的字符集“{(charset.Length > 40 ? charset[..40] + "…" : charset)}”";
                await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, $"{named}：请求体须以 UTF-8 编码（Content-Type: application/json; charset=utf-8）");
                return;
        }
        if (context.Request.Path.Equals(OpenApiPath, StringComparison.OrdinalIgnoreCase)
            && context.Request.Query.TryGetValue("documentName", out var name) && name != "v1")
        {
            // The OpenAPI endpoint would take a document name from the query and answer an unknown one in plain text.
            await WriteAsync(context, StatusCodes.Status404NotFound, "找不到该 OpenAPI 文档（只有 /api/openapi.json）");
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteBadRequestAsync(context, endpoint, e);
        }
    }

    public const string OpenApiPath = "/api/openapi.json";

    /// <summary>The request's media type and the charset it declares for its body, unquoted (null when it declares none).</summary>
    internal static (Microsoft.Net.Http.Headers.MediaTypeHeaderValue? Media, string? Charset) DeclaredCharset(HttpRequest request)
    {
        if (request.ContentType is not { Length: > 0 } type
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
            || media.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) is not { } declared)
        {
            return (null, null);
        }
        // An empty charset (“charset=”) is a charset the reader cannot decode either.
        return (media, declared.Value.ToString().Trim().Trim('"', '\'').Trim());
    }

    internal static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Longest query value any API parameter needs (a search's words, a user name).</summary>
    public const int MaxQueryValueLength = 200;

    /// <summary>
    /// A query value no parameter can mean: longer than <see cref="MaxQueryValueLength"/>, or holding a control character
    /// (PostgreSQL refuses a NUL in text outright, which surfaced as a server error).
    /// </summary>
    private static (string Name, string Title)? QueryProblem(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }
                var shown = name.Length > 30 ? name[..30] + "…" : name;
                if (value.Length > MaxQueryValueLength)
                {
                    return (shown, $"参数 {shown} 过长（{value.Length} 个字符，最多 {MaxQueryValueLength} 个）");
                }
                if (value.Any(char.IsControl))
                {
                    return (shown, $"参数 {shown} 含有控制字符（如 %00），不是有效的值");
                }
            }
        }
        return null;
    }

    private static Task WriteAsync(HttpContext context, int status, string title, IDictionary<string, string[]>? errors = null, string? detail = null)
    {
        context.Response.StatusCode = status;
        var problem = new Dictionary<string, object?> { ["title"] = title, ["status"] = status };
        if (detail is not null)
        {
            problem["detail"] = detail;
        }
        if (errors is not null)
        {
            problem["errors"] = errors;
        }
        return context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, ProblemJson);
    }

    /// <summary>What the framework could not bind, said in Chinese and, where it can be told, by field.</summary>
    private static Task WriteBadRequestAsync(HttpContext context, Endpoint endpoint, BadHttpRequestException e)
    {
        switch (e.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return WriteAsync(context, e.StatusCode, TitleOf(e.StatusCode));
            case StatusCodes.Status415UnsupportedMediaType:
                return WriteAsync(context, e.StatusCode, endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters().Any(p => p.ParameterType == typeof(IFormFile)) == true
                    ? "不支持的请求格式：请以 multipart/form-data 上传文件（字段名 file）"
                    : TitleOf(e.StatusCode));
        }
        if (e.InnerException is JsonException json)
        {
            return WriteJsonProblemAsync(context, endpoint, json);
        }
        if (e.InnerException is InvalidDataException or IOException || e.Message.Contains("as form", StringComparison.Ordinal))
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, "请求内容不是有效的 multipart/form-data 表单");
        }
        if (e.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || e.Message.Contains("no body was provided", StringComparison.Ordinal)
            || e.Message.Contains("was not provided from body", StringComparison.Ordinal))
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, "缺少请求内容：请求体应为 JSON 对象");
        }
        if (BindFailure().Match(e.Message) is { Success: true } bind)
        {
            var (type, name) = (bind.Groups["type"].Value, bind.Groups["name"].Value);
            return WriteAsync(context, StatusCodes.Status400BadRequest, $"参数 {name} 的值无效",
                new Dictionary<string, string[]> { [name] = [$"{name} 应为{Describe(type)}"] });
        }
        if (RequiredMissing().Match(e.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return WriteAsync(context, StatusCodes.Status400BadRequest, $"缺少参数 {name}", new Dictionary<string, string[]> { [name] = [$"请提供 {name}"] });
        }
        return WriteAsync(context, StatusCodes.Status400BadRequest, TitleOf(StatusCodes.Status400BadRequest));
    }

    /// <summary>Malformed JSON (400, with where), or a field of the wrong type (400, the field named in <c>errors</c>).</summary>
    private static Task WriteJsonProblemAsync(HttpContext context, Endpoint endpoint, JsonException json)
    {
        var where = json.LineNumber is { } line && json.BytePositionInLine is { } column ? $"第 {line + 1} 行第 {column + 1} 个字节附近" : null;
        // A syntax error is the reader's (its inner exception); a value of the wrong type is the serializer's, with the path to it.
        var syntax = json.InnerException?.GetType().Name == "JsonReaderException";
        // The top-level property: $.version, $.version.x, $.errors[0], or $['odd.name'].
        var path = json.Path switch
        {
            { } p when p.StartsWith("$['", StringComparison.Ordinal) && p.IndexOf("']", StringComparison.Ordinal) is > 3 and var end => p[3..end],
            { } p when p.StartsWith("$.", StringComparison.Ordinal) && p.Length > 2 => p[2..].Split('.', '[')[0],
            _ => null,
        };
        if (syntax || path is null)
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest,
                syntax ? "请求内容不是有效的 JSON" : "请求内容应为一个 JSON 对象", detail: where is null ? null : $"问题在{where}");
        }
        var field = FieldOf(context, endpoint, path);
        return WriteAsync(context, StatusCodes.Status400BadRequest, $"字段 {field.Name} 的类型或格式不正确",
            new Dictionary<string, string[]> { [field.Name] = [$"{field.Name} 应为{field.Expected}"] });
    }

    /// <summary>The body property a JSON path names (its C# name, as validation errors name fields) and what it expects.</summary>
    private static (string Name, string Expected) FieldOf(HttpContext context, Endpoint endpoint, string top)
    {
        var caseInsensitive = context.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNameCaseInsensitive ?? true;
        var body = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var property = body?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, top, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
        return property is null ? (top, "正确的类型") : (property.Name, Describe(property.PropertyType));
    }

    private static string Describe(Type type) => Describe((Nullable.GetUnderlyingType(type) ?? type).Name);

    private static string Describe(string typeName) => NullableName().Replace(typeName, "$1").TrimEnd('?') switch
    {
        "Guid" => " GUID（如 3fa85f64-5717-4562-b3fc-2c963f66afa6）",
        "DateOnly" => "日期（yyyy-MM-dd）",
        "DateTime" or "DateTimeOffset" => "日期时间（ISO 8601）",
        "Int32" or "int" or "Int64" or "long" => "整数",
        "Decimal" or "decimal" or "Double" or "double" => "数字",
        "Boolean" or "bool" => " true 或 false",
        "String" or "string" => "文本",
        var other => $"正确的类型（{other}）",
    };

    [GeneratedRegex("""^Nullable<(.+)>$""")]
    private static partial Regex NullableName();

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^ "]+)" from""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^ "]+)" was not provided""")]
    private static partial Regex RequiredMissing();
}
