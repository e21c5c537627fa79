using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongkai.Web.Tests;

/// <summary>The Chinese pages over HTTP: sign-in, anti-forgery, registration form, masking.</summary>
public partial class PageTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static string Token(string html) => PageClient.Token(html);

    private Task<HttpClient> SignedIn(string userName) => PageClient.SignedIn(factory, userName);

    [Fact]
    public async Task Anonymous_IsSentToTheLoginPage()
    {
        await factory.SeedAsync();
        var response = await factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_IsChineseUnescapedWithAnAntiForgeryToken()
    {
        var html = await factory.CreateClient().GetStringAsync("/Account/Login");
        Assert.Contains("工作人员登录", html);
        Assert.DoesNotContain("&#x5DE5;", html);
        Assert.NotEmpty(Token(html));
    }

    [Fact]
    public async Task Login_WrongPassword_SaysSoInChinese()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "handler", ["Password"] = "wrong-password", ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RegisterForm_WithoutAntiForgeryToken_IsRejected()
    {
        var client = await SignedIn("registrar");
        var response = await client.PostAsync("/Cases/Register", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "张三" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RegisterForm_InvalidInput_ShowsEachFieldsMessageAndKeepsWhatWasTyped()
    {
        var client = await SignedIn("registrar");
        var form = await client.GetStringAsync("/Cases/Register");
        var response = await client.PostAsync("/Cases/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["Category"] = "NaturalPerson", ["Name"] = "李四", ["IdType"] = "居民身份证",
            ["IdNumber"] = "12345", ["Phone"] = "", ["Channel"] = "Online", ["ReceivedOn"] = Api.Day(-1), ["Request"] = "某文件", ["DeliveryForm"] = "",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("居民身份证号码应为18位", html);
        Assert.Contains("请填写联系电话", html);
        Assert.Contains("请填写获取信息的方式和途径", html);
        Assert.Contains("value=\"李四\"", html);
    }

    [Fact]
    public async Task RegisterForm_Valid_RedirectsToTheCaseWhichShowsTheIdOnlyMasked()
    {
        var client = await SignedIn("registrar");
        var form = await client.GetStringAsync("/Cases/Register");
        var response = await client.PostAsync("/Cases/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["Category"] = "NaturalPerson", ["Name"] = "李四", ["IdType"] = "居民身份证",
            ["IdNumber"] = "110105199003071239", ["Phone"] = "13900000000", ["Channel"] = "InPerson", ["ReceivedOn"] = Api.Day(-1),
            ["Request"] = "2025年某路段交通事故统计", ["DeliveryForm"] = "当面领取",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var details = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("已登记，受理编号 CS-", details);
        Assert.Contains("1101**********1239", details);
        Assert.DoesNotContain("110105199003071239", details);
        Assert.Contains("答复期限为20个工作日", details);
        Assert.Contains("受理办理", details); // an action the registrar may take
    }

    [Fact]
    public async Task CasePage_ActionForm_PostsTheTransitionWithItsToken()
    {
        var c = await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.Registered);
        var client = await SignedIn("handler");
        var url = $"/Cases/Details/{c.GetProperty("id").GetGuid()}";
        var page = await client.GetStringAsync(url);
        var response = await client.PostAsync(url + "?handler=Act", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["Action"] = "Accept", ["Version"] = c.GetProperty("version").GetString()!,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("办理中", await client.GetStringAsync(url));
    }

    [Fact]
    public async Task StatisticsPage_ShowsTableThreeWithTheFormatsHeaderAndTheBalanceCheck()
    {
        await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.Answered);
        var client = await SignedIn("supervisor");
        var html = await client.GetStringAsync($"/Statistics?Year={Api.Today.Year}");
        Assert.Contains("<th colspan=\"7\">申请人情况</th>", html);
        Assert.Contains("勾稽关系检查通过", html);
    }
}

public partial class DocumentPageTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [Fact]
    public async Task CasePage_IssuesAReceiptAndListsItForDownload()
    {
        var c = await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.Registered);
        await factory.SeedAsync();
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var token = new System.Text.RegularExpressions.Regex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        var login = await client.GetStringAsync("/Account/Login");
        await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "registrar", ["Password"] = GongkaiFactory.Password, ["__RequestVerificationToken"] = token.Match(login).Groups[1].Value,
        }));
        var url = $"/Cases/Details/{c.GetProperty("id").GetGuid()}";
        var page = await client.GetStringAsync(url);
        var issued = await client.PostAsync(url + "?handler=Issue", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token.Match(page).Groups[1].Value, ["Kind"] = "Receipt",
        }));
        var html = await issued.Content.ReadAsStringAsync();
        Assert.Contains($"CS〔{Api.Today.Year}〕受", html);
        Assert.Contains("政府信息公开申请受理回执", html);
    }
}

/// <summary>The main menu offers only the pages that admit the signed-in person.</summary>
public sealed class MenuTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private async Task<(HttpClient Client, string Menu)> MenuOf(string userName)
    {
        var client = await PageClient.SignedIn(factory, userName);
        var html = await client.GetStringAsync("/Cases");
        var start = html.IndexOf("<nav aria-label=\"主导航\">", StringComparison.Ordinal);
        return (client, html[start..html.IndexOf("</nav>", start, StringComparison.Ordinal)]);
    }

    [Theory]
    [InlineData("administrator", false)]     // a city bureau's administrator: the page refuses them
    [InlineData("gov-administrator", true)]  // a people's government's administrator
    [InlineData("supervisor", true)]
    [InlineData("handler", false)]
    public async Task Menu_BatchCheck_IsOfferedExactlyToThoseThePageAdmits(string userName, bool offered)
    {
        var (client, menu) = await MenuOf(userName);
        Assert.Equal(offered, menu.Contains("href=\"/Audits\"", StringComparison.Ordinal));
        var page = await client.GetStringAsync("/Audits");
        Assert.Equal(offered, !page.Contains("批量检查年度报告供监督人员或人民政府的管理员使用", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("registrar", true)]
    [InlineData("administrator", true)]
    [InlineData("handler", false)]
    public async Task Menu_ImportLedger_IsOfferedToThoseWhoMayImport(string userName, bool offered)
    {
        var (_, menu) = await MenuOf(userName);
        Assert.Equal(offered, menu.Contains("href=\"/Cases/Import\"", StringComparison.Ordinal));
    }
}
