using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The administrators' API (accounts, agencies, one's own password) and the rules it shares with the pages.</summary>
public sealed class AdminApiTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string Title(JsonElement problem) => problem.GetProperty("title").GetString()!;

    private async Task<string> IdOf(string userName) => (await factory.OpenDb().Users.SingleAsync(u => u.UserName == userName)).Id;

    private async Task<HttpClient> SignedInApi(string userName, string password)
    {
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await Json(login)).GetProperty("accessToken").GetString());
        return client;
    }

    [Fact]
    public async Task ListAccounts_ShowsTheAgencyAndItsSubAgencies_WithRolesAndState()
    {
        var admin = await factory.ApiAs("administrator");
        var rows = await admin.GetFromJsonAsync<JsonElement[]>("/api/accounts");
        var names = rows!.Select(r => r.GetProperty("userName").GetString()).ToList();
        Assert.Contains("handler", names);
        Assert.Contains("district-handler", names);
        Assert.DoesNotContain("other-handler", names);
        var reviewer = rows!.Single(r => r.GetProperty("userName").GetString() == "reviewer");
        Assert.Equal(["Reviewer"], reviewer.GetProperty("roles").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["法制审核"], reviewer.GetProperty("stages").EnumerateArray().Select(x => x.GetString()));
        Assert.False(reviewer.GetProperty("disabled").GetBoolean());
        Assert.False(reviewer.GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task AccountsApi_ForANonAdministrator_IsForbidden()
    {
        var handler = await factory.ApiAs("handler");
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.GetAsync("/api/accounts")).StatusCode);
        var create = await handler.PostAsJsonAsync("/api/accounts", new { userName = "x1", displayName = "某人", roles = new[] { "Handler" } });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("只有管理员可以创建账号", Title(await Json(create)));
    }

    [Fact]
    public async Task CreatedAccount_SignsInWithTheOneTimePassword_AndMustChangeItThroughTheApiFirst()
    {
        var admin = await factory.ApiAs("administrator");
        var created = await admin.PostAsJsonAsync("/api/accounts", new
        {
            agencyId = factory.DistrictId, userName = "script-clerk", displayName = "脚本登记员", roles = new[] { "Registrar", "handler" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var oneTime = body.GetProperty("oneTimePassword").GetString()!;
        Assert.True(body.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(["Registrar", "Handler"], body.GetProperty("account").GetProperty("roles").EnumerateArray().Select(x => x.GetString()));
        Assert.Contains(await factory.OpenDb().AuditEntries.ToListAsync(), e => e.Action == "CreateUser" && e.Summary.Contains("script-clerk", StringComparison.Ordinal));

        var clerk = await SignedInApi("script-clerk", oneTime);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/cases")).StatusCode);
        var weak = await clerk.PostAsJsonAsync("/api/account/password", new { current = oneTime, @new = "short1" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("至少需要10个字符", (await Json(weak)).GetProperty("errors").GetProperty("New")[0].GetString());
        var wrong = await clerk.PostAsJsonAsync("/api/account/password", new { current = "Not-the-password-1", @new = "Script-own-pass-7" });
        Assert.Equal("当前密码不正确", (await Json(wrong)).GetProperty("errors").GetProperty("Current")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync("/api/account/password", new { current = oneTime, @new = "Script-own-pass-7" })).StatusCode);

        var again = await SignedInApi("script-clerk", "Script-own-pass-7");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/cases")).StatusCode);
        Assert.False((await factory.OpenDb().Users.SingleAsync(u => u.UserName == "script-clerk")).MustChangePassword);
        Assert.Contains(await factory.OpenDb().AuditEntries.ToListAsync(), e => e.Action == "ChangePassword" && e.Summary.Contains("替换一次性密码", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAccount_WithAnUnknownRole_IsRefusedNamingIt()
    {
        var admin = await factory.ApiAs("administrator");
        var response = await admin.PostAsJsonAsync("/api/accounts", new { userName = "x2", displayName = "某人", roles = new[] { "Boss", "4" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await Json(response)).GetProperty("errors").GetProperty("Roles")[0].GetString();
        Assert.Contains("“Boss”", message);
        Assert.Contains("“4”", message);
        Assert.False(await factory.OpenDb().Users.AnyAsync(u => u.UserName == "x2"));
    }

    [Fact]
    public async Task EditOwnRoles_ThroughTheApi_IsForbidden_AndChangesNothing()
    {
        var admin = await factory.ApiAs("administrator");
        var own = await IdOf("administrator");
        var response = await admin.PutAsJsonAsync($"/api/accounts/{own}", new { displayName = "管理员", roles = new[] { "Administrator", "Approver" } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("不能修改自己的角色或审核环节（请由另一位管理员操作）", Title(await Json(response)));
        var roles = (await admin.GetFromJsonAsync<JsonElement[]>("/api/accounts"))!.Single(r => r.GetProperty("id").GetString() == own).GetProperty("roles");
        Assert.Equal(["Administrator"], roles.EnumerateArray().Select(x => x.GetString()));
        Assert.DoesNotContain(await factory.OpenDb().AuditEntries.ToListAsync(), e => e.Action == "EditUser");
    }

    [Fact]
    public async Task EditOwnRoles_ThroughThePage_IsRefusedWithTheSameWords()
    {
        var client = await PageClient.SignedIn(factory, "administrator");
        var own = await IdOf("administrator");
        var (response, html) = await PageClient.Post(client, $"/Admin/Accounts?Edit={own}", new()
        {
            ["handler"] = "Edit", ["userId"] = own, ["displayName"] = "管理员", ["roles"] = "Approver",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能修改自己的角色或审核环节（请由另一位管理员操作）", html);
    }

    [Fact]
    public async Task EditOwnName_WithTheSameRoles_IsAllowed()
    {
        var admin = await factory.ApiAs("administrator");
        var own = await IdOf("administrator");
        var response = await admin.PutAsJsonAsync($"/api/accounts/{own}", new { displayName = "张管理", roles = new[] { "Administrator" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("张管理", (await Json(response)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task AnotherAdministrator_GrantsTheRole_ThatNoAdministratorMayGrantThemselves()
    {
        await factory.SeedAsync();
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(admin, factory.CityId, "admin2", "第二管理员", [StaffRole.Administrator], [])).IsOk);
            var second = admin with { UserId = await IdOf("admin2"), DisplayName = "第二管理员" };
            var granted = await accounts.EditAsync(second, admin.UserId, "管理员", [StaffRole.Administrator, StaffRole.Approver], []);
            Assert.True(granted.IsOk, granted.Message);
            Assert.Equal([StaffRole.Approver, StaffRole.Administrator], granted.Value!.Roles);
        }
    }

    [Fact]
    public async Task ResetPassword_GivesAOneTimePassword_ButNotForOnesOwnAccount()
    {
        var admin = await factory.ApiAs("administrator");
        var reset = await admin.PostAsync($"/api/accounts/{await IdOf("handler")}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var password = (await Json(reset)).GetProperty("oneTimePassword").GetString()!;
        var login = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "handler", password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var own = await admin.PostAsync($"/api/accounts/{await IdOf("administrator")}/reset-password", null);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.StartsWith("不能重置自己的密码", Title(await Json(own)));
    }

    [Fact]
    public async Task DisableAndEnable_ThroughTheApi_AreAudited_AndNotForOnesOwnAccount()
    {
        var admin = await factory.ApiAs("administrator");
        var handler = await IdOf("handler");
        var disabled = await admin.PostAsync($"/api/accounts/{handler}/disable", null);
        Assert.True((await Json(disabled)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = GongkaiFactory.Password })).StatusCode);
        var enabled = await admin.PostAsync($"/api/accounts/{handler}/enable", null);
        Assert.False((await Json(enabled)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/api/accounts/{await IdOf("administrator")}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/accounts/{await IdOf("other-handler")}/disable", null)).StatusCode);
        using var db = factory.OpenDb();
        Assert.Equal(["DisableUser", "EnableUser"], await db.AuditEntries.Where(e => e.EntityId == handler && e.EntityType == "user" && e.Action.EndsWith("User")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public async Task AgenciesApi_ListsInTreeOrder_WithDepth()
    {
        var admin = await factory.ApiAs("administrator");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/agencies", new { name = "市直大队", kind = "大队", trackingPrefix = "SZDD" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/agencies", new { name = "区下派出所", kind = "Unit", parentId = factory.DistrictId, trackingPrefix = "QXPCS" })).StatusCode);
        var rows = (await admin.GetFromJsonAsync<JsonElement[]>("/api/agencies"))!;
        Assert.Equal(["测试市公安局", "测试区分局", "区下派出所", "市直大队"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal([0, 1, 2, 1], rows.Select(r => r.GetProperty("depth").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ApiAs("supervisor")).GetAsync("/api/agencies")).StatusCode);
    }

    [Fact]
    public async Task AgenciesApi_CreateAndChange_CheckTheLetterCode()
    {
        var admin = await factory.ApiAs("administrator");
        var bad = await admin.PostAsJsonAsync("/api/agencies", new { name = "新华派出所", kind = "派出所", trackingPrefix = "XHPCS", letterCode = "新华公信2" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("不能含数字", (await Json(bad)).GetProperty("errors").GetProperty("LetterCode")[0].GetString());
        var created = await Json(await admin.PostAsJsonAsync("/api/agencies", new
        {
            name = "新华派出所", kind = "派出所", trackingPrefix = "XHPCS", letterCode = "新华公信", office = new { phone = "0373-1111111", email = "xh@example.gov.cn" },
        }));
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(factory.CityId, created.GetProperty("parentId").GetInt32());
        var changed = await admin.PutAsJsonAsync($"/api/agencies/{id}", new { name = "新华派出所", kind = "派出所", trackingPrefix = "XHPCS", letterCode = "新华信" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var agency = await factory.OpenDb().Agencies.SingleAsync(a => a.Id == id);
        Assert.Equal(("新华信", (int?)factory.CityId), (agency.LetterCode, agency.ParentId));
        var clash = await admin.PutAsJsonAsync($"/api/agencies/{id}", new { name = "新华派出所", kind = "派出所", trackingPrefix = "QF" });
        Assert.Equal("受理编号前缀“QF”已被“测试区分局”使用", Title(await Json(clash)));
    }

    [Fact]
    public async Task RetiredAgency_IsHiddenFromThePortal_RefusesNewApplications_AndKeepsItsCasesReadable()
    {
        var districtRegistrar = await factory.ApiAs("district-registrar");
        var before = await Api.Register(districtRegistrar);
        var admin = await factory.ApiAs("administrator");
        var retired = await admin.PostAsync($"/api/agencies/{factory.DistrictId}/retire", null);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.True((await Json(retired)).GetProperty("retired").GetBoolean());

        var portal = factory.CreateClient();
        Assert.DoesNotContain("测试区分局", await portal.GetStringAsync("/portal"));
        Assert.DoesNotContain("测试区分局", await portal.GetStringAsync("/apply"));
        using (var scope = factory.Services.CreateScope())
        {
            var errors = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>()
                .ValidateAsync(factory.DistrictId, new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "张三", "居民身份证", "11010519491231002X", "13800000000",
                    null, "北京市", "Online", null, "某信息", "电子邮件"));
            Assert.Contains("已停用", errors["AgencyId"]);
        }
        var refused = await districtRegistrar.PostAsJsonAsync("/api/cases", Api.Registration());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("“测试区分局”已停用（撤销），不再受理政府信息公开申请", Title(await Json(refused)));

        var id = before.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await districtRegistrar.GetAsync($"/api/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.ApiAs("handler")).GetAsync($"/api/cases/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/agencies/{factory.DistrictId}/reinstate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await districtRegistrar.PostAsJsonAsync("/api/cases", Api.Registration())).StatusCode);
        using var db = factory.OpenDb();
        Assert.Equal(["RetireAgency", "ReinstateAgency"], await db.AuditEntries.Where(e => e.EntityType == "agency" && e.Action.EndsWith("Agency")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task Retire_OwnAgencyOrOneWithWorkingSubAgencies_IsRefused()
    {
        var admin = await factory.ApiAs("administrator");
        var own = await admin.PostAsync($"/api/agencies/{factory.CityId}/retire", null);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("不能停用本机关", Title(await Json(own)));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/agencies", new { name = "区下派出所", kind = "派出所", parentId = factory.DistrictId, trackingPrefix = "QXPCS" })).StatusCode);
        var parent = await admin.PostAsync($"/api/agencies/{factory.DistrictId}/retire", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, parent.StatusCode);
        Assert.Contains("还有未停用的下级机关：“区下派出所”", Title(await Json(parent)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/agencies/{factory.OtherCityId}/retire", null)).StatusCode);
        Assert.False((await factory.OpenDb().Agencies.SingleAsync(a => a.Id == factory.DistrictId)).IsRetired);
    }
}
