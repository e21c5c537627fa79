using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.AnnualReports;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Infrastructure.Demo;

/// <summary>
/// 新乡市公安局's 2023 report, rebuilt from data: 57 applications received in 2023 with the outcomes its
/// table 三 counts (3 carried over and answered in January 2024), its regulatory documents, decisions and
/// fees, one reconsideration upheld, and its published section text — then published through the check gate.
/// </summary>
internal static class DemoAnnualReport
{
    public const int Year = 2023;

    private static readonly (string Row, int Count)[] Outcomes =
    [
        ("三.一", 25), ("三.二", 3), ("三.三.4", 1), ("三.三.5", 2), ("三.三.6", 1), ("三.四.1", 18), ("三.五.5", 1), ("三.六.3", 3),
    ];

    public static async Task SeedAsync(IServiceProvider services, int agencyId, List<StaffUser> users)
    {
        var reports = services.GetRequiredService<AnnualReportService>();
        var table2 = services.GetRequiredService<Table2Registers>();
        var proactive = services.GetRequiredService<ProactiveRegister>();
        var proceedings = services.GetRequiredService<ProceedingRegister>();
        var admin = users.Single(x => x.UserName == "admin");
        var actor = new Actor(admin.Id, admin.DisplayName, admin.AgencyId, new HashSet<StaffRole> { StaffRole.Administrator }, admin.ReviewStageSet);

        // 2023 came before Gongkai: its applications arrive as the bureau's Excel ledger, through the same import a real
        // bureau uses (one audited write, as fast as rows), rather than replaying every review step of 60 cases.
        var plan = Outcomes.SelectMany(o => Enumerable.Repeat(o.Row, o.Count)).Select(row => (string?)row).Concat([null, null, null]).ToArray();
        var ledger = new List<Dictionary<string, object?>>();
        for (var i = 0; i < plan.Length; i++)
        {
            var received = plan[i] is null ? new DateOnly(Year, 12, 18 + i % 3) : new DateOnly(Year, 1, 4).AddDays(i * 6);
            var answeredOn = plan[i] is null ? new DateOnly(Year + 1, 1, 10) : received.AddDays(12);
            ledger.Add(new Dictionary<string, object?>
            {
                ["受理编号"] = Tracking(i), ["收到日期"] = Day(received), ["申请方式"] = (i % 2 == 0 ? Channel.Online : Channel.Post).Label(),
                ["申请人类别"] = "自然人", ["申请人姓名或名称"] = $"申请人{i + 1:00}", ["证件类型"] = "居民身份证", ["证件号码"] = DemoId(i),
                ["联系电话"] = "1390373" + (2000 + i), ["申请内容"] = "2023年本市公安机关相关政府信息", ["获取方式"] = "电子邮件", ["承办人"] = "chengban",
                ["状态"] = CaseState.Answered.Label(), ["办理结果"] = plan[i] ?? "三.一", ["答复日期"] = Day(answeredOn),
            });
        }
        using var workbook = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(workbook, ledger, sheetName: "台账");
        workbook.Position = 0;
        var imported = await services.GetRequiredService<LedgerImport>().ImportAsync(actor, workbook, "新乡市公安局2023年政府信息公开申请台账.xlsx");
        if (imported.Error is { } refused)
        {
            throw new InvalidOperationException("演示台账未能导入：" + refused);
        }
        var disputedNumber = Tracking(Array.IndexOf(plan, "三.三.6"));
        Guid? disputed = await services.GetRequiredService<Gongkai.Data.GongkaiDbContext>().Cases
            .Where(c => c.AgencyId == agencyId && c.TrackingNumber == disputedNumber).Select(c => c.Id).SingleAsync();

        for (var i = 1; i <= 4; i++)
        {
            await table2.AddDocumentAsync(actor, RegulatoryDocumentKind.NormativeDocument, $"新乡市公安局行政规范性文件（示例{i}）", $"新公规〔{2018 + i}〕{i}号", new DateOnly(2018 + i, 5, 10), null);
        }
        await table2.SaveFiguresAsync(actor, Year, 2439825, 133895, 7815, 9486.7475m);
        // The channel counts seed 001 states in 一（一）.
        foreach (var (channel, count) in new[] { ("门户网站", 636L), ("政务微博", 580L), ("政务微信", 882L) })
        {
            await proactive.AddProactiveTallyAsync(actor, channel, new DateOnly(Year, 1, 1), new DateOnly(Year, 12, 31), count);
        }
        var (review, _) = await proceedings.FileProceedingAsync(actor, ProceedingKind.Reconsideration, disputed, "新乡市人民政府", new DateOnly(Year, 8, 1));
        await proceedings.DecideAsync(actor, review!.Value, ProceedingResult.Upheld, new DateOnly(Year, 9, 28));

        await using var text = typeof(DemoAnnualReport).Assembly.GetManifestResourceStream("Gongkai.Web.Demo.xinxiang-2023.txt")!;
        using var buffer = new MemoryStream();
        await text.CopyToAsync(buffer);
        var published = Gongkai.Reading.ReportReader.Read(buffer.ToArray(), "xinxiang-2023.txt").Report;
        await reports.SaveDraftAsync(actor, Year, published.Sections.ToDictionary(s => s.Key, s => s.Value.Text));
        var (_, error) = await reports.PublishAsync(actor, Year, confirmWarnings: true);
        if (error is not null)
        {
            throw new InvalidOperationException("演示年度报告未能发布：" + error);
        }
    }

    private static string Tracking(int i) => string.Create(CultureInfo.InvariantCulture, $"XXGA-{Year}-{i + 1:00000}");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DemoId(int i)
    {
        var body = $"4107021985{1 + i % 12:00}{1 + i % 28:00}{300 + i:000}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((ch, k) => (ch - '0') * weights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
