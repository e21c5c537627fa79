using Gongkai.Cases.Cases;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Cases;

namespace Gongkai.Web.Infrastructure;

/// <summary>Demo applications in every stage of the workflow, received over the last months.</summary>
internal static class DemoCases
{
    private static readonly string[] Requests =
    [
        "2025年本市道路交通事故死亡人数统计数据",
        "本辖区派出所户籍办理时限的规定文件",
        "2025年度行政处罚案件数量及类别",
        "某小区周边治安卡口设置的审批文件",
        "本人户籍迁移审批的全部材料",
        "2025年全市电动自行车登记数量",
    ];

    public static async Task SeedAsync(IServiceProvider services, int agencyId, List<StaffUser> users)
    {
        var cases = services.GetRequiredService<CaseService>();
        Actor As(string userName, params StaffRole[] roles)
        {
            var u = users.Single(x => x.UserName == userName);
            return new Actor(u.Id, u.DisplayName, u.AgencyId, roles.ToHashSet(), u.ReviewStageSet);
        }
        var registrar = As("dengji", StaffRole.Registrar);
        var handler = As("chengban", StaffRole.Handler);
        var approver = As("lingdao", StaffRole.Approver);
        var today = cases.Today;
        var chain = ReviewChain.SixStage;

        for (var i = 0; i < 18; i++)
        {
            var received = today.AddDays(-3 - i * 9);
            var category = i % 5 == 4 ? ApplicantCategory.CommercialEnterprise : ApplicantCategory.NaturalPerson;
            var input = new RegisterInput(category.ToString(), category == ApplicantCategory.NaturalPerson ? $"演示申请人{i + 1}" : "新乡市某商贸有限公司",
                category == ApplicantCategory.NaturalPerson ? "居民身份证" : "统一社会信用代码",
                category == ApplicantCategory.NaturalPerson ? DemoId(i) : ApplicantIdentity.CompleteCreditCode("91410700MA44XXXX" + (i % 10)),
                // A landline and no e-mail: demo applicants are never texted or mailed, even where SMS and mail are set up.
                "0373-390" + (1000 + i), null, "河南省新乡市", (i % 3 == 0 ? Channel.InPerson : Channel.Online).ToString(),
                received, Requests[i % Requests.Length], i % 2 == 0 ? "电子邮件" : "邮寄纸质件");
            var registered = await cases.RegisterAsync(registrar, input);
            var c = registered.Value!;
            async Task Do(Actor actor, CaseAction action, ActionInput a) => c = (await cases.ActAsync(c.Id, actor, action, a with { Version = c.Version })).Value ?? c;
            var step = i % 6;
            if (step == 0)
            {
                continue;
            }
            await Do(handler, CaseAction.Accept, new ActionInput(null, null, null, null, null, null, null, null));
            if (step == 1 && i == 7)
            {
                // A fee case (国办函〔2020〕109号): 120 pages by post, waiting for payment.
                await Do(handler, CaseAction.NoticeFee, new ActionInput(null, received.AddDays(3), null, null, null, null, null, null, "PerPage", 120));
                continue;
            }
            if (step == 1)
            {
                continue;
            }
            if (step == 2)
            {
                await Do(handler, CaseAction.StartConsultation, new ActionInput(null, received.AddDays(2), null, null, null, null, null, "第三方：新乡市某物业公司"));
                continue;
            }
            var outcome = (i % 4) switch { 0 => "三.一", 1 => "三.四.1", 2 => "三.二", _ => "三.三.6" };
            await Do(handler, CaseAction.SubmitForReview, new ActionInput(null, null, null, outcome, "《中华人民共和国政府信息公开条例》第三十六条", "您申请获取的信息已依法处理，具体情况见下。", null, null));
            var stages = step == 3 ? 2 : chain.Stages.Count;
            for (var s = 0; s < stages; s++)
            {
                var stage = chain.Stages[s];
                var reviewer = stage.Role == StaffRole.Approver ? approver
                    : As(users.Single(u => u.ReviewStageSet.Contains(stage.Name)).UserName!, StaffRole.Reviewer);
                await Do(reviewer, CaseAction.Approve, new ActionInput(null, null, "同意", null, null, null, null, null));
            }
            if (step >= 5)
            {
                await Do(handler, CaseAction.Answer, new ActionInput(null, received.AddDays(Math.Min(15, (today.DayNumber - received.DayNumber))), null, null, null, null, null, null));
            }
        }
    }

    /// <summary>A valid-looking 18-digit resident ID (check digit computed) for demo applicants.</summary>
    private static string DemoId(int i)
    {
        var body = $"41070219{80 + i % 20:00}0{1 + i % 9}1{i % 10}{100 + i:000}";
        body = body[..17];
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((ch, k) => (ch - '0') * weights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
