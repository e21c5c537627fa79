using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Gongkai.Web.Tests;

public sealed class AgencyTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<T> AsAdmin<T>(Func<AgencyService, Actor, Task<T>> act)
    {
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            return await act(scope.ServiceProvider.GetRequiredService<AgencyService>(), admin);
        }
    }

    private static AgencyInput Input(string name, int? parent, string prefix, string kind = "派出所") =>
        new(name, kind, parent, prefix, null, new DisclosureOffice("人民路2号", "工作日", "0373-7654321", null, null, "453000"));

    [Fact]
    public async Task Create_Rename_Move_AreSavedAndAudited()
    {
        await factory.SeedAsync();
        var created = await AsAdmin((s, a) => s.CreateAsync(a, Input("东街派出所", factory.CityId, "DJPCS")));
        Assert.Null(created.Error);
        var id = created.Value;
        Assert.Null(await AsAdmin((s, a) => s.UpdateAsync(a, id, Input("东街派出所（新）", factory.DistrictId, "DJPCS"))));
        using var db = factory.OpenDb();
        var agency = await db.Agencies.SingleAsync(a => a.Id == id);
        Assert.Equal(("东街派出所（新）", (int?)factory.DistrictId, AgencyKind.Unit, "0373-7654321"), (agency.Name, agency.ParentId, agency.Kind, agency.Office.Phone));
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var actions = await db.AuditEntries.Where(e => e.EntityType == "agency" && e.EntityId == key).Select(e => e.Action).ToListAsync();
        Assert.Equal(["CreateAgency", "EditAgency"], actions);
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public async Task Move_UnderItsOwnDescendant_IsRefused()
    {
        await factory.SeedAsync();
        var child = (await AsAdmin((s, a) => s.CreateAsync(a, Input("某大队", factory.DistrictId, "MDD", "大队")))).Value;
        var error = await AsAdmin((s, a) => s.UpdateAsync(a, factory.DistrictId, Input("测试区分局", child, "QF", "分局")));
        Assert.Equal("不能把“测试区分局”移到它自己或它的下级机关之下", error);
    }

    [Theory]
    [InlineData("测试区分局", "NEW1", "已有名为“测试区分局”的机关")]
    [InlineData("新机关", "qf", "受理编号前缀“QF”已被“测试区分局”使用")]
    [InlineData("新机关", "新", "受理编号前缀应为2至12个英文字母或数字")]
    public async Task Create_WithAClash_IsRefusedWithTheReason(string name, string prefix, string message)
    {
        await factory.SeedAsync();
        var created = await AsAdmin((s, a) => s.CreateAsync(a, Input(name, factory.CityId, prefix)));
        Assert.StartsWith(message, created.Error);
    }

    [Fact]
    public async Task Create_UnderAnAgencyNotManaged_IsRefused()
    {
        await factory.SeedAsync();
        var created = await AsAdmin((s, a) => s.CreateAsync(a, Input("外局派出所", factory.OtherCityId, "WJ")));
        Assert.Equal("上级机关应为本机关或下级机关", created.Error);
    }

    private static MemoryStream Workbook(params object[] rows)
    {
        var stream = new MemoryStream();
        stream.SaveAs(rows);
        stream.Position = 0;
        return stream;
    }

    private static Dictionary<string, object?> Row(string name, string parent, string kind, string prefix, string phone = "", string postcode = "") => new()
    {
        ["机关名称"] = name, ["上级机关"] = parent, ["机关类别"] = kind, ["受理编号前缀"] = prefix, ["报送年度报告的人民政府"] = "",
        ["办公地址"] = "", ["办公时间"] = "", ["联系电话"] = phone, ["传真"] = "", ["电子邮箱"] = "", ["邮政编码"] = postcode,
    };

    [Fact]
    public async Task Import_ATree_ChildrenBeforeParentsInTheFile_AndAgainChangesNothing()
    {
        await factory.SeedAsync();
        object[] rows = [Row("城东派出所", "城东分局", "派出所", "CDPCS"), Row("城东分局", "", "分局", "CDFJ", "0373-1111111"), Row("城西大队", "测试区分局", "大队", "CXDD")];
        var first = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(rows), "机关.xlsx"));
        Assert.Null(first.Error);
        Assert.Equal((3, 0), first.Value);
        using (var db = factory.OpenDb())
        {
            var east = await db.Agencies.SingleAsync(a => a.Name == "城东分局");
            Assert.Equal((int?)factory.CityId, east.ParentId);
            Assert.Equal(east.Id, (await db.Agencies.SingleAsync(a => a.Name == "城东派出所")).ParentId);
            Assert.Equal((int?)factory.DistrictId, (await db.Agencies.SingleAsync(a => a.Name == "城西大队")).ParentId);
        }
        var second = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(rows), "机关.xlsx"));
        Assert.Equal((0, 3), second.Value);
        Assert.Equal(1, await factory.OpenDb().Agencies.CountAsync(a => a.Name == "城东分局"));
        Assert.Equal(2, await factory.OpenDb().AuditEntries.CountAsync(e => e.Action == "ImportAgencies"));
    }

    [Fact]
    public async Task Import_BadCells_AreNamedByRowAndColumn_AndNothingIsSaved()
    {
        await factory.SeedAsync();
        var before = await factory.OpenDb().Agencies.CountAsync();
        var result = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(
            Row("好派出所", "", "派出所", "HPCS"),
            Row("坏派出所", "不存在的分局", "派出所", "HUAI"),
            Row("怪机关", "", "警务室X", "GJG"),
            Row("好派出所", "", "派出所", "HPCS2"),
            Row("邮编错", "", "派出所", "YBC", postcode: "4530")), "机关.xlsx"));
        Assert.NotNull(result.Error);
        Assert.Contains("第3行“上级机关”列：“不存在的分局”", result.Error);
        Assert.Contains("第4行：机关类别“警务室X”无法识别", result.Error);
        Assert.Contains("第5行“机关名称”列：“好派出所”与第2行重复", result.Error);
        Assert.Contains("第6行：邮政编码“4530”应为6位数字", result.Error);
        Assert.Equal(before, await factory.OpenDb().Agencies.CountAsync());
    }

    [Fact]
    public async Task Import_NotAWorkbook_IsRefusedClearly()
    {
        await factory.SeedAsync();
        var result = await AsAdmin((s, a) => s.ImportAsync(a, new MemoryStream("不是表格"u8.ToArray()), "机关.xlsx"));
        Assert.Equal("“机关.xlsx”：文件不是 Excel 工作簿（.xlsx）", result.Error);
    }

    [Fact]
    public async Task Guide_ShowsTheOfficeContactDetails()
    {
        await factory.SeedAsync();
        var id = (await AsAdmin((s, a) => s.CreateAsync(a, Input("北站派出所", factory.CityId, "BZPCS")))).Value;
        var html = await factory.CreateClient().GetStringAsync($"/guide/{id}");
        Assert.Contains("政府信息公开工作机构", html);
        Assert.Contains("人民路2号", html);
        Assert.Contains("0373-7654321", html);
        Assert.Contains("453000", html);
    }
}
