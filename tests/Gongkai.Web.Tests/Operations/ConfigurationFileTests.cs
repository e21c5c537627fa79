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
        var e = Assert.Throws<ConfigurationFileException>(() => ConfigurationFile.InsertBeforeEnvironment(new ConfigurationBuilder(), missing));
        Assert.Contains("找不到配置文件", e.Message, StringComparison.Ordinal);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationFile_NotJson_IsRefusedWithTheLine()
    {
        var path = Write("{\n  \"Gongkai\": {\n    \"DataDirectory\": /var/lib/gongkai\n  }\n}\n");
        var e = Assert.Throws<ConfigurationFileException>(() => ConfigurationFile.InsertBeforeEnvironment(new ConfigurationBuilder(), path));
        Assert.Contains("不是有效的 JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("第 3 行", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebApplication_WithABrokenConfigurationFile_StopsWithTheReasonAndExitCode78()
    {
        var info = new ProcessStartInfo("dotnet", [CrashSafetyTests.WebDll(), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(CrashSafetyTests.WebDll())!,
        };
        info.Environment[ConfigurationFile.Variable] = Write("{ \"Gongkai\": ");
        info.Environment["Gongkai__DataDirectory"] = Path.Combine(folder, "data");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        Assert.Equal(78, process.ExitCode);
        Assert.Contains("不是有效的 JSON", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stderr + await stdout, StringComparison.Ordinal); // a message, not a stack trace
        Assert.False(Directory.Exists(Path.Combine(folder, "data")), "nothing is created before the configuration is read");
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
