using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>Issue 21 through the API and the pages: four eyes, routing and transfer, voiding, corrections, attachments taken back.</summary>
public class RealYearTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static string Id(JsonElement c) => c.GetProperty("id").GetString()!;

    private async Task<string> CreateUserAsync(string userName, int agencyId, string stages, params StaffRole[] roles)
    {
        await factory.SeedAsync();
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByNameAsync(userName) is { } existing)
        {
            return existing.Id;
        }
        var user = new StaffUser { UserName = userName, DisplayName = userName, AgencyId = agencyId, ReviewStages = stages };
        Assert.True((await users.CreateAsync(user, GongkaiFactory.Password)).Succeeded);
        foreach (var role in roles)
        {
            await users.AddToRoleAsync(user, role.ToString());
        }
        return user.Id;
    }

    private async Task<int> CreateAgencyAsync(string name, int parentId, string prefix)
    {
        await using var db = factory.OpenDb();
        var agency = new Agency(name, AgencyKind.Unit, parentId, prefix, GongkaiFactory.Chain.Stages);
        db.Agencies.Add(agency);
        await db.SaveChangesAsync();
        factory.Services.GetRequiredService<Gongkai.Web.Infrastructure.AgencyDirectory>().Forget();
        return agency.Id;
    }

    [Fact]
    public async Task Approve_ByTheHandlerWhoSubmittedIt_IsForbiddenWithTheReason()
    {
        await CreateUserAsync("handler-reviewer", factory.CityId, "法制审核", StaffRole.Handler, StaffRole.Reviewer);
        var both = await factory.ApiAs("handler-reviewer");
        var c = await Api.Register(await factory.ApiAs("registrar"));
        c = await Api.ActOk(both, c, CaseAction.Accept);
        c = await Api.ActOk(both, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));

        var refused = await Api.Act(both, c, CaseAction.Approve, Api.FieldsFor(CaseAction.Approve));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("本人提交的审核不能由本人审批", await refused.Content.ReadAsStringAsync());
        var reviewed = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, Api.FieldsFor(CaseAction.Approve));
        Assert.Equal("InReview", reviewed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task CasePage_ForTheSubmitterWithReviewRights_SaysWhyApprovalIsNotOffered()
    {
        await CreateUserAsync("handler-reviewer", factory.CityId, "法制审核", StaffRole.Handler, StaffRole.Reviewer);
        var both = await factory.ApiAs("handler-reviewer");
        var c = await Api.Register(await factory.ApiAs("registrar"));
        c = await Api.ActOk(both, c, CaseAction.Accept);
        await Api.ActOk(both, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));

        var page = await PageClient.SignedIn(factory, "handler-reviewer");
        var html = await page.GetStringAsync($"/Cases/Details/{Id(c)}");

        Assert.Contains("不能“审核通过”：本人提交的审核不能由本人审批", html);
        Assert.DoesNotContain("aria-label=\"审核通过\"", html);
    }

    [Fact]
    public async Task Transfer_WithinTheTree_KeepsTheReceiptDateAndReachesTheReceivingRegistrars()
    {
        var registrar = await factory.ApiAs("registrar");
        var c = await Api.Register(registrar, Api.Registration(receivedOn: Api.Today.AddDays(-6)));
        var transferred = await Api.ActOk(registrar, c, CaseAction.Transfer, new { agencyId = factory.DistrictId, reason = "事项属于分局管辖" });

        Assert.Equal(factory.DistrictId, transferred.GetProperty("agencyId").GetInt32());
        Assert.Equal(c.GetProperty("receivedOn").GetString(), transferred.GetProperty("receivedOn").GetString());
        Assert.Equal("Registered", transferred.GetProperty("state").GetString());
        var seen = await (await factory.ApiAs("district-registrar")).GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}");
        Assert.Equal(Id(c), Id(seen));
        var history = await registrar.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/history");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "Transfer" && e.GetProperty("summary").GetString()!.Contains("测试区分局"));
    }

    [Fact]
    public async Task Transfer_OutsideTheTree_IsRefusedNamingTheField()
    {
        var registrar = await factory.ApiAs("registrar");
        var c = await Api.Register(registrar);
        var refused = await Api.Act(registrar, c, CaseAction.Transfer, new { agencyId = factory.OtherCityId, reason = "误投" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("agencyId", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Transfer_ByAHandler_IsForbidden()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        var refused = await Api.Act(await factory.ApiAs("handler"), c, CaseAction.Transfer, new { agencyId = factory.DistrictId, reason = "误投" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task OnlineApplication_ToAStationWithoutRegistrar_LandsWithTheDistrictAndIsTransferredOnceStaffed()
    {
        var station = await CreateAgencyAsync("测试派出所", factory.DistrictId, "PCS");
        using (var scope = factory.Services.CreateScope())
        {
            var portal = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>();
            var input = new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "王五", "居民身份证", "11010519491231002X", "13900000000", null, null,
                null, null, "本所2025年户籍办理统计", "电子邮件");
            var (result, code) = await portal.SubmitAsync(station, input, null, Guid.NewGuid().ToString("N"));
            Assert.True(result.IsOk, result.Message);
            Assert.NotNull(code);
            Assert.Equal(factory.DistrictId, result.Value!.AgencyId);
            Assert.Equal(station, result.Value.AddressedAgencyId);
        }
        var districtRegistrar = await factory.ApiAs("district-registrar");
        var list = await districtRegistrar.GetFromJsonAsync<JsonElement>("/api/cases?q=王五");
        var c = list.GetProperty("rows").EnumerateArray().Single();
        var page = await PageClient.SignedIn(factory, "district-registrar");
        Assert.Contains("递交至测试派出所，该机关暂无在用的登记员账号", await page.GetStringAsync($"/Cases/Details/{Id(c)}"));

        var full = await districtRegistrar.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}");
        var unstaffed = await Api.Act(districtRegistrar, full, CaseAction.Transfer, new { agencyId = station, reason = "属于派出所" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unstaffed.StatusCode);
        Assert.Contains("没有在用的登记员账号", await unstaffed.Content.ReadAsStringAsync());

        await CreateUserAsync("station-registrar", station, "", StaffRole.Registrar);
        var moved = await Api.ActOk(districtRegistrar, full, CaseAction.Transfer, new { agencyId = station, reason = "属于派出所" });
        Assert.Equal(station, moved.GetProperty("agencyId").GetInt32());
        Assert.Equal(full.GetProperty("receivedOn").GetString(), moved.GetProperty("receivedOn").GetString());
    }

    [Fact]
    public async Task Void_IsKeptVisibleNotCountedAndItsNumberNotReused()
    {
        var registrar = await factory.ApiAs("registrar");
        var year = Api.Today.Year - 1;
        var supervisor = await factory.ApiAs("supervisor");
        async Task<decimal> Received() =>
            (await supervisor.GetFromJsonAsync<Dictionary<string, Dictionary<string, decimal?>>>($"/api/statistics/table3?year={year}"))!["一"]["总计"] ?? 0;
        var mistaken = await Api.Register(registrar, Api.Registration(receivedOn: new DateOnly(year, 6, 3)));
        var before = await Received();

        var voided = await Api.ActOk(registrar, mistaken, CaseAction.Void, new { reason = "模板示例行误导入" });

        Assert.Equal("Voided", voided.GetProperty("state").GetString());
        Assert.Equal("模板示例行误导入", voided.GetProperty("voidReason").GetString());
        Assert.Equal(before - 1, await Received());
        var next = await Api.Register(registrar, Api.Registration(receivedOn: new DateOnly(year, 6, 4)));
        static int Sequence(JsonElement c) => int.Parse(c.GetProperty("trackingNumber").GetString()!.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Sequence(next) > Sequence(mistaken));
        var again = await registrar.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(mistaken)}");
        Assert.Equal("已作废", again.GetProperty("stateLabel").GetString());
    }

    [Fact]
    public async Task Void_ByAHandler_IsForbiddenAndWithoutReasonInvalid()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.Act(await factory.ApiAs("handler"), c, CaseAction.Void, new { reason = "错" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Act(await factory.ApiAs("registrar"), c, CaseAction.Void, new { })).StatusCode);
    }

    private static object Correction(JsonElement c, string name, string? reason = "姓名登记错误", string idNumber = "") => new
    {
        version = c.GetProperty("version").GetString(),
        category = "NaturalPerson",
        name,
        idType = "居民身份证",
        idNumber,
        phone = "13800000000",
        email = "zhangsan@example.com",
        address = "北京市朝阳区",
        request = "2025年本市道路交通事故统计数据（按补正：仅限朝阳区）",
        reason,
    };

    [Fact]
    public async Task Correct_ApplicantAndRequest_ChangesTheCaseAndKeepsTheOriginalInHistory()
    {
        var registrar = await factory.ApiAs("registrar");
        var c = await Api.Register(registrar);
        var response = await registrar.PostAsJsonAsync($"/api/cases/{Id(c)}/correction", Correction(c, "张叁"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var corrected = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("张叁", corrected.GetProperty("applicantName").GetString());
        Assert.EndsWith("仅限朝阳区）", corrected.GetProperty("request").GetString());
        Assert.Equal(c.GetProperty("maskedIdNumber").GetString(), corrected.GetProperty("maskedIdNumber").GetString());
        var history = await registrar.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/history");
        var entry = history.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "Correct");
        Assert.Contains("申请人：“张三”→“张叁”", entry.GetProperty("summary").GetString());
        Assert.Contains("姓名登记错误", entry.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Correct_WithABadIdNumberOrNoReason_NamesTheFields()
    {
        var registrar = await factory.ApiAs("registrar");
        var c = await Api.Register(registrar);
        var response = await registrar.PostAsJsonAsync($"/api/cases/{Id(c)}/correction", Correction(c, "张叁", reason: null, idNumber: "123"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("IdNumber", body);
        Assert.Contains("更正理由", body);
    }

    [Fact]
    public async Task Correct_AClosedCase_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Withdrawn);
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync($"/api/cases/{Id(c)}/correction", Correction(c, "张叁"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    private static MultipartFormDataContent File(string name) => new() { { new ByteArrayContent(TestFiles.Pdf(name)), "file", name } };

    [Fact]
    public async Task Attachment_UnmarkedBeforeTheAnswer_NeedsNoReasonAndIsNoLongerReleased()
    {
        var handler = await factory.ApiAs("handler");
        var c = await Api.Register(await factory.ApiAs("registrar"));
        var upload = await (await handler.PostAsync($"/api/cases/{Id(c)}/attachments?forApplicant=true", File("内部请示.pdf"))).Content.ReadFromJsonAsync<JsonElement>();
        var response = await handler.PostAsJsonAsync($"/api/cases/{Id(c)}/attachments/{upload.GetProperty("id").GetString()}/unmark", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/attachments");
        Assert.False(list.EnumerateArray().Single().GetProperty("forApplicant").GetBoolean());
    }

    [Fact]
    public async Task Attachment_WithdrawnAfterTheAnswer_NeedsAReasonThatIsRecorded()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Answered);
        var handler = await factory.ApiAs("handler");
        var upload = await (await handler.PostAsync($"/api/cases/{Id(c)}/attachments?forApplicant=true", File("公开信息.pdf"))).Content.ReadFromJsonAsync<JsonElement>();
        var url = $"/api/cases/{Id(c)}/attachments/{upload.GetProperty("id").GetString()}/withdraw";

        Assert.Equal(HttpStatusCode.BadRequest, (await handler.PostAsJsonAsync(url, new { })).StatusCode);
        var ok = await handler.PostAsJsonAsync(url, new { reason = "误传了内部文件" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var a = (await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/attachments")).EnumerateArray().Single();
        Assert.NotEqual(JsonValueKind.Null, a.GetProperty("withdrawnAt").ValueKind);
        Assert.Equal("误传了内部文件", a.GetProperty("changeReason").GetString());
        var history = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{Id(c)}/history");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "AttachmentChange" && e.GetProperty("summary").GetString()!.Contains("误传了内部文件"));
        await using var db = factory.OpenDb();
        Assert.False(await db.CaseAttachments.AnyAsync(x => x.CaseId == Guid.Parse(Id(c)) && x.ForApplicant));
    }

    [Fact]
    public async Task CasePage_ARefusedAction_ComesBackWithWhatWasTyped()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"), Api.Registration(receivedOn: Api.Today.AddDays(-3)));
        var page = await PageClient.SignedIn(factory, "handler");
        var (response, html) = await PageClient.Post(page, $"/Cases/Details/{Id(c)}", new Dictionary<string, string>
        {
            ["handler"] = "Act", ["Action"] = "RequestCorrection", ["Version"] = c.GetProperty("version").GetString()!,
            ["Date"] = Api.Day(-20), ["Text"] = "请写明所需信息的年份和区域", ["WorkingDays"] = "11",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能早于收到申请日期", html);
        Assert.Contains(">请写明所需信息的年份和区域</textarea>", html);
        Assert.Contains("value=\"11\"", html);
        Assert.Contains($"value=\"{Api.Day(-20)}\"", html);
    }

    [Fact]
    public async Task CasePage_ARefusedCorrection_ComesBackOpenWithWhatWasTyped()
    {
        var c = await Api.Register(await factory.ApiAs("registrar"));
        var page = await PageClient.SignedIn(factory, "registrar");
        var (response, html) = await PageClient.Post(page, $"/Cases/Details/{Id(c)}", new Dictionary<string, string>
        {
            ["handler"] = "Correct", ["Version"] = c.GetProperty("version").GetString()!, ["Category"] = "NaturalPerson", ["Name"] = "张小明",
            ["IdType"] = "居民身份证", ["IdNumber"] = "12345", ["Phone"] = "13800000000", ["Request"] = "更正后的申请内容", ["Reason"] = "姓名写错",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("value=\"张小明\"", html);
        Assert.Contains(">更正后的申请内容</textarea>", html);
        Assert.Contains("id=\"correct\" open", html);
    }

    [Fact]
    public async Task Guide_OfARetiredAgency_SaysSoAndOffersNoWayToApply()
    {
        var station = await CreateAgencyAsync("已撤销派出所", factory.DistrictId, "YCX");
        await using (var db = factory.OpenDb())
        {
            (await db.Agencies.SingleAsync(a => a.Id == station)).Retire(Api.Today);
            await db.SaveChangesAsync();
        }
        factory.Services.GetRequiredService<Gongkai.Web.Infrastructure.AgencyDirectory>().Forget();
        var html = await factory.CreateClient().GetStringAsync($"/guide/{station}");
        Assert.Contains("已停用（撤销），不再受理政府信息公开申请", html);
        Assert.DoesNotContain($"/apply?AgencyId={station}", html);
    }

    [Fact]
    public async Task CasePage_AnAnsweredCase_SaysItsAnswerDateAndWhetherItWasInTime()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Answered);
        var page = await PageClient.SignedIn(factory, "handler");
        var html = await page.GetStringAsync($"/Cases/Details/{Id(c)}");
        Assert.Contains("答复（办结）日期", html);
        Assert.Matches(@"法定答复期限至\d{4}-\d{2}-\d{2}，按期答复", html);
    }

    [Fact]
    public async Task AccountsPage_OwnRow_OffersNoResetOrDisable()
    {
        await factory.SeedAsync();
        await using var db = factory.OpenDb();
        var own = await db.Users.Where(u => u.UserName == "administrator").Select(u => u.Id).SingleAsync();
        var other = await db.Users.Where(u => u.UserName == "handler").Select(u => u.Id).SingleAsync();
        var html = await (await PageClient.SignedIn(factory, "administrator")).GetStringAsync("/Admin/Accounts");
        Assert.Contains("本人账号：密码在“修改密码”中修改", html);
        Assert.DoesNotContain($"name=\"userId\" value=\"{own}\"><button", html);
        Assert.Contains($"name=\"userId\" value=\"{other}\"><button", html);
    }
}
