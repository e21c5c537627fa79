using Gongkai.Cases.Cases;
using Gongkai.Cases.Deadlines;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Features.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

public sealed class LedgerImportTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<(Outcome Result, DateOnly Today)> ImportAsync(Func<DateOnly, IEnumerable<Dictionary<string, object?>>> rows, string user = "registrar", StaffRole role = StaffRole.Registrar)
    {
        var (scope, actor) = await factory.ActorAsync(user, role);
        using (scope)
        {
            var today = scope.ServiceProvider.GetRequiredService<CalendarService>().Today;
            var result = await scope.ServiceProvider.GetRequiredService<LedgerImport>().ImportAsync(actor, LedgerFiles.Workbook(rows(today)), "台账.xlsx");
            return (new Outcome(result.Value, result.Error), today);
        }
    }

    private sealed record Outcome(LedgerImportResult? Value, string? Error);

    [Fact]
    public async Task Import_ThirtyCases_OpenOnesLiveWithDeadlines_AnsweredOnesCounted()
    {
        var (result, today) = await ImportAsync(t => LedgerFiles.ThirtyCases(t, "handler"));
        Assert.Null(result.Error);
        Assert.Equal(new LedgerImportResult(30, LedgerFiles.OpenNow, 0), result.Value);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().CurrentAsync();
        var open = await db.Cases.Include(c => c.Consultations).Where(c => c.AgencyId == factory.CityId && c.State != CaseState.Answered).ToListAsync();
        Assert.Equal(LedgerFiles.OpenNow, open.Count);
        foreach (var c in open)
        {
            // The deadline comes from the ledger's own dates on the official calendar, as for a case registered here.
            Assert.Equal(DeadlineCalculator.Compute(c.Clock, calendar, today).AnswerDueOn, c.DueOn);
            Assert.StartsWith("台账.xlsx 第", c.ImportedFrom);
        }
        var inProgress = open.Where(c => c.State == CaseState.InProgress).ToList();
        Assert.All(inProgress, c => Assert.Equal(calendar.AddWorkingDays(c.ReceivedOn, DeadlineCalculator.AnswerWorkingDays), c.DueOn));
        Assert.Single(open, c => c.State == CaseState.AwaitingCorrection);
        Assert.All(open, c => Assert.NotNull(c.HandlerId));
    }

    [Fact]
    public async Task Import_OfPastCasesWithMobileNumbers_SendsTheApplicantsNothing()
    {
        var (result, _) = await ImportAsync(t => LedgerFiles.ThirtyCases(t, "handler").Select((r, i) => { r["受理编号"] = $"TXT-{i:000}"; return r; }).ToList());
        Assert.Null(result.Error);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var imported = await db.Cases.Where(c => c.TrackingNumber.StartsWith("TXT-")).Select(c => c.Id).ToListAsync();
        Assert.Equal(30, imported.Count);
        // A ledger brings in last year's work: its applicants were told then; no receipt goes out now.
        Assert.False(await db.Outbox.AnyAsync(m => m.CaseId != null && imported.Contains(m.CaseId.Value)));
    }

    [Fact]
    public async Task Import_ExtensionAndConsultation_AreCountedInTheDeadline()
    {
        var received = new DateOnly(2026, 3, 2);
        var (result, _) = await ImportAsync(t =>
        {
            var extended = LedgerFiles.Row("EXT-1", received, "办理中");
            extended["延期工作日"] = "10";
            var consulting = LedgerFiles.Row("CON-1", received, "征求意见中");
            consulting["征求意见日期"] = "2026-03-09";
            consulting["征求意见对象"] = "第三方某公司";
            return [extended, consulting];
        });
        Assert.Null(result.Error);
        using var db = factory.OpenDb();
        var calendar = Gongkai.Cases.Calendar.WorkingDayCalendar.Official;
        var ext = await db.Cases.SingleAsync(c => c.TrackingNumber == "EXT-1");
        // 条例 第三十三条: 20 working days from receipt, extended once by at most 20.
        Assert.Equal(calendar.AddWorkingDays(received, 30), ext.DueOn);
        var con = await db.Cases.Include(c => c.Consultations).SingleAsync(c => c.TrackingNumber == "CON-1");
        Assert.Equal(CaseState.Consulting, con.State);
        Assert.Equal("第三方某公司", Assert.Single(con.Consultations).Party);
        Assert.Equal(DeadlineCalculator.Compute(con.Clock, calendar, Api.Today).AnswerDueOn, con.DueOn);
    }

    [Fact]
    public async Task Import_Table3_OfLastYearAndThisYear_IncludeTheImportedCases_WithCarryOver()
    {
        var (result, today) = await ImportAsync(t => LedgerFiles.ThirtyCases(t));
        Assert.Null(result.Error);
        using var db = factory.OpenDb();
        var agencies = new HashSet<int> { factory.CityId };
        var last = await Table3Query.ComputeAsync(db, agencies, today.Year - 1);
        Assert.Equal((12m, 0m, 9m, 3m), (Total(last, "一"), Total(last, "二"), Total(last, "三.七"), Total(last, "四")));
        var now = await Table3Query.ComputeAsync(db, agencies, today.Year);
        Assert.Equal((18m, 3m, 16m, 5m), (Total(now, "一"), Total(now, "二"), Total(now, "三.七"), Total(now, "四")));
    }

    private static decimal Total(Gongkai.Reports.Model.ReportTable t, string row) => t.Value(row, "总计")!.Value;

    [Fact]
    public async Task Import_SameFileAgain_CreatesNothingTwice()
    {
        Assert.Null((await ImportAsync(t => LedgerFiles.ThirtyCases(t))).Result.Error);
        var (again, _) = await ImportAsync(t => LedgerFiles.ThirtyCases(t));
        Assert.Equal(new LedgerImportResult(0, 0, 30), again.Value);
        Assert.Equal(30, await factory.OpenDb().Cases.CountAsync(c => c.AgencyId == factory.CityId));
    }

    [Fact]
    public async Task Import_BadCells_AreNamedByRowAndColumn_AndNothingIsSaved()
    {
        var (result, _) = await ImportAsync(t => [
            LedgerFiles.Row("A-1", t, "办理中"),
            LedgerFiles.Row("A-2", t, "已答复", outcome: "予以公开"),
            LedgerFiles.Row("A-3", t.AddDays(3), "办理中"),
            LedgerFiles.Row("A-4", t, "办理中", category: "个体户"),
            LedgerFiles.Row("A-5", t, "已答复", outcome: "大概公开了", answered: t),
            LedgerFiles.Row("A-6", t, "办理中", handler: "不存在的人"),
            LedgerFiles.Row("A-1", t, "办理中"),
            LedgerFiles.Row("A-8", t, "补正中"),
        ]);
        Assert.NotNull(result.Error);
        Assert.Contains("第3行“答复日期”列：状态为已答复的申请需要答复日期", result.Error);
        Assert.Contains("第4行“收到日期”列", result.Error);
        Assert.Contains("第5行“申请人类别”列：“个体户”", result.Error);
        Assert.Contains("第6行“办理结果”列：“大概公开了”不是表三的办理结果", result.Error);
        Assert.Contains("第7行“承办人”列：本机关没有用户名或姓名为“不存在的人”的工作人员", result.Error);
        Assert.Contains("第8行“受理编号”列：“A-1”与第2行重复", result.Error);
        Assert.Contains("第9行“告知补正日期”列：状态为补正中的申请需要告知补正日期", result.Error);
        Assert.DoesNotContain("第2行", result.Error.Replace("与第2行重复", "", StringComparison.Ordinal));
        Assert.Equal(0, await factory.OpenDb().Cases.CountAsync());
    }

    [Fact]
    public async Task Import_EveryRowError_NamesItsRowAndColumn()
    {
        var (result, _) = await ImportAsync(t => [
            LedgerFiles.Row("B-1", t.AddDays(-10), "已撤回"),
            LedgerFiles.Row("B-2", t.AddDays(-10), "办理中", outcome: "予以公开"),
            LedgerFiles.Row("B-3", t.AddDays(-10), "补正中", correctionAsked: t.AddDays(-12)),
            LedgerFiles.Row("B-4", t.AddDays(-10), "已答复", answered: t.AddDays(-2)),
        ]);
        Assert.NotNull(result.Error);
        var lines = result.Error.Split('\n').Skip(1).ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Matches(@"^第\d+行“[^”]+”列：", l));
        Assert.Contains("第2行“答复日期”列：状态为已撤回的申请需要答复日期，即申请人撤回申请之日", result.Error);
        Assert.Contains("第3行“办理结果”列", result.Error);
        Assert.Contains("第4行“告知补正日期”列", result.Error);
        Assert.Contains("第5行“办理结果”列", result.Error);
    }

    [Fact]
    public async Task Template_HasNoExampleRows_AndExplainsTheColumnsInASecondSheet()
    {
        var template = LedgerImport.Template();
        Assert.Equal(["台账", "填写说明"], MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(template)));
        var ledger = MiniExcelLibs.MiniExcel.Query(new MemoryStream(template), useHeaderRow: true, sheetName: "台账").ToList();
        Assert.Empty(ledger);
        var help = MiniExcelLibs.MiniExcel.Query(new MemoryStream(template), useHeaderRow: true, sheetName: "填写说明").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(LedgerImport.Columns, help.Select(r => (string)r["列名"]!));
        // Imported unchanged, the template creates nothing and says why.
        var (scope, actor) = await factory.ActorAsync("registrar", StaffRole.Registrar);
        using (scope)
        {
            var result = await scope.ServiceProvider.GetRequiredService<LedgerImport>().ImportAsync(actor, new MemoryStream(template), "台账导入模板.xlsx");
            Assert.Contains("没有数据行", result.Error);
        }
    }

    [Fact]
    public async Task Import_TheOldTemplatesExampleRowsUnchanged_CreatesNothingAndSaysWhy()
    {
        Dictionary<string, object?> Old(string tracking, string state, string outcome, string answered) => new()
        {
            ["受理编号"] = tracking, ["收到日期"] = "2026-03-02", ["申请方式"] = "邮寄", ["申请人类别"] = "自然人", ["申请人姓名或名称"] = "张三",
            ["证件类型"] = "居民身份证", ["证件号码"] = "", ["联系电话"] = "13800000000", ["申请内容"] = "2025年本市交通事故统计数据",
            ["获取方式"] = "邮寄纸质件", ["承办人"] = "", ["状态"] = state, ["办理结果"] = outcome, ["答复日期"] = answered,
            ["告知补正日期"] = "", ["收到补正日期"] = "", ["延期工作日"] = "", ["征求意见日期"] = "", ["意见回复日期"] = "", ["征求意见对象"] = "",
        };
        var (result, _) = await ImportAsync(_ => [Old("TZ-2026-001", "已答复", "予以公开", "2026-03-20"), Old("TZ-2026-002", "办理中", "", "")]);
        Assert.Contains("第2行“受理编号”列：“TZ-2026-001”是旧版导入模板中的示例行", result.Error);
        Assert.Contains("第3行“受理编号”列：“TZ-2026-002”是旧版导入模板中的示例行", result.Error);
        Assert.Equal(0, await factory.OpenDb().Cases.CountAsync());
    }

    [Fact]
    public async Task Import_OfAWorkbookThatInflatesToGigabytes_IsRefusedBeforeItIsRead()
    {
        // A real ledger with one more part: 200 MB of spaces packed into a few hundred KB (an .xlsx is a ZIP).
        var workbook = LedgerFiles.Workbook(LedgerFiles.ThirtyCases(new DateOnly(2026, 3, 2)));
        using (var zip = new System.IO.Compression.ZipArchive(workbook, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            using var part = zip.CreateEntry("xl/padding.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 200; i++)
            {
                part.Write(chunk);
            }
        }
        workbook.Position = 0;
        var (scope, actor) = await factory.ActorAsync("registrar", StaffRole.Registrar);
        using (scope)
        {
            var result = await scope.ServiceProvider.GetRequiredService<LedgerImport>().ImportAsync(actor, workbook, "台账.xlsx");
            Assert.NotNull(result.Error);
            Assert.Contains("Excel 工作簿解压后过大（部件“xl/padding.xml”压缩", result.Error, StringComparison.Ordinal);
        }
        Assert.Equal(0, await factory.OpenDb().Cases.CountAsync());
    }

    [Fact]
    public async Task Import_IsAudited_AndTheChainStaysIntact()
    {
        Assert.Null((await ImportAsync(t => LedgerFiles.ThirtyCases(t))).Result.Error);
        using var db = factory.OpenDb();
        Assert.Equal(30, await db.AuditEntries.CountAsync(e => e.Action == "ImportCase"));
        var summary = await db.AuditEntries.SingleAsync(e => e.Action == "ImportLedger");
        Assert.Contains("新建30件（在办5件）", summary.Summary);
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public async Task Import_LedgerNumbersInGongkaisForm_MoveTheCounterPastThem()
    {
        var (result, today) = await ImportAsync(t => [LedgerFiles.Row($"CS-{t.Year}-00041", t, "办理中")]);
        Assert.Null(result.Error);
        var registered = await Api.Register(await factory.ApiAs("registrar"));
        Assert.StartsWith($"CS-{today.Year}-00042-", registered.GetProperty("trackingNumber").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ByAHandler_IsRefused()
    {
        var (result, _) = await ImportAsync(t => LedgerFiles.ThirtyCases(t), "handler", StaffRole.Handler);
        Assert.StartsWith("只有管理员或登记员可以导入台账", result.Error);
    }

    [Theory]
    [InlineData("三.三.4", "三.三.4")]
    [InlineData("予以公开", "三.一")]
    [InlineData("部分公开", "三.二")]
    [InlineData("本机关不掌握相关政府信息", "三.四.1")]
    [InlineData("（五）不予处理 2.重复申请", null)]
    [InlineData("重复申请", "三.五.2")]
    public void ParseOutcome_KeysAndPrintedLabels(string text, string? key) => Assert.Equal(key, LedgerImport.ParseOutcome(text));
}
