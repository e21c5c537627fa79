using System.Text.Json;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests;

/// <summary>
/// Runs axe-core (npm, pinned in tests/axe/package.json, installed there by test.sh with <c>npm ci</c>) in a Playwright
/// page. The script is evaluated through the DevTools protocol rather than added as a &lt;script&gt; tag, which the
/// pages' Content-Security-Policy (script-src 'self') would refuse.
/// </summary>
internal static class Axe
{
    /// <summary>WCAG 2.0 and 2.1 A and AA (what GB/T 37668-2019 asks of web content) and axe's best practices.</summary>
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Locate()));

    public sealed record Violation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<string> Nodes)
    {
        public bool Serious => Impact is "serious" or "critical";

        public override string ToString() =>
            $"[{Impact}] {Id}: {Help} ({HelpUrl})" + string.Concat(Nodes.Select(n => Environment.NewLine + "    " + n));
    }

    /// <summary>Found upward from the test binaries, so any clone or worktree finds its own copy.</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "tests", "axe", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(file))
            {
                return file;
            }
        }
        throw new FileNotFoundException("axe-core is not installed: run `npm ci` in tests/axe (test.sh does it).");
    }

    /// <summary>Every violation axe finds on the page as it is now.</summary>
    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Source.Value);
        }
        var json = await page.EvaluateAsync<string>("""
            async tags => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
              })));
            }
            """, Tags);
        return JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>
    /// Fails on any serious or critical violation, naming each with its rule, help and the elements concerned; the
    /// lesser ones are written to the test output (<paramref name="log"/>) so they are seen without failing the run.
    /// </summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what, Action<string>? log = null)
    {
        var violations = await RunAsync(page);
        foreach (var minor in violations.Where(v => !v.Serious))
        {
            log?.Invoke($"{what}: {minor}");
        }
        var serious = violations.Where(v => v.Serious).ToList();
        Assert.True(serious.Count == 0,
            $"axe-core found {serious.Count} serious or critical violation(s) on {what} ({page.Url}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, serious));
    }
}
