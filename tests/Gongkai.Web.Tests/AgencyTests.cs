using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Admin;
using Gongkai.Web.Features.Cases;
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
        Assert.True(created.IsOk, created.Message);
        var id = created.Value!.Id;
        Assert.True((await AsAdmin((s, a) => s.UpdateAsync(a, id, Input("东街派出所（新）", factory.DistrictId, "DJPCS")))).IsOk);
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
        var child = (await AsAdmin((s, a) => s.CreateAsync(a, Input("某大队", factory.DistrictId, "MDD", "大队")))).Value!.Id;
        var result = await AsAdmin((s, a) => s.UpdateAsync(a, factory.DistrictId, Input("测试区分局", child, "QF", "分局")));
        Assert.Equal("不能把“测试区分局”移到它自己或它的下级机关之下", result.Message);
    }

    [Theory]
    [InlineData("测试区分局", "NEW1", "已有名为“测试区分局”的机关")]
    [InlineData("新机关", "qf", "受理编号前缀“QF”已被“测试区分局”使用")]
    [InlineData("新机关", "新", "受理编号前缀应为2至12个英文字母或数字")]
    public async Task Create_WithAClash_IsRefusedWithTheReason(string name, string prefix, string message)
    {
        await factory.SeedAsync();
        var created = await AsAdmin((s, a) => s.CreateAsync(a, Input(name, factory.CityId, prefix)));
        Assert.StartsWith(message, created.Message);
    }

    [Fact]
    public async Task Create_UnderAnAgencyNotManaged_IsRefused()
    {
        await factory.SeedAsync();
        var created = await AsAdmin((s, a) => s.CreateAsync(a, Input("外局派出所", factory.OtherCityId, "WJ")));
        Assert.Equal("上级机关应为本机关或下级机关", created.Message);
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
        Assert.True(first.IsOk, first.Message);
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
        Assert.NotNull(result.Message);
        Assert.Contains("第3行“上级机关”列：“不存在的分局”", result.Message);
        Assert.Contains("第4行“机关类别”列：机关类别“警务室X”无法识别", result.Message);
        Assert.Contains("第5行“机关名称”列：“好派出所”与第2行重复", result.Message);
        Assert.Contains("第6行“邮政编码”列：邮政编码“4530”应为6位数字", result.Message);
        Assert.Equal(before, await factory.OpenDb().Agencies.CountAsync());
    }

    [Fact]
    public async Task Import_NotAWorkbook_IsRefusedClearly()
    {
        await factory.SeedAsync();
        var result = await AsAdmin((s, a) => s.ImportAsync(a, new MemoryStream("不是表格"u8.ToArray()), "机关.xlsx"));
        Assert.Equal("“机关.xlsx”：文件不是 Excel 工作簿（.xlsx）", result.Message);
    }

    [Fact]
    public async Task Guide_ShowsTheOfficeContactDetails()
    {
        await factory.SeedAsync();
        var id = (await AsAdmin((s, a) => s.CreateAsync(a, Input("北站派出所", factory.CityId, "BZPCS")))).Value!.Id;
        var html = await factory.CreateClient().GetStringAsync($"/guide/{id}");
        Assert.Contains("政府信息公开工作机构", html);
        Assert.Contains("人民路2号", html);
        Assert.Contains("0373-7654321", html);
        Assert.Contains("453000", html);
    }

    private static Dictionary<string, object?> RowWith(string name, string prefix, string email = "", string postcode = "", string? letterCode = null)
    {
        var row = Row(name, "", "派出所", prefix, postcode: postcode);
        row["电子邮箱"] = email;
        if (letterCode is not null)
        {
            row["机关代字"] = letterCode;
        }
        return row;
    }

    [Fact]
    public async Task Import_EveryKindOfError_IsReportedAtOnce_WithRowAndColumn()
    {
        await factory.SeedAsync();
        var before = await factory.OpenDb().Agencies.CountAsync();
        var result = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(
            RowWith("甲派出所", "AAA", postcode: "12"),
            RowWith("乙派出所", "AAA"),
            RowWith("丙派出所", "BBB", email: "jj@"),
            RowWith("丁派出所", "qf")), "机关.xlsx"));
        Assert.Equal(ResultKind.Invalid, result.Kind);
        Assert.Contains("第2行“邮政编码”列：邮政编码“12”应为6位数字", result.Message);
        Assert.Contains("第3行“受理编号前缀”列：“AAA”与第2行重复", result.Message);
        Assert.Contains("第4行“电子邮箱”列：电子邮箱“jj@”格式不正确", result.Message);
        Assert.Contains("第5行“受理编号前缀”列：“QF”已被“测试区分局”使用", result.Message);
        Assert.Contains("有4处错误", result.Message);
        Assert.Equal(before, await factory.OpenDb().Agencies.CountAsync());
    }

    [Theory]
    [InlineData("jj@", false)]
    [InlineData("a@b", false)]
    [InlineData("@example.cn", false)]
    [InlineData("gk@@example.cn", false)]
    [InlineData("g k@example.cn", false)]
    [InlineData("gk@example..cn", false)]
    [InlineData("gk@example.cn.", false)]
    [InlineData("gk@example.cn", true)]
    [InlineData("xinxiang.gongkai@henan.gov.cn", true)]
    public void AgencyRules_IsEmail_TellsAddressesFromTypingSlips(string email, bool valid) =>
        Assert.Equal(valid, Gongkai.Data.Setup.AgencyRules.IsEmail(email));

    [Theory]
    [InlineData("新公信", null)]
    [InlineData("GAJ", null)]
    [InlineData("新公信〔", "不能含“〔〕”")]
    [InlineData("公信2", "不能含数字")]
    [InlineData("新公-信", "只能是汉字或英文字母")]
    [InlineData("一二三四五六七八九十百", "有11个字，最多10个")]
    public void AgencyRules_CheckLetterCode_NamesWhatIsWrong(string code, string? problem)
    {
        var message = Gongkai.Data.Setup.AgencyRules.CheckLetterCode(code);
        if (problem is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(problem, message);
            Assert.Contains($"“{code}”", message);
        }
    }

    [Fact]
    public async Task LetterCode_IsSetOnCreate_AndABadOneIsRefusedNamingTheField()
    {
        await factory.SeedAsync();
        var created = await AsAdmin((s, a) => s.CreateAsync(a, Input("新华派出所", factory.CityId, "XHPCS") with { LetterCode = " 新华公信 " }));
        Assert.True(created.IsOk, created.Message);
        Assert.Equal("新华公信", (await factory.OpenDb().Agencies.SingleAsync(a => a.Id == created.Value!.Id)).LetterCode);
        var refused = await AsAdmin((s, a) => s.UpdateAsync(a, created.Value!.Id, Input("新华派出所", factory.CityId, "XHPCS") with { LetterCode = "新公信〔2026〕" }));
        Assert.Equal(ResultKind.Invalid, refused.Kind);
        Assert.Contains("LetterCode", refused.Errors!.Keys);
        Assert.Equal("新华公信", (await factory.OpenDb().Agencies.SingleAsync(a => a.Id == created.Value!.Id)).LetterCode);
    }

    [Fact]
    public async Task Import_LetterCodeColumn_IsOptional_AndKeptWhenAbsent()
    {
        await factory.SeedAsync();
        var with = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(RowWith("城南派出所", "CNPCS", letterCode: "城南公信")), "机关.xlsx"));
        Assert.True(with.IsOk, with.Message);
        var without = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(Row("城南派出所", "", "派出所", "CNPCS", phone: "0373-5555555")), "机关.xlsx"));
        Assert.True(without.IsOk, without.Message);
        var agency = await factory.OpenDb().Agencies.SingleAsync(a => a.Name == "城南派出所");
        Assert.Equal(("城南公信", "0373-5555555"), (agency.LetterCode, agency.Office.Phone));
    }

    [Fact]
    public async Task Template_HasOnlyTheHeadingRow_AndExplainsTheColumnsOnASecondSheet()
    {
        var bytes = AgencyService.ImportTemplate();
        Assert.Equal(["机关", "填写说明"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, sheetName: "机关").Cast<IDictionary<string, object?>>().ToList();
        Assert.Single(rows);
        Assert.Equal(AgencyService.ImportColumns, rows[0].Values.Select(v => v?.ToString() ?? "").ToList());
        var guide = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "填写说明").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(guide, r => r["列名"]?.ToString() == "机关代字" && r["示例"]?.ToString()!.Contains("新公信", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Template_ImportedUnchanged_CreatesNothing_AndSaysWhy()
    {
        await factory.SeedAsync();
        var before = await factory.OpenDb().Agencies.CountAsync();
        var result = await AsAdmin((s, a) => s.ImportAsync(a, new MemoryStream(AgencyService.ImportTemplate()), "机关导入模板.xlsx"));
        Assert.Equal(ResultKind.Invalid, result.Kind);
        Assert.Contains("只有标题行", result.Message);
        Assert.Contains("未导入任何机关", result.Message);
        Assert.Equal(before, await factory.OpenDb().Agencies.CountAsync());
    }

    [Fact]
    public async Task Import_TheOldTemplatesExampleRow_IsRefusedAsAnExample()
    {
        await factory.SeedAsync();
        var before = await factory.OpenDb().Agencies.CountAsync();
        var example = Row("示例区公安分局", "", "分局", "SLFJ", "0373-1234567", "453000");
        example["办公地址"] = "示例路1号";
        var result = await AsAdmin((s, a) => s.ImportAsync(a, Workbook(example, Row("真实派出所", "", "派出所", "ZSPCS")), "机关.xlsx"));
        Assert.Contains("第2行是导入模板中的示例（“示例区公安分局”）", result.Message);
        Assert.Equal(before, await factory.OpenDb().Agencies.CountAsync());
    }

    [Fact]
    public async Task AgenciesPage_ListsEachAgencyFollowedByItsSubAgencies()
    {
        await factory.SeedAsync();
        // Created in an order in which a level-by-level list would put 市直大队 before 区下派出所.
        Assert.True((await AsAdmin((s, a) => s.CreateAsync(a, Input("市直大队", factory.CityId, "SZDD", "大队")))).IsOk);
        Assert.True((await AsAdmin((s, a) => s.CreateAsync(a, Input("区下派出所", factory.DistrictId, "QXPCS")))).IsOk);
        var html = await (await PageClient.SignedIn(factory, "administrator")).GetStringAsync("/Admin/Agencies");
        var table = html[..html.IndexOf("</table>", StringComparison.Ordinal)];
        var order = new[] { "测试市公安局", "测试区分局", "区下派出所", "市直大队" }.Select(n => table.IndexOf(n, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task AgenciesPage_CreateRefused_KeepsEveryTypedValue()
    {
        var client = await PageClient.SignedIn(factory, "administrator");
        var (response, html) = await PageClient.Post(client, "/Admin/Agencies", new()
        {
            ["handler"] = "Create", ["name"] = "新建派出所", ["kind"] = "部门/警种/派出所", ["parentId"] = factory.DistrictId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["trackingPrefix"] = "XJPCS", ["letterCode"] = "新建公信", ["address"] = "新建路9号", ["hours"] = "工作日", ["phone"] = "0373-9999999",
            ["email"] = "jj@", ["postcode"] = "453000",
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("电子邮箱“jj@”格式不正确", html);
        var form = html[html.IndexOf("aria-label=\"添加下级机关\"", StringComparison.Ordinal)..];
        foreach (var value in new[] { "新建派出所", "XJPCS", "新建公信", "新建路9号", "0373-9999999", "jj@", "453000" })
        {
            Assert.Contains($"value=\"{value}\"", form);
        }
        Assert.Matches($"<option value=\"{factory.DistrictId}\" selected=\"selected\">", form);
        Assert.False(await factory.OpenDb().Agencies.AnyAsync(a => a.Name == "新建派出所"));
    }
}
