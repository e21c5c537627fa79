using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>The public portal: apply online without an account, get a receipt, look up the status.</summary>
public partial class PortalTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    private async Task<(HttpResponseMessage Response, string Html)> Apply(HttpClient browser, Dictionary<string, string>? overrides = null, bool answerRight = true,
        IReadOnlyList<(string Name, byte[] Content)>? files = null)
    {
        await factory.SeedAsync();
        var form = await browser.GetStringAsync("/apply");
        var q = PageClient.Question().Match(form);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgery().Match(form).Groups[1].Value,
            ["ChallengeToken"] = PageClient.ChallengeToken().Match(form).Groups[1].Value,
            ["Answer"] = (int.Parse(q.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(q.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + (answerRight ? 0 : 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgencyId"] = factory.CityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Category"] = "NaturalPerson", ["Name"] = "赵六", ["IdType"] = "居民身份证", ["IdNumber"] = "110105199003071239",
            ["Phone"] = "13700000000", ["Request"] = "2025年本市交通违法处罚数量", ["DeliveryForm"] = "电子邮件",
        };
        foreach (var (k, v) in overrides ?? [])
        {
            fields[k] = v;
        }
        HttpContent content = new FormUrlEncodedContent(fields);
        if (files is not null)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (k, v) in fields)
            {
                multipart.Add(new StringContent(v), k);
            }
            foreach (var (name, bytes) in files)
            {
                multipart.Add(new ByteArrayContent(bytes), "Files", name);
            }
            content = multipart;
        }
        var response = await browser.PostAsync("/apply", content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<(string Number, string Code)> Submitted()
    {
        var (response, html) = await Apply(Browser());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (PageClient.TrackingNumber().Match(html).Groups[1].Value, PageClient.QueryCode().Match(html).Groups[1].Value);
    }

    internal Task<(string Number, string Code)> SubmittedForTests() => Submitted();

    internal Task<(HttpResponseMessage Response, string Html)> LookupForTests(string number, string code, string handler = "") => Lookup(number, code, handler);

    private async Task<(HttpResponseMessage Response, string Html)> Lookup(string number, string code, string handler = "")
    {
        var browser = Browser();
        var page = await browser.GetStringAsync("/status");
        var response = await browser.PostAsync("/status" + handler, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgery().Match(page).Groups[1].Value, ["TrackingNumber"] = number, ["Code"] = code,
        }));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApplyPage_IsPublicChineseAndCarriesTheChecks()
    {
        await factory.SeedAsync();
        var html = await factory.CreateClient().GetStringAsync("/apply");
        Assert.Contains("在线申请政府信息公开", html);
        Assert.Matches(PageClient.Question(), html);
        Assert.Matches(AntiForgery(), html);
    }

    [Fact]
    public async Task Apply_Valid_ShowsReceiptOnceAndQueuesTheCaseForRegistrars()
    {
        var (number, code) = await Submitted();
        Assert.StartsWith("CS-", number, StringComparison.Ordinal);
        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", code);
        await using var db = factory.OpenDb();
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.TrackingNumber == number);
        Assert.Equal(Gongkai.Cases.Cases.Channel.Online, c.Channel);
        Assert.DoesNotContain(code, c.QueryCodeHash!, StringComparison.Ordinal);
        var queue = await (await factory.ApiAs("registrar")).GetStringAsync("/api/worklist?mine=true");
        Assert.Contains(number, queue);
    }

    [Fact]
    public async Task Apply_WithAttachments_KeepsThemOnTheCase()
    {
        var pdf = TestFiles.Pdf("身份证明");
        var png = TestFiles.Png(800, 600);
        var (response, html) = await Apply(Browser(), files: [("身份证明.pdf", pdf), ("申请书.png", png)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = PageClient.TrackingNumber().Match(html).Groups[1].Value;
        await using var db = factory.OpenDb();
        var id = (await db.Cases.AsNoTracking().SingleAsync(x => x.TrackingNumber == number)).Id;
        var attachments = await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.FileName).ToListAsync();
        Assert.Equal(["申请书.png", "身份证明.pdf"], attachments.Select(a => a.FileName));
        Assert.All(attachments, a => Assert.Equal("网上申请", a.UploadedBy));
        Assert.Equal(pdf, attachments[1].Content);
    }

    [Theory]
    [InlineData("pages.pdf", "PDF 共 20000 页，超过 1000 页上限")]
    [InlineData("flate-bomb.pdf", "PDF 中的压缩内容解压后过大")]
    [InlineData("laughs.docx", "含有文档类型声明（DOCTYPE）")]
    public async Task Apply_WithAHostileAttachment_RefusesItAndRegistersNothing(string name, string message)
    {
        await using var db = factory.OpenDb();
        var before = await db.Cases.CountAsync();
        var (response, html) = await Apply(Browser(), files: [(name, AttachmentTests.Hostile(name))]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = System.Net.WebUtility.HtmlDecode(html);
        Assert.Contains($"附件“{name}”：", text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.Equal(before, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task Apply_WithAForbiddenFile_NamesItRegistersNothingAndKeepsTheFields()
    {
        await using var db = factory.OpenDb();
        var before = await db.Cases.CountAsync();
        var (response, html) = await Apply(Browser(), files: [("说明.pdf", TestFiles.Pdf("说明")), ("工具.exe", [0x4D, 0x5A, 0, 0])]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("附件“工具.exe”的类型不允许", html);
        Assert.Contains("value=\"赵六\"", html);
        Assert.Equal(before, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task Apply_WrongAnswer_IsRefusedAndSavesNothing()
    {
        await using var db = factory.OpenDb();
        var before = await db.Cases.CountAsync();
        var (response, html) = await Apply(Browser(), answerRight: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("验证题答案不正确", html);
        Assert.Equal(before, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task Apply_WrongAnswer_SpendsTheQuestion_TheRightAnswerOnTheSameFormIsRefused()
    {
        await factory.SeedAsync();
        var browser = Browser();
        var form = await browser.GetStringAsync("/apply");
        var q = PageClient.Question().Match(form);
        var sum = int.Parse(q.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(q.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Dictionary<string, string> Fields(int answer) => new()
        {
            ["__RequestVerificationToken"] = AntiForgery().Match(form).Groups[1].Value,
            ["ChallengeToken"] = PageClient.ChallengeToken().Match(form).Groups[1].Value,
            ["Answer"] = answer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgencyId"] = factory.CityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Category"] = "NaturalPerson", ["Name"] = "赵六", ["IdType"] = "居民身份证", ["IdNumber"] = "110105199003071239",
            ["Phone"] = "13700000000", ["Request"] = "2025年本市交通违法处罚数量", ["DeliveryForm"] = "电子邮件",
        };
        var wrong = await browser.PostAsync("/apply", new FormUrlEncodedContent(Fields(sum + 1)));
        var again = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("验证题答案不正确，请回答新的验证题", again);
        Assert.NotEqual(PageClient.ChallengeToken().Match(form).Groups[1].Value, PageClient.ChallengeToken().Match(again).Groups[1].Value);
        // The attacker's next move: the same question, the next number.
        var replay = await browser.PostAsync("/apply", new FormUrlEncodedContent(Fields(sum)));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("这道验证题已经答过，请回答新的验证题", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Apply_NulInAField_IsRefusedNamingTheFieldAndSavesNothing()
    {
        await using var db = factory.OpenDb();
        var before = await db.Cases.CountAsync();
        var (response, html) = await Apply(Browser(), new Dictionary<string, string> { ["Name"] = "赵\0六" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("含有控制字符（如 %00）", html);
        Assert.Equal(before, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task Apply_HoneypotFilled_IsRefused()
    {
        var (response, _) = await Apply(Browser(), new Dictionary<string, string> { ["Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Apply_InvalidFields_NamesEachAndKeepsInput()
    {
        var (response, html) = await Apply(Browser(), new Dictionary<string, string> { ["IdNumber"] = "1234", ["Phone"] = "", ["Request"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("居民身份证号码应为18位", html);
        Assert.Contains("请填写联系电话", html);
        Assert.Contains("请填写申请公开的政府信息", html);
        Assert.Contains("value=\"赵六\"", html);
    }

    [Fact]
    public async Task Status_RightCode_ShowsStageAndLegalDeadline()
    {
        var (number, code) = await Submitted();
        var (response, html) = await Lookup(number, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已收到，等待受理", html);
        Assert.Contains("法定答复期限", html);
        Assert.Contains("答复期限为20个工作日", html);
    }

    [Fact]
    public async Task Status_WrongCode_RevealsNothingAndRepeatedTriesAreLockedOut()
    {
        var (number, code) = await Submitted();
        var (_, unknown) = await Lookup("CS-2099-99999", "AAAAAAAA");
        var (first, wrong) = await Lookup(number, "AAAAAAAA");
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Contains("受理编号或查询码不正确", wrong);
        Assert.Contains("受理编号或查询码不正确", unknown);
        Assert.DoesNotContain("法定答复期限", wrong);
        for (var i = 0; i < 4; i++)
        {
            await Lookup(number, "BBBBBBBB");
        }
        var (locked, html) = await Lookup(number, code);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("查询错误次数过多", html);
    }
}

public partial class PortalLetterTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [Fact]
    public async Task AnsweredOnlineApplication_LetterDownloadsWithTheQueryCodeOnly()
    {
        var portal = new PortalTests(factory);
        var (number, code) = await portal.SubmittedForTests();
        await using (var db = factory.OpenDb())
        {
            var id = db.Cases.Single(c => c.TrackingNumber == number).Id;
            var handler = await factory.ApiAs("handler");
            var c = await handler.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}");
            c = await Api.ActOk(handler, c, Gongkai.Cases.Cases.CaseAction.Accept);
            c = await Api.ActOk(handler, c, Gongkai.Cases.Cases.CaseAction.SubmitForReview, Api.FieldsFor(Gongkai.Cases.Cases.CaseAction.SubmitForReview));
            c = await Api.ActOk(await factory.ApiAs("reviewer"), c, Gongkai.Cases.Cases.CaseAction.Approve, new { text = "同意" });
            c = await Api.ActOk(await factory.ApiAs("approver"), c, Gongkai.Cases.Cases.CaseAction.Approve, new { text = "同意" });
            c = await Api.ActOk(handler, c, Gongkai.Cases.Cases.CaseAction.Answer, new { date = Api.Day(0) });
            Assert.Equal(HttpStatusCode.Created, (await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { })).StatusCode);
        }
        var (status, html) = await portal.LookupForTests(number, code);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("下载答复书", html);
        var (letter, _) = await portal.LookupForTests(number, code, "?handler=Letter");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", letter.Content.Headers.ContentType!.MediaType);
        var (refused, _) = await portal.LookupForTests(number, "WRONGCOD", "?handler=Letter");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}

/// <summary>Issue 13: the status lookup under attack, and a retried submission.</summary>
public sealed class PortalHardeningTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private readonly PortalTests portal = new(factory);

    [Fact]
    public async Task Status_TwentyFiveParallelWrongCodes_GiveAtMostFiveGuessesAndNeverAServerError()
    {
        var (number, _) = await portal.SubmittedForTests();
        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => portal.LookupForTests(number, $"WRONG{i:000}")));
        Assert.DoesNotContain(responses, r => (int)r.Response.StatusCode >= 500);
        var guesses = responses.Count(r => r.Html.Contains("受理编号或查询码不正确", StringComparison.Ordinal));
        Assert.InRange(guesses, 1, Gongkai.Web.Features.Portal.LookupGuard.PerNumberAndClient);
        Assert.All(responses.Where(r => !r.Html.Contains("受理编号或查询码不正确", StringComparison.Ordinal)),
            r => Assert.Equal(HttpStatusCode.TooManyRequests, r.Response.StatusCode));
    }

    [Fact]
    public async Task Status_AttackerLockedOut_ApplicantElsewhereStillSeesTheirCase()
    {
        var (number, code) = await portal.SubmittedForTests();
        async Task<(Gongkai.Web.Features.Portal.PublicStatus? Status, string? Error)> LookupFrom(string client, string attempt)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>().LookupAsync(number, attempt, client);
        }
        for (var i = 0; i < 8; i++)
        {
            await LookupFrom("198.51.100.7", "AAAA-BBBB-CCCC");
        }
        var (_, attackerError) = await LookupFrom("198.51.100.7", code);
        Assert.Contains("查询错误次数过多", attackerError, StringComparison.Ordinal);
        var (status, error) = await LookupFrom("203.0.113.5", code);
        Assert.Null(error);
        Assert.Equal(number, status!.TrackingNumber);
    }

    [Fact]
    public async Task TrackingNumbers_CarryARandomPart()
    {
        var (first, _) = await portal.SubmittedForTests();
        var (second, _) = await portal.SubmittedForTests();
        Assert.Matches("^CS-\\d{4}-\\d{5}-[A-Z2-9]{4}$", first);
        Assert.NotEqual(first[^4..], second[^4..]);
    }

    [Fact]
    public async Task Submit_SameFormTwice_ReturnsTheSameReceiptAndRegistersOnce()
    {
        await factory.SeedAsync();
        var input = new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "重试测试", "居民身份证", "110105199003071239", "13700000000",
            null, null, null, null, "重复提交的申请", "电子邮件");
        var key = Guid.NewGuid().ToString("N");
        var pdf = TestFiles.Pdf();
        async Task<(Gongkai.Web.Features.Cases.CaseResult<Gongkai.Cases.Cases.ApplicationCase> Result, string? Code)> Send(Gongkai.Web.Features.Cases.RegisterInput i)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>().SubmitAsync(factory.CityId, i, [("证明.pdf", pdf)], key);
        }
        var first = await Send(input);
        var again = await Send(input);
        Assert.True(first.Result.IsOk, first.Result.Message);
        Assert.Equal(first.Result.Value!.TrackingNumber, again.Result.Value!.TrackingNumber);
        Assert.Equal(first.Code, again.Code);
        await using var db = factory.OpenDb();
        Assert.Equal(1, await db.Cases.CountAsync(c => c.Request == "重复提交的申请"));
        Assert.Equal(1, await db.CaseAttachments.CountAsync(a => a.CaseId == first.Result.Value.Id));
        var replay = await Send(input with { Request = "借用已答对的验证题提交的另一份申请" });
        Assert.False(replay.Result.IsOk);
        Assert.Contains("验证题已使用过", replay.Result.Message, StringComparison.Ordinal);
    }

    /// <summary>A .docx of a few hundred KB whose one part inflates to 300 MB.</summary>
    private static byte[] ZipBombDocx()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 300; i++)
            {
                part.Write(chunk);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Submit_WithAZipBombAttachment_IsRefusedAndSavesNothing()
    {
        await factory.SeedAsync();
        var input = new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "炸弹测试", "居民身份证", "110105199003071239", "13700000000",
            null, null, null, null, "附带压缩炸弹的申请", "电子邮件");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var (result, code) = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>()
                .SubmitAsync(factory.CityId, input, [("申请书.docx", ZipBombDocx())], Guid.NewGuid().ToString("N"));
            Assert.False(result.IsOk);
            Assert.Null(code);
            Assert.Contains("附件“申请书.docx”：Word 文档解压后过大", result.Errors!["Files"], StringComparison.Ordinal);
        }
        // Refused as it inflates, well before 300 MB (a generous bound for a busy machine; it takes a fraction of a second).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        await using var db = factory.OpenDb();
        Assert.False(await db.Cases.AnyAsync(c => c.Request == "附带压缩炸弹的申请"));
    }

    [Fact]
    public async Task Submit_CaseAndAttachment_AreOneWrite()
    {
        await factory.SeedAsync();
        var input = new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "附件测试", "居民身份证", "110105199003071239", "13700000000",
            null, null, null, null, "带附件的申请", "电子邮件");
        var pdf = TestFiles.Pdf();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var (result, _) = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>()
                .SubmitAsync(factory.CityId, input, [("身份证明.pdf", pdf)], Guid.NewGuid().ToString("N"));
            Assert.True(result.IsOk, result.Message);
        }
        await using var db = factory.OpenDb();
        var c = await db.Cases.SingleAsync(x => x.Request == "带附件的申请");
        var entries = await db.AuditEntries.Where(e => e.EntityId == c.Id.ToString()).OrderBy(e => e.Sequence).ToListAsync();
        // Registered and attached in one write: the two entries are adjacent in the chain.
        Assert.Equal(["Register", "Attach"], entries.Select(e => e.Action));
        Assert.Equal(entries[0].Sequence + 1, entries[1].Sequence);
    }
}

/// <summary>Online applications are saved in groups (<see cref="Gongkai.Web.Features.Portal.SubmissionQueue"/>).</summary>
public class SubmissionQueueTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    [Fact]
    public async Task ConcurrentSubmissions_GetConsecutiveNumbersAndAnUnbrokenAuditChain()
    {
        await factory.SeedAsync();
        var input = new Gongkai.Web.Features.Cases.RegisterInput("NaturalPerson", "并发测试", "居民身份证", "110105199003071239", "13700000000",
            null, null, null, null, "2025年本市交通违法处罚数量", "电子邮件");
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var portal = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Portal.PortalService>();
            return await portal.SubmitAsync(factory.CityId, input, [], Guid.NewGuid().ToString("N"));
        }));
        Assert.All(results, r => Assert.True(r.Result.IsOk, r.Result.Message));
        var numbers = results.Select(r => int.Parse(r.Result.Value!.TrackingNumber.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(Enumerable.Range(numbers[0], 40), numbers);
        await using var db = factory.OpenDb();
        Assert.Empty(await Gongkai.Data.Audit.AuditChain.Verify(db));
        Assert.Equal(40, await db.AuditEntries.CountAsync(e => e.Action == "Register" && e.UserName == "网上申请"));
    }
}

/// <summary>The attempt counter behind the lookup and sign-in limits, on a clock the test moves.</summary>
public sealed class AttemptCounterTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task TakeAsync_KeepTryingWhileLockedOut_StaysLockedOut_WaitingTheWindowAllowsAgain()
    {
        await factory.SeedAsync();
        await using var db = factory.OpenDb();
        var clock = new ManualClock();
        var counter = new Gongkai.Web.Infrastructure.AttemptCounter(db, clock);
        var key = "test:" + Guid.NewGuid().ToString("N");
        var window = TimeSpan.FromMinutes(15);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await counter.TakeAsync(key, 3, window));
        }
        Assert.False(await counter.TakeAsync(key, 3, window));
        clock.Now += TimeSpan.FromMinutes(10);
        Assert.False(await counter.TakeAsync(key, 3, window)); // tried again while locked out: the window starts again
        clock.Now += TimeSpan.FromMinutes(10);
        Assert.False(await counter.TakeAsync(key, 3, window)); // 20 minutes after the first lock-out, still out
        clock.Now += TimeSpan.FromMinutes(16);
        Assert.True(await counter.TakeAsync(key, 3, window));  // waited a whole window
    }
}
