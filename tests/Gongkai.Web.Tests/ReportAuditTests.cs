using System.IO.Compression;
using System.Net;
using System.Text;
using Gongkai.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>年度报告批量检查 on the web: a supervisor or a government's administrator uploads a ZIP of published reports,
/// sees the dashboard and downloads the dataset; nobody else, and no other agency, sees them.</summary>
public sealed class ReportAuditTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    internal static byte[] SeedZip()
    {
        var seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal))
            {
                using var entry = zip.CreateEntry("报告/" + Path.GetFileName(file)).Open();
                entry.Write(File.ReadAllBytes(file));
            }
        }
        return buffer.ToArray();
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string name, byte[] content)
    {
        var page = await client.GetStringAsync("/Audits");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageClient.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "files", name },
        };
        return await client.PostAsync("/Audits", form);
    }

    private static string AuditId(HttpResponseMessage redirect) =>
        System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.OriginalString.Split('?', 2)[1])["id"]!;

    [Fact]
    public async Task Supervisor_UploadsAZip_SeesTheDashboardAndDownloadsTheDataset()
    {
        var client = await PageClient.SignedIn(factory, "supervisor");
        var response = await Upload(client, "河南省公安机关2023.zip", SeedZip());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = AuditId(response);

        var list = await client.GetStringAsync("/Audits?id=" + id);
        Assert.Contains("河南省公安机关2023.zip", list, StringComparison.Ordinal);
        Assert.Contains($"data-audit=\"{id}\"", list, StringComparison.Ordinal);

        var dashboard = await client.GetAsync($"/Audits?handler=File&id={id}&name=dashboard.html");
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType!.MediaType);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("新乡市公安局", html, StringComparison.Ordinal);
        Assert.Contains("echarts", html, StringComparison.Ordinal);

        var csv = await client.GetAsync($"/Audits?handler=File&id={id}&name=reports.csv");
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("河南省公安机关2023.zip!报告/001_", StringComparison.Ordinal) && l.Contains("新乡市公安局", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supervisor_UploadsAScannedPdf_ItIsReadByOcrNotRefused()
    {
        // One page of seed 001 scanned at 150 dpi, no text layer (tests/fixtures/scans): read by Tesseract.
        var scan = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "scans", "seed001-page1-scan.pdf"));
        var client = await PageClient.SignedIn(factory, "supervisor");
        var response = await Upload(client, "扫描件.pdf", scan);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = AuditId(response);
        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/Audits?handler=File&id={id}&name=reports.csv"));
        var row = Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.Contains("新乡市公安局", row, StringComparison.Ordinal);
        Assert.DoesNotContain("没有文字层", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisor_UploadsAZipOfTwoSeeds_BothAreRead()
    {
        var seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var seed in new[] { "001", "002" })
            {
                using var entry = zip.CreateEntry($"报告/{seed}.txt").Open();
                entry.Write(File.ReadAllBytes(Directory.GetFiles(seeds, seed + "_*.txt").Single()));
            }
        }
        var client = await PageClient.SignedIn(factory, "supervisor");
        var id = AuditId(await Upload(client, "two.zip", buffer.ToArray()));
        var csv = await client.GetByteArrayAsync($"/Audits?handler=File&id={id}&name=reports.csv");
        var rows = Encoding.UTF8.GetString(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("two.zip!报告/001.txt,", StringComparison.Ordinal) && r.Contains("新乡市公安局", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("two.zip!报告/002.txt,", StringComparison.Ordinal) && r.Contains("平顶山市公安局", StringComparison.Ordinal));
        using var scope = factory.Services.CreateScope();
        var audited = await scope.ServiceProvider.GetRequiredService<GongkaiDbContext>().AuditEntries.SingleAsync(e => e.Action == "AuditReports");
        Assert.Contains("批量检查年度报告 2 份", audited.Summary, StringComparison.Ordinal);
        Assert.Contains("0 份无法读取", audited.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ZipHoldingOnlyAZip_SaysNothingWasReadAndKeepsNoAudit()
    {
        var client = await PageClient.SignedIn(factory, "supervisor");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("inner.zip").Open();
            entry.Write(SeedZip());
        }
        var response = await Upload(client, "outer.zip", buffer.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("没有读取到任何年度报告", html, StringComparison.Ordinal);
        Assert.Contains("压缩包内的压缩包不会展开", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-audit=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_IsInTheAuditTrail()
    {
        var client = await PageClient.SignedIn(factory, "supervisor");
        var id = AuditId(await Upload(client, "a.zip", SeedZip()));
        using var scope = factory.Services.CreateScope();
        var entry = await scope.ServiceProvider.GetRequiredService<GongkaiDbContext>().AuditEntries.SingleAsync(e => e.Action == "AuditReports");
        Assert.Equal(id, entry.EntityId);
        Assert.Contains("批量检查年度报告 5 份", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAgency_CannotOpenTheAudit()
    {
        var id = AuditId(await Upload(await PageClient.SignedIn(factory, "supervisor"), "a.zip", SeedZip()));
        var other = await PageClient.SignedIn(factory, "other-supervisor");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Audits?handler=File&id={id}&name=dashboard.html")).StatusCode);
        Assert.DoesNotContain(id, await other.GetStringAsync("/Audits"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../audit.json")]
    [InlineData("audit.json")]
    [InlineData("..%2F..%2Fgongkai.db")]
    public async Task FileOf_NamesOutsideTheDataset_AreNotServed(string name)
    {
        var client = await PageClient.SignedIn(factory, "supervisor");
        var id = AuditId(await Upload(client, "a.zip", SeedZip()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Audits?handler=File&id={id}&name={name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Audits?handler=File&id=..%2F..&name=dashboard.html")).StatusCode);
    }

    [Fact]
    public async Task GovernmentAdministrator_MayAuditItsDepartmentsReports()
    {
        var response = await Upload(await PageClient.SignedIn(factory, "gov-administrator"), "departments.zip", SeedZip());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("administrator")]
    [InlineData("handler")]
    public async Task OtherRoles_AreRefusedWithTheReason(string user)
    {
        var client = await PageClient.SignedIn(factory, user);
        Assert.Contains("供监督人员或人民政府的管理员使用", await client.GetStringAsync("/Audits"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NotAReportOrZip_SaysWhichFileAndWhatIsAccepted()
    {
        var client = await PageClient.SignedIn(factory, "supervisor");
        var response = await Upload(client, "台账.xlsx", [1, 2, 3]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“台账.xlsx”不是 ZIP 压缩包或年度报告文件", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_CorruptZip_SaysSo()
    {
        var client = await PageClient.SignedIn(factory, "supervisor");
        var response = await Upload(client, "broken.zip", Encoding.ASCII.GetBytes("PK\u0003\u0004 broken"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不是有效的 ZIP 压缩包", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
