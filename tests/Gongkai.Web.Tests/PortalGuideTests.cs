using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The public 公开指南 and 公开目录 (条例 第十二条): only what the agency has on record, nothing invented.</summary>
public sealed class PortalGuideTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task SetOfficeAsync(DisclosureOffice office)
    {
        await factory.SeedAsync();
        await using var db = factory.OpenDb();
        var city = await db.Agencies.SingleAsync(a => a.Id == factory.CityId);
        city.ConfigureOffice(office);
        await db.SaveChangesAsync();
    }

    private async Task<string> Guide()
    {
        await factory.SeedAsync();
        return await factory.CreateClient().GetStringAsync($"/guide/{factory.CityId}");
    }

    [Fact]
    public async Task Guide_WithoutOfficeDetails_OffersOnlineSubmissionOnlyAndSaysWhatIsNotOnRecord()
    {
        var html = await Guide();
        Assert.DoesNotContain("测试市公安局政府信息公开工作机构", html); // no invented office name
        Assert.Contains("本机关尚未登记：机构名称、办公地址、办公时间、联系电话、传真。", html);
        Assert.Contains("在线申请：通过本网站“在线申请”提交", html);
        Assert.DoesNotContain("当面提交：", html);
        Assert.DoesNotContain("当面、邮寄或传真", html);
        Assert.Contains("本机关尚未登记办公地址，暂不能当面提交或邮寄申请", html);
        Assert.Contains("本机关尚未登记传真号码，暂不能传真申请", html);
    }

    [Fact]
    public async Task Guide_WithAddressAndFaxOnRecord_OffersThoseChannelsWithTheirDetails()
    {
        await SetOfficeAsync(new DisclosureOffice("新乡市人民路1号", "工作日9:00-17:00", null, "0373-1111111", null, "453000"));
        var html = await Guide();
        Assert.Contains("当面提交：新乡市人民路1号（办公时间：工作日9:00-17:00）", html);
        Assert.Contains("邮寄：新乡市人民路1号，邮政编码453000", html);
        Assert.Contains("传真：0373-1111111", html);
        Assert.Contains("本机关尚未登记：机构名称、联系电话。", html);
        Assert.DoesNotContain("暂不能", html);
    }

    [Fact]
    public async Task Guide_StatesTheComplaintAndReportChannelOfArticle51()
    {
        Assert.Contains("向上一级行政机关或者政府信息公开工作主管部门投诉、举报", await Guide());
    }

    [Fact]
    public async Task Guide_SavedWithoutTheComplaintChannel_StillStatesIt()
    {
        var admin = await PageClient.SignedIn(factory, "administrator");
        var (response, _) = await PageClient.Post(admin, "/Admin/Pages?Kind=Guide", new() { ["Kind"] = "Guide", ["Text"] = "# 依申请公开\n可以在线申请。" });
        Assert.True(response.IsSuccessStatusCode);
        var html = await Guide();
        Assert.Contains("<p>可以在线申请。</p>", html);
        Assert.Contains("投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）", html);
    }

    [Fact]
    public async Task Catalogue_ListsTheRegistersDocumentsWithTheirStatus()
    {
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            var registers = scope.ServiceProvider.GetRequiredService<Table2Registers>();
            Assert.Null(await registers.AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, "关于加强户籍管理的规定", "测公规〔2024〕1号", new DateOnly(2024, 3, 1), null));
            Assert.Null(await registers.AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, "关于暂住证办理的通知", null, new DateOnly(2020, 5, 1), new DateOnly(2024, 6, 30)));
        }
        var html = await factory.CreateClient().GetStringAsync($"/catalogue/{factory.CityId}");
        Assert.Contains("<td>关于加强户籍管理的规定</td><td>测公规〔2024〕1号</td><td>2024-03-01</td><td>现行有效</td>", html);
        Assert.Contains("<td>关于暂住证办理的通知</td><td></td><td>2020-05-01</td><td>已废止（2024-06-30）</td>", html);
        Assert.True(html.IndexOf("关于加强户籍管理的规定", StringComparison.Ordinal) < html.IndexOf("关于暂住证办理的通知", StringComparison.Ordinal));
    }
}
