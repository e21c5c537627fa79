using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Statistics;
using Gongkai.Web.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

public class CalendarAndStatisticsTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private async Task<string?> Load(string userName, int year, string schedule)
    {
        await factory.SeedAsync();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var actor = new Actor(user.Id, user.DisplayName, user.AgencyId,
            new HashSet<StaffRole> { Enum.Parse<StaffRole>(userName, ignoreCase: true) }, new HashSet<string>());
        return await scope.ServiceProvider.GetRequiredService<CalendarService>().LoadYearAsync(actor, year, "国务院办公厅关于2099年部分节假日安排的通知", schedule);
    }

    [Fact]
    public async Task LoadYear_ByNonAdministrator_IsRefused() =>
        Assert.Equal("只有管理员可以载入节假日安排", await Load("handler", 2099, "2099-01-01\tholiday\t元旦"));

    [Fact]
    public async Task LoadYear_BadLine_NamesTheLine() =>
        Assert.Contains("第2行", await Load("administrator", 2099, "2099-01-01\tholiday\t元旦\n2099-01-05\tworkday\t元旦"));

    [Fact]
    public async Task LoadYear_Valid_IsUsedByTheCalendarAndAudited()
    {
        Assert.Null(await Load("administrator", 2099, "2099-01-01\tholiday\t元旦\n2099-01-02\tholiday\t元旦"));
        using var scope = factory.Services.CreateScope();
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().CurrentAsync();
        Assert.True(calendar.HasSchedule(2099));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2099, 1, 2)));
        var db = scope.ServiceProvider.GetRequiredService<Gongkai.Data.GongkaiDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "calendar" && e.EntityId == "2099"));
    }

    [Fact]
    public async Task Table3FromTheDatabase_EqualsTheInMemoryCountOfTheSameCases()
    {
        foreach (var state in new[] { CaseState.Answered, CaseState.InReview, CaseState.Withdrawn, CaseState.Registered })
        {
            await CaseDriver.DriveTo(factory, state);
        }
        var year = Api.Today.Year;
        var api = await (await factory.ApiAs("supervisor")).GetFromJsonAsync<Dictionary<string, Dictionary<string, decimal?>>>($"/api/statistics/table3?year={year}");
        await using var db = factory.OpenDb();
        var facts = await db.Cases.AsNoTracking().Where(c => c.AgencyId == factory.CityId)
            .Select(c => new CaseFacts(c.Applicant.Category, c.ReceivedOn, c.ClosedOn, c.OutcomeRow)).ToListAsync();
        var expected = Table3Statistics.Compute(facts, year);
        foreach (var (row, column, cell) in expected.Cells())
        {
            Assert.Equal(cell!.Value, api![row.Key][column.Key]);
        }
        Assert.True(api!["一"]["总计"] >= 4);
    }

    [Fact]
    public async Task Table3Xlsx_IsAWorkbook()
    {
        var response = await (await factory.ApiAs("supervisor")).GetAsync($"/api/statistics/table3.xlsx?year={Api.Today.Year}");
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        using var stream = new MemoryStream(bytes);
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(25, rows.Count);
        Assert.Equal("一", rows[0]["编号"]);
    }

    [Fact]
    public async Task WorkList_Json_UsesStateNames()
    {
        await CaseDriver.DriveTo(factory, CaseState.Consulting);
        var items = await (await factory.ApiAs("handler")).GetFromJsonAsync<JsonElement[]>("/api/worklist");
        Assert.Contains(items!, i => i.GetProperty("state").GetString() == "Consulting");
    }
}
