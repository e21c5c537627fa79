using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Gongkai.Web.Tests;

/// <summary>The API's status-code convention: a problem document with a Chinese title, 4xx where the client is at fault.</summary>
public sealed class ApiErrorTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpClient Client, string Path, string Body)> CaseAsync(string user = "handler")
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        var body = JsonSerializer.Serialize(new { version = c.GetProperty("version").GetGuid(), date = Api.Day(0) });
        return (await factory.ApiAs(user), $"/api/cases/{c.GetProperty("id").GetGuid()}", body);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("16")]
    [InlineData("0")]
    [InlineData("NoSuchAction")]
    public async Task Action_NotOneOfTheActionsNames_Is404NamingTheActions(string action)
    {
        var (client, path, body) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/{action}", Json(body)), HttpStatusCode.NotFound);
        Assert.Equal($"没有“{action}”这一操作", problem.GetProperty("title").GetString());
        Assert.Contains("Accept", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("7")]
    public async Task Document_NumberInsteadOfAKind_Is404NamingTheKinds(string kind)
    {
        var (client, path, _) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/documents/{kind}", Json("{}")), HttpStatusCode.NotFound);
        Assert.Equal($"没有“{kind}”这种文书", problem.GetProperty("title").GetString());
        Assert.Contains("Receipt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Encoded(string json, string charset, Encoding encoding)
    {
        var content = new ByteArrayContent(encoding.GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/json; charset={charset}");
        return content;
    }

    [Fact]
    public async Task Login_Gb2312Body_Is415AskingForUtf8()
    {
        await factory.SeedAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var body = Encoded($"{{\"userName\":\"handler\",\"password\":\"{GongkaiFactory.Password}\"}}", "gb2312", Encoding.GetEncoding("GB2312"));
        var problem = await Problem(await factory.CreateClient().PostAsync("/api/auth/login", body), HttpStatusCode.UnsupportedMediaType);
        var title = problem.GetProperty("title").GetString();
        Assert.Contains("不支持的字符集“gb2312”", title, StringComparison.Ordinal);
        Assert.Contains("UTF-8", title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_Gb2312Body_Is415()
    {
        var (client, path, body) = await CaseAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await Problem(await client.PostAsync($"{path}/Accept", Encoded(body, "GB2312", Encoding.GetEncoding("GB2312"))), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData("utf8")]
    [InlineData("\"utf-8\"")]
    public async Task Login_Utf8CharsetSpelledAnyWay_IsRead(string charset)
    {
        await factory.SeedAsync();
        var body = Encoded($"{{\"userName\":\"handler\",\"password\":\"{GongkaiFactory.Password}\"}}", charset, Encoding.UTF8);
        var response = await factory.CreateClient().PostAsync("/api/auth/login", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("accessToken", out _));
    }

    [Theory]
    [InlineData("{\"version\":")]
    [InlineData("{version: 1}")]
    [InlineData("{\"date\":\"2024-01-01\",}")]
    public async Task Action_MalformedJson_Is400SayingSo(string json)
    {
        var (client, path, _) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/Accept", Json(json)), HttpStatusCode.BadRequest);
        Assert.Equal("请求内容不是有效的 JSON", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("{\"version\":123}", "Version", "GUID")]
    [InlineData("{\"date\":\"2023-13-45\"}", "Date", "日期")]
    [InlineData("{\"workingDays\":\"ten\"}", "WorkingDays", "整数")]
    [InlineData("{\"quantity\":1e400}", "Quantity", "整数")]
    [InlineData("{\"text\":{}}", "Text", "文本")]
    public async Task Action_FieldOfTheWrongType_Is400NamingTheField(string json, string field, string expected)
    {
        var (client, path, _) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/Extend", Json(json)), HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(field, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_FieldOfTheWrongType_Is400NamingTheField()
    {
        var client = await factory.ApiAs("registrar");
        var problem = await Problem(await client.PostAsync("/api/cases", Json("{\"name\":\"张三\",\"receivedOn\":20240101}")), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("ReceivedOn", out _));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task Action_BodyNotAnObject_Is400(string json)
    {
        var (client, path, _) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/Accept", Json(json)), HttpStatusCode.BadRequest);
        Assert.Contains("JSON 对象", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_WithoutABody_Is400AskingForJson()
    {
        var (client, path, _) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/Accept", null), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_PlainTextBody_Is415()
    {
        var (client, path, body) = await CaseAsync();
        await Problem(await client.PostAsync($"{path}/Accept", new StringContent(body, Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/api/cases?state=99", "state")]
    [InlineData("/api/cases?state=Nonsense", "state")]
    [InlineData("/api/cases?page=abc", "page")]
    [InlineData("/api/cases?from=2023-13-45", "from")]
    [InlineData("/api/statistics/table3?year=abc", "year")]
    [InlineData("/api/worklist?mine=perhaps", "mine")]
    [InlineData("/api/cases?handler=%00", "handler")]
    [InlineData("/api/cases?outcome=a%01b", "outcome")]
    public async Task Query_ValueOfTheWrongKind_Is400NamingTheParameter(string url, string parameter)
    {
        var client = await factory.ApiAs("administrator");
        var problem = await Problem(await client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task Statistics_WithoutTheYear_Is400NamingIt()
    {
        var problem = await Problem(await (await factory.ApiAs("administrator")).GetAsync("/api/statistics/table3"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("year", out _), problem.ToString());
    }

    [Fact]
    public async Task Attachment_SentAsJson_Is415AskingForMultipart()
    {
        var (client, path, body) = await CaseAsync();
        var problem = await Problem(await client.PostAsync($"{path}/attachments", Json(body)), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("multipart/form-data", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_SearchWordsLongerThanAnyParameterNeeds_Is400SayingHowLong()
    {
        var problem = await Problem(await (await factory.ApiAs("administrator")).GetAsync("/api/cases?q=" + string.Concat(Enumerable.Repeat("%E5%AD%97", 300))), HttpStatusCode.BadRequest);
        Assert.Equal("参数 q 过长（300 个字符，最多 200 个）", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/cases?page=2147483647")]
    [InlineData("/api/cases?page=-2147483648")]
    [InlineData("/api/worklist?page=2147483647")]
    [InlineData("/api/worklist?page=-2147483648")]
    public async Task Query_PageFarOutOfRange_IsAnEmptyOrFirstPageNotAServerError(string url)
    {
        // PostgreSQL refused the negative offset that page × 50 overflowed to (SQLite ignored it).
        var response = await (await factory.ApiAs("administrator")).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_NulInTheUserName_Is400NotAServerError()
    {
        // PostgreSQL refuses a NUL in text: this was a 500, anonymous.
        var response = await factory.CreateClient().PostAsync("/api/auth/login",
            new StringContent("{\"userName\":\"adm\\u0000in\",\"password\":\"x\"}", Encoding.UTF8, "application/json"));
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("userName", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Registration_NulInTheApplicantsName_Is400NamingTheField()
    {
        var client = await factory.ApiAs("registrar");
        var response = await client.PostAsync("/api/cases", new StringContent(
            System.Text.Json.JsonSerializer.Serialize(Api.Registration()).Replace("\"name\":\"", "\"name\":\"\\u0000", StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("name", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Query_NotANumber_SaysAWholeNumberIsExpected()
    {
        var problem = await Problem(await (await factory.ApiAs("administrator")).GetAsync("/api/cases?page=abc"), HttpStatusCode.BadRequest);
        Assert.Equal("page 应为整数", problem.GetProperty("errors").GetProperty("page")[0].GetString());
    }

    [Fact]
    public async Task Action_StaleVersion_Is409()
    {
        var (client, path, _) = await CaseAsync();
        var body = JsonSerializer.Serialize(new { version = Guid.NewGuid(), date = Api.Day(0) });
        var problem = await Problem(await client.PostAsync($"{path}/Accept", Json(body)), HttpStatusCode.Conflict);
        Assert.Contains("已被他人修改", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_ByARoleThatMayNot_Is403_AndRefusedByRule_Is422()
    {
        var (supervisor, path, body) = await CaseAsync("supervisor");
        var forbidden = await Problem(await supervisor.PostAsync($"{path}/Accept", Json(body)), HttpStatusCode.Forbidden);
        Assert.Contains("您的角色是：监督", forbidden.GetProperty("title").GetString(), StringComparison.Ordinal);
        var handler = await factory.ApiAs("handler");
        var refused = await Problem(await handler.PostAsync($"{path}/Archive", Json(body)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("申请当前状态为“登记”", refused.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var problem = await Problem(await (await factory.ApiAs("administrator")).GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        Assert.Equal("找不到该资源", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_StatesTheStatusCodeConvention()
    {
        await factory.SeedAsync();
        var doc = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/openapi.json");
        var description = doc.GetProperty("info").GetProperty("description").GetString()!;
        foreach (var line in new[] { "application/problem+json", "400 请求有误", "403 无权执行", "404 不存在", "409 版本冲突", "415 请求格式不受支持", "422 按规定不能办理" })
        {
            Assert.Contains(line, description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenApiDocument_UnknownDocumentName_Is404Problem()
    {
        await factory.SeedAsync();
        await Problem(await factory.CreateClient().GetAsync("/api/openapi.json?documentName=internal"), HttpStatusCode.NotFound);
    }
}
