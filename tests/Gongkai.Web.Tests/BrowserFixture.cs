using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Gongkai.Web.Tests;

/// <summary>
/// A real Kestrel server and Debian's Chromium driven by Playwright (no browser download). Screenshots and
/// the answer letter (PDF and its first page as PNG) are kept in the test output's <c>artifacts/</c> folder.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private readonly bool seed;

    /// <summary>Every page opened, in order, with the requests it has sent and not yet seen finish (and when they started).</summary>
    private readonly ConcurrentQueue<(int Number, IPage Page, ConcurrentDictionary<IRequest, DateTime> Pending)> pages = new();

    private int pagesOpened;

    public BrowserFixture()
        : this(seed: true)
    {
    }

    /// <param name="seed">False for a real agency's first start: an empty database, demo data off.</param>
    protected BrowserFixture(bool seed) => this.seed = seed;

    public GongkaiFactory Factory { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        if (seed)
        {
            await Factory.SeedAsync();
        }
        BaseUrl = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--lang=zh-CN", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1000, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true,
        });
        // Every wait on the page (a navigation, a download, an expectation) allows for a slow, busy machine.
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var open = new ConcurrentDictionary<IRequest, DateTime>();
        pages.Enqueue((Interlocked.Increment(ref pagesOpened), page, open));
        page.Request += (_, request) => open[request] = DateTime.UtcNow;
        page.RequestFinished += (_, request) => open.TryRemove(request, out DateTime _);
        page.RequestFailed += (_, request) => open.TryRemove(request, out DateTime _);
        // A confirmation (作废, 撤回, 停用 …) is agreed to, as the person clicking meant it; its question is kept for the test to check.
        page.Dialog += async (_, dialog) =>
        {
            Confirmations.Enqueue(dialog.Message);
            await dialog.AcceptAsync();
        };
        return page;
    }

    /// <summary>Every confirmation question the pages asked, in order.</summary>
    public ConcurrentQueue<string> Confirmations { get; } = new();

    /// <summary>How long a browser test waits for anything: 120 s, or GONGKAI_TEST_PATIENCE_SECONDS.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("GONGKAI_TEST_PATIENCE_SECONDS"), out var seconds) && seconds > 0 ? seconds : 120);

    /// <summary>
    /// Runs a test's steps; a step that times out fails with where each of the test's pages stopped and what it
    /// showed, the requests the browser and the server still had open, who held the database's write, the server's
    /// last warnings, and whether the server answers the same address now — a stall on a busy machine is otherwise
    /// mute (the timeout names only the step).
    /// </summary>
    public async Task RunAsync(Func<Task> steps)
    {
        var before = Volatile.Read(ref pagesOpened);
        try
        {
            await steps();
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // Taken first, before reading the pages gives the stall more time to end.
            var server = $"server: {Factory.Requests.Describe()} | database write: {Gongkai.Data.Audit.AuditChain.DescribeWriters()} | server log: {Factory.Log.Describe()}";
            var explained = new List<string>();
            foreach (var (_, page, pending) in pages.Where(p => p.Number > before))
            {
                explained.Add(await ExplainAsync(page, pending));
            }
            // One line, the server's side first: a CI log may keep only the first lines of a failure message.
            throw new InvalidOperationException((server + " || " + string.Join(" || ", explained)).ReplaceLineEndings(" ⏎ "), e);
        }
    }

    private static async Task<string> ExplainAsync(IPage page, ConcurrentDictionary<IRequest, DateTime> pending)
    {
        var now = DateTime.UtcNow;
        var browser = pending.IsEmpty ? "none"
            : string.Join("; ", pending.OrderBy(r => r.Value).Select(r => $"{r.Key.Method} {r.Key.Url} for {(now - r.Value).TotalSeconds:0.0} s"));
        string shown;
        try
        {
            shown = await page.InnerTextAsync("body", new() { Timeout = 10_000 });
        }
        catch (Exception unreadable) when (unreadable is TimeoutException or PlaywrightException)
        {
            shown = "(the page could not be read)";
        }
        // Asked again outside the page (the context's cookies, not its renderer): does the server answer now?
        string again;
        try
        {
            var response = await page.Context.APIRequest.GetAsync(page.Url, new() { Timeout = 30_000 });
            again = $"{response.Status}, {(await response.BodyAsync()).Length} bytes";
        }
        catch (Exception unanswered) when (unanswered is TimeoutException or PlaywrightException)
        {
            again = "no answer in 30 s: " + unanswered.Message;
        }
        return $"A page stopped at {page.Url}, showing: {shown[..Math.Min(shown.Length, 800)]} | browser still waiting for: {browser} | the same page asked again: {again}";
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        Factory.Dispose();
    }
}
