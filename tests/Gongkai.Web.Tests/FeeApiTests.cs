using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

/// <summary>Information-processing fees (国办函〔2020〕109号): notice, the wait for payment, payment, lapse as 三.六.2.</summary>
public class FeeApiTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private async Task<JsonElement> Accepted(object? registration = null)
    {
        var c = await Api.Register(await factory.ApiAs("registrar"), registration);
        return await Api.ActOk(await factory.ApiAs("handler"), c, CaseAction.Accept);
    }

    [Fact]
    public async Task NoticeFee_ByPages_WaitsForPaymentAndShowsTheAmount()
    {
        var c = await Accepted();
        var noticed = await Api.ActOk(await factory.ApiAs("handler"), c, CaseAction.NoticeFee, new { date = Api.Day(-5), feeBasis = "PerPage", quantity = 250 });
        Assert.Equal("AwaitingPayment", noticed.GetProperty("state").GetString());
        Assert.StartsWith("按量计收 250页，4700元", noticed.GetProperty("fee").GetString());
        Assert.Contains(noticed.GetProperty("deadlineExplanation").EnumerateArray(), l => l.GetString()!.Contains("发出收费通知，等待缴费至今", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoticeFee_WithinTheFreeBand_IsRefused()
    {
        var c = await Accepted();
        var response = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.NoticeFee, new { date = Api.Day(-5), feeBasis = "PerPage", quantity = 30 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("不收费", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoticeFee_WithoutBasis_NamesTheField()
    {
        var c = await Accepted();
        var response = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.NoticeFee, new { date = Api.Day(-5), quantity = 50 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("按件计收或按量计收", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoticeFee_PerApplication_CountsTheApplicantsEarlierApplicationsThisMonth()
    {
        // Eleven applications from one applicant on one day: the 11th is the first one charged (100 元, 第四条第二项).
        var day = new DateOnly(Api.Today.Year, Api.Today.Month, 1) < Api.Today.AddDays(-3) ? Api.Today.AddDays(-3) : Api.Today;
        var id = "110101199001011237";
        JsonElement last = default;
        for (var i = 0; i < 11; i++)
        {
            last = await Accepted(Api.Registration(idNumber: id, receivedOn: day));
        }
        var noticed = await Api.ActOk(await factory.ApiAs("handler"), last, CaseAction.NoticeFee, new { date = Api.Day(0), feeBasis = "PerApplication", quantity = 1 });
        Assert.StartsWith("按件计收 1件，100元", noticed.GetProperty("fee").GetString());
    }

    [Fact]
    public async Task ReceivePayment_ResumesHandlingWithTheWaitNotCounted()
    {
        var c = await Accepted(Api.Registration(receivedOn: Api.Today.AddDays(-20)));
        var handler = await factory.ApiAs("handler");
        var due = DateOnly.Parse(c.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        c = await Api.ActOk(handler, c, CaseAction.NoticeFee, new { date = Api.Day(-14), feeBasis = "PerPage", quantity = 31 });
        c = await Api.ActOk(handler, c, CaseAction.ReceivePayment, new { date = Api.Day(-7) });
        Assert.Equal("InProgress", c.GetProperty("state").GetString());
        Assert.True(DateOnly.Parse(c.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > due);
        Assert.Contains(c.GetProperty("deadlineExplanation").EnumerateArray(), l => l.GetString()!.Contains("缴费，", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LapsePayment_BeforeTheTwentyWorkingDays_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.AwaitingPayment);
        var response = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.LapsePayment, new { date = Api.Day(0) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("期满前不能按逾期未缴费处理", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LapsePayment_AfterTheDeadline_ClosesTheCaseAsRow362()
    {
        var c = await Accepted(Api.Registration(receivedOn: Api.Today.AddDays(-60)));
        var handler = await factory.ApiAs("handler");
        c = await Api.ActOk(handler, c, CaseAction.NoticeFee, new { date = Api.Day(-50), feeBasis = "PerPage", quantity = 120 });
        c = await Api.ActOk(handler, c, CaseAction.LapsePayment, new { date = Api.Day(-1) });
        Assert.Equal("Answered", c.GetProperty("state").GetString());
        Assert.Equal("三.六.2", c.GetProperty("outcomeRow").GetString());
    }

    [Fact]
    public async Task ActionDate_InTheFuture_IsRefused()
    {
        var c = await Accepted();
        var response = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.NoticeFee, new { date = Api.Day(3), feeBasis = "PerPage", quantity = 50 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("晚于今天", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FeeNotice_Document_StatesAmountBandsAndPaymentDeadline()
    {
        var c = await Accepted();
        var handler = await factory.ApiAs("handler");
        c = await Api.ActOk(handler, c, CaseAction.NoticeFee, new { date = Api.Day(-2), feeBasis = "PerPage", quantity = 250 });
        var id = c.GetProperty("id").GetGuid();
        var issued = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/FeeNotice", new { text = "通过非税收入缴款码缴纳" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"^CS〔\d{4}〕费\d+号$", body.GetProperty("number").GetString());
        var docx = await handler.GetByteArrayAsync($"/api/cases/{id}/documents/{body.GetProperty("id").GetGuid()}");
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("应缴金额：4700元", text);
        Assert.Contains("第31—100页：10元/页×70页=700元", text);
        Assert.Contains("缴纳方式：通过非税收入缴款码缴纳", text);
        Assert.Contains("逾期未缴纳的，视为放弃申请", text);
        Assert.DoesNotContain("【未填写", text);
    }

    [Fact]
    public async Task FeeNotice_WithoutAFeeDecision_IsRefused()
    {
        var c = await Accepted();
        var response = await (await factory.ApiAs("handler")).PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/documents/FeeNotice", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("未决定收费", await response.Content.ReadAsStringAsync());
    }
}
