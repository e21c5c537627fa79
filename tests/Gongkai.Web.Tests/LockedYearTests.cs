using System.Net.Http.Json;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>
/// Publishing a year locks what it counted (条例 第四十九条: the report as published is what the agency answers for):
/// every change that would alter a cell of a published table is refused naming the report, unless an administrator
/// records a 更正 with its reason; a 更正版 is then published beside the original.
/// </summary>
public sealed class LockedYearTests : IDisposable
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

    private async Task<Actor> As(string userName, params StaffRole[] roles)
    {
        var user = await factory.OpenDb().Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
        return new Actor(user.Id, user.DisplayName, user.AgencyId, roles.ToHashSet(), user.ReviewStageSet);
    }

    private static RegisterInput Registration(DateOnly received, string name = "张三") =>
        new("NaturalPerson", name, "居民身份证", "11010519491231002X", "13800000000", null, null, "Online", received, "交通事故统计数据", "电子邮件");

    private async Task<ApplicationCase> Act(ApplicationCase c, Actor actor, CaseAction action, ActionInput input)
    {
        var result = await Service<CaseService>().ActAsync(c.Id, actor, action, input with { Version = c.Version });
        Assert.True(result.IsOk, $"{action}: {result.Message}");
        return result.Value!;
    }

    private static ActionInput Input(DateOnly? date = null, string? text = null) => new(null, date, text, null, null, null, null, null);

    private static readonly Dictionary<string, string> Sections = new()
    {
        ["一"] = "本年度，本局认真贯彻《中华人民共和国政府信息公开条例》。（一）主动公开。（二）依申请公开。（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。",
        ["二"] = "见下表。",
        ["三"] = "依申请公开情况见下表。",
        ["四"] = "见下表。",
        ["五"] = "公开工作仍有不足，下一步加强培训。",
        ["六"] = "本年度未收取信息处理费。",
    };

    private async Task Publish(Actor admin, int year)
    {
        var reports = Service<AnnualReportService>();
        Assert.Null(await Service<Table2Registers>().SaveFiguresAsync(admin, year, 100, 50, 3, 1.5m));
        Assert.Null(await reports.SaveDraftAsync(admin, year, Sections));
        var (composed, error) = await reports.PublishAsync(admin, year, confirmWarnings: true);
        Assert.True(error is null, error + string.Join("；", composed.Findings.Select(f => f.Message)));
    }

    [Fact]
    public async Task Api_RegisteringACaseInAPublishedYear_Is422WithTheReason()
    {
        await factory.SeedAsync();
        await Publish(await As("administrator", StaffRole.Administrator), 2023);
        var response = await (await factory.ApiAs("registrar")).PostAsJsonAsync("/api/cases", Api.Registration(receivedOn: new DateOnly(2023, 6, 1)));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var title = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("title").GetString();
        Assert.Contains("已发布的《", title, StringComparison.Ordinal);
        Assert.Contains("已锁定", title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_ShowsThePublishedValueOfTheCellBeforeTheChange()
    {
        await factory.SeedAsync();
        var (registrar, admin) = (await As("registrar", StaffRole.Registrar), await As("administrator", StaffRole.Administrator));
        var cases = Service<CaseService>();
        foreach (var name in new[] { "甲", "乙", "丙" })
        {
            Assert.True((await cases.RegisterAsync(registrar, Registration(new DateOnly(2023, 5, 1), name))).IsOk);
        }
        await Publish(admin, 2023);
        var refused = await Service<CaseService>().RegisterAsync(registrar, Registration(new DateOnly(2023, 6, 1), "丁"));
        Assert.Equal(ResultKind.Refused, refused.Kind);
        // The report counts three applications from natural persons; the fourth would make it four.
        Assert.Contains("本年新收政府信息公开申请数量·自然人：3→4", refused.Message);
    }

    [Fact]
    public async Task EveryActionThatCanTouchACountedCase_IsRefusedOnALockedYear_AndChangesNothing_Article49()
    {
        await factory.SeedAsync();
        var (registrar, handler, reviewer, approver, admin) = (await As("registrar", StaffRole.Registrar), await As("handler", StaffRole.Handler),
            await As("reviewer", StaffRole.Reviewer), await As("approver", StaffRole.Approver), await As("administrator", StaffRole.Administrator));
        var cases = Service<CaseService>();
        var calendar = Gongkai.Cases.Calendar.WorkingDayCalendar.Official;
        ApplicationCase New(string name) => cases.RegisterAsync(registrar, Registration(new DateOnly(2022, 12, 1), name)).Result.Value!;
        var ready = await Act(New("甲"), handler, CaseAction.Accept, Input());
        ready = await Act(ready, handler, CaseAction.SubmitForReview, new ActionInput(null, null, null, "三.一", "条例第三十六条第二项", "予以公开", null, null));
        ready = await Act(ready, reviewer, CaseAction.Approve, Input(text: "同意"));
        ready = await Act(ready, approver, CaseAction.Approve, Input(text: "同意"));
        var correcting = await Act(New("乙"), handler, CaseAction.RequestCorrection, new ActionInput(null, new DateOnly(2022, 12, 2), "请写明时间范围", null, null, null, 1, null));
        var paying = await Act(await Act(New("丙"), handler, CaseAction.Accept, Input()), handler, CaseAction.NoticeFee,
            new ActionInput(null, new DateOnly(2022, 12, 5), null, null, null, null, null, null, "PerPage", 120));
        var open = await Act(New("丁"), handler, CaseAction.Accept, Input());
        await Publish(admin, 2022);
        await Publish(admin, 2023);
        var auditBefore = await factory.OpenDb().AuditEntries.CountAsync();

        async Task Refused(ApplicationCase c, Actor actor, CaseAction action, ActionInput input, int year)
        {
            var result = await Service<CaseService>().ActAsync(c.Id, actor, action, input with { Version = c.Version });
            Assert.Equal(ResultKind.Refused, result.Kind);
            Assert.Contains($"《测试市公安局{year}年政府信息公开工作年度报告》表三", result.Message);
            Assert.Contains("登记更正", result.Message);
        }
        await Refused(ready, handler, CaseAction.Answer, Input(new DateOnly(2022, 12, 30)), 2022);
        await Refused(correcting, handler, CaseAction.LapseCorrection, Input(new DateOnly(2022, 12, 30)), 2022);
        await Refused(paying, handler, CaseAction.LapsePayment, Input(calendar.AddWorkingDays(calendar.AddWorkingDays(new DateOnly(2022, 12, 5), 20), 1)), 2023);
        await Refused(open, handler, CaseAction.Withdraw, Input(new DateOnly(2022, 12, 20)), 2022);
        await Refused(open, handler, CaseAction.Withdraw, Input(new DateOnly(2023, 7, 1)), 2023);

        var registered = await cases.RegisterAsync(registrar, Registration(new DateOnly(2022, 6, 1)));
        Assert.Equal(ResultKind.Refused, registered.Kind);
        Assert.Contains("2022年政府信息公开工作年度报告》表三", registered.Message);

        var imported = await Service<LedgerImport>().ImportAsync(admin, LedgerFiles.Workbook([LedgerFiles.Row("OLD-2023-1", new DateOnly(2023, 3, 1), "办理中")]), "台账.xlsx");
        Assert.Contains("第2行", imported.Error);
        Assert.Contains("2023年政府信息公开工作年度报告》表三", imported.Error);

        var reports = Service<AnnualReportService>();
        Assert.Contains("表四", (await Service<ProceedingRegister>().FileProceedingAsync(admin, ProceedingKind.Reconsideration, null, "测试市人民政府", new DateOnly(2023, 3, 1))).Error);
        Assert.Contains("表二", await Service<Table2Registers>().SaveFiguresAsync(admin, 2023, 101, 50, 3, 1.5m));
        Assert.Contains("表二", await Service<Table2Registers>().AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, "某规范性文件", null, new DateOnly(2023, 5, 1), null));

        await using (var db = factory.OpenDb())
        {
            Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
            Assert.Equal(4, await db.Cases.CountAsync());
            Assert.Equal(CaseState.InProgress, (await db.Cases.SingleAsync(c => c.Id == open.Id)).State);
        }

        // What leaves the published years as they were is allowed: an answer today, a document of this year, next year's figures.
        await Act(ready, handler, CaseAction.Answer, Input(Api.Today));
        Assert.Null(await Service<Table2Registers>().AddDocumentAsync(admin, RegulatoryDocumentKind.NormativeDocument, "本年文件", null, Api.Today, null));
        Assert.Null(await Service<Table2Registers>().SaveFiguresAsync(admin, Api.Today.Year, 1, 1, 1, 0m));
    }

    [Fact]
    public async Task Correction_AllowsTheChangeWithItsReason_ShowsTheDifferingCells_AndACorrectedEditionKeepsTheOriginal_Article49()
    {
        await factory.SeedAsync();
        var (registrar, handler, admin) = (await As("registrar", StaffRole.Registrar), await As("handler", StaffRole.Handler), await As("administrator", StaffRole.Administrator));
        var c = await Act((await Service<CaseService>().RegisterAsync(registrar, Registration(new DateOnly(2023, 3, 1)))).Value!, handler, CaseAction.Accept, Input());
        await Publish(admin, 2023);
        var corrections = Service<ReportCorrectionService>();

        Assert.Equal(ResultKind.Refused, (await Service<CaseService>().ActAsync(c.Id, handler, CaseAction.Withdraw, Input(new DateOnly(2023, 6, 1)) with { Version = c.Version })).Kind);
        Assert.Contains("只有管理员", await corrections.RecordAsync(handler, 2023, "漏记撤回"));
        Assert.Contains("请填写更正理由", await corrections.RecordAsync(admin, 2023, " "));
        Assert.Contains("尚未发布", await corrections.RecordAsync(admin, 2021, "无"));
        Assert.Null(await corrections.RecordAsync(admin, 2023, "申请人已于2023年6月1日撤回，台账漏记"));

        c = await Act(c, handler, CaseAction.Withdraw, Input(new DateOnly(2023, 6, 1)));
        await using (var db = factory.OpenDb())
        {
            var entry = await db.AuditEntries.AsNoTracking().Where(e => e.EntityId == c.Id.ToString() && e.Action == "Withdraw").SingleAsync();
            Assert.Contains("更正2023年度报告（理由：申请人已于2023年6月1日撤回，台账漏记）", entry.Summary);
            Assert.Contains("RecordCorrection", await db.AuditEntries.Select(e => e.Action).ToListAsync());
        }
        var missed = await Service<CaseService>().RegisterAsync(registrar, Registration(new DateOnly(2023, 12, 30), "漏登申请人"));
        Assert.True(missed.IsOk, missed.Message);
        await using (var db = factory.OpenDb())
        {
            var entry = await db.AuditEntries.AsNoTracking().Where(e => e.EntityId == missed.Value!.Id.ToString() && e.Action == "Register").SingleAsync();
            Assert.Contains("更正2023年度报告（理由：申请人已于2023年6月1日撤回，台账漏记）", entry.Summary);
        }
        var state = await corrections.StateAsync(factory.CityId, 2023);
        Assert.NotNull(state!.Open);
        Assert.Contains(state.Differences, d => d.Table == "表三" && d.Row.StartsWith("三.六.3 ", StringComparison.Ordinal) && d.Before == 0 && d.After == 1);
        Assert.Contains(state.Differences, d => d.Table == "表三" && d.Row.StartsWith("一 ", StringComparison.Ordinal) && d.Column == "自然人" && d.Before == 1 && d.After == 2);

        // The public archive says the published report now differs from the data, why, and where.
        var marked = await factory.CreateClient().GetStringAsync("/reports");
        Assert.Contains("该年度数据正在更正（理由：申请人已于2023年6月1日撤回，台账漏记）", marked);
        Assert.Contains("与已发布报告不一致之处：表三 一 本年新收政府信息公开申请数量·自然人：1→2", marked);

        var reports = Service<AnnualReportService>();
        var original = (await reports.PublishedAsync(factory.CityId, 2023))!.PublishedHtml;
        var (_, error) = await reports.PublishAsync(admin, 2023, confirmWarnings: true);
        Assert.Null(error);
        state = await corrections.StateAsync(factory.CityId, 2023);
        Assert.Null(state!.Open);
        Assert.Equal([1, 2], state.Editions.Select(e => e.Edition));
        Assert.Equal(original, (await corrections.EditionAsync(factory.CityId, 2023, 1))!.Html);
        Assert.Contains("更正版。更正理由：申请人已于2023年6月1日撤回", (await reports.PublishedAsync(factory.CityId, 2023))!.PublishedHtml);
        Assert.Contains("不能再次发布", (await reports.PublishAsync(admin, 2023, confirmWarnings: true)).Error);

        var archive = await factory.CreateClient().GetStringAsync("/reports");
        Assert.Contains("查看原报告", archive);
        Assert.Equal(original, await factory.CreateClient().GetStringAsync($"/reports/{factory.CityId}/2023?edition=1"));
    }

    /// <summary>
    /// A property over random sequences of registrations and actions with random dates: the published year's table 三,
    /// recounted from the database after every step, never differs from what was published while no 更正 is recorded.
    /// </summary>
    [Fact]
    public async Task RandomActions_NeverChangeAPublishedYearsTablesWithoutACorrection_Article49()
    {
        await factory.SeedAsync();
        var (registrar, handler, reviewer, approver, admin) = (await As("registrar", StaffRole.Registrar), await As("handler", StaffRole.Handler),
            await As("reviewer", StaffRole.Reviewer), await As("approver", StaffRole.Approver), await As("administrator", StaffRole.Administrator));
        var all = new[] { registrar, handler, reviewer, approver };
        var random = new Random(20231231);
        DateOnly Day(DateOnly from) => from.AddDays(random.Next(0, Math.Max(1, Api.Today.DayNumber - from.DayNumber)));
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await Service<CaseService>().RegisterAsync(registrar, Registration(new DateOnly(2023, 1, 1).AddDays(random.Next(0, 364)), $"申请人{i}"))).Value!.Id);
        }
        await Publish(admin, 2023);
        var published = ReportFiles.Model((await Service<AnnualReportService>().PublishedAsync(factory.CityId, 2023))!.PublishedMarkdown!).Applications;
        var actions = Enum.GetValues<CaseAction>();
        var refusedByLock = 0;
        for (var step = 0; step < 120; step++)
        {
            if (random.Next(5) == 0)
            {
                var r = await Service<CaseService>().RegisterAsync(registrar, Registration(Day(new DateOnly(2022, 6, 1)), $"新申请人{step}"));
                if (r.IsOk)
                {
                    ids.Add(r.Value!.Id);
                }
                else if (r.Message?.Contains("已发布的", StringComparison.Ordinal) == true)
                {
                    refusedByLock++;
                }
            }
            else
            {
                var id = ids[random.Next(ids.Count)];
                var c = await factory.OpenDb().Cases.AsNoTracking().SingleAsync(x => x.Id == id);
                var action = actions[random.Next(actions.Length)];
                // Dates mostly inside the published year, where the lock matters.
                var date = random.Next(3) == 0 ? Day(c.ReceivedOn) : c.ReceivedOn.AddDays(random.Next(0, 60));
                var input = new ActionInput(c.Version, date > Api.Today ? Api.Today : date, "理由", "三.一", "条例第三十六条", "予以公开", random.Next(1, 20), "第三方", "PerPage", random.Next(31, 200), "迟了");
                var result = await Service<CaseService>().ActAsync(id, all[random.Next(all.Length)], action, input);
                if (result.Message?.Contains("已发布的", StringComparison.Ordinal) == true)
                {
                    refusedByLock++;
                }
            }
            await using var db = factory.OpenDb();
            var now = (await AgencyReportData.TablesAsync(db, factory.CityId, 2023, default)).Applications;
            Assert.Empty(PublishedYearLock.Changes(published, now, "表三"));
        }
        Assert.True(refusedByLock > 0, "the random actions never reached the lock; the property would hold vacuously");
    }
}
