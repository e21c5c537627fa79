using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>
/// The real server process is killed (SIGKILL) while registrations arrive, and restarted, several times.
/// Every registration the server acknowledged must be there afterwards, and the audit chain must verify.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const string DemoPassword = "Crash-test-password-1";
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "gongkai-crash-" + Guid.NewGuid().ToString("N"));
    private readonly string? postgres = GongkaiFactory.PostgresConnection();
    private readonly int port = 20000 + Random.Shared.Next(20000);
    private Process? server;

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(dataDir, true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    /// <summary>The built web application, run as its own process (also by the upgrade tests, for its exit code).</summary>
    internal static string WebDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gongkai.slnx")))
        {
            dir = dir.Parent;
        }
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(dir!.FullName, "src", "Gongkai.Web", "bin", configuration, "net10.0", "Gongkai.Web.dll");
    }

    private async Task<HttpClient> Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet", [WebDll(), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(WebDll())!,
        };
        info.Environment["Gongkai__DataDirectory"] = dataDir;
        info.Environment["Gongkai__DemoPassword"] = DemoPassword;
        info.Environment["Gongkai__RateLimits__LoginFailuresPerAddress"] = "1000";
        info.Environment["ConnectionStrings__Postgres"] = postgres ?? "";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Gongkai__Pdf__WarmUpAtStart"] = "false";
        info.Environment["Gongkai__Pdf__ConvertOnIssue"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        server = Process.Start(info)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = BrowserFixture.Patience };
        // The first start seeds the demo data (about 9 s alone on this machine, more beside other tests).
        var started = Stopwatch.StartNew();
        while (started.Elapsed < BrowserFixture.Patience + BrowserFixture.Patience)
        {
            try
            {
                if ((await client.GetAsync("/Account/Login")).StatusCode == HttpStatusCode.OK)
                {
                    return client;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (server.HasExited)
            {
                throw new InvalidOperationException($"server exited with code {server.ExitCode} before it was ready");
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"server did not start within {(BrowserFixture.Patience + BrowserFixture.Patience).TotalSeconds:0} s");
    }

    private void Kill()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true); // SIGKILL on Linux
            server.WaitForExit();
        }
        server?.Dispose();
        server = null;
    }

    [Fact]
    public async Task KilledWhileRegistering_LosesNoAcknowledgedCaseAndKeepsTheChain()
    {
        Assert.True(File.Exists(WebDll()), WebDll());
        var acknowledged = new List<Guid>();
        string? token = null;
        for (var round = 0; round < 4; round++)
        {
            var client = await Start();
            if (token is null)
            {
                var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "dengji", password = DemoPassword });
                login.EnsureSuccessStatusCode();
                token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            }
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var response = await client.PostAsJsonAsync("/api/cases", Api.Registration(), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetGuid();
                            lock (acknowledged)
                            {
                                acknowledged.Add(id);
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or JsonException)
                    {
                        // The server died mid-request: this registration was never acknowledged.
                    }
                }
            }).ToArray();
            // Killed mid-stream: once this round has had a registration acknowledged (however slow the machine), a little later.
            var before = acknowledged.Count;
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < BrowserFixture.Patience; await Task.Delay(50))
            {
                lock (acknowledged)
                {
                    if (acknowledged.Count > before)
                    {
                        break;
                    }
                }
            }
            await Task.Delay(Random.Shared.Next(600));
            Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        var final = await Start();
        final.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.NotEmpty(acknowledged);
        foreach (var id in acknowledged)
        {
            Assert.Equal(HttpStatusCode.OK, (await final.GetAsync($"/api/cases/{id}")).StatusCode);
        }
        Kill();
        await using var db = DataServices.Open(new DatabaseSettings(postgres, Path.Combine(dataDir, "gongkai.db")));
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public async Task KilledBetweenCommitAndSend_TheMessageIsSentOnceAfterRestart()
    {
        using var smtp = SmtpSink.Start();
        // The first server commits the case and its receipt but never sends (its sender is off): a kill -9 at that moment.
        var settings = SmtpSink.Settings(smtp.Port).ToDictionary();
        settings["Gongkai:Outbox:Enabled"] = "false";
        var client = await Start(settings);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "dengji", password = DemoPassword });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var registered = await Api.Register(client, Api.Registration());
        var number = registered.GetProperty("trackingNumber").GetString()!;
        Kill();
        Assert.DoesNotContain(smtp.Messages(), m => (m.Subject ?? "").Contains(number, StringComparison.Ordinal));

        settings["Gongkai:Outbox:Enabled"] = "true";
        await Start(settings);
        await smtp.WaitForAsync("zhangsan@example.com", number);
        var caseId = registered.GetProperty("id").GetGuid();
        var sent = Stopwatch.StartNew();
        while (true)
        {
            await using var db = DataServices.Open(new DatabaseSettings(postgres, Path.Combine(dataDir, "gongkai.db")));
            if (await db.Outbox.AsNoTracking().AnyAsync(m => m.CaseId == caseId && m.State == Gongkai.Data.Messages.MessageState.Sent))
            {
                break;
            }
            Assert.True(sent.Elapsed < BrowserFixture.Patience, "the receipt was never marked as sent");
            await Task.Delay(100);
        }
        // Ten of the sender's rounds later (0.2 s each) there is still exactly one.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(smtp.Messages(), m => (m.Subject ?? "").Contains(number, StringComparison.Ordinal));
        Kill();
    }
}
