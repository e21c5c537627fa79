using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The registers behind tables 二 and 四, stored and composed into the report with table 三 from the cases.</summary>
public sealed class AnnualReportServiceTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<(AnnualReportService Service, Actor Actor, IServiceScope Scope)> As(string userName)
    {
        await factory.SeedAsync();
        var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var role = Enum.Parse<StaffRole>(userName, ignoreCase: true);
        return (scope.ServiceProvider.GetRequiredService<AnnualReportService>(), new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { role }, new HashSet<string>()), scope);
    }

    [Fact]
    public async Task Registers_ComposeIntoTablesTwoAndFourOfTheYear()
    {
        var (service, handler, scope) = await As("handler");
        using (scope)
        {
            for (var i = 1; i <= 4; i++)
            {
                Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().AddDocumentAsync(handler, RegulatoryDocumentKind.NormativeDocument, $"规范性文件{i}", $"测公规〔{2018 + i}〕{i}号", new DateOnly(2018 + i, 6, 1), null));
            }
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().AddDocumentAsync(handler, RegulatoryDocumentKind.NormativeDocument, "新文件", null, new DateOnly(2023, 3, 1), null));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().AddDocumentAsync(handler, RegulatoryDocumentKind.NormativeDocument, "废止的文件", null, new DateOnly(2019, 3, 1), new DateOnly(2023, 9, 1)));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().SaveFiguresAsync(handler, 2023, 2439825, 133895, 7815, 9486.7475m));
            var (review, error) = await scope.ServiceProvider.GetRequiredService<ProceedingRegister>().FileProceedingAsync(handler, ProceedingKind.Reconsideration, null, "测试市人民政府", new DateOnly(2023, 4, 3));
            Assert.Null(error);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ProceedingRegister>().DecideAsync(handler, review!.Value, ProceedingResult.Upheld, new DateOnly(2023, 6, 2)));
            var (lawsuit, sueError) = await scope.ServiceProvider.GetRequiredService<ProceedingRegister>().SueAfterAsync(handler, review.Value, "测试区人民法院", new DateOnly(2023, 6, 12));
            Assert.Null(sueError);
            Assert.NotNull(lawsuit);

            var composed = await service.ComposeAsync(factory.CityId, 2023, new Dictionary<string, string>());
            var t2 = composed.Report.Proactive;
            Assert.Equal([1m, 1m, 5m], new[] { "本年制发件数", "本年废止件数", "现行有效件数" }.Select(c => t2.Value("行政规范性文件", c)!.Value));
            Assert.Equal(2439825m, t2.Value("行政许可", "本年处理决定数量"));
            Assert.Equal("9486.7475", t2["行政事业性收费", "本年收费金额"]!.Text);
            Assert.Equal(1m, composed.Report.Review.Value("行政复议", "结果维持"));
            Assert.Equal(1m, composed.Report.Review.Value("复议后起诉", "尚未审结"));
            Assert.Equal("测试市公安局2023年政府信息公开工作年度报告", composed.Report.Title);
        }
    }

    [Fact]
    public async Task Compose_CountsTheYearsCasesInTableThree()
    {
        var registrar = await factory.ApiAs("registrar");
        for (var i = 0; i < 3; i++)
        {
            await Api.Register(registrar, Api.Registration(receivedOn: Api.Today.AddDays(-1)));
        }
        var (service, _, scope) = await As("handler");
        using (scope)
        {
            var composed = await service.ComposeAsync(factory.CityId, Api.Today.AddDays(-1).Year, new Dictionary<string, string>());
            Assert.True(composed.Report.Applications.Value("一", "自然人") >= 3);
            Assert.Equal(composed.Report.Applications.Value("一", "总计") + composed.Report.Applications.Value("二", "总计"),
                composed.Report.Applications.Value("三.七", "总计") + composed.Report.Applications.Value("四", "总计"));
        }
    }

    [Fact]
    public async Task Compose_WithoutTheYearsFigures_IsBlockedByTheChecker()
    {
        var (service, _, scope) = await As("handler");
        using (scope)
        {
            var composed = await service.ComposeAsync(factory.CityId, 2022, new Dictionary<string, string>());
            Assert.True(composed.HasErrors);
        }
    }

    [Fact]
    public async Task Registers_ForASupervisor_AreRefusedAndNothingIsSaved()
    {
        var (service, supervisor, scope) = await As("supervisor");
        using (scope)
        {
            var error = await scope.ServiceProvider.GetRequiredService<Table2Registers>().AddDocumentAsync(supervisor, RegulatoryDocumentKind.Rule, "规章", null, new DateOnly(2023, 1, 1), null);
            Assert.Contains("只有管理员或承办人", error);
            await using var db = factory.OpenDb();
            Assert.False(await db.RegulatoryDocuments.AnyAsync());
        }
    }

    [Fact]
    public async Task Document_AbolishedBeforeIssued_IsRefusedNamingBothDates()
    {
        var (service, handler, scope) = await As("handler");
        using (scope)
        {
            var error = await scope.ServiceProvider.GetRequiredService<Table2Registers>().AddDocumentAsync(handler, RegulatoryDocumentKind.Rule, "规章", null, new DateOnly(2023, 5, 1), new DateOnly(2023, 4, 1));
            Assert.Equal("废止日期2023-04-01早于印发日期2023-05-01", error);
        }
    }

    [Fact]
    public async Task Fees_WithMoreThanFourDecimals_AreRefused()
    {
        var (service, handler, scope) = await As("handler");
        using (scope)
        {
            Assert.Contains("最多保留四位小数", await scope.ServiceProvider.GetRequiredService<Table2Registers>().SaveFiguresAsync(handler, 2023, 1, 1, 1, 1.23456m));
        }
    }

    [Fact]
    public async Task RegisterChanges_AreInTheAuditTrail()
    {
        var (service, handler, scope) = await As("handler");
        using (scope)
        {
            await scope.ServiceProvider.GetRequiredService<Table2Registers>().SaveFiguresAsync(handler, 2023, 10, 20, 30, 1.5m);
            await using var db = factory.OpenDb();
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "SaveFigures");
            Assert.Contains("2023年行政许可10件", entry.Summary);
            Assert.Empty(await Gongkai.Data.Audit.AuditChain.Verify(db));
        }
    }
}

