using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Search;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Gongkai.Web.Tests;

/// <summary>The case list's search and filters, through the API and the page (the same <see cref="CaseSearch"/>), on SQLite FTS5 or PostgreSQL tsvector.</summary>
public sealed class CaseSearchTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task ImportAsync()
    {
        var (scope, actor) = await factory.ActorAsync("registrar", StaffRole.Registrar);
        using (scope)
        {
            var today = scope.ServiceProvider.GetRequiredService<CalendarService>().Today;
            var result = await scope.ServiceProvider.GetRequiredService<LedgerImport>().ImportAsync(actor, LedgerFiles.Workbook(LedgerFiles.ThirtyCases(today, "handler")), "台账.xlsx");
            Assert.Null(result.Error);
        }
    }

    private async Task<List<JsonElement>> Search(string query, string user = "registrar")
    {
        var body = await (await factory.ApiAs(user)).GetFromJsonAsync<JsonElement>("/api/cases?" + query);
        return body.GetProperty("rows").EnumerateArray().ToList();
    }

    [Theory]
    [InlineData("q=欧阳明华", 1)]
    [InlineData("q=明华", 1)]
    [InlineData("q=欧", 1)]
    [InlineData("q=红旗区道路改造", 2)]
    [InlineData("q=道路改造 批复", 2)]
    [InlineData("q=道路改造 不存在的词", 0)]
    [InlineData("q=今年申请人1", 7)]
    [InlineData("q=今年申请人12", 1)]
    [InlineData("q=华", 1)]
    public async Task Search_ByApplicantOrWordsOfTheRequest_FindsExactlyTheMatches(string query, int expected)
    {
        await ImportAsync();
        Assert.Equal(expected, (await Search(query)).Count);
    }

    [Fact]
    public async Task Search_ListsNewestReceiptFirst_AndOldestFirstWhenAsked()
    {
        await ImportAsync();
        var newest = (await Search("q=" + Uri.EscapeDataString("今年申请人1"))).Select(r => r.GetProperty("receivedOn").GetString()!).ToList();
        Assert.Equal(7, newest.Count);
        Assert.Equal(newest.OrderDescending(StringComparer.Ordinal), newest);
        var oldest = (await Search("sort=received-asc&q=" + Uri.EscapeDataString("今年申请人1"))).Select(r => r.GetProperty("receivedOn").GetString()!).ToList();
        Assert.Equal(newest.Order(StringComparer.Ordinal), oldest);
    }

    [Fact]
    public async Task Search_ByTrackingNumber_FindsIt()
    {
        await ImportAsync();
        var year = Api.Today.Year;
        var found = await Search($"q=TZ-{year}-017");
        Assert.Equal($"TZ-{year}-017", Assert.Single(found).GetProperty("trackingNumber").GetString());
        Assert.Equal(9, (await Search($"q=TZ-{year}-00")).Count); // a code's beginning: 001 … 009
    }

    [Fact]
    public async Task Search_ByWordsOfTheAnswer_FindsTheAnsweredCase()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Answered);
        // The request says nothing of it; the answer text does.
        var found = await Search("q=" + Uri.EscapeDataString("予以公开"));
        Assert.Contains(found, r => r.GetProperty("id").GetGuid() == c.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Search_NeverShowsAnotherAgencysCases()
    {
        await ImportAsync();
        Assert.Empty(await Search("q=欧阳明华", "other-registrar"));
        // The city bureau reads its district's cases; the district does not read the city's.
        Assert.Empty(await Search("q=欧阳明华", "district-registrar"));
    }

    [Fact]
    public async Task Filters_StateOutcomeDatesAndHandler_Combine()
    {
        await ImportAsync();
        var year = Api.Today.Year;
        Assert.Single(await Search("state=AwaitingCorrection"));
        Assert.Equal(LedgerFiles.OpenNow - 1, (await Search("state=InProgress")).Count);
        Assert.Equal(6, (await Search("outcome=三.一")).Count);
        Assert.Equal(LedgerFiles.LastYearReceived, (await Search($"from={year - 1}-01-01&to={year - 1}-12-31")).Count);
        var handler = await factory.OpenDb().Users.SingleAsync(u => u.UserName == "handler");
        Assert.Equal(LedgerFiles.OpenNow, (await Search($"handler={handler.Id}")).Count);
        Assert.Equal(25, (await Search("handler=none")).Count);
    }

    [Fact]
    public async Task Filter_Overdue_ListsExactlyTheOpenCasesPastTheirDeadline()
    {
        await ImportAsync();
        var today = Api.Today;
        var open = await factory.OpenDb().Cases.Where(c => c.AgencyId == factory.CityId && c.DueOn != null).Select(c => new { c.TrackingNumber, c.DueOn }).ToListAsync();
        var expected = open.Where(c => c.DueOn < today).Select(c => c.TrackingNumber).Order().ToList();
        var listed = (await Search("overdue=true")).Select(r => r.GetProperty("trackingNumber").GetString()!).Order().ToList();
        Assert.Equal(expected, listed);
        Assert.NotEmpty(listed); // last year's carried-over cases are long past 20 working days
    }

    [Fact]
    public async Task Filter_Stage_ListsTheCasesWaitingAtIt()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InReview);
        var first = await Search("stage=" + Uri.EscapeDataString("法制审核"));
        Assert.Equal(c.GetProperty("id").GetGuid(), Assert.Single(first).GetProperty("id").GetGuid());
        Assert.Empty(await Search("stage=" + Uri.EscapeDataString("领导审批")));
    }

    [Fact]
    public async Task Sort_AndPaging_AreStable()
    {
        await ImportAsync();
        var byTracking = await Search("sort=tracking");
        var numbers = byTracking.Select(r => r.GetProperty("trackingNumber").GetString()!).ToList();
        Assert.Equal(numbers.Order(StringComparer.Ordinal), numbers);
        var body = await (await factory.ApiAs("registrar")).GetFromJsonAsync<JsonElement>("/api/cases?page=2");
        Assert.Equal(30, body.GetProperty("total").GetInt32());
        Assert.Empty(body.GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public async Task Sort_ByApplicant_IsPinyinOrderNotCodePointOrder()
    {
        var registrar = await factory.ApiAs("registrar");
        // Code-point order would be 张 李 王 赵 阿; pinyin order is a li wang zhang zhao.
        foreach (var name in new[] { "赵六", "阿明", "王五", "李四", "张三" })
        {
            var registration = JsonSerializer.SerializeToNode(Api.Registration())!.AsObject();
            registration["name"] = name;
            await Api.Register(registrar, registration);
        }
        var names = (await Search("sort=applicant")).Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(["阿明", "李四", "王五", "张三", "赵六"], names);
    }

    [Fact]
    public async Task Export_HoldsExactlyTheListedCases()
    {
        await ImportAsync();
        var client = await PageClient.SignedIn(factory, "registrar");
        var page = await client.GetStringAsync("/Cases?Filter.Q=" + Uri.EscapeDataString("道路改造"));
        Assert.Contains("共 <strong>2</strong> 件", page);
        var response = await client.GetAsync("/Cases?handler=Export&Filter.Q=" + Uri.EscapeDataString("道路改造"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await response.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains("道路改造", (string)r["申请内容"]!));
        var print = await client.GetStringAsync("/Cases?Print=true&Filter.Q=" + Uri.EscapeDataString("道路改造"));
        Assert.Equal(2 + 1, print.Split("<tr>").Length - 1);
        Assert.DoesNotContain("<nav", print);
    }

    [Fact]
    public async Task Print_StatesTheActiveFiltersInItsHeader()
    {
        var client = await PageClient.SignedIn(factory, "registrar");
        var print = await client.GetStringAsync("/Cases?Print=true&Filter.State=AwaitingCorrection&Filter.From=2026-01-01&Filter.Sort=applicant&Filter.Q=" + Uri.EscapeDataString("道路"));
        var header = print[print.IndexOf("筛选条件：", StringComparison.Ordinal)..];
        header = header[..header.IndexOf("</p>", StringComparison.Ordinal)];
        Assert.Contains("查找“道路”", header);
        Assert.Contains("状态：" + CaseState.AwaitingCorrection.Label(), header);
        Assert.Contains("收到日期：2026-01-01 至 不限", header);
        Assert.Contains("排序：申请人", header);
    }

    [Fact]
    public void SearchTerms_MakeCharacterPairsAndWords()
    {
        Assert.Equal("王小 小明 xxga 2026 00012 明", SearchTerms.For("王小明", "XXGA-2026-00012"));
        var phrases = SearchTerms.Query("小明  2026");
        Assert.Equal(["小明"], phrases[0].Terms);
        Assert.Equal(["2026"], phrases[1].Terms);
        Assert.True(SearchTerms.Query("王")[0].Prefix);
        Assert.Empty(SearchTerms.Query("，。！"));
    }

    [Fact]
    public async Task Reassign_ChangesTheHandler_IsAudited_AndPutsTheCaseOnTheirList()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var colleague = await CreateHandlerAsync("handler2");
        var approver = await factory.ApiAs("approver");
        var response = await approver.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/assign", new { version = c.GetProperty("version").GetGuid(), handler = colleague });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var db = factory.OpenDb();
        var saved = await db.Cases.SingleAsync(x => x.Id == c.GetProperty("id").GetGuid());
        Assert.Equal(colleague, saved.HandlerId);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "Reassign");
        Assert.Contains("改为第二承办人", entry.Summary);
        Assert.Empty(await AuditChain.Verify(db));
        // A stale version is a conflict, a handler from another agency is refused.
        var stale = await approver.PostAsJsonAsync($"/api/cases/{saved.Id}/assign", new { version = c.GetProperty("version").GetGuid(), handler = colleague });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var other = await db.Users.SingleAsync(u => u.UserName == "other-handler");
        var foreign = await approver.PostAsJsonAsync($"/api/cases/{saved.Id}/assign", new { version = saved.Version, handler = other.Id });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task Reassign_ByAReviewer_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var colleague = await CreateHandlerAsync("handler2");
        var response = await (await factory.ApiAs("reviewer")).PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/assign", new { version = c.GetProperty("version").GetGuid(), handler = colleague });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("改派承办人只能由", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WorkList_ShowsTheHandlersOwnCasesFirst()
    {
        await ImportAsync();
        var mine = await CaseDriver.DriveTo(factory, CaseState.InProgress);
        var items = await (await factory.ApiAs("handler")).GetFromJsonAsync<JsonElement[]>("/api/worklist");
        var handler = await factory.OpenDb().Users.SingleAsync(u => u.UserName == "handler");
        var own = items!.TakeWhile(i => i.GetProperty("handlerId").GetString() == handler.Id).Count();
        Assert.Equal(items!.Count(i => i.GetProperty("handlerId").GetString() == handler.Id), own);
        Assert.True(own >= 1);
    }

    [Fact]
    public async Task WorkList_CaseAwaitingCorrection_IsPlacedByTheEndOfItsCorrectionPeriod()
    {
        var registrar = await factory.ApiAs("registrar");
        var handler = await factory.ApiAs("handler");
        var later = await Api.ActOk(handler, await Api.Register(registrar, Api.Registration(receivedOn: Api.Today.AddDays(-3))), CaseAction.Accept);
        var waiting = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        var items = await registrar.GetFromJsonAsync<JsonElement[]>("/api/worklist");
        var ids = items!.Select(i => i.GetProperty("id").GetGuid()).ToList();
        var waitingItem = items!.Single(i => i.GetProperty("id").GetGuid() == waiting.GetProperty("id").GetGuid());
        var laterItem = items!.Single(i => i.GetProperty("id").GetGuid() == later.GetProperty("id").GetGuid());
        // The 补正 period (15 working days from Today−9) ends before the answer deadline of a case received Today−3.
        Assert.True(string.CompareOrdinal(waitingItem.GetProperty("waitsUntil").GetString(), laterItem.GetProperty("dueOn").GetString()) < 0);
        Assert.True(ids.IndexOf(waiting.GetProperty("id").GetGuid()) < ids.IndexOf(later.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task WorkList_PagedPastTheFirstPage_KeepsCasesAwaitingCorrectionInDateOrderWithoutLosingAny()
    {
        var (scope, actor) = await factory.ActorAsync("registrar", StaffRole.Registrar);
        using (scope)
        {
            var today = scope.ServiceProvider.GetRequiredService<CalendarService>().Today;
            var rows = Enumerable.Range(1, 60).Select(i => LedgerFiles.Row($"W-{i:00}", today.AddDays(-i), "办理中")).ToList();
            // 补正 periods ending early in the list, in the middle, and on the second page.
            rows.Add(LedgerFiles.Row("C-1", today.AddDays(-40), "补正中", correctionAsked: today.AddDays(-38)));
            rows.Add(LedgerFiles.Row("C-2", today.AddDays(-20), "补正中", correctionAsked: today.AddDays(-19)));
            rows.Add(LedgerFiles.Row("C-3", today.AddDays(-2), "补正中", correctionAsked: today.AddDays(-1)));
            var result = await scope.ServiceProvider.GetRequiredService<LedgerImport>().ImportAsync(actor, LedgerFiles.Workbook(rows), "台账.xlsx");
            Assert.Null(result.Error);
        }
        var registrar = await factory.ApiAs("registrar");
        var pages = new List<JsonElement>();
        var counts = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var items = (await registrar.GetFromJsonAsync<JsonElement[]>($"/api/worklist?page={page}"))!;
            counts.Add(items.Length);
            pages.AddRange(items);
        }
        Assert.Equal([50, 13, 0], counts);
        var numbers = pages.Select(p => p.GetProperty("trackingNumber").GetString()!).ToList();
        Assert.Equal(63, numbers.Distinct().Count());
        Assert.True(numbers.IndexOf("C-3") >= 50, "the latest 补正 period ends among the second page's deadlines");
        var dates = pages.Select(p => (p.TryGetProperty("dueOn", out var d) && d.ValueKind == JsonValueKind.String ? d : p.GetProperty("waitsUntil")).GetString()!).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task CaseList_CaseAwaitingCorrection_ShowsTheEndOfItsCorrectionPeriodAsItsDeadline()
    {
        var waiting = await CaseDriver.DriveTo(factory, CaseState.AwaitingCorrection);
        using var db = factory.OpenDb();
        var ends = (await db.Cases.SingleAsync(c => c.Id == waiting.GetProperty("id").GetGuid())).WaitsUntil!.Value;
        var page = await (await PageClient.SignedIn(factory, "registrar")).GetStringAsync("/Cases");
        Assert.Contains($"补正期限至 {ends:yyyy-MM-dd}", page);
    }

    private async Task<string> CreateHandlerAsync(string userName)
    {
        var (scope, admin) = await factory.ActorAsync("administrator", StaffRole.Administrator);
        using (scope)
        {
            var accounts = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Admin.AccountService>();
            Assert.True((await accounts.CreateAsync(admin, factory.CityId, userName, "第二承办人", [StaffRole.Handler], [])).IsOk);
        }
        return (await factory.OpenDb().Users.SingleAsync(u => u.UserName == userName)).Id;
    }
}
