using System.Net;
using System.Net.Http.Json;
using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

public sealed class AccountTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<string> CreateAsync(string userName, int? agencyId = null, StaffRole role = StaffRole.Handler)
    {
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateAsync(admin, agencyId ?? factory.CityId, userName, "新同事", [role], []);
            Assert.True(created.IsOk, created.Message);
            return created.Value!;
        }
    }

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignIn(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = PageClient.Token(page),
        }));
    }

    [Fact]
    public async Task NewAccount_FirstSignIn_MustChangeThePasswordBeforeAnythingElse()
    {
        var password = await CreateAsync("newclerk");
        var client = Browser();
        var signIn = await SignIn(client, "newclerk", password);
        Assert.Equal("/Account/Password", signIn.Headers.Location?.OriginalString);
        foreach (var path in new[] { "/", "/Cases", "/Statistics" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("/Account/Password", response.Headers.Location?.OriginalString);
        }
        var api = factory.CreateClient();
        var token = (await (await api.PostAsJsonAsync("/api/auth/login", new { userName = "newclerk", password })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/worklist")).StatusCode);

        var (changed, html) = await PageClient.Post(client, "/Account/Password", new() { ["Current"] = password, ["New"] = "My-own-pass-88", ["Again"] = "My-own-pass-88" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("密码已修改", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
        Assert.False((await factory.OpenDb().Users.SingleAsync(u => u.UserName == "newclerk")).MustChangePassword);
    }

    [Theory]
    [InlineData("short1", "至少需要10个字符")]
    [InlineData("onlyletters", "同时包含字母和数字")]
    [InlineData("xnewclerk123", "不能包含用户名")]
    [InlineData("password123", "过于常见")]
    [InlineData("1234567890", "需要同时包含字母和数字")]
    public async Task PasswordChange_AgainstThePolicy_IsRefusedWithTheReason(string newPassword, string reason)
    {
        var password = await CreateAsync("newclerk");
        var client = Browser();
        await SignIn(client, "newclerk", password);
        var (response, html) = await PageClient.Post(client, "/Account/Password", new() { ["Current"] = password, ["New"] = newPassword, ["Again"] = newPassword });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, html);
    }

    [Fact]
    public async Task PasswordChange_TooShort_SaysSoOnce()
    {
        var password = await CreateAsync("newclerk");
        var client = Browser();
        await SignIn(client, "newclerk", password);
        var (_, html) = await PageClient.Post(client, "/Account/Password", new() { ["Current"] = password, ["New"] = "short1", ["Again"] = "short1" });
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "至少需要10个字符"));
    }

    [Theory]
    [InlineData("Qwertyuiop123")]
    [InlineData("qwertyuiop8")]
    [InlineData("Asdfghjkl2024")]
    [InlineData("1qaz2wsx3edc4")]
    [InlineData("zaq1xsw2cde3")]
    [InlineData("Poiuytrewq12")]
    [InlineData("Password2024!")]
    [InlineData("qwe123asd456")]
    [InlineData("Abcdefg12345")]
    [InlineData("1q2w3e4r5t6y7")]
    public void PasswordPolicy_KeyboardPatterns_AreRefused(string password) =>
        Assert.Contains("键盘上相邻的键", PasswordPolicy.Check("someone", password) ?? "（已接受）");

    [Theory]
    [InlineData("My-own-pass-88")]
    [InlineData("Tk9mz2Qw81xv")]
    [InlineData("xinxiang-Gongan-7")]
    public void PasswordPolicy_PasswordsWithoutAPattern_AreAccepted(string password) =>
        Assert.Null(PasswordPolicy.Check("someone", password));

    [Fact]
    public void PasswordPolicy_OneTimePasswords_SatisfyIt()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Null(PasswordPolicy.Check("someone", PasswordPolicy.OneTime()));
        }
    }

    [Fact]
    public async Task WrongPasswords_LockTheAccount_NotOnlyTheAddress_AndAreAudited()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = "Wrong-password-" + i })).StatusCode);
        }
        // The fifth wrong password locks the account (Identity's lockout, 5 attempts).
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = "Wrong-password-4" })).StatusCode);
        // The right password is now refused for this account, from any client…
        var locked = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = GongkaiFactory.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("账号已暂时锁定", await locked.Content.ReadAsStringAsync());
        // …while another account signs in as usual.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { userName = "registrar", password = GongkaiFactory.Password })).StatusCode);
        using var db = factory.OpenDb();
        var entries = await db.AuditEntries.Where(e => e.EntityType == "user").ToListAsync();
        Assert.Equal(4, entries.Count(e => e.Action == "SignInFailed"));
        Assert.Equal(2, entries.Count(e => e.Action == "SignInLockedOut"));
        Assert.Contains(entries, e => e.Action == "SignIn");
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public async Task ResetPassword_GivesAOneTimePassword_AndLiftsTheLock()
    {
        await factory.SeedAsync();
        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = "Wrong-password-" + i });
        }
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        string password;
        using (scope)
        {
            var user = await factory.OpenDb().Users.SingleAsync(u => u.UserName == "handler");
            var reset = await scope.ServiceProvider.GetRequiredService<AccountService>().ResetPasswordAsync(admin, user.Id);
            password = reset.Value!;
        }
        var signIn = await SignIn(Browser(), "handler", password);
        Assert.Equal("/Account/Password", signIn.Headers.Location?.OriginalString);
        Assert.Contains(await factory.OpenDb().AuditEntries.ToListAsync(), e => e.Action == "ResetPassword");
    }

    [Fact]
    public async Task SignIn_UnknownNameWrongPasswordAndDisabledAccount_AnswerWithTheSameWords()
    {
        await factory.SeedAsync();
        await using (var db = factory.OpenDb())
        {
            (await db.Users.SingleAsync(u => u.UserName == "approver")).Disabled = true;
            await db.SaveChangesAsync();
        }
        var client = factory.CreateClient();
        var answers = new List<(HttpStatusCode, string)>();
        foreach (var user in new[] { "no-such-user", "handler", "approver" })
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password = "wrong-password-1" });
            answers.Add((response.StatusCode, System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString()!));
        }
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Unauthorized, "用户名或密码不正确"), a));
    }

    [Fact]
    public async Task DisabledAccount_CannotSignIn_AndIsKeptWithItsHistory()
    {
        await factory.SeedAsync();
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        var user = await factory.OpenDb().Users.SingleAsync(u => u.UserName == "handler");
        using (scope)
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.SetDisabledAsync(admin, user.Id, true)).IsOk);
            Assert.Equal("不能停用自己的账号", (await accounts.SetDisabledAsync(admin, admin.UserId, true)).Message);
        }
        var refused = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = GongkaiFactory.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("已停用", await refused.Content.ReadAsStringAsync());
        using (var scope2 = factory.Services.CreateScope())
        {
            Assert.True((await scope2.ServiceProvider.GetRequiredService<AccountService>().SetDisabledAsync(admin, user.Id, false)).IsOk);
        }
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "handler", password = GongkaiFactory.Password })).StatusCode);
        Assert.True(await factory.OpenDb().Users.AnyAsync(u => u.Id == user.Id));
    }

    [Fact]
    public async Task EditRoles_ChangesWhatTheAccountMayDo_AndIsAudited()
    {
        await factory.SeedAsync();
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        var user = await factory.OpenDb().Users.SingleAsync(u => u.UserName == "supervisor");
        using (scope)
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.EditAsync(admin, user.Id, "钱审核", [StaffRole.Reviewer], ["法制审核"])).IsOk);
            Assert.Equal("审核人需要指定其负责的审核环节", (await accounts.EditAsync(admin, user.Id, "钱审核", [StaffRole.Reviewer], [])).Message);
            var row = (await accounts.ListAsync(admin)).Single(r => r.Id == user.Id);
            Assert.Equal([StaffRole.Reviewer], row.Roles);
            Assert.Equal(["法制审核"], row.Stages);
        }
        Assert.Contains(await factory.OpenDb().AuditEntries.ToListAsync(), e => e.Action == "EditUser" && e.EntityId == user.Id);
    }

    [Fact]
    public async Task Administrator_ManagesAccountsBelow_NotBesideOrAbove()
    {
        await factory.SeedAsync();
        var password = await CreateAsync("district-clerk", factory.DistrictId, StaffRole.Registrar);
        Assert.NotEmpty(password);
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var outside = await accounts.CreateAsync(admin, factory.OtherCityId, "spy", "某人", [StaffRole.Handler], []);
            Assert.Equal("只能在本机关或下级机关创建账号", outside.Message);
            var other = await factory.OpenDb().Users.SingleAsync(u => u.UserName == "other-handler");
            Assert.StartsWith("找不到该账号", (await accounts.SetDisabledAsync(admin, other.Id, true)).Message);
            Assert.Contains(await accounts.ListAsync(admin), r => r.UserName == "district-clerk");
            Assert.DoesNotContain(await accounts.ListAsync(admin), r => r.UserName == "other-handler");
        }
    }

    [Fact]
    public async Task AccountsPage_ShowsTheOneTimePasswordOnce()
    {
        var client = await PageClient.SignedIn(factory, "administrator");
        var (response, html) = await PageClient.Post(client, "/Admin/Accounts", new()
        {
            ["handler"] = "Create", ["agencyId"] = factory.DistrictId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["userName"] = "pcs1", ["displayName"] = "派出所民警", ["roles"] = "Handler",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已创建账号 pcs1，一次性密码：", html);
        Assert.DoesNotContain("一次性密码：", await client.GetStringAsync("/Admin/Accounts"));
    }
}