public sealed class FiguresImportTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static MemoryStream Workbook(params object[][] rows)
    {
        var lines = rows.Select(r => Table2Registers.FigureColumns.Zip(r).ToDictionary(x => x.First, x => x.Second)).ToList();
        var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, lines);
        stream.Position = 0;
        return stream;
    }

    private async Task<(AnnualReportService Service, Actor Actor, IServiceScope Scope)> Handler()
    {
        await factory.SeedAsync();
        var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == "handler");
        return (scope.ServiceProvider.GetRequiredService<AnnualReportService>(), new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { StaffRole.Handler }, new HashSet<string>()), scope);
    }

    [Fact]
    public async Task Import_GoodRows_SavesEachYear()
    {
        var (service, handler, scope) = await Handler();
        using (scope)
        {
            var (years, errors) = await scope.ServiceProvider.GetRequiredService<Table2Registers>().ImportFiguresAsync(handler, Workbook([2022, 100, 200, 3, 1.25m], [2023, 2439825, 133895, 7815, 9486.7475m]));
            Assert.Empty(errors);
            Assert.Equal([2022, 2023], years);
            Assert.Equal(9486.7475m, (await scope.ServiceProvider.GetRequiredService<Table2Registers>().FiguresAsync(factory.CityId, 2023))!.FeesTenThousandYuan);
        }
    }

    [Fact]
    public async Task Import_BadRows_NamesRowAndColumnAndSavesNothing()
    {
        var (service, handler, scope) = await Handler();
        using (scope)
        {
            var (years, errors) = await scope.ServiceProvider.GetRequiredService<Table2Registers>().ImportFiguresAsync(handler, Workbook([2022, 100, 200, 3, 1.25m], [2023, "很多", 1.5m, 7815, 1.234567m]));
            Assert.Empty(years);
            Assert.Contains("第3行“行政许可”：“很多”不是非负数", errors);
            Assert.Contains("第3行“行政处罚”：决定数量应为整数", errors);
            Assert.Contains("第3行“行政事业性收费（万元）”：最多保留四位小数", errors);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().FiguresAsync(factory.CityId, 2022));
        }
    }

    [Fact]
    public async Task Import_NotAWorkbook_SaysSo()
    {
        var (service, handler, scope) = await Handler();
        using (scope)
        {
            var (_, errors) = await scope.ServiceProvider.GetRequiredService<Table2Registers>().ImportFiguresAsync(handler, new MemoryStream("年度,行政许可"u8.ToArray()));
            Assert.Equal(["文件不是 Excel 工作簿（.xlsx）"], errors);
        }
    }
}
