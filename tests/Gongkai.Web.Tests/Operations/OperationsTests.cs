using System.Net;
using Gongkai.Data.Backup;
using Gongkai.Data.Installation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests.Operations;

/// <summary>Issue 23: what an IT office watches — /readyz, /metrics, /api/version, the 工作台 warning — through the running app.</summary>
public sealed class OperationsTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    /// <summary>Every request arrives from <paramref name="address"/> (the test server names no client otherwise).</summary>
    private sealed class From(IPAddress address) : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, Func<Task> following) =>
            {
                context.Connection.RemoteIpAddress = address;
                await following();
            });
            next(app);
        };
    }

    private HttpClient Monitor(string address = "127.0.0.1", params (string Key, string Value)[] settings) => factory.WithWebHostBuilder(b =>
    {
        foreach (var (key, value) in settings)
        {
            b.UseSetting(key, value);
        }
        b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new From(IPAddress.Parse(address))));
    }).CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>An online application through the public form, as a browser posts it.</summary>
    private async Task<HttpResponseMessage> ApplyAsync(HttpClient browser, string email = "")
    {
        var form = await browser.GetStringAsync("/apply");
        var q = PageClient.Question().Match(form);
        return await browser.PostAsync("/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageClient.Token(form),
            ["ChallengeToken"] = PageClient.ChallengeToken().Match(form).Groups[1].Value,
            ["Answer"] = (int.Parse(q.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(q.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgencyId"] = factory.CityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Category"] = "NaturalPerson", ["Name"] = "赵六", ["IdType"] = "居民身份证", ["IdNumber"] = "110105199003071239",
            ["Phone"] = "13700000000", ["Email"] = email, ["Request"] = "2025年本市交通违法处罚数量", ["DeliveryForm"] = "电子邮件",
        }));
    }

    /// <summary>The record a scheduled backup leaves in the backup folder, as /readyz and the 工作台 read it.</summary>
    private async Task WriteBackupRecordAsync(BackupRecord record)
    {
        Directory.CreateDirectory(BackupFolder);
        await File.WriteAllTextAsync(Path.Combine(BackupFolder, BackupRecord.FileName), System.Text.Json.JsonSerializer.Serialize(record));
    }

    private string BackupFolder => Path.Combine(factory.DataDirectory, BackupLocations.FolderName);

    [Fact]
    public async Task Readyz_OnAHealthyInstance_AnswersReadyWithEveryCheck()
    {
        await factory.SeedAsync();
        var response = await Monitor().GetAsync("/readyz");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("ready", document.RootElement.GetProperty("status").GetString());
        var checks = document.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "pdf", "disk", "backup" })
        {
            Assert.True(checks.GetProperty(name).GetProperty("ok").GetBoolean(), name + ": " + json);
        }
        Assert.Contains("数据库结构为最新", checks.GetProperty("database").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("尚无成功的定时备份", checks.GetProperty("backup").GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Before any backup the age counts from the installation (its first audit entry): an alert on it fires if the timer never runs.
        await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.InProgress);
        var scraped = await Monitor().GetStringAsync("/metrics");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(scraped, "gongkai_backup_age_seconds\\{[^}]*\\} [0-9]"), string.Join("\n", scraped.Split("\n").Where(l => l.StartsWith("gongkai", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task MonitoringEndpoints_OverPlainHttpWithHttpsRequired_AnswerInsteadOfRedirecting()
    {
        await factory.SeedAsync();
        var client = Monitor("127.0.0.1", ("Gongkai:RequireHttps", "true"));
        foreach (var path in new[] { "/healthz", "/readyz", "/metrics", "/api/version" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.PermanentRedirect, (await client.GetAsync("/portal")).StatusCode);
    }

    [Fact]
    public async Task Readyz_WhenTheLastGoodBackupIsOlderThanTheLimit_IsNotReadyAndTheAdministratorIsWarned()
    {
        await factory.SeedAsync();
        await WriteBackupRecordAsync(new BackupRecord(DateTimeOffset.UtcNow.AddHours(-2), false, null, "备份失败：磁盘已满", DateTimeOffset.UtcNow.AddDays(-3), []));

        var response = await Monitor().GetAsync("/readyz");
        var json = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"status\":\"not-ready\"", json, StringComparison.Ordinal);
        Assert.Contains("备份过期", json, StringComparison.Ordinal);
        Assert.Contains("磁盘已满", json, StringComparison.Ordinal); // the failed run's reason is passed on

        var admin = await (await PageClient.SignedIn(factory, "administrator")).GetStringAsync("/");
        Assert.Contains("系统运行提醒", admin, StringComparison.Ordinal);
        Assert.Contains("备份过期", admin, StringComparison.Ordinal);
        var handler = await (await PageClient.SignedIn(factory, "handler")).GetStringAsync("/");
        Assert.DoesNotContain("系统运行提醒", handler, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_AfterAGoodBackup_CountsFromIt()
    {
        await factory.SeedAsync();
        // The record a good scheduled backup leaves (ScheduledBackupTests makes real ones, on SQLite; this runs on both databases).
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        await WriteBackupRecordAsync(new BackupRecord(at, true, Path.Combine(BackupFolder, ScheduledBackup.FileNameFor(at)), "已备份", at, []));
        var json = await Monitor().GetStringAsync("/readyz");
        Assert.Contains("最近一次成功备份于", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"ready\"", json, StringComparison.Ordinal);
        Assert.Contains("gongkai_backup_age_seconds", await Monitor().GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workbench_WithMailWaitingForAMailServer_TellsTheAdministratorAndPromisesNoMail()
    {
        await factory.SeedAsync();
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var receipt = await (await ApplyAsync(browser, "zhaoliu@example.com")).Content.ReadAsStringAsync();
        Assert.Matches(PageClient.TrackingNumber(), receipt);
        Assert.DoesNotContain("受理回执将发送至", receipt, StringComparison.Ordinal); // no mail server: no promise of mail

        var admin = await (await PageClient.SignedIn(factory, "administrator")).GetStringAsync("/");
        Assert.Contains("因未设置邮件服务器（Gongkai:Smtp:Host）而未发送", admin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenTheDataDiskIsBelowTheThreshold_IsNotReadyAndTheAdministratorIsWarned()
    {
        factory.Settings["Gongkai:Monitoring:MinFreeDiskMb"] = "1000000000"; // a petabyte: no test disk has that free
        await factory.SeedAsync();
        var response = await Monitor().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("磁盘空间不足", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("磁盘空间不足", await (await PageClient.SignedIn(factory, "administrator")).GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WithPdfConversionSwitchedOff_SaysSoAndStaysReady()
    {
        factory.Settings["Gongkai:Pdf:ConvertOnIssue"] = "false";
        await factory.SeedAsync();
        var response = await Monitor().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已按设置关闭", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task MonitoringEndpoints_FromOutsideTheAllowedNetworks_AreNotFound(string path)
    {
        await factory.SeedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Monitor("203.0.113.9").GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Monitor("203.0.113.9", ("Gongkai:Monitoring:AllowedNetworks", "203.0.113.0/24")).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Monitor("203.0.113.9").GetAsync("/healthz")).StatusCode); // liveness stays public
    }

    [Fact]
    public async Task MonitoringEndpoints_BehindAProxy_CheckTheClientNotTheProxy()
    {
        await factory.SeedAsync();
        var client = Monitor("127.0.0.1", ("Gongkai:ReverseProxy:KnownProxies", "127.0.0.1"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterAnOnlineApplication_CountItWithOpenAndOverdueCasesByAgency()
    {
        await factory.SeedAsync();
        var browser = Monitor(); // one host: the application and the scrape see the same meters
        var response = await ApplyAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var metrics = await browser.GetStringAsync("/metrics");
        Assert.Matches("gongkai_applications_received_total\\{[^}]*channel=\"online\"[^}]*\\} [1-9]", metrics);
        Assert.Contains("gongkai_cases_open{", metrics, StringComparison.Ordinal);
        // The value, read from this host's own meter: test hosts in one process all export meters named "Gongkai".
        var open = new List<(int Value, string? Agency)>();
        using (var listener = new System.Diagnostics.Metrics.MeterListener())
        {
            var gongkai = factory.Services.GetRequiredService<Gongkai.Web.Features.Operations.GongkaiMetrics>();
            gongkai.Forget(); // another test host's scrape may have read this instance's gauges before the application
            var meter = gongkai.Meter;
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "gongkai.cases.open")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
                open.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "agency").Value as string)));
            listener.Start();
            listener.RecordObservableInstruments();
        }
        await using (var db = factory.OpenDb())
        {
            var city = await db.Agencies.SingleAsync(a => a.Id == factory.CityId);
            var openInDb = await db.Cases.CountAsync(c => c.AgencyId == factory.CityId && c.State != Gongkai.Cases.Cases.CaseState.Answered
                && c.State != Gongkai.Cases.Cases.CaseState.Archived && c.State != Gongkai.Cases.Cases.CaseState.Withdrawn && c.State != Gongkai.Cases.Cases.CaseState.Voided);
            Assert.True(openInDb >= 1);
            Assert.Contains((openInDb, city.TrackingPrefix), open);
        }
        Assert.Contains("gongkai_cases_overdue{", metrics, StringComparison.Ordinal);
        Assert.Contains("gongkai_outbox_messages{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Matches("http_route=\"[^\"]*(?i:apply)\"", metrics);
    }

    [Fact]
    public async Task Version_ShowsInTheApiAndTheStaffFooterButNotOnPublicPages()
    {
        await factory.SeedAsync();
        var json = await factory.CreateClient().GetStringAsync("/api/version");
        Assert.Contains($"\"version\":\"{ReleaseVersion.Number}\"", json, StringComparison.Ordinal);
        Assert.Matches("^\\d+\\.\\d+\\.\\d+", ReleaseVersion.Number);
        Assert.Contains($"版本 {ReleaseVersion.Number}", await (await PageClient.SignedIn(factory, "handler")).GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain("版本 " + ReleaseVersion.Number, await factory.CreateClient().GetStringAsync("/portal"), StringComparison.Ordinal);
    }
}
