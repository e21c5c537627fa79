using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

public class CaseApiTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    public static TheoryData<CaseAction> Actions => new(Enum.GetValues<CaseAction>());

    [Fact]
    public async Task Register_ValidApplication_CreatesCaseWithTrackingNumberAndMaskedId()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        Assert.Matches(@"^CS-\d{4}-\d{5}-[A-Z2-9]{4}$", c.GetProperty("trackingNumber").GetString());
        Assert.Equal("1101**********002X", c.GetProperty("maskedIdNumber").GetString());
        Assert.Equal("Registered", c.GetProperty("state").GetString());
        Assert.DoesNotContain("11010519491231002X", c.GetRawText());
        Assert.NotNull(c.GetProperty("dueOn").GetString());
    }

    [Fact]
    public async Task Register_IdNumberIsEncryptedAtRest()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"), Api.Registration("110105199003071239"));
        await using var db = factory.OpenDb();
        var stored = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == c.GetProperty("id").GetGuid());
        Assert.DoesNotContain("110105199003071239", stored.Applicant.ProtectedIdNumber);
        Assert.True(stored.Applicant.ProtectedIdNumber.Length > 40);
        Assert.Equal("1101**********1239", stored.Applicant.MaskedIdNumber);
    }

    [Fact]
    public async Task Register_InvalidFields_NamesEachFieldInChineseAndSavesNothing()
    {
        var client = await factory.ApiAs("registrar");
        await using var db = factory.OpenDb();
        var before = (await db.Cases.CountAsync(), await db.AuditEntries.CountAsync());
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            category = "Alien", name = "", idType = "居民身份证", idNumber = "123", phone = "abc",
            channel = "Online", receivedOn = Api.Day(30), request = "", deliveryForm = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("申请人类别", errors.GetProperty("Category")[0].GetString());
        Assert.Contains("姓名", errors.GetProperty("Name")[0].GetString());
        Assert.Contains("18位", errors.GetProperty("IdNumber")[0].GetString());
        Assert.Contains("联系电话", errors.GetProperty("Phone")[0].GetString());
        Assert.Contains("不能晚于今天", errors.GetProperty("ReceivedOn")[0].GetString());
        Assert.Contains("申请公开的政府信息", errors.GetProperty("Request")[0].GetString());
        Assert.Equal(before, (await db.Cases.CountAsync(), await db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Register_OverlongEmailAndAddress_AreRefusedByField()
    {
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync("/api/cases", new
        {
            category = "NaturalPerson", name = "王五", idType = "居民身份证", idNumber = "110105199003071239", phone = "13900000000",
            email = new string('a', 300) + "@example.com", address = new string('路', 501),
            channel = "Online", receivedOn = Api.Day(0), request = "2025年本市机动车登记数量统计", deliveryForm = "网站下载",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("电子邮箱不能超过200个字符", errors.GetProperty("Email")[0].GetString());
        Assert.Equal("通信地址不能超过500个字", errors.GetProperty("Address")[0].GetString());
    }

    [Fact]
    public async Task Register_ReceivedBeforeTheRevisedRegulation_IsRefusedNamingTheDate()
    {
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync("/api/cases", Api.Registration(receivedOn: new DateOnly(2019, 5, 14)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("收到申请日期不能早于2019年5月15日（现行《中华人民共和国政府信息公开条例》施行之日）", errors.GetProperty("ReceivedOn")[0].GetString());
    }

    [Fact]
    public async Task Register_ReceivedOnTheDayTheRevisedRegulationTookEffect_IsAccepted()
    {
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync("/api/cases", Api.Registration(receivedOn: new DateOnly(2019, 5, 15)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Register_Supervisor_IsRefused()
    {
        var response = await (await factory.ApiAs("supervisor")).PostAsJsonAsync("/api/cases", Api.Registration());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("只有登记员或承办人可以登记申请", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_WithoutToken_IsUnauthorized()
    {
        var client = factory.CreateClient();
        await factory.SeedAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task WholeStory_EveryStageOfTheChain_EndsArchivedWithAFullHistory()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Archived);
        Assert.Equal("Archived", c.GetProperty("state").GetString());
        Assert.Equal("三.一", c.GetProperty("outcomeRow").GetString());
        var history = await (await factory.ApiAs("supervisor")).GetFromJsonAsync<JsonElement[]>($"/api/cases/{c.GetProperty("id").GetGuid()}/history");
        Assert.NotNull(history);
        Assert.Equal(["Register", "Accept", "SubmitForReview", "Approve", "Approve", "Answer", "Archive"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Contains("\"State\":\"ReadyToAnswer\"", history[5].GetProperty("before").GetString());
        Assert.Contains("\"State\":\"Answered\"", history[5].GetProperty("after").GetString());
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Action_ByARoleNotAllowedToTakeIt_IsRefusedAndChangesNothing(CaseAction action)
    {
        var c = await CaseDriver.DriveTo(factory, CaseDriver.StartFor(action));
        var response = await Api.Act(await factory.ApiAs("supervisor"), c, action, Api.FieldsFor(action));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("您的角色是：监督", await response.Content.ReadAsStringAsync());
        var now = await (await factory.ApiAs("registrar")).GetFromJsonAsync<JsonElement>($"/api/cases/{c.GetProperty("id").GetGuid()}");
        Assert.Equal(c.GetProperty("version").GetGuid(), now.GetProperty("version").GetGuid());
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Action_ByStaffOfAnotherAgency_FindsNothing(CaseAction action)
    {
        var c = await CaseDriver.DriveTo(factory, CaseDriver.StartFor(action));
        var user = "other-" + Api.UserFor(action, c.GetProperty("state").GetString()!);
        var response = await Api.Act(await factory.ApiAs(user), c, action, Api.FieldsFor(action));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs(user)).GetAsync($"/api/cases/{c.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/history")]
    [InlineData("/attachments")]
    public async Task ReadEndpoints_ForStaffOfAnotherAgency_FindNothing(string suffix)
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        var response = await (await factory.ApiAs("other-supervisor")).GetAsync($"/api/cases/{c.GetProperty("id").GetGuid()}{suffix}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到该申请", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SupervisingAgency_ReadsSubordinateCasesButCannotChangeThem()
    {
        var district = await Api.Register(await factory.ApiAs("district-registrar"));
        var cityHandler = await factory.ApiAs("handler");
        var read = await cityHandler.GetAsync($"/api/cases/{district.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var act = await Api.Act(cityHandler, district, CaseAction.Accept);
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        Assert.Contains("只能办理本机关的申请", await act.Content.ReadAsStringAsync());
        var cityCase = await Api.Register(await factory.ApiAs("registrar"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("district-handler")).GetAsync($"/api/cases/{cityCase.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Action_WithAStaleVersion_IsAConflictAndChangesNothing()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var handler = await factory.ApiAs("handler");
        await Api.ActOk(handler, c, CaseAction.StartConsultation, Api.FieldsFor(CaseAction.StartConsultation));
        var response = await Api.Act(handler, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("已被他人修改", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Action_InTheWrongState_SaysWhy()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var response = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.Answer, Api.FieldsFor(CaseAction.Answer));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("申请当前状态为“登记”，不能“答复”", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Action_MissingField_NamesIt()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var response = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.SubmitForReview, new { outcomeRow = "三.一", legalBasis = "", answerText = "答复" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写法律依据", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Extension_MovesTheDeadlineAndIsAllowedOnce()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var approver = await factory.ApiAs("approver");
        var extended = await Api.ActOk(approver, c, CaseAction.Extend, Api.FieldsFor(CaseAction.Extend));
        Assert.True(extended.GetProperty("dueOn").GetDateTime() > c.GetProperty("dueOn").GetDateTime());
        Assert.Contains(extended.GetProperty("deadlineExplanation").EnumerateArray(), l => l.GetString()!.Contains("延期10个工作日", StringComparison.Ordinal));
        var again = await Api.Act(approver, extended, CaseAction.Extend, Api.FieldsFor(CaseAction.Extend));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("已延期过一次", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsOnlyReadableAgencies()
    {
        await Api.Register(await factory.ApiAs("other-registrar"));
        var own = await Api.Register(await factory.ApiAs("registrar"));
        var cases = (await (await factory.ApiAs("registrar")).GetFromJsonAsync<JsonElement>("/api/cases")).GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(cases, c => c.GetProperty("id").GetGuid() == own.GetProperty("id").GetGuid());
        Assert.DoesNotContain(cases, c => c.GetProperty("agencyId").GetInt32() == factory.OtherCityId);
    }

    [Fact]
    public async Task WorkList_Mine_ListsWhatWaitsOnTheReviewerSortedByDeadline()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InReview);
        var items = await (await factory.ApiAs("reviewer")).GetFromJsonAsync<JsonElement[]>("/api/worklist?mine=true");
        Assert.Contains(items!, i => i.GetProperty("id").GetGuid() == c.GetProperty("id").GetGuid());
        Assert.All(items!, i => Assert.Equal("InReview", i.GetProperty("state").GetString()));
        var dues = items!.Select(i => i.GetProperty("dueOn").GetString()).ToArray();
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues);
        var approverItems = await (await factory.ApiAs("approver")).GetFromJsonAsync<JsonElement[]>("/api/worklist?mine=true");
        Assert.DoesNotContain(approverItems!, i => i.GetProperty("id").GetGuid() == c.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCaseEndpoints()
    {
        // Before set-up every API answers 503 (SetupGate): the document is read from a set-up installation, whatever ran first.
        await factory.SeedAsync();
        var doc = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/openapi.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/cases", out _));
        Assert.True(paths.TryGetProperty("/api/cases/{id}/{action}", out _));
        Assert.True(paths.TryGetProperty("/api/statistics/table3", out _));
    }
}

public class ProviderTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [Fact]
    public async Task Database_IsTheConfiguredProvider()
    {
        await factory.SeedAsync();
        await using var db = factory.OpenDb();
        Assert.Equal(factory.UsesPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
    }
}

public class FlagApiTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [Fact]
    public async Task SecondApplicationForTheSameAnsweredInformation_IsFlaggedAsPossibleRepeat()
    {
        var first = await CaseDriver.DriveTo(factory, CaseState.Answered);
        Assert.Empty(first.GetProperty("flags").EnumerateArray());
        var again = await Api.Register(await factory.ApiAs("registrar"), Api.Registration(receivedOn: Api.Today));
        var flag = Assert.Single(again.GetProperty("flags").EnumerateArray());
        Assert.Contains("可能为重复申请（三.五.2）", flag.GetString());
        Assert.Contains(first.GetProperty("trackingNumber").GetString()!, flag.GetString());
    }
}
