using System.Net;
using System.Text.RegularExpressions;

namespace Gongkai.Web.Tests.Installation;

/// <summary>
/// The release as an IT office installs it (issue 23): the amd64 package built by scripts/release.sh, installed with
/// apt, started as its unit says, reached over HTTPS through the shipped nginx configuration — from /setup to the
/// package's removal, which keeps the data. Run by test.sh after the release build (GONGKAI_TEST_DEB), as root.
/// </summary>
[Trait("Category", "Install")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class InstalledPackageTests
{
    private const string Admin = "chief";
    private const string Password = "Harbor-lamp-2046";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<option value=\"(\\d+)\"[^>]*>新城市公安局</option>")]
    private static partial Regex CityOption();

    [Fact]
    public async Task InstalledPackage_BehindNginxOverHttps_ServesSetupApplicationsMonitoringBackupsAndKeepsTheDataWhenRemoved()
    {
        var deb = InstalledSystem.Package();
        var version = (await InstalledSystem.Run("dpkg-deb", "-f", deb, "Version")).Trim();
        await InstalledSystem.ClearEarlierTestInstallationAsync();
        await using var system = new InstalledSystem();
        await InstalledSystem.InstallAsync(deb);
        InstalledLayoutIsTheUsualOne();

        await system.StartServiceAsync();
        await system.StartNginxAsync();
        using var browser = system.Client(null);

        // Plain HTTP is sent to HTTPS by nginx; over HTTPS, an empty installation leads to /setup (no demo data).
        using (var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            plain.DefaultRequestHeaders.Host = InstalledSystem.Host;
            var redirect = await plain.GetAsync($"http://127.0.0.1:{InstalledSystem.HttpPort}/portal");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal($"https://{InstalledSystem.Host}:{InstalledSystem.HttpsPort}/portal", redirect.Headers.Location!.ToString());
        }
        var first = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/setup", first.Headers.Location!.ToString());
        Assert.Contains("max-age=", first.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        await SetUpAsync(browser, system);
        await SignInAsync(browser, version);
        await ApiOverHttpsAsync(system);
        var (number, code) = await ApplyWithAttachmentAsync(system);
        await DownloadReceiptPdfAsync(system, number, code);

        using var monitor = new HttpClient { BaseAddress = new Uri(InstalledSystem.Backend) };
        var ready = await monitor.GetAsync("/readyz");
        var readiness = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, readiness);
        Assert.Contains("\"status\":\"ready\"", readiness, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/readyz")).StatusCode); // not through the public door
        var metrics = await monitor.GetStringAsync("/metrics");
        Assert.Matches("gongkai_applications_received_total\\{[^}]*agency=\"XCGA\"[^}]*channel=\"online\"[^}]*\\} 1", metrics);
        Assert.Matches("gongkai_pdf_conversions_total\\{[^}]*outcome=\"ok\"[^}]*\\} [1-9]", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);

        await RateLimitsCountTheClientNotTheProxyAsync(system);
        await BackupTimerKeepsRetentionAsync(system, monitor);

        // Removing the package stops the service and keeps the data; the package's files are gone.
        await system.StopServiceAsync();
        await InstalledSystem.Run("apt-get", "remove", "-y", "gongkai");
        Assert.False(File.Exists("/usr/lib/gongkai/Gongkai.Web"), "the program files should be removed");
        Assert.True(File.Exists(Path.Combine(InstalledSystem.DataDirectory, "gongkai.db")), "the database must survive the removal");
        Assert.True(File.Exists(Path.Combine(InstalledSystem.DataDirectory, "keys", "master.keys")), "the master key file must survive the removal");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(InstalledSystem.DataDirectory, "backups"), "gongkai-*.zip"));
    }

    private static void InstalledLayoutIsTheUsualOne()
    {
        Assert.True(File.Exists("/usr/lib/gongkai/Gongkai.Web"));
        Assert.True(File.Exists("/usr/lib/gongkai/gongkai"));
        Assert.True(File.Exists("/usr/share/doc/gongkai/nginx-gongkai.conf"));
        var data = new DirectoryInfo(InstalledSystem.DataDirectory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, data.UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode("/etc/gongkai/gongkai.json"));
        var unit = File.ReadAllText("/lib/systemd/system/gongkai.service");
        foreach (var line in new[] { "User=gongkai", "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/gongkai", "PrivateTmp=yes", "After=network-online.target postgresql.service" })
        {
            Assert.Contains(line, unit, StringComparison.Ordinal);
        }
        Assert.Contains("OnCalendar=", File.ReadAllText("/lib/systemd/system/gongkai-backup.timer"), StringComparison.Ordinal);
    }

    private static async Task<string> Post(HttpClient client, string url, Dictionary<string, string> fields, HttpStatusCode expected)
    {
        var page = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    private static Dictionary<string, string> SetupForm(string code) => new()
    {
        ["Code"] = code,
        ["Name"] = "新城市公安局", ["Kind"] = "市局", ["TrackingPrefix"] = "XCGA", ["Address"] = "新城市人民路1号", ["Hours"] = "工作日 9:00-17:00",
        ["Phone"] = "0373-1234567", ["Fax"] = "0373-1234568", ["Email"] = "gongkai@xcga.example.gov.cn", ["Postcode"] = "453000",
        ["AdminUserName"] = Admin, ["AdminDisplayName"] = "信息中心管理员", ["AdminPassword"] = Password, ["AdminPasswordAgain"] = Password,
    };

    /// <summary>The first visitor is not the administrator: /setup needs the code only the server shows (its data directory, its log).</summary>
    private static async Task SetUpAsync(HttpClient browser, InstalledSystem system)
    {
        var codeFile = Path.Combine(InstalledSystem.DataDirectory, "setup-code");
        Assert.True(File.Exists(codeFile), "the installed service writes its setup code at the first start");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(codeFile));
        var code = File.ReadAllText(codeFile).Trim();
        Assert.Contains(code, File.ReadAllText(system.ServiceLog), StringComparison.Ordinal);
        var refused = await Post(browser, "/setup", SetupForm("AAAA-BBBB-CCCC"), HttpStatusCode.BadRequest);
        Assert.Contains("初始设置码不正确", refused, StringComparison.Ordinal);
        await Post(browser, "/setup", SetupForm(code), HttpStatusCode.Redirect);
        Assert.False(File.Exists(codeFile), "the code is spent once set-up is done");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/setup")).StatusCode); // set-up happens once
    }

    private static async Task SignInAsync(HttpClient browser, string version)
    {
        var page = await browser.GetStringAsync("/Account/Login");
        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = Admin, ["Password"] = Password, ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("gongkai=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        var workbench = await browser.GetStringAsync("/");
        Assert.Contains("工作台", workbench, StringComparison.Ordinal);
        Assert.Contains($"版本 {version}", workbench, StringComparison.Ordinal);
        Assert.Contains($"\"version\":\"{version}\"", await browser.GetStringAsync("/api/version"), StringComparison.Ordinal);
    }

    /// <summary>The JSON API through nginx: a bearer token from /api/auth/login, then a staff endpoint with it.</summary>
    private static async Task ApiOverHttpsAsync(InstalledSystem system)
    {
        using var api = system.Client(null);
        var login = await api.PostAsync("/api/auth/login", new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { userName = Admin, password = Password }), System.Text.Encoding.UTF8, "application/json"));
        var body = await login.Content.ReadAsStringAsync();
        Assert.True(login.StatusCode == HttpStatusCode.OK, body);
        var token = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/account/settings")).StatusCode);
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var settings = await api.GetAsync("/api/account/settings");
        Assert.True(settings.StatusCode == HttpStatusCode.OK, await settings.Content.ReadAsStringAsync());
    }

    private static async Task<(string Number, string Code)> ApplyWithAttachmentAsync(InstalledSystem system)
    {
        using var citizen = system.Client(null);
        var form = await citizen.GetStringAsync("/apply");
        var q = PageClient.Question().Match(form);
        var multipart = new MultipartFormDataContent();
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["ChallengeToken"] = PageClient.ChallengeToken().Match(form).Groups[1].Value,
            ["Answer"] = (int.Parse(q.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(q.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgencyId"] = CityOption().Match(form).Groups[1].Value,
            ["Category"] = "NaturalPerson", ["Name"] = "赵六", ["IdType"] = "居民身份证", ["IdNumber"] = "110105199003071239",
            ["Phone"] = "13700000000", ["Request"] = "2025年本市交通违法处罚数量", ["DeliveryForm"] = "电子邮件",
        })
        {
            multipart.Add(new StringContent(v), k);
        }
        var pdf = TestFiles.Pdf("身份证明");
        multipart.Add(new ByteArrayContent(pdf), "Files", "身份证明.pdf");
        var response = await citizen.PostAsync("/apply", multipart);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {body[..Math.Min(2000, body.Length)]}");
        var receipt = await citizen.GetStringAsync(response.Headers.Location);
        var number = PageClient.TrackingNumber().Match(receipt).Groups[1].Value;
        var code = PageClient.QueryCode().Match(receipt).Groups[1].Value;
        Assert.True(number.StartsWith("XCGA-", StringComparison.Ordinal) && code.Length > 0,
            "no receipt: " + Regex.Replace(Regex.Replace(receipt, "<[^>]+>", " "), "\\s+", " "));
        return (number, code);
    }

    /// <summary>The applicant's 受理回执 as PDF from /status: made by the installed service's LibreOffice under its own account.</summary>
    private static async Task DownloadReceiptPdfAsync(InstalledSystem system, string number, string code)
    {
        using var citizen = system.Client(null);
        var page = await citizen.GetStringAsync("/status");
        var response = await citizen.PostAsync("/status?handler=Document", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
            ["TrackingNumber"] = number, ["Code"] = code, ["documentId"] = Guid.Empty.ToString(), ["format"] = "pdf",
        }));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "application/pdf",
            $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(1500, bytes.Length)])}");
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.Contains(number, string.Concat(document.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
    }

    /// <summary>Through nginx every request comes from 127.0.0.1; the portal's limit must count the browser's address (X-Forwarded-For).</summary>
    private static async Task RateLimitsCountTheClientNotTheProxyAsync(InstalledSystem system)
    {
        using var busy = system.Client(IPAddress.Parse("127.0.0.2"));
        var limited = false;
        for (var i = 0; i < 40 && !limited; i++)
        {
            limited = (await busy.GetAsync("/portal")).StatusCode == HttpStatusCode.TooManyRequests;
        }
        Assert.True(limited, "40 requests a minute from one address should meet the portal's limit");
        using var other = system.Client(IPAddress.Parse("127.0.0.3"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/portal")).StatusCode);
    }

    /// <summary>The timer's command as its unit runs it: a new backup, one older than the retention removed, the result recorded and read by /readyz.</summary>
    private static async Task BackupTimerKeepsRetentionAsync(InstalledSystem system, HttpClient monitor)
    {
        var folder = Path.Combine(InstalledSystem.DataDirectory, "backups");
        Directory.CreateDirectory(folder);
        var old = Path.Combine(folder, Gongkai.Data.Backup.ScheduledBackup.FileNameFor(DateTimeOffset.UtcNow.AddDays(-30)));
        Operations.ScheduledBackupTests.WriteFakeBackup(old);
        await InstalledSystem.Run("chown", "-R", "gongkai:gongkai", folder);
        var (exit, output) = await system.RunOneshotAsync("gongkai-backup.service");
        Assert.True(exit == 0, output);
        Assert.False(File.Exists(old), "a backup older than the 14 days kept should be removed: " + output);
        var made = Directory.GetFiles(folder, "gongkai-*.zip");
        Assert.Single(made);
        var record = Gongkai.Data.Backup.BackupRecord.Read(folder);
        Assert.NotNull(record);
        Assert.True(record.Succeeded, record.Message);
        Assert.Equal(made[0], record.File);
        var manifest = System.IO.Compression.ZipFile.OpenRead(made[0]).GetEntry("manifest.json");
        Assert.NotNull(manifest);
        Assert.Contains("最近一次成功备份于", await monitor.GetStringAsync("/readyz"), StringComparison.Ordinal);
    }
}
