using System.Net;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The check gate and the public archive of annual reports.</summary>
public sealed class PublicationTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<(AnnualReportService Service, Actor Admin, IServiceScope Scope)> Admin()
    {
        await factory.SeedAsync();
        var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == "administrator");
        return (scope.ServiceProvider.GetRequiredService<AnnualReportService>(),
            new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { StaffRole.Administrator }, new HashSet<string>()), scope);
    }

    private static Dictionary<string, string> Sections(bool withSubsections) => new()
    {
        ["一"] = withSubsections
            ? "2022年，本局认真贯彻《中华人民共和国政府信息公开条例》。（一）主动公开。（二）依申请公开。（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。"
            : "2022年，本局认真贯彻《中华人民共和国政府信息公开条例》。",
        ["二"] = "见下表。",
        ["三"] = "本年度未收到政府信息公开申请。",
        ["四"] = "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
        ["五"] = "公开工作仍有不足，下一步加强培训。",
        ["六"] = "本年度未收取信息处理费。",
    };

    private static async Task Registers(IServiceProvider services, Actor admin)
    {
        Assert.Null(await services.GetRequiredService<Table2Registers>().AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, "规范性文件", null, new DateOnly(2021, 1, 5), null));
        Assert.Null(await services.GetRequiredService<Table2Registers>().SaveFiguresAsync(admin, 2022, 1200, 800, 30, 12.5m));
    }

    [Fact]
    public async Task Publish_WithACheckerError_IsRefusedAndNothingIsPublished()
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            Assert.Null(await service.SaveDraftAsync(admin, 2022, Sections(withSubsections: true)));
            var (composed, error) = await service.PublishAsync(admin, 2022, confirmWarnings: true);
            Assert.True(composed.HasErrors);
            Assert.Contains("个错误，改正后才能发布", error);
            Assert.Empty(await service.PublishedAsync());
        }
    }

    [Fact]
    public async Task Publish_WithWarnings_NeedsTheirConfirmationWhichIsRecorded()
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            await Registers(scope.ServiceProvider, admin);
            Assert.Null(await service.SaveDraftAsync(admin, 2022, Sections(withSubsections: false)));
            var (composed, refused) = await service.PublishAsync(admin, 2022, confirmWarnings: false);
            Assert.False(composed.HasErrors);
            Assert.NotEmpty(composed.Warnings);
            Assert.Contains("请逐条核实", refused);
            Assert.Empty(await service.PublishedAsync());

            var (_, error) = await service.PublishAsync(admin, 2022, confirmWarnings: true);
            Assert.Null(error);
            await using var db = factory.OpenDb();
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "PublishReport");
            Assert.Contains("overview-subsections", entry.Summary);
            Assert.NotNull((await service.PublishedAsync(factory.CityId, 2022))!.ConfirmedWarnings);
        }
    }

    [Fact]
    public async Task Published_IsInThePublicArchiveAndItsMarkdownReadsBackToTheSameTables()
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            await Registers(scope.ServiceProvider, admin);
            Assert.Null(await service.SaveDraftAsync(admin, 2022, Sections(withSubsections: true)));
            var (composed, error) = await service.PublishAsync(admin, 2022, confirmWarnings: false);
            Assert.Null(error);

            var anonymous = factory.CreateClient();
            var archive = await anonymous.GetStringAsync("/reports");
            Assert.Contains("测试市公安局2022年政府信息公开工作年度报告", archive);
            var page = await anonymous.GetAsync($"/reports/{factory.CityId}/2022");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            Assert.Contains($"发布日期：{DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日}", await page.Content.ReadAsStringAsync());

            var markdown = await anonymous.GetByteArrayAsync($"/reports/{factory.CityId}/2022?handler=Markdown");
            var read = Gongkai.Reading.ReportReader.Read(markdown, "report.md").Report;
            Assert.Equal("测试市公安局", read.Agency);
            Assert.Equal(2022, read.Year);
            foreach (var table in composed.Report.Tables)
            {
                foreach (var (row, column, cell) in table.Cells())
                {
                    Assert.Equal(cell?.Value, read.Table(table.Schema).Value(row.Key, column.Key));
                }
            }
            var html = Gongkai.Reading.ReportReader.Read(await (await anonymous.GetAsync($"/reports/{factory.CityId}/2022")).Content.ReadAsByteArrayAsync(), "report.html").Report;
            Assert.Equal(composed.Report.Proactive.Value("行政许可", "本年处理决定数量"), html.Proactive.Value("行政许可", "本年处理决定数量"));
        }
    }

    [Fact]
    public async Task Archive_ListsNewestYearFirst()
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            await Registers(scope.ServiceProvider, admin);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Table2Registers>().SaveFiguresAsync(admin, 2021, 1, 1, 1, 1m));
            foreach (var year in new[] { 2021, 2022 })
            {
                var sections = Sections(withSubsections: true).ToDictionary(s => s.Key, s => s.Value.Replace("2022年", $"{year}年", StringComparison.Ordinal));
                Assert.Null(await service.SaveDraftAsync(admin, year, sections));
                Assert.Null((await service.PublishAsync(admin, year, confirmWarnings: true)).Error);
            }
            Assert.Equal([2022, 2021], (await service.PublishedAsync()).Select(r => r.Year));
        }
    }

    [Fact]
    public async Task Publish_ByAHandler_IsRefused()
    {
        await factory.SeedAsync();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == "handler");
        var handler = new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { StaffRole.Handler }, new HashSet<string>());
        var (_, error) = await scope.ServiceProvider.GetRequiredService<AnnualReportService>().PublishAsync(handler, 2022, true);
        Assert.Contains("只有管理员可以发布年度报告", error);
    }

    [Fact]
    public async Task Published_DownloadsAsDocxPdfAndXlsxWithTheSameTables()
    {
        var (service, admin, scope) = await Admin();
        using (scope)
        {
            await Registers(scope.ServiceProvider, admin);
            Assert.Null(await service.SaveDraftAsync(admin, 2022, Sections(withSubsections: true)));
            var (composed, error) = await service.PublishAsync(admin, 2022, confirmWarnings: false);
            Assert.Null(error);
            var anonymous = factory.CreateClient();
            var url = $"/reports/{factory.CityId}/2022";

            var docx = Gongkai.Reading.ReportReader.Read(await anonymous.GetByteArrayAsync(url + "?handler=Docx"), "report.docx").Report;
            Assert.Equal(composed.Report.Proactive.Value("行政事业性收费", "本年收费金额"), docx.Proactive.Value("行政事业性收费", "本年收费金额"));
            Assert.Equal(composed.Report.SectionText("五"), docx.SectionText("五"));

            var pdf = await anonymous.GetAsync(url + "?handler=Pdf");
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            using (var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
            {
                Assert.Contains("测试市公安局2022年政府信息公开工作年度报告", string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal));
            }

            var xlsx = await anonymous.GetByteArrayAsync(url + "?handler=Xlsx");
            var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "表二").Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(1200d, Convert.ToDouble(rows.Single(r => (string)r["编号"] == "行政许可")["本年处理决定数量"], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
