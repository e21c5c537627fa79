using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gongkai.Web.Tests;

/// <summary>The browser fixture with a published annual report of the city bureau, made once when a test first asks.</summary>
public sealed class AccessibilityFixture : BrowserFixture
{
    public const int ReportYear = 2023;

    private readonly SemaphoreSlim once = new(1, 1);
    private bool published;

    public async Task<string> PublishedReportPathAsync()
    {
        await once.WaitAsync();
        try
        {
            if (!published)
            {
                var (scope, admin) = await Factory.ActorAsync("administrator", StaffRole.Administrator);
                using (scope)
                {
                    var reports = scope.ServiceProvider.GetRequiredService<Features.AnnualReports.AnnualReportService>();
                    Assert.Null(await scope.ServiceProvider.GetRequiredService<Features.AnnualReports.Table2Registers>().SaveFiguresAsync(admin, ReportYear, 12, 34, 5, 1.5m));
                    var tables = await reports.ComposeAsync(Factory.CityId, ReportYear, new Dictionary<string, string>());
                    var sections = new Dictionary<string, string>(Features.AnnualReports.AgencyReportData.Drafts(tables.Report, await reports.DraftFactsAsync(Factory.CityId, ReportYear)))
                    {
                        ["五"] = "公开工作仍有不足，下一步加强培训。",
                    };
                    Assert.Null(await reports.SaveDraftAsync(admin, ReportYear, sections));
                    Assert.Null((await reports.PublishAsync(admin, ReportYear, confirmWarnings: true)).Error);
                }
                published = true;
            }
            return $"/reports/{Factory.CityId}/{ReportYear}";
        }
        finally
        {
            once.Release();
        }
    }
}

