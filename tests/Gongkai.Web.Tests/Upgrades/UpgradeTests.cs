extern alias cli;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using cli::Gongkai.Cli;
using Gongkai.Data;
using Gongkai.Data.Backup;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests.Upgrades;

/// <summary>
/// Issue 23, upgrades: a database made by the previous release (tests/fixtures/upgrade) opened by the current code — the
/// migrations apply, every case, letter, published report and account is there with the counts recorded when the fixture
/// was made, the audit trail verifies and a new case can be registered; on SQLite a backup is taken first, and a failed
/// migration leaves it and says so.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("gongkai-upgrade-test-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static DatabaseSettings Settings(string dataDir, string? postgres) => new(postgres, Path.Combine(dataDir, "gongkai.db"));

    private static async Task<List<string>> AppliedMigrationsAsync(DatabaseSettings settings)
    {
        await using var db = DataServices.Open(settings);
        return (await db.Database.GetAppliedMigrationsAsync()).ToList();
    }

    /// <summary>The counts recorded when the fixture was made, found again in the upgraded database and through the app.</summary>
    private static async Task AssertEverythingIsThereAsync(UpgradeFixture fixture, GongkaiFactory factory)
    {
        await using (var db = factory.OpenDb())
        {
            var byState = (await db.Cases.AsNoTracking().Select(c => c.State).ToListAsync()).GroupBy(s => s.ToString()).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(fixture.Counts("casesByState").OrderBy(p => p.Key), byState.OrderBy(p => p.Key));
            Assert.Equal(fixture.Count("cases"), await db.Cases.LongCountAsync());
            var byKind = (await db.CaseDocuments.AsNoTracking().Select(d => d.Kind).ToListAsync()).GroupBy(k => k).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(fixture.Counts("documentsByKind").OrderBy(p => p.Key), byKind.OrderBy(p => p.Key));
            Assert.Equal(fixture.Count("documents"), await db.CaseDocuments.LongCountAsync());
            Assert.Equal(fixture.Count("attachments"), await db.CaseAttachments.LongCountAsync());
            Assert.Equal(fixture.Count("agencies"), await db.Agencies.LongCountAsync());
            Assert.Equal(fixture.StaffUserNames, (await db.Users.Select(u => u.UserName!).ToListAsync()).Order(StringComparer.Ordinal).ToList());
            // The start may append its own entries (none are expected); those of the old release are all there, in place.
            Assert.Equal(fixture.Count("auditEntries"), await db.AuditEntries.LongCountAsync(e => e.Sequence <= fixture.Count("auditLastSequence")));

            // Every ID number the old release encrypted opens with this build: its Data Protection keys name their
            // decryptor with the assembly version the old build had (AssemblyVersion stays 1.0.0.0 in every release).
            var ids = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.CreateProtector(
                factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), "Gongkai.ApplicantIdNumber");
            var sealedIds = await db.Cases.AsNoTracking().Select(c => c.Applicant.ProtectedIdNumber).ToListAsync();
            Assert.NotEmpty(sealedIds);
            Assert.All(sealedIds, p => Assert.Matches("^[0-9A-Z]{6,}$", ids.Unprotect(p)));
        }
        using var portal = factory.CreateClient();
        var archive = await portal.GetStringAsync("/reports");
        foreach (var (agency, agencyId, year, sha256) in fixture.PublishedReports)
        {
            Assert.Contains($"{agency}{year}年政府信息公开工作年度报告", archive, StringComparison.Ordinal);
            // The published text, figures and all, byte for byte as the old release published it.
            var markdown = await portal.GetByteArrayAsync($"/reports/{agencyId}/{year}?handler=Markdown");
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(markdown)));
            Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/reports/{agencyId}/{year}")).StatusCode);
        }
        foreach (var userName in fixture.StaffUserNames)
        {
            var login = await portal.PostAsJsonAsync("/api/auth/login", new { userName, password = fixture.Password });
            Assert.True(login.IsSuccessStatusCode, $"{userName}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A new case registered by the old release's registrar, through the API, found in the work list.</summary>
    private static async Task RegisterANewCaseAsync(UpgradeFixture fixture, GongkaiFactory factory)
    {
        var registrar = await factory.ApiAs("dengji");
        var created = await Api.Register(registrar);
        var number = created.GetProperty("trackingNumber").GetString()!;
        Assert.StartsWith("XXGA-", number, StringComparison.Ordinal);
        var found = await registrar.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases?q={Uri.EscapeDataString(number)}");
        Assert.Contains(found.GetProperty("rows").EnumerateArray(), r => r.GetProperty("trackingNumber").GetString() == number);
        await using var db = factory.OpenDb();
        Assert.Equal(fixture.Count("cases") + 1, await db.Cases.LongCountAsync());
    }

    private static (int Code, string Out, string Error) VerifyAudit(string dataDir, string? postgres)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] target = postgres is null ? ["--sqlite", Path.Combine(dataDir, "gongkai.db")] : ["--postgres", postgres];
        var code = CliApp.Run(["audit", "verify", .. target, "--key-file", Path.Combine(dataDir, "keys", "master.keys"),
            "--checkpoints", Path.Combine(dataDir, "audit-checkpoints")], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task PreviousRelease_OpenedByTheCurrentCode_KeepsEveryCaseLetterReportAndAccount()
    {
        var fixture = UpgradeFixture.ForThisRun();
        var dataDir = fixture.CopyInto(Path.Combine(work, "data"));
        var postgres = fixture.UsesPostgres ? await fixture.RestorePostgresAsync() : null;
        var settings = Settings(dataDir, postgres);
        var before = await AppliedMigrationsAsync(settings);
        Assert.Equal(fixture.Migrations, before);
        Assert.DoesNotContain(before, m => m.EndsWith("_Outbox", StringComparison.Ordinal));

        using (var factory = GongkaiFactory.OnDataDirectory(dataDir, postgres, ownsData: true))
        {
            _ = factory.Services; // starts the app: the migrations run
            await using (var db = factory.OpenDb())
            {
                var after = (await db.Database.GetAppliedMigrationsAsync()).ToList();
                Assert.Equal(db.Database.GetMigrations(), after);
                Assert.Contains(after, m => m.EndsWith("_Outbox", StringComparison.Ordinal));
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }
            var log = factory.Log.Describe(200);
            Assert.Contains(fixture.UsesPostgres ? "pg_dump" : "升级前的备份已写入", log, StringComparison.Ordinal);
            Assert.Contains("_Outbox", log, StringComparison.Ordinal);
            await AssertEverythingIsThereAsync(fixture, factory);
            await RegisterANewCaseAsync(fixture, factory);

            var (code, stdout, stderr) = VerifyAudit(dataDir, postgres);
            Assert.True(code == 0, $"audit verify exited with {code}: {stdout} {stderr}");
            Assert.Contains("完好", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SqliteUpgrade_BacksUpFirst_AndTheBackupRestoresTheOldRelease()
    {
        var fixture = UpgradeFixture.Sqlite();
        var dataDir = fixture.CopyInto(Path.Combine(work, "data"));
        var backups = Path.Combine(dataDir, BackupLocations.FolderName);
        using (var factory = GongkaiFactory.OnDataDirectory(dataDir, null, ownsData: false))
        {
            _ = factory.Services;
            var log = factory.Log.Describe(200);
            Assert.Contains("升级前的备份已写入", log, StringComparison.Ordinal);
            Assert.Contains(fixture.Migrations[^1], log, StringComparison.Ordinal);
        }
        SqliteConnection.ClearAllPools();
        var zip = Assert.Single(Directory.GetFiles(backups));
        Assert.Matches($@"^before-upgrade-\d{{8}}T\d{{6}}Z-{fixture.Migrations[^1]}\.zip$", Path.GetFileName(zip));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backups));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(zip));
        }

        // The backup is the old release's database: restored (with the key file put in first), it verifies and holds the old counts.
        var restored = Path.Combine(work, "restored");
        Directory.CreateDirectory(Path.Combine(restored, "keys"));
        File.Copy(Path.Combine(dataDir, "keys", "master.keys"), Path.Combine(restored, "keys", "master.keys"));
        var (manifest, problems) = await SqliteBackup.RestoreAsync(zip, restored);
        Assert.Empty(problems);
        Assert.Equal(fixture.Count("cases"), manifest.Cases);
        Assert.Equal(fixture.Count("auditEntries"), manifest.AuditEntries);
        Assert.Equal(fixture.Migrations, await AppliedMigrationsAsync(Settings(restored, null)));

        // A second start finds nothing pending: no second backup.
        using (var again = GongkaiFactory.OnDataDirectory(dataDir, null, ownsData: true))
        {
            _ = again.Services;
            Assert.DoesNotContain("升级前的备份", again.Log.Describe(200), StringComparison.Ordinal);
            await AssertEverythingIsThereAsync(fixture, again);
            Assert.Single(Directory.GetFiles(backups));
        }
    }

    /// <summary>The built web application as its own process on <paramref name="dataDir"/> (SQLite, no PDFs, no reminders).</summary>
    private static ProcessStartInfo ServiceProcess(string dataDir, string urls)
    {
        var info = new ProcessStartInfo("dotnet", [CrashSafetyTests.WebDll(), "--urls", urls])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(CrashSafetyTests.WebDll())!,
        };
        info.Environment["Gongkai__DataDirectory"] = dataDir;
        info.Environment["ConnectionStrings__Postgres"] = "";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Gongkai__Pdf__WarmUpAtStart"] = "false";
        info.Environment["Gongkai__Pdf__ConvertOnIssue"] = "false";
        info.Environment["Gongkai__Reminders__Enabled"] = "false";
        return info;
    }

    /// <summary>
    /// The service as its own process (as installed): the old release's Data Protection keys name their decryptor with the
    /// assembly version the old build had, and a process binds that name strictly (the test host does not). Found by the
    /// tryout: with the release's version as assembly version the keys were unreadable and old ID numbers undecryptable.
    /// </summary>
    [Fact]
    public async Task PreviousRelease_StartedAsAProcess_ReadsItsDataProtectionKeys()
    {
        var fixture = UpgradeFixture.Sqlite();
        var dataDir = fixture.CopyInto(Path.Combine(work, "data"));
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var server = Process.Start(ServiceProcess(dataDir, $"http://127.0.0.1:{port}"))!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.OutputDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); } };
        server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await Poll.UntilAsync(async () =>
            {
                try
                {
                    return (await http.GetAsync("/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromMinutes(3)), "the service did not start: " + string.Join('\n', output));
            // The key ring is read at start (the start protects a value); a key it cannot open is logged there.
            var log = string.Join('\n', output);
            Assert.DoesNotContain("Could not load file or assembly 'Gongkai.Web", log, StringComparison.Ordinal);
            Assert.DoesNotContain("ineligible to be the default key", log, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task SqliteUpgrade_WhoseMigrationFails_LeavesTheBackupAndTheOldDataAndSaysWhatToDo()
    {
        var fixture = UpgradeFixture.Sqlite();
        var dataDir = fixture.CopyInto(Path.Combine(work, "data"));
        var database = Path.Combine(dataDir, "gongkai.db");
        // A table where the Outbox migration creates its own: that migration must fail.
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE \"Outbox\" (\"Something\" TEXT); INSERT INTO \"Outbox\" VALUES ('在升级之前就有的表');";
            await command.ExecuteNonQueryAsync();
        }
        Assert.Equal(fixture.Migrations, await AppliedMigrationsAsync(Settings(dataDir, null)));
        string outbox;
        await using (var db = DataServices.Open(Settings(dataDir, null)))
        {
            outbox = db.Database.GetMigrations().First(m => m.EndsWith("_Outbox", StringComparison.Ordinal));
        }
        SqliteConnection.ClearAllPools();

        // The service itself, as installed: it exits with EX_CONFIG and says in Chinese what failed and what to do.
        using var server = Process.Start(ServiceProcess(dataDir, "http://127.0.0.1:0"))!;
        var stdout = server.StandardOutput.ReadToEndAsync();
        var stderr = server.StandardError.ReadToEndAsync();
        using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            try
            {
                await server.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                Assert.Fail($"the service did not stop within 3 minutes: {await stdout} {await stderr}");
            }
        }
        var message = await stderr;
        Assert.True(server.ExitCode == 78, $"exit code {server.ExitCode}: {message} {await stdout}");
        Assert.Contains("数据库升级失败", message, StringComparison.Ordinal);
        Assert.Contains(outbox, message, StringComparison.Ordinal);
        Assert.Contains("gongkai restore", message, StringComparison.Ordinal);
        Assert.Contains("Gongkai 未启动", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal); // a message, not a stack trace

        var zip = Assert.Single(Directory.GetFiles(Path.Combine(dataDir, BackupLocations.FolderName)));
        Assert.Contains(zip, message, StringComparison.Ordinal);
        Assert.Contains("before-upgrade-", Path.GetFileName(zip), StringComparison.Ordinal);

        // The database is as it was before the failed migration: the old release's tables, rows and migrations.
        Assert.Equal(fixture.Migrations, await AppliedMigrationsAsync(Settings(dataDir, null)));
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False;Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT COUNT(*) FROM \"Cases\"), (SELECT COUNT(*) FROM \"CaseDocuments\"), (SELECT COUNT(*) FROM \"AuditEntries\"), (SELECT \"Something\" FROM \"Outbox\")";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(fixture.Count("cases"), reader.GetInt64(0));
            Assert.Equal(fixture.Count("documents"), reader.GetInt64(1));
            Assert.Equal(fixture.Count("auditEntries"), reader.GetInt64(2));
            Assert.Equal("在升级之前就有的表", reader.GetString(3));
        }
    }
}
