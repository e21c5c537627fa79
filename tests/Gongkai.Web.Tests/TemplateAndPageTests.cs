using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Gongkai.Cases.Cases;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>Administrators edit their agency's letter templates and public 公开指南 / 公开目录.</summary>
public sealed partial class TemplateAndPageTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private Task<HttpClient> SignedIn(string userName) => PageClient.SignedIn(factory, userName);

    private static Task<(HttpResponseMessage Response, string Html)> Post(HttpClient client, string url, Dictionary<string, string> fields) =>
        PageClient.Post(client, url, fields);

    [Fact]
    public async Task Template_WithAnUnknownField_IsRefusedNamingItAndKeepsTheText()
    {
        var admin = await SignedIn("administrator");
        var text = "受理回执\n{申请人}：\n您的身份证号为{身份证号}。";
        var (response, html) = await Post(admin, "/Admin/Templates?Kind=Receipt", new() { ["Kind"] = "Receipt", ["Text"] = text });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("第2段的字段“{身份证号}”不存在", html);
        Assert.Contains("您的身份证号为{身份证号}。", html);
        await using var db = factory.OpenDb();
        Assert.False(await db.LetterTemplates.AnyAsync());
    }

    [Fact]
    public async Task Template_Saved_IsUsedForTheNextLetterAndAudited()
    {
        var admin = await SignedIn("administrator");
        var (response, _) = await Post(admin, "/Admin/Templates?Kind=Receipt", new()
        {
            ["Kind"] = "Receipt", ["Text"] = "收件回执\n{申请人}：\n本局已于{收到日期}收到您的申请，编号{受理编号}，请留意答复。",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var c = await Api.Register(await factory.ApiAs("registrar"));
        var handler = await factory.ApiAs("handler");
        var issued = await (await handler.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/Receipt", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var docx = await handler.GetByteArrayAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/{issued.GetProperty("id").GetGuid()}");
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var body = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.StartsWith("收件回执", body);
        Assert.Contains($"编号{c.GetProperty("trackingNumber").GetString()}，请留意答复。", body);

        await using var db = factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "EditTemplate" && e.Summary.Contains("受理回执")));
    }

    [Fact]
    public async Task Template_OfOneAgency_DoesNotChangeAnotherAgencysLetters()
    {
        var admin = await SignedIn("administrator");
        await Post(admin, "/Admin/Templates?Kind=Receipt", new() { ["Kind"] = "Receipt", ["Text"] = "收件回执\n{申请人}：\n已收到。" });
        var other = await factory.ApiAs("other-registrar");
        var c = await Api.Register(other);
        var issued = await (await (await factory.ApiAs("other-handler")).PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/Receipt", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var docx = await (await factory.ApiAs("other-handler")).GetByteArrayAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/{issued.GetProperty("id").GetGuid()}");
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        Assert.StartsWith("政府信息公开申请受理回执", doc.MainDocumentPart!.Document.Body!.InnerText);
    }

    [Fact]
    public async Task TemplatesPage_ForANonAdministrator_IsForbidden()
    {
        var handler = await SignedIn("handler");
        var response = await handler.GetAsync("/Admin/Templates");
        Assert.Contains("/Account/Denied", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guide_BeforeTheAgencyWritesIt_ShowsTheStatutoryStartingText()
    {
        await factory.SeedAsync();
        var html = await factory.CreateClient().GetStringAsync($"/guide/{factory.CityId}");
        Assert.Contains("政府信息公开指南", html);
        Assert.Contains("自收到申请之日起20个工作日内答复", html);
    }

    [Fact]
    public async Task Catalogue_SavedByTheAdministrator_IsWhatThePublicSees()
    {
        var admin = await SignedIn("administrator");
        var (response, _) = await Post(admin, "/Admin/Pages?Kind=Catalogue", new()
        {
            ["Kind"] = "Catalogue", ["Text"] = "# 机构职能\n本局内设机构及职责\n# 行政处罚\n本局行政处罚结果公示<script>alert(1)</script>",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await factory.CreateClient().GetStringAsync($"/catalogue/{factory.CityId}");
        Assert.Contains("<h2>机构职能</h2>", html);
        Assert.Contains("<p>本局内设机构及职责</p>", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task Page_Empty_IsRefusedWithAChineseMessage()
    {
        var admin = await SignedIn("administrator");
        var (response, html) = await Post(admin, "/Admin/Pages?Kind=Guide", new() { ["Kind"] = "Guide", ["Text"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("政府信息公开指南不能为空", html);
    }

    [Fact]
    public async Task Guide_OfAnUnknownAgency_IsNotFound()
    {
        await factory.SeedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/guide/99999")).StatusCode);
    }

    [Fact]
    public async Task AnnualReportPage_ShowsTheTablesDraftsAndWhyItCannotBePublishedYet()
    {
        var admin = await SignedIn("administrator");
        var html = await admin.GetStringAsync("/AnnualReports?Year=2022");
        Assert.Contains("测试市公安局2022年政府信息公开工作年度报告", html);
        Assert.Contains("自动草稿（数字均取自表格和登记数据）", html);
        Assert.Contains("[错误]", html);
        var (response, after) = await Post(admin, "/AnnualReports?Year=2022", new() { ["Year"] = "2022", ["Sections[五]"] = "存在不足。" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (publish, refused) = await Post(admin, "/AnnualReports?Year=2022&handler=Publish", new() { ["Year"] = "2022", ["Sections[五]"] = "存在不足。" });
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("改正后才能发布", refused);
        Assert.Contains("存在不足。", refused);
    }

    [Fact]
    public async Task RegistersPage_RecordsADocumentAndRefusesIncompleteFigures()
    {
        var handler = await SignedIn("handler");
        var (saved, html) = await Post(handler, "/AnnualReports/Registers?Year=2023&handler=Document", new()
        {
            ["Year"] = "2023", ["Kind"] = "NormativeDocument", ["Title"] = "关于规范户籍业务办理的通知", ["Number"] = "测公规〔2023〕1号", ["IssuedOn"] = "2023-03-01",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("<td>关于规范户籍业务办理的通知</td>", html);
        var (refused, message) = await Post(handler, "/AnnualReports/Registers?Year=2023&handler=Figures", new() { ["Year"] = "2023", ["Licensing"] = "10" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("没有的填0", message);
    }

    [Fact]
    public async Task Dashboard_RemindsOfLastYearsReportWithItsDeadlineAndWhatIsMissing()
    {
        var handler = await SignedIn("handler");
        var html = await handler.GetStringAsync("/");
        var year = Api.Today.Year - 1;
        Assert.Contains($"{year}年政府信息公开工作年度报告应于{Api.Today.Year}年1月31日前发布（条例第四十九条）", html);
        Assert.Contains($"<li>{year}年行政许可、行政处罚、行政强制决定数量和行政事业性收费</li>", html);
        Assert.Contains("正文：一、总体情况", html);
    }

    [Fact]
    public async Task Dashboard_AfterTheFiguresAreSaved_NoLongerListsThemMissing()
    {
        var handler = await SignedIn("handler");
        var year = Api.Today.Year - 1;
        Assert.Contains($"<li>{year}年行政许可、行政处罚、行政强制决定数量和行政事业性收费</li>", await handler.GetStringAsync("/"));
        var (response, _) = await Post(handler, $"/AnnualReports/Registers?Year={year}", new()
        {
            ["handler"] = "Figures", ["Year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Licensing"] = "1", ["Penalties"] = "2", ["Enforcement"] = "0", ["Fees"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The dashboard keeps its reminder for two minutes, but a change to the registers drops it at once.
        Assert.DoesNotContain("行政强制决定数量和行政事业性收费</li>", await handler.GetStringAsync("/"));
    }

    [Fact]
    public async Task Dashboard_OfAGovernment_RemindsOf31MarchAndItsDepartments()
    {
        var government = await SignedIn("gov-handler");
        var html = await government.GetStringAsync("/");
        Assert.Contains($"{Api.Today.Year - 1}年政府信息公开工作年度报告应于{Api.Today.Year}年3月31日前发布（条例第四十九条）", html);
        Assert.Contains("部门年度报告：测试市公安局（已按系统数据计入（该部门尚未发布年度报告））", html);
    }

    [Fact]
    public async Task AnnualReportCheck_ReturnsFindingsForTheTypedTextWithoutSaving()
    {
        var admin = await SignedIn("administrator");
        var (response, json) = await Post(admin, "/AnnualReports?Year=2020&handler=Check", new() { ["Year"] = "2020", ["Sections[三]"] = "本年度新收政府信息公开申请75件。" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("75", json);
        await using var db = factory.OpenDb();
        Assert.False(await db.AnnualReports.AnyAsync());
    }

    [Fact]
    public async Task AnnualReportSave_WithEmptySections_SavesTheOthers()
    {
        var admin = await SignedIn("administrator");
        var fields = new Dictionary<string, string> { ["Year"] = "2020", ["Sections[五]"] = "存在不足。" };
        foreach (var key in new[] { "一", "二", "三", "四", "六" })
        {
            fields[$"Sections[{key}]"] = "";
        }
        var (response, html) = await Post(admin, "/AnnualReports?Year=2020&handler=Save", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("草稿已保存", html);
    }
}