/// <summary>
/// Issue 22: the public pages under axe-core (WCAG 2.1 A/AA and best practice, as GB/T 37668-2019 asks), the application
/// made with the keyboard alone, errors announced and linked to their fields, and the 大字版 switch.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class AccessibilityTests(AccessibilityFixture fixture, ITestOutputHelper output) : IClassFixture<AccessibilityFixture>
{
    [GeneratedRegex(@"(\d+) 加 (\d+) 等于几")]
    private static partial Regex Question();

    private string Resolve(string path) => path.Replace("{city}", fixture.Factory.CityId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private Task AxeAsync(IPage page, string what) => Axe.AssertNoSeriousViolationsAsync(page, what, output.WriteLine);

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, $"a11y-{name}.png"), FullPage = true });

    private static string FileName(string path) => path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-');

    [Fact]
    public async Task Axe_OnAPublicPageUnderItsContentSecurityPolicy_FindsAnUnlabelledField()
    {
        await fixture.RunAsync(async () =>
        {
            // The checker itself: injected past the page's script-src 'self', it sees a field added without a label.
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/portal");
            await page.EvaluateAsync("() => document.querySelector('main').append(Object.assign(document.createElement('input'), { id: 'unlabelled' }))");
            var violations = await Axe.RunAsync(page);
            var label = Assert.Single(violations, v => v.Id == "label");
            Assert.True(label.Serious, label.ToString());
            Assert.Contains(label.Nodes, n => n.StartsWith("#unlabelled", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("/portal", false)]
    [InlineData("/portal", true)]
    [InlineData("/guide", false)]
    [InlineData("/guide/{city}", false)]
    [InlineData("/guide/{city}", true)]
    [InlineData("/catalogue", false)]
    [InlineData("/catalogue/{city}", false)]
    [InlineData("/apply", false)]
    [InlineData("/apply", true)]
    [InlineData("/status", false)]
    [InlineData("/status", true)]
    [InlineData("/reports", false)]
    [InlineData("/reports/{city}", false)]
    public async Task PublicPage_HasNoSeriousOrCriticalAxeViolation(string path, bool largeText)
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            if (largeText)
            {
                await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "gongkai-text-size", Value = "large", Url = fixture.BaseUrl }]);
            }
            await page.GotoAsync(Resolve(path));
            await ScreenshotAsync(page, FileName(Resolve(path)) + (largeText ? "-large" : ""));
            await AxeAsync(page, path + (largeText ? " (大字版)" : ""));
        });
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/guide/{city}")]
    [InlineData("/catalogue/{city}")]
    [InlineData("/apply")]
    [InlineData("/status")]
    [InlineData("/reports")]
    public async Task PublicPage_InLargeTextOnANarrowPhone_NeverScrollsSideways(string path)
    {
        await fixture.RunAsync(async () =>
        {
            // WCAG 1.4.10: content reflows at 320 CSS pixels; 大字版 must not push it off the side.
            var page = await fixture.NewPageAsync(width: 320, height: 640);
            await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "gongkai-text-size", Value = "large", Url = fixture.BaseUrl }]);
            await page.GotoAsync(Resolve(path));
            await ScreenshotAsync(page, "phone-" + FileName(Resolve(path)) + "-large");
            var overflow = await page.EvaluateAsync<string?>("""
                () => document.documentElement.scrollWidth > window.innerWidth + 1
                  ? [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                      .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 5).join(', ')
                  : null
                """);
            Assert.True(overflow is null, $"the page scrolls sideways: {overflow}");
        });
    }

    [Fact]
    public async Task PublishedReportPage_HasNoSeriousOrCriticalAxeViolation()
    {
        var path = await fixture.PublishedReportPathAsync();
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/reports");
            await page.GetByRole(AriaRole.Link, new() { Name = $"测试市公安局{AccessibilityFixture.ReportYear}年政府信息公开工作年度报告" }).ClickAsync();
            await page.WaitForURLAsync("**" + path);
            await ScreenshotAsync(page, "published-report");
            await AxeAsync(page, "a published report");
        });
    }

    [Fact]
    public async Task ApplyPage_WithItsErrorsShown_HasNoSeriousOrCriticalAxeViolation()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/apply");
            await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "apply-errors");
            await AxeAsync(page, "/apply with its errors");
        });
    }

    [Fact]
    public async Task StatusPage_WithAWrongCode_HasNoSeriousViolation_AndTheErrorIsTiedToTheFields()
    {
        var (number, _) = await ApplyAsync();
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/status");
            await page.GetByLabel("受理编号").FillAsync(number);
            await page.GetByLabel("查询码").FillAsync("AAAA-BBBB-CCCC");
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            var error = page.GetByRole(AriaRole.Alert);
            await Assertions.Expect(error).ToContainTextAsync("受理编号或查询码不正确");
            // The message is where a screen reader and the keyboard now are, and each field points to it.
            await Assertions.Expect(error).ToBeFocusedAsync();
            var id = await error.GetAttributeAsync("id");
            foreach (var field in new[] { "#TrackingNumber", "#Code" })
            {
                await Assertions.Expect(page.Locator(field)).ToHaveAttributeAsync("aria-invalid", "true");
                await Assertions.Expect(page.Locator(field)).ToHaveAttributeAsync("aria-describedby", new Regex($"\\b{id}\\b"));
            }
            await ScreenshotAsync(page, "status-wrong-code");
            await AxeAsync(page, "/status with a wrong code");
        });
    }

    [Theory]
    [InlineData(CaseState.Registered, "已收到，等待受理")]
    [InlineData(CaseState.AwaitingCorrection, "需要补正")]
    [InlineData(CaseState.Answered, "已答复")]
    [InlineData(CaseState.Withdrawn, "已撤回")]
    public async Task StatusPage_ForAFoundCase_HasNoSeriousViolation_AndTheResultIsFocused(CaseState state, string stage)
    {
        var (number, code) = await ApplyAsync();
        await DriveAsync(number, state);
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/status");
            await page.GetByLabel("受理编号").FillAsync(number);
            await page.GetByLabel("查询码").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(page.Locator("#stage")).ToContainTextAsync(stage);
            // The result's heading takes the focus, so a screen reader reads it after the page comes back.
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "查询结果" })).ToBeFocusedAsync();
            if (state == CaseState.Answered)
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("下载答复书 PDF") })).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "下载 统计表.pdf" })).ToBeVisibleAsync();
            }
            await ScreenshotAsync(page, $"status-{state}");
            await AxeAsync(page, $"/status showing a case in {state}");
        });
    }

    [Fact]
    public async Task StatusPage_ACorrectionReplyRefused_TiesTheErrorToItsField_AndHasNoSeriousViolation()
    {
        var (number, code) = await ApplyAsync();
        await DriveAsync(number, CaseState.AwaitingCorrection);
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/status");
            await page.GetByLabel("受理编号").FillAsync(number);
            await page.GetByLabel("查询码").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            // Sent empty: refused, the reason announced and tied to the text field, focus on the message.
            await page.GetByRole(AriaRole.Button, new() { Name = "提交补正" }).ClickAsync();
            await Assertions.Expect(page.Locator("#status-error")).ToContainTextAsync("请填写补正内容或上传补正材料");
            await Assertions.Expect(page.Locator("#status-error")).ToBeFocusedAsync();
            var field = page.GetByLabel("补正内容（对所申请信息的具体描述、身份证明说明等）");
            await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#ReplyText-error")).ToContainTextAsync("请填写补正内容");
            await AxeAsync(page, "/status with a refused 补正 reply");
            // The withdrawal form asks for its confirmation in words, as a labelled checkbox.
            await Assertions.Expect(page.GetByLabel("我确认撤回本申请")).ToBeVisibleAsync();
        });
    }

    /// <summary>An online application made in the browser: its tracking number and query code from the receipt.</summary>
    private async Task<(string Number, string Code)> ApplyAsync()
    {
        var page = await fixture.NewPageAsync();
        await BrowserStoryTests.FillApplicationAsync(page);
        await BrowserStoryTests.SubmitForReceiptAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync());
        var receipt = (await page.Locator("#tracking-number").InnerTextAsync(), await page.Locator("#query-code").InnerTextAsync());
        await page.Context.CloseAsync();
        return receipt;
    }

    /// <summary>The staff API over the real server (the factory's own clients do not reach a Kestrel-hosted server).</summary>
    private async Task<HttpClient> ApiAsync(string userName)
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = GongkaiFactory.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Takes an online application to the state through the staff API; an answered one has its letter and a disclosed file.</summary>
    private async Task DriveAsync(string number, CaseState state)
    {
        if (state == CaseState.Registered)
        {
            return;
        }
        using var handler = await ApiAsync("handler");
        using var reviewer = await ApiAsync("reviewer");
        using var approver = await ApiAsync("approver");
        Guid id;
        await using (var db = fixture.Factory.OpenDb())
        {
            id = (await db.Cases.AsNoTracking().SingleAsync(c => c.TrackingNumber == number)).Id;
        }
        var c = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        if (state == CaseState.AwaitingCorrection)
        {
            await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明所需信息的时间范围" });
            return;
        }
        if (state == CaseState.Withdrawn)
        {
            await Api.ActOk(handler, c, CaseAction.Withdraw, new { date = Api.Day(0) });
            return;
        }
        c = await Api.ActOk(handler, c, CaseAction.Accept);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf("2025年机动车登记数量统计表")), "file", "统计表.pdf" } })
        {
            Assert.Equal(HttpStatusCode.Created, (await handler.PostAsync($"/api/cases/{id}/attachments?forApplicant=true", form)).StatusCode);
        }
        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));
        c = await Api.ActOk(reviewer, c, CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(approver, c, CaseAction.Approve, new { text = "同意" });
        await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(0) });
        Assert.Equal(HttpStatusCode.Created, (await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { })).StatusCode);
    }

    /// <summary>
    /// Presses Tab until the focused element matches <paramref name="selector"/>, checking at every stop that the focus
    /// is visible (an outline drawn); returns the ids (or tag and text) of the elements passed through, in order.
    /// </summary>
    private static async Task<List<string>> TabToAsync(IPage page, string selector, int atMost = 40)
    {
        var passed = new List<string>();
        for (var i = 0; i < atMost; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElement>("""
                selector => {
                  const e = document.activeElement;
                  const style = getComputedStyle(e);
                  return {
                    name: e.id || (e.tagName.toLowerCase() + ':' + (e.textContent || '').trim().slice(0, 20)),
                    matches: e.matches(selector),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                    visible: e.matches(':focus-visible'),
                  };
                }
                """, selector);
            var name = focused.GetProperty("name").GetString()!;
            Assert.True(focused.GetProperty("visible").GetBoolean() && focused.GetProperty("outline").GetBoolean(),
                $"the keyboard focus on {name} ({page.Url}) is not visibly marked");
            passed.Add(name);
            if (focused.GetProperty("matches").GetBoolean())
            {
                return passed;
            }
        }
        Assert.Fail($"{selector} was not reached with {atMost} presses of Tab on {page.Url}; passed {string.Join(", ", passed)}");
        return passed;
    }

    [Fact]
    public async Task Application_WithTheKeyboardAlone_GoesFromThePortalToTheReceipt()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/portal");

            // The first Tab offers the skip link; Enter takes the focus past the menu into the main content.
            await TabToAsync(page, "a.skip-link", atMost: 1);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();

            var city = fixture.Factory.CityId.ToString(CultureInfo.InvariantCulture);
            await TabToAsync(page, $"a[href='/apply?AgencyId={city}']");
            await page.Keyboard.PressAsync("Enter");
            // Polls the address: waiting for a navigation event after the key press can miss one that
            // committed before the waiter was set up (seen once on a busy CI machine).
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/apply\\?AgencyId={city}$"));
            await Assertions.Expect(page.Locator("#AgencyId")).ToHaveValueAsync(city);

            var order = await TabToAsync(page, "#Category");
            await page.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(page.Locator("#Category")).ToHaveValueAsync("NaturalPerson");
            order.AddRange(await TabToAsync(page, "#Name", atMost: 1));
            await page.Keyboard.TypeAsync("王五");
            order.AddRange(await TabToAsync(page, "#IdNumber", atMost: 2));
            await page.Keyboard.TypeAsync("110105199003071239");
            order.AddRange(await TabToAsync(page, "#Phone", atMost: 1));
            await page.Keyboard.TypeAsync("13900000000");
            order.AddRange(await TabToAsync(page, "#Request", atMost: 3));
            await page.Keyboard.TypeAsync("2025年本市机动车登记数量统计");
            order.AddRange(await TabToAsync(page, "#DeliveryForm", atMost: 1));
            await page.Keyboard.TypeAsync("网站下载");
            order.AddRange(await TabToAsync(page, "#Answer", atMost: 2));
            // The question is read from the label, as a screen reader reads it out.
            var m = Question().Match(await page.Locator("label[for=Answer]").InnerTextAsync());
            await page.Keyboard.TypeAsync((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
            order.AddRange(await TabToAsync(page, "button[type=submit]", atMost: 1));
            Assert.Equal(["AgencyId", "Category", "Name", "IdType", "IdNumber", "Phone", "Email", "Address", "Request", "DeliveryForm", "Files", "Answer", "button:提交申请"],
                order.SkipWhile(o => o != "AgencyId"));

            await BrowserStoryTests.SubmitForReceiptAsync(page, () => page.Keyboard.PressAsync(" "));
            await Assertions.Expect(page.Locator("#tracking-number")).ToHaveTextAsync(new Regex(@"^CS-\d{4}-\d{5}-[A-Z2-9]{4}$"));
            await ScreenshotAsync(page, "receipt");
            await AxeAsync(page, "the receipt");
        });
    }

    [Fact]
    public async Task ApplyErrors_AreAnnouncedInASummary_WhoseLinksLeadToTheirFields()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/apply");
            await page.GetByLabel("姓名或名称").FillAsync("王五");
            await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();

            var summary = page.Locator("#error-summary");
            await Assertions.Expect(summary).ToHaveAttributeAsync("role", "alert");
            await Assertions.Expect(summary).ToBeFocusedAsync();
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^错误："));
            var links = summary.GetByRole(AriaRole.Link);
            var count = await links.CountAsync();
            Assert.True(count >= 5, $"{count} links in the summary");
            var fields = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var link = links.Nth(i);
                var field = (await link.GetAttributeAsync("href"))!.TrimStart('#');
                fields.Add(field);
                var control = page.Locator($"#{field}");
                await Assertions.Expect(control).ToHaveAttributeAsync("aria-invalid", "true");
                await Assertions.Expect(control).ToHaveAttributeAsync("aria-describedby", new Regex($"\\b{field}-error\\b"));
                await Assertions.Expect(page.Locator($"#{field}-error")).ToHaveTextAsync(await link.InnerTextAsync());
                await link.ClickAsync();
                await Assertions.Expect(control).ToBeFocusedAsync();
            }
            // In the form's order; a field typed right is not marked.
            Assert.Equal(["Category", "IdNumber", "Phone", "Request", "DeliveryForm", "Answer"], fields);
            await Assertions.Expect(page.GetByLabel("姓名或名称")).ToHaveAttributeAsync("aria-invalid", "false");
        });
    }

    [Fact]
    public async Task LargeTextSwitch_EnlargesTheText_AndStaysOnAfterAReloadAndOnAnotherPage()
    {
        await fixture.RunAsync(async () =>
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/portal");
            const string size = "() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)";
            var normal = await page.EvaluateAsync<double>(size);
            var toggle = page.GetByRole(AriaRole.Button, new() { Name = "大字版" });
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

            await toggle.ClickAsync();
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
            var large = await page.EvaluateAsync<double>(size);
            Assert.True(large >= normal * 1.2, $"{normal}px became {large}px");

            await page.ReloadAsync();
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
            Assert.Equal(large, await page.EvaluateAsync<double>(size));
            await page.GotoAsync("/guide");
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
            Assert.Equal(large, await page.EvaluateAsync<double>(size));
            await ScreenshotAsync(page, "guide-large");

            // Off again, with the keyboard, and it stays off.
            await toggle.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
            await page.GotoAsync("/portal");
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
            Assert.Equal(normal, await page.EvaluateAsync<double>(size));
        });
    }
}
