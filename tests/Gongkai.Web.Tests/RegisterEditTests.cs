using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>
/// Register entries can be corrected and a regulatory document abolished, each audited with before and after; in a
/// published year only under a recorded 更正 (条例 第四十九条: the published report is what the agency answers for).
/// </summary>
public sealed class RegisterEditTests : IDisposable
{
    private readonly GongkaiFactory factory = new();
    private readonly List<IServiceScope> scopes = [];

    public void Dispose()
    {
        foreach (var s in scopes)
        {
            s.Dispose();
        }
        factory.Dispose();
    }

    private T Service<T>() where T : notnull
    {
        var scope = factory.Services.CreateScope();
        scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    private async Task<Actor> Admin()
    {
        await factory.SeedAsync();
        var user = await factory.OpenDb().Users.AsNoTracking().SingleAsync(u => u.UserName == "administrator");
        return new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { StaffRole.Administrator }, user.ReviewStageSet);
    }

    private async Task<Guid> AddDocumentAsync(Actor admin, string title, DateOnly issued, DateOnly? abolished = null)
    {
        Assert.Null(await Service<Table2Registers>().AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, title, null, issued, abolished));
        return (await factory.OpenDb().RegulatoryDocuments.SingleAsync(d => d.Title == title)).Id;
    }

    private async Task<ReportTableCounts> Table2Async(int year)
    {
        var documents = (await factory.OpenDb().RegulatoryDocuments.AsNoTracking().ToListAsync()).Select(d => d.ToDomain());
        var table = Table2Statistics.Compute(documents, null, year);
        return new(table.Value("行政规范性文件", "本年制发件数"), table.Value("行政规范性文件", "本年废止件数"), table.Value("行政规范性文件", "现行有效件数"));
    }

    private sealed record ReportTableCounts(decimal? Issued, decimal? Abolished, decimal? InForce);

    [Fact]
    public async Task UpdateDocument_ChangesItAndAuditsBeforeAndAfter()
    {
        var admin = await Admin();
        var id = await AddDocumentAsync(admin, "关于户籍管理的规定", new DateOnly(2025, 3, 1));
        Assert.Null(await Service<Table2Registers>().UpdateDocumentAsync(admin, id, RegulatoryDocumentKind.NormativeDocument, "关于户籍登记管理的规定", "测公规〔2025〕2号", new DateOnly(2025, 3, 1), null));
        await using var db = factory.OpenDb();
        var saved = await db.RegulatoryDocuments.SingleAsync(d => d.Id == id);
        Assert.Equal(("关于户籍登记管理的规定", "测公规〔2025〕2号"), (saved.Title, saved.DocumentNumber));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "UpdateDocument");
        Assert.Contains("关于户籍管理的规定", entry.Before);
        Assert.Contains("关于户籍登记管理的规定", entry.After);
        Assert.Contains("标题由“关于户籍管理的规定”改为“关于户籍登记管理的规定”", entry.Summary);
    }

    [Fact]
    public async Task AbolishDocument_CountsAsAbolishedThatYearAndNoLongerInForce()
    {
        var admin = await Admin();
        var id = await AddDocumentAsync(admin, "关于暂住证的通知", new DateOnly(2024, 3, 1));
        Assert.Equal(new ReportTableCounts(0, 0, 1), await Table2Async(2025));
        Assert.Null(await Service<Table2Registers>().AbolishDocumentAsync(admin, id, new DateOnly(2025, 6, 30)));
        Assert.Equal(new ReportTableCounts(0, 1, 0), await Table2Async(2025));
        Assert.Equal(new ReportTableCounts(1, 0, 1), await Table2Async(2024));
        Assert.Contains(await factory.OpenDb().AuditEntries.ToListAsync(), e => e.Action == "AbolishDocument" && e.Summary.Contains("2025-06-30废止", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AbolishDocument_BeforeItWasIssuedOrTwice_IsRefusedSayingWhy()
    {
        var admin = await Admin();
        var id = await AddDocumentAsync(admin, "关于暂住证的通知", new DateOnly(2024, 3, 1));
        var registers = Service<Table2Registers>();
        Assert.Equal("废止日期2024-02-01早于印发日期2024-03-01", await registers.AbolishDocumentAsync(admin, id, new DateOnly(2024, 2, 1)));
        Assert.Equal("请填写废止日期", await registers.AbolishDocumentAsync(admin, id, null));
        Assert.Null(await registers.AbolishDocumentAsync(admin, id, new DateOnly(2025, 1, 10)));
        Assert.Contains("已于2025-01-10废止", await registers.AbolishDocumentAsync(admin, id, new DateOnly(2025, 2, 1)));
    }

    [Fact]
    public async Task DocumentInAPublishedYear_StaysLocked_UntilAnAdministratorRecordsACorrection()
    {
        var admin = await Admin();
        var id = await AddDocumentAsync(admin, "关于暂住证的通知", new DateOnly(2023, 3, 1));
        await PublishAsync(admin, 2023);
        var registers = Service<Table2Registers>();
        var refused = await registers.AbolishDocumentAsync(admin, id, new DateOnly(2023, 9, 1));
        Assert.Contains("《测试市公安局2023年政府信息公开工作年度报告》表二", refused);
        Assert.Contains("登记更正", refused);
        Assert.Null((await factory.OpenDb().RegulatoryDocuments.SingleAsync(d => d.Id == id)).AbolishedOn);
        Assert.Null(await Service<ReportCorrectionService>().RecordAsync(admin, 2023, "漏登该文件的废止"));
        Assert.Null(await registers.AbolishDocumentAsync(admin, id, new DateOnly(2023, 9, 1)));
        var entry = await factory.OpenDb().AuditEntries.SingleAsync(e => e.Action == "AbolishDocument");
        Assert.Contains("更正2023年度报告（理由：漏登该文件的废止）", entry.Summary);
    }

    [Fact]
    public async Task RegistersPage_AbolishesADocumentWithItsDate()
    {
        var admin = await Admin();
        var id = await AddDocumentAsync(admin, "关于暂住证的通知", new DateOnly(2024, 3, 1));
        var client = await PageClient.SignedIn(factory, "administrator");
        var (response, html) = await PageClient.Post(client, "/AnnualReports/Registers?handler=AbolishDocument",
            new() { ["Year"] = "2025", ["Id"] = id.ToString(), ["AbolishedOn"] = "2025-06-30" });
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("已登记废止", html);
        Assert.Equal(new DateOnly(2025, 6, 30), (await factory.OpenDb().RegulatoryDocuments.SingleAsync(d => d.Id == id)).AbolishedOn);
    }

    [Fact]
    public async Task UpdateProactiveEntry_ChangesTheTallyAndAuditsBeforeAndAfter()
    {
        var admin = await Admin();
        var register = Service<ProactiveRegister>();
        Assert.Null(await register.AddProactiveTallyAsync(admin, "门户网站", new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30), 120));
        var id = (await factory.OpenDb().ProactiveEntries.SingleAsync()).Id;
        Assert.Null(await register.UpdateProactiveEntryAsync(admin, id, "门户网站", new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30), 121, null));
        await using var db = factory.OpenDb();
        Assert.Equal(121, (await db.ProactiveEntries.SingleAsync()).Count);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "UpdateProactiveEntry");
        Assert.Contains("120", entry.Before);
        Assert.Contains("121", entry.After);
    }

    [Fact]
    public async Task EditProceeding_CorrectsTheBodyAndAuditsBeforeAndAfter()
    {
        var admin = await Admin();
        var proceedings = Service<ProceedingRegister>();
        var (id, error) = await proceedings.FileProceedingAsync(admin, ProceedingKind.Reconsideration, null, "测试市人民政", new DateOnly(2025, 3, 1));
        Assert.Null(error);
        Assert.Null(await proceedings.EditProceedingAsync(admin, id!.Value, "测试市人民政府", new DateOnly(2025, 3, 1)));
        await using var db = factory.OpenDb();
        Assert.Equal("测试市人民政府", (await db.ReviewProceedings.SingleAsync()).Body);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "EditProceeding");
        Assert.Contains("测试市人民政\"", entry.Before);
        Assert.Contains("测试市人民政府", entry.After);
    }

    private static readonly Dictionary<string, string> Sections = new()
    {
        ["一"] = "本年度，本局认真贯彻《中华人民共和国政府信息公开条例》。（一）主动公开。（二）依申请公开。（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。",
        ["二"] = "见下表。",
        ["三"] = "依申请公开情况见下表。",
        ["四"] = "见下表。",
        ["五"] = "公开工作仍有不足，下一步加强培训。",
        ["六"] = "本年度未收取信息处理费。",
    };

    private async Task PublishAsync(Actor admin, int year)
    {
        var reports = Service<AnnualReportService>();
        Assert.Null(await Service<Table2Registers>().SaveFiguresAsync(admin, year, 100, 50, 3, 1.5m));
        Assert.Null(await reports.SaveDraftAsync(admin, year, Sections));
        var (composed, error) = await reports.PublishAsync(admin, year, confirmWarnings: true);
        Assert.True(error is null, error + string.Join("；", composed.Findings.Select(f => f.Message)));
    }
}
