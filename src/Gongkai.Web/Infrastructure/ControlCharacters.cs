using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// Text that no field means: control characters other than tab and line breaks (a NUL above all, which PostgreSQL
/// refuses in text outright — it surfaced as a server error on sign-in and registration — and SQLite stores silently).
/// Refused where text enters: JSON bodies (<see cref="JsonStrings"/>), form fields and uploaded file names
/// (<see cref="Middleware"/>); query values are refused by <see cref="ApiErrors"/>.
/// </summary>
public static class ControlCharacters
{
    public static bool AnyIn(string? text) => text is not null && text.Any(c => char.IsControl(c) && c is not '\t' and not '\r' and not '\n');

    /// <summary>Every JSON string read by the API: one with a control character is a 400 naming the field.</summary>
    public sealed class JsonStrings : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return AnyIn(text) ? throw new JsonException("含有控制字符（如 \\u0000），不是有效的文字") : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>A posted form (a page or a multipart upload) with a control character in a field or a file name is refused before it is bound.</summary>
    public static async Task Middleware(HttpContext context, Func<Task> next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            IFormCollection form;
            string? field;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
                field = form.FirstOrDefault(f => f.Value.Any(AnyIn)).Key
                    ?? (form.Files.Any(f => AnyIn(f.FileName) || AnyIn(f.Name)) ? "文件名" : null);
            }
            catch (InvalidDataException)
            {
                // The form reader itself refuses some of them (a NUL in a field among others), with nothing said.
                field = "表单";
            }
            catch (Exception e) when (e is IOException or BadHttpRequestException)
            {
                await next(); // too large, cut off: the framework's own answer (413, 400) follows, as before
                return;
            }
            if (field is not null)
            {
                var shown = field.Length > 30 ? field[..30] + "…" : field;
                var title = field == "表单"
                    ? "提交的表单无法读取：含有控制字符（如 %00）或字段过多、过长，已拒绝"
                    : $"提交的内容中“{shown}”含有控制字符（如 %00），不是有效的文字，已拒绝";
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                if (ApiErrors.IsApi(context))
                {
                    await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["title"] = title, ["status"] = 400, ["errors"] = new Dictionary<string, string[]> { [shown] = [title] } },
                        (JsonSerializerOptions?)null, "application/problem+json; charset=utf-8", context.RequestAborted);
                }
                else
                {
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync(title + "。请返回上一页修改后重新提交。", context.RequestAborted);
                }
                return;
            }
        }
        await next();
    }
}
