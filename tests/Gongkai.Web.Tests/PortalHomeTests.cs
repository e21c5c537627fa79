using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>The citizen's side around the forms: the portal home, Chinese error pages, the disclosed files, the application form's messages.</summary>
public sealed partial class PortalHomeTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Root_ForThePublic_IsThePortalHome_WithEveryAgencysPages()
    {
        await factory.SeedAsync();
        var root = await Anonymous().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/portal", root.Headers.Location?.OriginalString);
        var html = await Anonymous().GetStringAsync("/portal");
        foreach (var link in new[] { $"/guide/{factory.CityId}", $"/catalogue/{factory.CityId}", $"/apply?AgencyId={factory.CityId}", $"/reports/{factory.CityId}", "/status" })
        {
            Assert.Contains($"href=\"{link}\"", html);
        }
        Assert.Contains("测试市公安局", html);
        // The header's brand leads to the portal, never to the staff sign-in.
        Assert.Contains("class=\"brand\" href=\"/portal\"", html);
    }

    [Theory]
    [InlineData("/reports/1/2024")]
    [InlineData("/guide/99999")]
    [InlineData("/no-such-page")]
    public async Task Missing_PublicPages_AnswerAChinese404Page(string path)
    {
        await factory.SeedAsync();
        var response = await Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("找不到该页面", html);
        Assert.Contains("href=\"/portal\"", html);
    }

    [Fact]
    public async Task Missing_ApiResources_AnswerAProblemDocument()
    {
        var response = await (await factory.ApiAs("registrar")).GetAsync($"/api/cases/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("找不到", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DisclosedFiles_AreOfferedOnStatusAfterTheAnswer_WithTheCodeOnly()
    {
        var portal = new PortalTests(factory);
        var (number, code) = await portal.SubmittedForTests();
        var handler = await factory.ApiAs("handler");
        var id = (await factory.OpenDb().Cases.SingleAsync(c => c.TrackingNumber == number)).Id;
        var c = await handler.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}");
        c = await Api.ActOk(handler, c, CaseAction.Accept);
        var disclosed = TestFiles.Pdf("2025年交通违法处罚统计表");
        await Upload(handler, id, "交通违法处罚统计表.pdf", disclosed, forApplicant: true);
        await Upload(handler, id, "内部审批单.pdf", TestFiles.Pdf("内部"), forApplicant: false);

        var (before, beforeHtml) = await portal.LookupForTests(number, code);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.DoesNotContain("交通违法处罚统计表.pdf", beforeHtml); // not before the answer

        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(await factory.ApiAs("approver"), c, CaseAction.Approve, new { text = "同意" });
        await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(0) });

        var (_, html) = await portal.LookupForTests(number, code);
        Assert.Contains("下载 交通违法处罚统计表.pdf", html);
        Assert.DoesNotContain("内部审批单", html);
        var fileId = FileId().Match(html).Groups[1].Value;
        var (file, _) = await portal.LookupForTests(number, code, "?handler=File&fileId=" + fileId);
        Assert.Equal(disclosed, await file.Content.ReadAsByteArrayAsync());
        var (refused, _) = await portal.LookupForTests(number, "WRONG-CODE-XX", "?handler=File&fileId=" + fileId);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [GeneratedRegex("name=\"fileId\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex FileId();

    private static async Task Upload(HttpClient client, Guid id, string name, byte[] content, bool forApplicant)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        var response = await client.PostAsync($"/api/cases/{id}/attachments?forApplicant={forApplicant.ToString().ToLowerInvariant()}", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();

    [GeneratedRegex("name=\"ChallengeToken\" value=\"([^\"]+)\"")]
    private static partial Regex ChallengeToken();

    [Fact]
    public async Task Apply_AWrongCheckAnswer_IsReportedTogetherWithEveryOtherFieldsError()
    {
        await factory.SeedAsync();
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var form = await browser.GetStringAsync("/apply");
        var response = await browser.PostAsync("/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgery().Match(form).Groups[1].Value,
            ["ChallengeToken"] = ChallengeToken().Match(form).Groups[1].Value,
            ["Answer"] = "-1", ["AgencyId"] = factory.CityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Category"] = "NaturalPerson", ["Name"] = "", ["IdType"] = "居民身份证", ["IdNumber"] = "110105199003071230", ["Phone"] = "",
            ["Request"] = "2025年本市交通违法处罚数量", ["DeliveryForm"] = "电子邮件",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请填写申请人姓名或名称", html);
        Assert.Contains("居民身份证号码应为18位，且校验位正确", html);
        Assert.Contains("请填写联系电话", html);
        Assert.Contains("id=\"Answer-error\">验证题答案不正确", html);
        Assert.Contains("2025年本市交通违法处罚数量", html); // typed text kept
        Assert.Contains("class=\"req\"", html); // required fields marked
    }
}
