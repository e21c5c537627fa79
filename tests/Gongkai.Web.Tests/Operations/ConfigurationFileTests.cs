using System.Diagnostics;
using Gongkai.Data.Installation;
using Microsoft.Extensions.Configuration;

namespace Gongkai.Web.Tests.Operations;

/// <summary>Issue 23: /etc/gongkai/gongkai.json (GONGKAI_CONFIG) below the environment, and a broken file said in Chinese.</summary>
public sealed class ConfigurationFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gongkai-config-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(folder, "gongkai.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ConfigurationFile_BesideDefaultsAndEnvironment_OverridesTheDefaultsAndYieldsToTheEnvironment()
    {
        var id = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable($"Gongkai__Probe{id}__Env", "环境变量");
        try
        {
            var builder = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"Gongkai:Probe{id}:Default"] = "appsettings", [$"Gongkai:Probe{id}:File"] = "appsettings" })
                .AddEnvironmentVariables();
            ConfigurationFile.InsertBeforeEnvironment(builder, Write($$"""
                // 注释是允许的
                { "Gongkai": { "Probe{{id}}": { "File": "配置文件", "Env": "配置文件", }, }, }
                """));
            var config = builder.Build();
            Assert.Equal("appsettings", config[$"Gongkai:Probe{id}:Default"]);
            Assert.Equal("配置文件", config[$"Gongkai:Probe{id}:File"]);
            Assert.Equal("环境变量", config[$"Gongkai:Probe{id}:Env"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"Gongkai__Probe{id}__Env", null);
        }
    }

    [Fact]
    public void ConfigurationFile_Missing_IsRefusedNamingTheFile()
    {
        var missing = Path.Combine(folder, "none.json");
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationFile.InsertBeforeEnvironment(new ConfigurationBuilder(), missing));
        Assert.Contains("找不到配置文件", e.Message, StringComparison.Ordinal);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationFile_NotJson_IsRefusedWithTheLine()
    {
        var path = Write("{\n  \"Gongkai\": {\n    \"DataDirectory\": /var/lib/gongkai\n  }\n}\n");
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationFile.InsertBeforeEnvironment(new ConfigurationBuilder(), path));
        Assert.Contains("不是有效的 JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("第 3 行", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs the web application with the given settings until it stops by itself; its exit code and what it printed.</summary>
    private async Task<(int Code, string Error, string Output)> StartAndWaitForExitAsync(string urls, params (string Key, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet", [CrashSafetyTests.WebDll(), "--urls", urls])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(CrashSafetyTests.WebDll())!,
        };
        info.Environment["Gongkai__DataDirectory"] = Path.Combine(folder, "data");
        info.Environment["Gongkai__SkipDemoData"] = "true";
        info.Environment["Gongkai__Pdf__WarmUpAtStart"] = "false";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the application did not stop by itself: " + await stdout);
        }
        return (process.ExitCode, await stderr, await stdout);
    }

    [Fact]
    public async Task WebApplication_WithABrokenConfigurationFile_StopsWithTheReasonAndExitCode78()
    {
        var (code, error, output) = await StartAndWaitForExitAsync("http://127.0.0.1:0", (ConfigurationFile.Variable, Write("{ \"Gongkai\": ")));
        Assert.Equal(78, code);
        Assert.Contains("不是有效的 JSON", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal); // a message, not a stack trace
        Assert.False(Directory.Exists(Path.Combine(folder, "data")), "nothing is created before the configuration is read");
    }

    [Theory]
    [InlineData("Gongkai__Monitoring__MinFreeDiskMb", "viel", "Gongkai:Monitoring:MinFreeDiskMb", "应为整数")]
    [InlineData("Gongkai__RequireHttps", "ja", "Gongkai:RequireHttps", "应为true 或 false")]
    [InlineData("Gongkai__Monitoring__AllowedNetworks", "10.0.0.0/33", "Gongkai:Monitoring:AllowedNetworks", "不是 IP 地址或网段")]
    public async Task WebApplication_WithAWrongSetting_NamesItAndExitsWith78(string variable, string value, string setting, string reason)
    {
        var (code, error, output) = await StartAndWaitForExitAsync("http://127.0.0.1:0", (variable, value));
        Assert.True(code == 78, $"exit {code}: {error} {output}");
        Assert.Contains(setting, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebApplication_OnAPortAlreadyTaken_SaysSoWithoutAStackTrace()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            var (code, error, output) = await StartAndWaitForExitAsync($"http://127.0.0.1:{port}");
            Assert.True(code == 1, $"exit {code}: {error} {output}"); // perhaps the previous instance still stopping: retried
            Assert.Contains("无法监听", error, StringComparison.Ordinal);
            Assert.Contains("ss -ltnp", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }
}

/// <summary>Issue 23: structured logs for a log platform, and the release in the first line.</summary>
public sealed class JsonLogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gongkai-jsonlog-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task WebApplication_WithJsonLogs_WritesOneJsonObjectPerLineNamingTheRelease()
    {
        var info = new ProcessStartInfo("dotnet", [CrashSafetyTests.WebDll(), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(CrashSafetyTests.WebDll())!,
        };
        info.Environment["Gongkai__Logging__Format"] = "json";
        info.Environment["Gongkai__DataDirectory"] = folder;
        info.Environment["Gongkai__SkipDemoData"] = "true";
        info.Environment["Gongkai__Pdf__WarmUpAtStart"] = "false";
        using var process = Process.Start(info)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { lines.Enqueue(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(lines.Any(l => l.Contains("尚未设置机关", StringComparison.Ordinal) || l.Contains("Now listening", StringComparison.Ordinal))),
                TimeSpan.FromMinutes(3)), "the application did not start: " + string.Join('\n', lines));
            var logged = lines.Where(l => l.StartsWith('{')).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            Assert.NotEmpty(logged);
            var started = logged.First(e => e.GetProperty("Message").GetString()!.Contains("启动", StringComparison.Ordinal));
            Assert.Contains(Gongkai.Data.Installation.ReleaseVersion.Number, started.GetProperty("Message").GetString(), StringComparison.Ordinal);
            Assert.Equal("Information", started.GetProperty("LogLevel").GetString());
            Assert.EndsWith("Z", started.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
