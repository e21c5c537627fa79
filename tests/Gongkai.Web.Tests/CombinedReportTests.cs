using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>
/// A people's government's report (条例 第四十九条第二款): its departments' tables summed, from their data in
/// Gongkai or from their published reports uploaded and read, with the missing and failing ones listed.
/// </summary>
public sealed class CombinedReportTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static byte[] Seed(string prefix) => File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), prefix + "_*.txt").Single());

    private Task<(IServiceScope Scope, Actor Actor)> As(string userName, StaffRole role) => factory.ActorAsync(userName, role);

    /// <summary>The government lists two departments outside Gongkai and uploads 新乡市公安局's 2023 report (seed 001) for the first.</summary>
    private async Task<(IServiceScope Scope, Actor Admin)> GovernmentWithUploadAsync()
    {
        var (scope, admin) = await As("gov-administrator", StaffRole.Administrator);
        var combiner = scope.ServiceProvider.GetRequiredService<CombinedReportService>();
        Assert.Null(await combiner.SaveExternalDepartmentsAsync(admin, "外部甲局\n外部乙局\n"));
        Assert.Null(await combiner.UploadAsync(admin, 2023, "外部甲局", "jia-2023.txt", Seed("001")));
        return (scope, admin);
    }

    [Fact]
    public async Task Upload_HtmlNested78000Deep_IsRefusedAtOnceWithAChineseMessage()
    {
        var (scope, admin) = await As("gov-administrator", StaffRole.Administrator);
        using (scope)
        {
            var combiner = scope.ServiceProvider.GetRequiredService<CombinedReportService>();
            Assert.Null(await combiner.SaveExternalDepartmentsAsync(admin, "外部甲局\n"));
            var hostile = System.Text.Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 78_000)) + "2023年度报告</body></html>");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var error = await combiner.UploadAsync(admin, 2023, "外部甲局", "jia-2023.html", hostile);
            // Refused before parsing (it took over two minutes before); the bound is generous for a busy machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.StartsWith("“jia-2023.html”无法读取为年度报告：", error, StringComparison.Ordinal);
            Assert.Contains("嵌套", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Upload_WordFileOfTwoMillionParagraphs_IsRefusedByItsElementCount()
    {
        var (scope, admin) = await As("gov-administrator", StaffRole.Administrator);
        using (scope)
        {
            var combiner = scope.ServiceProvider.GetRequiredService<CombinedReportService>();
            Assert.Null(await combiner.SaveExternalDepartmentsAsync(admin, "外部甲局\n"));
            var docx = TestFiles.Docx("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + string.Concat(Enumerable.Repeat("<w:p/>", 2_000_000)) + "</w:body></w:document>");
            var error = await combiner.UploadAsync(admin, 2023, "外部甲局", "jia-2023.docx", docx);
            Assert.StartsWith("“jia-2023.docx”无法读取为年度报告：", error, StringComparison.Ordinal);
            Assert.Contains("XML 元素超过 200000 个", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Combine_SumsTheUploadedReportAndTheDepartmentsDataAndListsTheMissing()
    {
        var registrar = await factory.ApiAs("registrar");
        await Api.Register(registrar, Api.Registration(receivedOn: new DateOnly(2023, 5, 8)));
        await Api.Register(registrar, Api.Registration(receivedOn: new DateOnly(2023, 6, 9)));
        var (scope, _) = await GovernmentWithUploadAsync();
        using (scope)
        {
            var combined = await scope.ServiceProvider.GetRequiredService<CombinedReportService>().CombineAsync(factory.GovernmentId, 2023);
            // Seed 001 received 57; the city bureau's data add the two registered above.
            Assert.Equal(59m, combined.Applications.Value("一", "总计"));
            Assert.Equal(2439825m, combined.Proactive.Value("行政许可", "本年处理决定数量"));
            Assert.Equal(["外部乙局", "测试市公安局"], combined.NeedingAttention.Select(d => d.Department).Order(StringComparer.Ordinal));
            Assert.Equal("未提交年度报告", combined.Departments.Single(d => d.Department == "外部乙局").Remark);
            Assert.Equal("已按系统数据计入（该部门尚未发布年度报告）", combined.Departments.Single(d => d.Department == "测试市公安局").Remark);
            // Seed 001 is signed by 新乡市公安局, not 外部甲局: counted, and said.
            Assert.Equal("已按上传的年度报告计入；报告所署机关为“新乡市公安局”，请核实是否为该部门的报告", combined.Departments.Single(d => d.Department == "外部甲局").Remark);
        }
    }

    /// <summary>A township's department sends its report scanned: the upload reads it by OCR instead of refusing it.</summary>
    [Fact]
    public async Task Upload_ScannedPdf_IsReadByOcr_NotRefusedAsAScan()
    {
        var (scope, admin) = await As("gov-administrator", StaffRole.Administrator);
        using (scope)
        {
            var combiner = scope.ServiceProvider.GetRequiredService<CombinedReportService>();
            Assert.Null(await combiner.SaveExternalDepartmentsAsync(admin, "外部丙局"));
            var scan = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "scans", "seed001-page1-scan.pdf"));
            Assert.Null(await combiner.UploadAsync(admin, 2023, "外部丙局", "scan.pdf", scan));
            var status = (await combiner.CombineAsync(factory.GovernmentId, 2023)).Departments.Single(d => d.Department == "外部丙局");
            // One page holds no tables: read (its agency named), not counted for the missing tables.
            Assert.DoesNotContain("无法读取", status.Remark, StringComparison.Ordinal);
            Assert.Contains("缺少第三部分", status.Remark, StringComparison.Ordinal);
        }
    }

    /// <summary>Most departments publish PDF: the upload reads its text layer, checks it, and says why it is not counted.</summary>
    [Fact]
    public async Task Upload_PublishedPdf_IsReadAndChecked_AndItsErrorsKeepItOutOfTheSum()
    {
        var (scope, admin) = await As("gov-administrator", StaffRole.Administrator);
        using (scope)
        {
            var combiner = scope.ServiceProvider.GetRequiredService<CombinedReportService>();
            Assert.Null(await combiner.SaveExternalDepartmentsAsync(admin, "洪泽区人民政府"));
            var pdf = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "real-reports", "hongze-gov-2023.pdf"));
            Assert.Null(await combiner.UploadAsync(admin, 2023, "洪泽区人民政府", "hongze-2023.pdf", pdf));
            var status = (await combiner.CombineAsync(factory.GovernmentId, 2023)).Departments.Single(d => d.Department == "洪泽区人民政府");
            Assert.False(status.Included);
            Assert.Contains("行政复议", status.Remark); // its printed table 四 totals are 0: a real error, named
        }
    }

    [Fact]
    public async Task Compose_Government_UsesTheCombinedTablesAndWarnsForEachDepartmentNeedingAttention()
    {
        var (scope, _) = await GovernmentWithUploadAsync();
        using (scope)
        {
            var composed = await scope.ServiceProvider.GetRequiredService<AnnualReportService>().ComposeAsync(factory.GovernmentId, 2023, new Dictionary<string, string>());
            Assert.Equal(57m, composed.Report.Applications.Value("一", "总计"));
            Assert.Equal("测试市人民政府2023年政府信息公开工作年度报告", composed.Report.Title);
            Assert.Equal(2, composed.Warnings.Count(w => w.Rule == ReportCombiner.DepartmentNotIncluded));
        }
    }

    [Fact]
    public async Task Publish_Government_NeedsTheDepartmentWarningsConfirmedAndRecordsThem()
    {
        var (scope, admin) = await GovernmentWithUploadAsync();
        using (scope)
        {
            var reports = scope.ServiceProvider.GetRequiredService<AnnualReportService>();
            var tables = await reports.ComposeAsync(factory.GovernmentId, 2023, new Dictionary<string, string>());
            var own = await reports.DraftFactsAsync(factory.GovernmentId, 2023);
            var drafts = AgencyReportData.Drafts(tables.Report, own);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().SaveFiguresAsync(admin, 2023, 0, 0, 0, 0m));
            var sections = new Dictionary<string, string>(drafts) { ["五"] = "本年度开展工作考核、社会评议，未发生责任追究。" };
            Assert.Null(await reports.SaveDraftAsync(admin, 2023, sections));

            var (_, refused) = await reports.PublishAsync(admin, 2023, confirmWarnings: false);
            Assert.NotNull(refused);
            Assert.Contains("警告", refused);
            // The file uploaded for 外部甲局 is signed by 新乡市公安局: publication waits for a reason.
            var (_, unexplained) = await reports.PublishAsync(admin, 2023, confirmWarnings: true);
            Assert.Contains("为“外部甲局”上传的报告所署机关为“新乡市公安局”", unexplained);
            var (composed, error) = await reports.PublishAsync(admin, 2023, confirmWarnings: true, integrityReason: "外部甲局系新乡市公安局下属单位，以其名义发布");
            Assert.Null(error);
            Assert.False(composed.HasErrors);
            await using var db = factory.OpenDb();
            var record = await db.AnnualReports.SingleAsync(r => r.AgencyId == factory.GovernmentId && r.Year == 2023);
            Assert.Contains("外部乙局：未提交年度报告", record.ConfirmedWarnings);
            Assert.Contains("测试市公安局", record.ConfirmedWarnings);
            Assert.Contains("核实说明：外部甲局系新乡市公安局下属单位", record.IntegrityConfirmation);
            Assert.Contains("核实说明：外部甲局系新乡市公安局下属单位", (await db.AuditEntries.SingleAsync(e => e.Action == "PublishReport")).Summary);
        }
    }

    [Fact]
    public async Task Department_TakenOffTheList_DropsOutOfTheSumThoughItsFileWasUploaded()
    {
        var (scope, admin) = await GovernmentWithUploadAsync();
        using (scope)
        {
            var combiner = scope.ServiceProvider.GetRequiredService<CombinedReportService>();
            Assert.Null(await combiner.SaveExternalDepartmentsAsync(admin, "外部乙局"));
            var combined = await combiner.CombineAsync(factory.GovernmentId, 2023);
            Assert.DoesNotContain(combined.Departments, d => d.Department == "外部甲局");
            Assert.Equal(0m, combined.Applications.Value("一", "总计"));
        }
    }

    [Fact]
    public async Task Upload_ReportOfAnotherYear_IsRefusedNamingBothYears()
    {
        var (scope, admin) = await GovernmentWithUploadAsync();
        using (scope)
        {
            var error = await scope.ServiceProvider.GetRequiredService<CombinedReportService>().UploadAsync(admin, 2023, "外部乙局", "yi.txt", Seed("002"));
            Assert.Equal("“yi.txt”是2024年度的报告，不是2023年度的", error);
            await using var db = factory.OpenDb();
            Assert.False(await db.DepartmentReports.AnyAsync(r => r.Department == "外部乙局"));
        }
    }

    [Fact]
    public async Task Upload_UnreadableFile_IsRefusedWithTheReadersReason()
    {
        var (scope, admin) = await GovernmentWithUploadAsync();
        using (scope)
        {
            var error = await scope.ServiceProvider.GetRequiredService<CombinedReportService>().UploadAsync(admin, 2023, "外部乙局", "yi.txt", [0xFF, 0xFE, 0x00, 0x00, 0x01]);
            Assert.NotNull(error);
            Assert.StartsWith("“yi.txt”无法读取为年度报告：", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Upload_ForADepartmentNotListed_IsRefused()
    {
        var (scope, admin) = await GovernmentWithUploadAsync();
        using (scope)
        {
            Assert.Equal("请选择部门名单中的部门（不使用本系统的部门）",
                await scope.ServiceProvider.GetRequiredService<CombinedReportService>().UploadAsync(admin, 2023, "外部丙局", "bing.txt", Seed("001")));
        }
    }

    [Fact]
    public async Task Upload_Again_ReplacesTheEarlierFileAndIsAudited()
    {
        var (scope, admin) = await GovernmentWithUploadAsync();
        using (scope)
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CombinedReportService>().UploadAsync(admin, 2023, "外部甲局", "jia-v2.txt", Seed("001")));
            await using var db = factory.OpenDb();
            Assert.Equal("jia-v2.txt", (await db.DepartmentReports.SingleAsync(r => r.Department == "外部甲局")).FileName);
            var audit = await db.AuditEntries.Where(a => a.Action == "UploadDepartmentReport").OrderBy(a => a.Sequence).ToListAsync();
            Assert.Equal(2, audit.Count);
            Assert.Contains("替换此前上传的文件", audit[1].Summary);
        }
    }

    [Fact]
    public async Task Upload_ByADepartment_IsRefused()
    {
        var (scope, admin) = await As("administrator", StaffRole.Administrator);
        using (scope)
        {
            Assert.Equal("只有人民政府汇总部门年度报告",
                await scope.ServiceProvider.GetRequiredService<CombinedReportService>().UploadAsync(admin, 2023, "外部甲局", "jia.txt", Seed("001")));
        }
    }

    [Fact]
    public async Task Combine_DepartmentPublishedInGongkai_IsReadFromItsPublishedReport()
    {
        var (cityScope, cityAdmin) = await As("administrator", StaffRole.Administrator);
        using (cityScope)
        {
            var reports = cityScope.ServiceProvider.GetRequiredService<AnnualReportService>();
            Assert.Null(await cityScope.ServiceProvider.GetRequiredService<Table2Registers>().SaveFiguresAsync(cityAdmin, 2023, 12, 34, 5, 1.5m));
            var tables = await reports.ComposeAsync(factory.CityId, 2023, new Dictionary<string, string>());
            var sections = new Dictionary<string, string>(AgencyReportData.Drafts(tables.Report, await reports.DraftFactsAsync(factory.CityId, 2023))) { ["五"] = "无。" };
            Assert.Null(await reports.SaveDraftAsync(cityAdmin, 2023, sections));
            Assert.Null((await reports.PublishAsync(cityAdmin, 2023, confirmWarnings: true)).Error);
        }
        var (scope, _) = await As("gov-administrator", StaffRole.Administrator);
        using (scope)
        {
            var combined = await scope.ServiceProvider.GetRequiredService<CombinedReportService>().CombineAsync(factory.GovernmentId, 2023);
            var city = combined.Departments.Single(d => d.Department == "测试市公安局");
            Assert.Equal(("已按系统数据计入", true), (city.Remark, city.Published));
            Assert.Equal(34m, combined.Proactive.Value("行政处罚", "本年处理决定数量"));
            Assert.Empty(combined.NeedingAttention);
        }
    }

    [Fact]
    public async Task Reminder_GovernmentIsDueOn31March_DepartmentOn31January()
    {
        var (scope, _) = await As("gov-administrator", StaffRole.Administrator);
        using (scope)
        {
            var reports = scope.ServiceProvider.GetRequiredService<AnnualReportService>();
            var government = await reports.ReminderAsync(factory.GovernmentId, new DateOnly(2024, 2, 1));
            Assert.Equal(new DateOnly(2024, 3, 31), government.DueOn);
            Assert.Contains(government.Missing, m => m.StartsWith("部门年度报告：测试市公安局（", StringComparison.Ordinal));
            Assert.Equal(new DateOnly(2024, 1, 31), (await reports.ReminderAsync(factory.CityId, new DateOnly(2024, 2, 1))).DueOn);
        }
    }

    [Fact]
    public async Task DepartmentsPage_ShowsEachDepartmentsStatus()
    {
        var (scope, _) = await GovernmentWithUploadAsync();
        scope.Dispose();
        var client = await PageClient.SignedIn(factory, "gov-administrator");
        var html = await client.GetStringAsync("/AnnualReports/Departments?Year=2023");
        Assert.Contains("外部甲局", html);
        Assert.Contains("已按上传的年度报告计入", html);
        Assert.Contains("jia-2023.txt", html);
        Assert.Contains("外部乙局", html);
        Assert.Contains("未提交年度报告", html);
    }

    [Fact]
    public async Task DepartmentsPage_UploadThroughTheForm_IsReadAndCounted()
    {
        var client = await PageClient.SignedIn(factory, "gov-administrator");
        var (list, _) = await PageClient.Post(client, "/AnnualReports/Departments?Year=2023", new() { ["handler"] = "List", ["Year"] = "2023", ["Names"] = "外部甲局" });
        Assert.Equal(System.Net.HttpStatusCode.OK, list.StatusCode);
        var page = await client.GetStringAsync("/AnnualReports/Departments?Year=2023");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageClient.Token(page)), "__RequestVerificationToken" },
            { new StringContent("2023"), "Year" },
            { new StringContent("外部甲局"), "Department" },
            { new ByteArrayContent(Seed("001")), "Report", "jia.txt" },
        };
        var response = await client.PostAsync("/AnnualReports/Departments?handler=Upload", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已上传外部甲局2023年度报告", html);
        Assert.Contains("已按上传的年度报告计入", html);
    }

    [Fact]
    public async Task Department_ChoosesItsGovernment_ThenCountsInItsReportAndItIsAudited()
    {
        var (scope, otherAdmin) = await As("other-administrator", StaffRole.Administrator);
        using (scope)
        {
            var admin = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Admin.AdminService>();
            Assert.Null(await admin.ReportToGovernmentAsync(otherAdmin, factory.GovernmentId));
            var combined = await scope.ServiceProvider.GetRequiredService<CombinedReportService>().CombineAsync(factory.GovernmentId, 2023);
            Assert.Contains(combined.Departments, d => d.Department == "另一市公安局");
            await using var db = factory.OpenDb();
            Assert.Contains("测试市人民政府", (await db.AuditEntries.SingleAsync(a => a.Action == "ReportToGovernment")).Summary);
        }
    }

    [Fact]
    public async Task Department_ChoosingAnAgencyThatIsNoGovernment_IsRefused()
    {
        var (scope, otherAdmin) = await As("other-administrator", StaffRole.Administrator);
        using (scope)
        {
            Assert.Equal("请选择一个人民政府", await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Admin.AdminService>().ReportToGovernmentAsync(otherAdmin, factory.CityId));
        }
    }

    [Fact]
    public async Task AdminPage_OfADepartment_OffersTheGovernments()
    {
        var client = await PageClient.SignedIn(factory, "administrator");
        var html = await client.GetStringAsync("/Admin");
        Assert.Contains("报送年度报告的人民政府", html);
        Assert.Matches($"<option value=\"{factory.GovernmentId}\" selected=\"selected\">测试市人民政府</option>", html);
    }
}
