using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.AnnualReports;
using Gongkai.Web.Features.Cases;

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
        var cases = services.GetRequiredService<CaseService>();
        var reports = services.GetRequiredService<AnnualReportService>();
        Actor As(string userName, params StaffRole[] roles)
        {
            var u = users.Single(x => x.UserName == userName);
            return new Actor(u.Id, u.DisplayName, u.AgencyId, roles.ToHashSet(), u.ReviewStageSet);
        }
        var registrar = As("dengji", StaffRole.Registrar);
        var handler = As("chengban", StaffRole.Handler);
        var admin = As("admin", StaffRole.Administrator);
        var reviewers = ReviewChain.SixStage.Stages
            .Select(s => s.Role == StaffRole.Approver ? As("lingdao", StaffRole.Approver) : As(users.Single(u => u.ReviewStageSet.Contains(s.Name)).UserName!, StaffRole.Reviewer))
            .ToArray();

        var plan = Outcomes.SelectMany(o => Enumerable.Repeat(o.Row, o.Count)).Select(row => (string?)row).Concat([null, null, null]).ToArray();
        Guid? disputed = null;
        for (var i = 0; i < plan.Length; i++)
        {
            var received = plan[i] is null ? new DateOnly(Year, 12, 18 + i % 3) : new DateOnly(Year, 1, 4).AddDays(i * 6);
            var answeredOn = plan[i] is null ? new DateOnly(Year + 1, 1, 10) : received.AddDays(12);
            var input = new RegisterInput(nameof(ApplicantCategory.NaturalPerson), $"申请人{i + 1:00}", "居民身份证", DemoId(i), "1390373" + (2000 + i),
                null, "河南省新乡市", (i % 2 == 0 ? Channel.Online : Channel.Post).ToString(), received, "2023年本市公安机关相关政府信息", "电子邮件");
            var c = (await cases.RegisterAsync(registrar, input)).Value!;
            async Task Do(Actor actor, CaseAction action, ActionInput a) =>
                c = (await cases.ActAsync(c.Id, actor, action, a with { Version = c.Version })).Value
                    ?? throw new InvalidOperationException($"演示数据：{action} 失败");
            await Do(handler, CaseAction.Accept, new ActionInput(null, null, null, null, null, null, null, null));
            await Do(handler, CaseAction.SubmitForReview, new ActionInput(null, null, null, plan[i] ?? "三.一", "《中华人民共和国政府信息公开条例》第三十六条", "经审查，现答复如下……", null, null));
            foreach (var reviewer in reviewers)
            {
                await Do(reviewer, CaseAction.Approve, new ActionInput(null, null, "同意", null, null, null, null, null));
            }
            await Do(handler, CaseAction.Answer, new ActionInput(null, answeredOn, null, null, null, null, null, null));
            if (plan[i] == "三.三.6")
            {
                disputed = c.Id;
            }
        }

        for (var i = 1; i <= 4; i++)
        {
            await reports.AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, $"新乡市公安局行政规范性文件（示例{i}）", $"新公规〔{2018 + i}〕{i}号", new DateOnly(2018 + i, 5, 10), null);
        }
        await reports.SaveFiguresAsync(admin, Year, 2439825, 133895, 7815, 9486.7475m);
        // The channel counts seed 001 states in 一（一）.
        foreach (var (channel, count) in new[] { ("门户网站", 636L), ("政务微博", 580L), ("政务微信", 882L) })
        {
            await reports.AddProactiveTallyAsync(admin, channel, new DateOnly(Year, 1, 1), new DateOnly(Year, 12, 31), count);
        }
        var (review, _) = await reports.FileProceedingAsync(admin, ProceedingKind.Reconsideration, disputed, "新乡市人民政府", new DateOnly(Year, 8, 1));
        await reports.DecideAsync(admin, review!.Value, ProceedingResult.Upheld, new DateOnly(Year, 9, 28));

        await using var text = typeof(DemoAnnualReport).Assembly.GetManifestResourceStream("Gongkai.Web.Demo.xinxiang-2023.txt")!;
        using var buffer = new MemoryStream();
        await text.CopyToAsync(buffer);
        var published = Gongkai.Reading.ReportReader.Read(buffer.ToArray(), "xinxiang-2023.txt").Report;
        await reports.SaveDraftAsync(admin, Year, published.Sections.ToDictionary(s => s.Key, s => s.Value.Text));
        var (_, error) = await reports.PublishAsync(admin, Year, confirmWarnings: true);
        if (error is not null)
        {
            throw new InvalidOperationException("演示年度报告未能发布：" + error);
        }
    }

    private static string DemoId(int i)
    {
        var body = $"4107021985{1 + i % 12:00}{1 + i % 28:00}{300 + i:000}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((ch, k) => (ch - '0') * weights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
