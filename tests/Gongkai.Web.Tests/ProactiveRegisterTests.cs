using Gongkai.Cases.Cases;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The 主动公开 register by channel: configurable channels, items and tallies, into the year's totals and the section 一 draft.</summary>
public sealed class ProactiveRegisterTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<(IServiceScope Scope, ProactiveRegister Reports, Actor Actor)> As(string userName, StaffRole role)
    {
        var (scope, actor) = await factory.ActorAsync(userName, role);
        return (scope, scope.ServiceProvider.GetRequiredService<ProactiveRegister>(), actor);
    }

    [Fact]
    public async Task NewAgency_HasTheUsualChannels()
    {
        var (scope, reports, _) = await As("handler", StaffRole.Handler);
        using (scope)
        {
            Assert.Equal(["门户网站", "政务微博", "政务微信", "政务抖音/头条", "其他"], await reports.ChannelsAsync(factory.CityId));
        }
    }

    [Fact]
    public async Task ItemsAndTallies_AddUpPerChannelForTheYear()
    {
        var (scope, reports, handler) = await As("handler", StaffRole.Handler);
        using (scope)
        {
            Assert.Null(await reports.AddProactiveTallyAsync(handler, "门户网站", new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30), 120));
            Assert.Null(await reports.AddProactiveTallyAsync(handler, "门户网站", new DateOnly(2024, 7, 1), new DateOnly(2024, 12, 31), 80));
            Assert.Null(await reports.AddProactiveItemAsync(handler, "政务微信", new DateOnly(2024, 3, 2), "关于办理居住证的通告"));
            Assert.Null(await reports.AddProactiveItemAsync(handler, "政务微信", new DateOnly(2025, 1, 2), "下一年的信息"));
            var channels = (await scope.ServiceProvider.GetRequiredService<AnnualReportService>().DraftFactsAsync(factory.CityId, 2024)).Channels;
            Assert.Equal(200, channels.Single(c => c.Channel == "门户网站").Count);
            Assert.Equal(1, channels.Single(c => c.Channel == "政务微信").Count);
            Assert.Equal(0, channels.Single(c => c.Channel == "政务微博").Count);
        }
    }

    [Fact]
    public async Task Entry_ForAChannelNotConfigured_IsRefusedListingTheChannels()
    {
        var (scope, reports, handler) = await As("handler", StaffRole.Handler);
        using (scope)
        {
            Assert.Equal("请选择本机关设置的发布渠道（门户网站、政务微博、政务微信、政务抖音/头条、其他）",
                await reports.AddProactiveItemAsync(handler, "报纸", new DateOnly(2024, 3, 2), "某通告"));
        }
    }

    [Fact]
    public async Task Channels_SetByTheAdministrator_AreUsedForEntriesAndAudited()
    {
        var (scope, reports, admin) = await As("administrator", StaffRole.Administrator);
        using (scope)
        {
            Assert.Null(await reports.SaveChannelsAsync(admin, "门户网站\r\n 新乡警方微博 \r\n\r\n门户网站\r\n"));
            Assert.Equal(["门户网站", "新乡警方微博"], await reports.ChannelsAsync(factory.CityId));
            Assert.Null(await reports.AddProactiveItemAsync(admin, "新乡警方微博", new DateOnly(2024, 3, 2), "某通告"));
            await using var db = factory.OpenDb();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "SetDisclosureChannels" && a.Summary.Contains("新乡警方微博")));
        }
    }

    [Fact]
    public async Task Channels_ByAHandler_AreRefused()
    {
        var (scope, reports, handler) = await As("handler", StaffRole.Handler);
        using (scope)
        {
            Assert.StartsWith("只有管理员可以设置发布渠道", await reports.SaveChannelsAsync(handler, "门户网站"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Entry_Removed_NoLongerCountsAndTheAuditKeepsIt()
    {
        var (scope, reports, handler) = await As("handler", StaffRole.Handler);
        using (scope)
        {
            Assert.Null(await reports.AddProactiveTallyAsync(handler, "其他", new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), 9));
            var entry = Assert.Single(await reports.ProactiveEntriesAsync(factory.CityId, 2024));
            Assert.Null(await reports.RemoveProactiveEntryAsync(handler, entry.Id));
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<AnnualReportService>().DraftFactsAsync(factory.CityId, 2024)).Channels.Single(c => c.Channel == "其他").Count);
            await using var db = factory.OpenDb();
            Assert.Contains("共9条", (await db.AuditEntries.SingleAsync(a => a.Action == "RemoveProactiveEntry")).Summary);
        }
    }

    [Fact]
    public async Task Entry_OfAnotherAgency_CannotBeRemoved()
    {
        var (scope, reports, handler) = await As("handler", StaffRole.Handler);
        var (otherScope, _, otherHandler) = await As("other-handler", StaffRole.Handler);
        using (scope)
        using (otherScope)
        {
            Assert.Null(await reports.AddProactiveTallyAsync(handler, "其他", new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), 9));
            var entry = Assert.Single(await reports.ProactiveEntriesAsync(factory.CityId, 2024));
            Assert.Equal("找不到该登记", await otherScope.ServiceProvider.GetRequiredService<ProactiveRegister>().RemoveProactiveEntryAsync(otherHandler, entry.Id));
        }
    }

    [Fact]
    public async Task ReportPage_SubsectionsPostedSeparately_AreSavedAsOneOverviewAndShownSplitAgain()
    {
        var client = await PageClient.SignedIn(factory, "handler");
        var (response, html) = await PageClient.Post(client, "/AnnualReports?Year=2024", new()
        {
            ["handler"] = "Save", ["Year"] = "2024", ["Sections[一]"] = "2024年，本局认真贯彻落实条例。",
            ["Subsections[0]"] = "主动公开情况。全年发布信息。", ["Subsections[1]"] = "", ["Subsections[2]"] = "",
            ["Subsections[3]"] = "", ["Subsections[4]"] = "监督保障情况。加强保密审查。",
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var db = factory.OpenDb();
        var saved = await db.AnnualReports.SingleAsync(r => r.AgencyId == factory.CityId && r.Year == 2024);
        Assert.Contains("\"一\":\"2024年，本局认真贯彻落实条例。\\n（一）主动公开情况。全年发布信息。\\n（五）监督保障情况。加强保密审查。\"", saved.SectionsJson);
        var page = await client.GetStringAsync("/AnnualReports?Year=2024");
        Assert.Matches("<textarea id=\"section-一-4\" name=\"Subsections\\[4\\]\" rows=\"4\">监督保障情况。加强保密审查。</textarea>", page);
        // The overview checker sees only two of the five topics.
        Assert.Contains("未写到：依申请公开、政府信息管理、政府信息公开平台建设", page);
    }

    [Fact]
    public async Task RegistersPage_TallyAcrossYears_IsRefusedAndTheFormKeepsWorking()
    {
        var client = await PageClient.SignedIn(factory, "handler");
        var (response, html) = await PageClient.Post(client, "/AnnualReports/Registers?Year=2024", new()
        {
            ["handler"] = "Tally", ["Year"] = "2024", ["Channel"] = "门户网站", ["From"] = "2024-12-01", ["To"] = "2025-01-31", ["Count"] = "5",
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("统计期间2024-12-01至2025-01-31跨年度，请按年度分开登记", html);
        (response, html) = await PageClient.Post(client, "/AnnualReports/Registers?Year=2024", new()
        {
            ["handler"] = "Item", ["Year"] = "2024", ["Channel"] = "政务微博", ["PublishedOn"] = "2024-05-04", ["Title"] = "五四青年节警营开放日",
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("五四青年节警营开放日", html);
    }

    [Fact]
    public async Task ReportPage_OffersTheOverviewDraftWithTheChannelCounts()
    {
        var (scope, reports, handler) = await As("handler", StaffRole.Handler);
        using (scope)
        {
            Assert.Null(await reports.AddProactiveTallyAsync(handler, "门户网站", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), 321));
        }
        var client = await PageClient.SignedIn(factory, "handler");
        var html = await client.GetStringAsync("/AnnualReports?Year=2024");
        Assert.Contains("一、总体情况 （一）主动公开", html);
        Assert.Contains("主动公开。本年度共主动公开政府信息321条，其中门户网站321条。", html);
        Assert.Contains("本年度未收取信息处理费。", html);
    }
}

/// <summary>The 主动公开 register imported from Excel: items and counts, every bad cell named, nothing saved on error.</summary>
public sealed class ProactiveImportTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static MemoryStream Workbook(params object?[][] rows)
    {
        var lines = rows.Select(r => ProactiveRegister.ProactiveColumns.Zip(r).ToDictionary(x => x.First, x => x.Second)).ToList();
        var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, lines);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task Import_ItemsAndCounts_AreSavedAndCounted()
    {
        var (scope, handler) = await factory.ActorAsync("handler", StaffRole.Handler);
        using (scope)
        {
            var reports = scope.ServiceProvider.GetRequiredService<ProactiveRegister>();
            var (saved, errors) = await reports.ImportProactiveAsync(handler, Workbook(
                ["门户网站", new DateTime(2024, 1, 1), new DateTime(2024, 6, 30), 150, null],
                ["门户网站", "2024/7/1", "2024年12月31日", "50", ""],
                ["政务微信", "2024-03-08", null, null, "关于办理居住证的通告"]));
            Assert.Empty(errors);
            Assert.Equal(3, saved);
            var channels = (await scope.ServiceProvider.GetRequiredService<AnnualReportService>().DraftFactsAsync(factory.CityId, 2024)).Channels;
            Assert.Equal(200, channels.Single(c => c.Channel == "门户网站").Count);
            Assert.Equal(1, channels.Single(c => c.Channel == "政务微信").Count);
            await using var db = factory.OpenDb();
            Assert.Contains("导入主动公开登记3条（共201条信息）", (await db.AuditEntries.SingleAsync(a => a.Action == "ImportProactiveEntries")).Summary);
        }
    }

    [Fact]
    public async Task Import_BadRows_NamesRowAndColumnAndSavesNothing()
    {
        var (scope, handler) = await factory.ActorAsync("handler", StaffRole.Handler);
        using (scope)
        {
            var reports = scope.ServiceProvider.GetRequiredService<ProactiveRegister>();
            var (saved, errors) = await reports.ImportProactiveAsync(handler, Workbook(
                ["门户网站", "2024-01-01", "2024-06-30", 150, null],
                ["报纸", "2024-13-01", "2024-06-30", "很多", null],
                ["政务微博", "2024-12-01", "2025-01-31", 5, null]));
            Assert.Equal(0, saved);
            Assert.Contains("第3行“发布渠道”：“报纸”不是本机关设置的渠道（应为门户网站、政务微博、政务微信、政务抖音/头条、其他之一）", errors);
            Assert.Contains("第3行“开始日期”：“2024-13-01”不是日期（如2024-03-01）", errors);
            Assert.Contains("第3行“条数”：“很多”不是非负整数", errors);
            Assert.Contains("第4行：统计期间2024-12-01至2025-01-31跨年度，请按年度分开登记", errors);
            await using var db = factory.OpenDb();
            Assert.False(await db.ProactiveEntries.AnyAsync());
        }
    }

    [Fact]
    public async Task Import_WithoutAColumn_NamesIt()
    {
        var (scope, handler) = await factory.ActorAsync("handler", StaffRole.Handler);
        using (scope)
        {
            var stream = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(stream, new[] { new Dictionary<string, object?> { ["发布渠道"] = "门户网站", ["条数"] = 3 } });
            stream.Position = 0;
            var (_, errors) = await scope.ServiceProvider.GetRequiredService<ProactiveRegister>().ImportProactiveAsync(handler, stream);
            Assert.Equal(["第1行缺少列：开始日期、结束日期（应为：发布渠道、开始日期、结束日期、条数）"], errors);
        }
    }

    [Fact]
    public async Task RegistersPage_ImportThroughTheForm_ListsTheErrors()
    {
        var client = await PageClient.SignedIn(factory, "handler");
        var page = await client.GetStringAsync("/AnnualReports/Registers?Year=2024");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageClient.Token(page)), "__RequestVerificationToken" },
            { new StringContent("2024"), "Year" },
            { new StreamContent(Workbook(["报纸", "2024-01-01", "2024-01-31", 3, null])), "Workbook", "channels.xlsx" },
        };
        var response = await client.PostAsync("/AnnualReports/Registers?handler=ImportProactive", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("导入失败，1处错误，未保存任何数据", html);
        Assert.Contains("第2行“发布渠道”：“报纸”不是本机关设置的渠道", html);
    }
}
