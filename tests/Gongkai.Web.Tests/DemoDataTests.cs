using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The demo data the README's first command loads.</summary>
public sealed class DemoDataTests : IDisposable
{
    private readonly GongkaiFactory factory = new() { WithDemoData = true };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task DemoData_PublishXinxiang2023RebuiltFromDataEqualToTheSeedCellByCell()
    {
        var client = factory.CreateClient();
        await using var db = factory.OpenDb();
        var city = await db.Agencies.SingleAsync(a => a.Name == "新乡市公安局");
        var markdown = await client.GetByteArrayAsync($"/reports/{city.Id}/2023?handler=Markdown");
        var published = Gongkai.Reading.ReportReader.Read(markdown, "published.md").Report;
        var seed = Gongkai.Reading.ReportReader.Read(
            File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single()), "001.txt").Report;
        foreach (var table in seed.Tables)
        {
            foreach (var (row, column, cell) in table.Cells())
            {
                Assert.True(cell?.Value == published.Table(table.Schema).Value(row.Key, column.Key),
                    $"{table.Schema.Title} {row.Key} {column.Key}: seed {cell?.Value}, published {published.Table(table.Schema).Value(row.Key, column.Key)}");
            }
        }
        Assert.DoesNotContain(Gongkai.Reports.Checking.ReportChecker.Check(published, null), f => f.Rule.Severity == Gongkai.Reports.Checking.Severity.Error);
        Assert.Contains("新乡市公安局2023年政府信息公开工作年度报告", await client.GetStringAsync("/reports"));
    }

    [Fact]
    public async Task DemoData_GovernmentCombinesTheBureausPublishedReportAndListsTheDepartmentsWithout()
    {
        await using var db = factory.OpenDb();
        var government = await db.Agencies.SingleAsync(a => a.Name == "新乡市人民政府");
        Assert.Equal(government.Id, (await db.Agencies.SingleAsync(a => a.Name == "新乡市公安局")).GovernmentId);
        using var scope = factory.Services.CreateScope();
        var combined = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.AnnualReports.CombinedReportService>().CombineAsync(government.Id, 2023);
        Assert.Equal("已按系统数据计入", combined.Departments.Single(d => d.Department == "新乡市公安局").Remark);
        Assert.Equal(57m, combined.Applications.Value("一", "总计"));
        Assert.Equal(["新乡市卫生健康委员会", "新乡市教育局"], combined.NeedingAttention.Select(d => d.Department).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DemoData_BureausChannelsMatchTheSeedsOverview()
    {
        await using var db = factory.OpenDb();
        var city = await db.Agencies.SingleAsync(a => a.Name == "新乡市公安局");
        using var scope = factory.Services.CreateScope();
        var own = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.AnnualReports.AnnualReportService>().DraftFactsAsync(city.Id, 2023);
        Assert.Equal(2098, own.Channels.Sum(c => c.Count));
    }
}
