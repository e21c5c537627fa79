using MiniExcelLibs;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests;

/// <summary>A supervising office in Chromium: uploads a ZIP of reports, sees the dashboard's charts, downloads the dataset.</summary>
[Trait("Category", "Browser")]
public sealed class ReportAuditBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly float Patience = 90_000;

    [Fact]
    public async Task Supervisor_UploadsAZip_SeesTheChartsAndDownloadsTheWorkbook()
    {
        await fixture.RunAsync(async () =>
        {
            var zip = Path.Combine(Directory.CreateTempSubdirectory("gongkai-zip-").FullName, "河南省公安机关年度报告.zip");
            await File.WriteAllBytesAsync(zip, ReportAuditTests.SeedZip());

            var page = await fixture.NewPageAsync(1400, 1000);
            await BrowserStoryTests.SignInAsync(page, "supervisor");
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "批量检查" }).ClickAsync();
            await page.GetByLabel("报告文件或 ZIP 压缩包").SetInputFilesAsync(zip);
            await page.GetByRole(AriaRole.Button, new() { Name = "开始检查" }).ClickAsync();
            var row = page.Locator("tr.current");
            await Assertions.Expect(row).ToContainTextAsync("河南省公安机关年度报告.zip", new() { Timeout = Patience });

            // The dataset: the workbook's 报告 sheet has the five reports.
            var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Excel" }).ClickAsync(), new() { Timeout = Patience });
            var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");
            await download.SaveAsAsync(saved);
            var reports = MiniExcel.Query(saved, useHeaderRow: true, sheetName: "报告").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(5, reports.Count);
            Assert.Contains(reports, r => (string?)r["agency"] == "新乡市公安局");

            // The dashboard: its charts drawn (ECharts canvases), the findings listed, each linked to its report.
            var href = await row.GetByRole(AriaRole.Link, new() { Name = "检查结果页面" }).GetAttributeAsync("href");
            var dashboard = await fixture.NewPageAsync(1400, 1000);
            await BrowserStoryTests.SignInAsync(dashboard, "supervisor");
            await dashboard.GotoAsync(href!);
            await Assertions.Expect(dashboard.Locator("body[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = Patience });
            foreach (var chart in new[] { "#chart-rules", "#chart-agencies", "#chart-ratio", "#chart-years" })
            {
                await Assertions.Expect(dashboard.Locator(chart + " canvas")).Not.ToHaveCountAsync(0, new() { Timeout = Patience });
            }
            await Assertions.Expect(dashboard.Locator("#cards")).ToContainTextAsync("5报告总数", new() { Timeout = Patience });
            var firstFinding = dashboard.Locator("#finding-table tr").Nth(1);
            await Assertions.Expect(firstFinding).ToBeVisibleAsync(new() { Timeout = Patience });

            // Filtering by a severity keeps only that severity.
            await dashboard.Locator("#finding-severity").SelectOptionAsync("error");
            await Assertions.Expect(dashboard.Locator("#finding-table td.warning")).ToHaveCountAsync(0, new() { Timeout = Patience });

            // A finding's link leads to its report's row.
            await dashboard.Locator("#finding-table tr").Nth(1).Locator("a").ClickAsync();
            await Assertions.Expect(dashboard.Locator("#report-table tr.target")).ToHaveCountAsync(1, new() { Timeout = Patience });
            await dashboard.Locator("#finding-severity").SelectOptionAsync("");
            await dashboard.EvaluateAsync("window.scrollTo(0, 0)");
            await dashboard.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "audit-dashboard.png"), FullPage = false });
        });
    }
}
