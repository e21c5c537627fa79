using System.Net;
using System.Net.Http.Json;
using Gongkai.Cases.Cases;
using Gongkai.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

public sealed class AdminTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<(AdminService Service, Actor Admin, IServiceScope Scope)> Admin(string userName = "administrator")
    {
        await factory.SeedAsync();
        var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var role = Enum.Parse<StaffRole>(userName.Replace("other-", "", StringComparison.Ordinal), ignoreCase: true);
        return (scope.ServiceProvider.GetRequiredService<AdminService>(), new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { role }, new HashSet<string>()), scope);
    }

    [Fact]
    public async Task ReviewChain_Saved_IsUsedForTheNextSubmission()
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            Assert.Null(await service.SaveReviewChainAsync(admin, "法制审核\n保密审查\n领导审批|审批领导"));
        }
        var c = await CaseDriver.DriveTo(factory, CaseState.InReview);
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, Api.FieldsFor(CaseAction.Approve));
        Assert.Equal("保密审查", c.GetProperty("reviewStage").GetString());
    }

    [Theory]
    [InlineData("法制审核\n法制审核", "第2行：环节“法制审核”重复")]
    [InlineData("领导审批|局长", "审核角色应为")]
    public async Task ReviewChain_BadLine_IsNamed(string text, string message)
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            Assert.Contains(message, await service.SaveReviewChainAsync(admin, text));
        }
    }

    [Fact]
    public async Task ReviewChain_ByNonAdministrator_IsRefused()
    {
        var (service, handler, scope) = await Admin("handler");
        using (scope)
        {
            Assert.Equal("只有管理员可以修改审核环节", await service.SaveReviewChainAsync(handler, "某环节"));
        }
    }
}
