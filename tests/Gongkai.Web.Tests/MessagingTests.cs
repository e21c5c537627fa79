using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Gongkai.Data.Documents;
using Gongkai.Data.Messages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>A Gongkai server wired to a real SMTP server and an SMS gateway (an HTTP listener) on 127.0.0.1.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public SmsGateway Sms { get; } = new();

    public GongkaiFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        foreach (var (k, v) in SmtpSink.Settings(Smtp.Port))
        {
            Factory.Settings[k] = v;
        }
        Factory.Settings["Gongkai:Sms:Url"] = Sms.Url;
        Factory.Settings["Gongkai:Sms:SecretHeader"] = "X-Gateway-Key";
        Factory.Settings["Gongkai:Sms:Secret"] = "k-123";
        Factory.Settings["Gongkai:PublicUrl"] = "https://gk.example.gov.cn";
        return Factory.SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Smtp.Dispose();
        Sms.Dispose();
    }
}

/// <summary>A stand-in SMS gateway that is a real HTTP server: it keeps every request's body and secret header.</summary>
public sealed class SmsGateway : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<(string Body, string? Secret)> received = [];

    public string Url { get; }

    public SmsGateway()
    {
        var port = SmtpSink.FreePort();
        Url = $"http://127.0.0.1:{port}/sms/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    using var reader = new StreamReader(context.Request.InputStream);
                    var body = await reader.ReadToEndAsync();
                    lock (received)
                    {
                        received.Add((body, context.Request.Headers["X-Gateway-Key"]));
                    }
                    context.Response.StatusCode = 200;
                    await context.Response.OutputStream.WriteAsync("{\"code\":0}"u8.ToArray());
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    public IReadOnlyList<(string Body, string? Secret)> Received
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public void Dispose() => listener.Close();
}

/// <summary>
/// The applicant is told: the receipt, the 补正 notice and the answer by e-mail through a real SMTP server and by text; the
/// 送达 recorded; the 补正 answered online on /status with the clock restarting; a withdrawal online; failures kept and resent.
/// </summary>
public partial class MessagingTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private GongkaiFactory Factory => fixture.Factory;

    private HttpClient Browser() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    /// <summary>Applies online with an e-mail address; returns the tracking number, code and case id.</summary>
    private async Task<(string Number, string Code, Guid Id)> ApplyOnline(string email)
    {
        var browser = Browser();
        var form = await browser.GetStringAsync("/apply");
        var q = PageClient.Question().Match(form);
        var response = await browser.PostAsync("/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageClient.Token(form), ["ChallengeToken"] = PageClient.ChallengeToken().Match(form).Groups[1].Value,
            ["Answer"] = (int.Parse(q.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(q.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgencyId"] = Factory.CityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Category"] = "NaturalPerson", ["Name"] = "钱七", ["IdType"] = "居民身份证", ["IdNumber"] = "110105199003071239",
            ["Phone"] = "13712345678", ["Email"] = email, ["Request"] = "2025年本市交通违法处罚数量", ["DeliveryForm"] = "电子邮件",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = PageClient.TrackingNumber().Match(html).Groups[1].Value;
        await using var db = Factory.OpenDb();
        var id = await db.Cases.Where(c => c.TrackingNumber == number).Select(c => c.Id).SingleAsync();
        return (number, PageClient.QueryCode().Match(html).Groups[1].Value, id);
    }

    /// <summary>Posts the status form with a handler and further fields (and files, as multipart).</summary>
    private async Task<(HttpResponseMessage Response, string Html)> Status(string number, string code, string handler = "", Dictionary<string, string>? fields = null,
        IReadOnlyList<(string Name, byte[] Content)>? files = null)
    {
        var browser = Browser();
        var page = await browser.GetStringAsync("/status");
        var all = new Dictionary<string, string> { ["__RequestVerificationToken"] = PageClient.Token(page), ["TrackingNumber"] = number, ["Code"] = code };
        foreach (var (k, v) in fields ?? [])
        {
            all[k] = v;
        }
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in all)
        {
            content.Add(new StringContent(v), k);
        }
        foreach (var (name, bytes) in files ?? [])
        {
            content.Add(new ByteArrayContent(bytes), "ReplyFiles", name);
        }
        var response = await browser.PostAsync("/status" + (handler.Length > 0 ? "?handler=" + handler : ""), content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Case(HttpClient staff, Guid id) => await staff.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    private static async Task<JsonElement> Issue(HttpClient staff, Guid id, string kind)
    {
        var response = await staff.PostAsJsonAsync($"/api/cases/{id}/documents/{kind}", new { });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<OutboxMessage> WaitForStateAsync(Guid caseId, string kind, MessageChannel channel, MessageState state)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var db = Factory.OpenDb();
            var m = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(x => x.CaseId == caseId && x.Kind == kind && x.Channel == channel);
            if (m?.State == state)
            {
                return m;
            }
            Assert.True(watch.Elapsed < BrowserFixture.Patience, $"message {kind}/{channel} is {m?.State.ToString() ?? "absent"}, not {state}: {m?.LastError}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task OnlineApplication_WithAnEmailAddress_GetsTheReceiptByEmailAndText()
    {
        var (number, _, id) = await ApplyOnline("qian7@example.com");
        var mail = await fixture.Smtp.WaitForAsync("qian7@example.com", number);
        Assert.Equal("gongkai@gk.example.gov.cn", mail.From.Mailboxes.Single().Address);
        Assert.Contains("测试市公安局", mail.TextBody);
        Assert.Contains("https://gk.example.gov.cn/status", mail.TextBody);
        var sent = await WaitForStateAsync(id, "Receipt", MessageChannel.Email, MessageState.Sent);
        Assert.Contains("queued as sink-", sent.ServerReply);
        var sms = await WaitForStateAsync(id, "Receipt", MessageChannel.Sms, MessageState.Sent);
        var text = fixture.Sms.Received.Single(r => r.Body.Contains(number, StringComparison.Ordinal));
        Assert.Equal("k-123", text.Secret);
        Assert.Contains("13712345678", text.Body);
        // Nothing personal beyond the tracking number: not the name, not the ID number.
        Assert.DoesNotContain("钱七", text.Body);
        Assert.DoesNotContain("110105", text.Body);
        Assert.Equal("13712345678", sms.Recipient);
    }

    [Fact]
    public async Task CorrectionNotice_IsEmailedWithTheLetter_DeliveredByEmail_AndTheStatusPageListsIt()
    {
        var (number, code, id) = await ApplyOnline("bz@example.com");
        var handler = await Factory.ApiAs("handler");
        var c = await Case(handler, id);
        c = await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明所需信息的时间范围", workingDays = 10 });
        var letter = await Issue(handler, id, "CorrectionNotice");
        var mail = await fixture.Smtp.WaitForAsync("bz@example.com", letter.GetProperty("number").GetString()!);
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.StartsWith(letter.GetProperty("number").GetString()!, attachment.FileName);
        Assert.Contains("在线提交补正", mail.TextBody);
        await WaitForStateAsync(id, "CorrectionNotice", MessageChannel.Email, MessageState.Sent);
        // The mail server's acceptance is the 送达 by e-mail, recorded by the system, and the 补正 period counts from it.
        var deliveries = await WaitForDeliveriesAsync(handler, id, 1);
        Assert.Equal("Email", deliveries[0].GetProperty("method").GetString());
        Assert.Equal("系统", deliveries[0].GetProperty("recordedBy").GetString());
        var (_, html) = await Status(number, code);
        Assert.Contains("政府信息公开申请补正告知书", html);
        Assert.Contains("电子邮件送达", html);
        Assert.Contains("提交补正", html);
        Assert.Contains("补正告知书送达之日起计算", (await handler.GetStringAsync($"/api/cases/{id}")));
    }

    private async Task<JsonElement[]> WaitForDeliveriesAsync(HttpClient staff, Guid id, int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var list = (await staff.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/deliveries")).EnumerateArray().ToArray();
            if (list.Length >= count || watch.Elapsed > BrowserFixture.Patience)
            {
                Assert.True(list.Length >= count, $"{list.Length} deliveries recorded, expected {count}");
                return list;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task CorrectionReply_Online_RestartsTheClockOnceAndTellsBoth()
    {
        var (number, code, id) = await ApplyOnline("reply@example.com");
        var handler = await Factory.ApiAs("handler");
        var c = await Case(handler, id);
        c = await Api.ActOk(handler, c, CaseAction.Accept);
        c = await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明所需信息的时间范围", workingDays = 10 });
        var pdf = TestFiles.Pdf("补正说明");
        var (response, html) = await Status(number, code, "Correction", new() { ["ReplyText"] = "所需信息的时间范围为2025年1月至6月" }, [("补正说明.pdf", pdf)]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, Regex.Match(html, "id=\"status-error\">([^<]*)<").Groups[1].Value + Regex.Match(html, "class=\"error\" id=\"[^\"]+\">([^<]+)<").Groups[1].Value);
        Assert.Contains("补正已收到", html);
        Assert.Contains("补正说明.pdf", html);
        c = await Case(handler, id);
        Assert.Equal("InProgress", c.GetProperty("state").GetString());
        // The answer period runs 20 working days from the day the 补正 arrived (条例 第三十条、第三十三条).
        using (var scope = Factory.Services.CreateScope())
        {
            var calendar = await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.Calendar.CalendarService>().CurrentAsync();
            Assert.Equal(calendar.AddWorkingDays(Api.Today, 20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), c.GetProperty("dueOn").GetString());
        }
        await using (var db = Factory.OpenDb())
        {
            var attachment = await db.CaseAttachments.AsNoTracking().SingleAsync(a => a.CaseId == id && a.FileName == "补正说明.pdf");
            Assert.Equal("申请人（在线）", attachment.UploadedBy);
            Assert.Contains(await db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id.ToString()).Select(e => e.Action).ToListAsync(), a => a == "ReceiveCorrection");
        }
        await fixture.Smtp.WaitForAsync("reply@example.com", "补正已收到");
        // Once per notice: the same form again is refused and changes nothing.
        var (again, againHtml) = await Status(number, code, "Correction", new() { ["ReplyText"] = "再补充一点" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("当前不需要补正", againHtml);
        await using (var db = Factory.OpenDb())
        {
            Assert.Equal(1, await db.CorrectionReplies.CountAsync(r => r.CaseId == id));
        }
        // The handler's work list shows the case with its new deadline at once.
        var work = await handler.GetStringAsync("/api/worklist");
        Assert.Contains(number, work);
    }

    [Fact]
    public async Task CorrectionReply_WithAForbiddenFile_IsRefusedKeepsTheTextAndChangesNothing()
    {
        var (number, code, id) = await ApplyOnline("reply2@example.com");
        var handler = await Factory.ApiAs("handler");
        var c = await Case(handler, id);
        await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(0), text = "请写明所需信息的时间范围", workingDays = 10 });
        var (response, html) = await Status(number, code, "Correction", new() { ["ReplyText"] = "时间范围为2025年全年" }, [("说明.exe", "MZ..."u8.ToArray())]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("时间范围为2025年全年", html);
        Assert.Contains("补正内容已保留", html);
        Assert.Equal("AwaitingCorrection", (await Case(handler, id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Withdraw_Online_ClosesTheCaseAsWithdrawnAndConfirmsByEmail()
    {
        var (number, code, id) = await ApplyOnline("wd@example.com");
        var (unconfirmed, unconfirmedHtml) = await Status(number, code, "Withdraw", new() { ["WithdrawReason"] = "已在别处获得" });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("我确认撤回本申请", unconfirmedHtml);
        var (response, html) = await Status(number, code, "Withdraw", new() { ["WithdrawReason"] = "已在别处获得", ["ConfirmWithdraw"] = "true" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已撤回", html);
        var handler = await Factory.ApiAs("handler");
        Assert.Equal("Withdrawn", (await Case(handler, id)).GetProperty("state").GetString());
        await using (var db = Factory.OpenDb())
        {
            var entry = await db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id.ToString() && e.Action == "Withdraw").SingleAsync();
            Assert.Equal("申请人（在线）", entry.UserName);
            Assert.Contains("已在别处获得", entry.Summary);
        }
        await fixture.Smtp.WaitForAsync("wd@example.com", "已撤回");
        var (_, after) = await Status(number, code);
        Assert.DoesNotContain("id=\"withdraw\"", after);
    }

    [Fact]
    public async Task PostedDelivery_WithItsEmsNumber_MovesTheCorrectionPeriod_WithoutANumberIsRefused()
    {
        var handler = await Factory.ApiAs("handler");
        var c = await Api.Register(handler, Api.Registration(receivedOn: Api.Today.AddDays(-3)) );
        var id = c.GetProperty("id").GetGuid();
        c = await Api.ActOk(handler, c, CaseAction.RequestCorrection, new { date = Api.Day(-3), text = "请写明所需信息的时间范围", workingDays = 5 });
        Assert.Contains("送达日期未登记", c.GetProperty("deadlineExplanation").ToString());
        DateOnly? before;
        await using (var db = Factory.OpenDb())
        {
            before = await db.Cases.Where(x => x.Id == id).Select(x => x.WaitsUntil).SingleAsync();
        }
        var letter = await Issue(handler, id, "CorrectionNotice");
        var documentId = letter.GetProperty("id").GetGuid();
        var refused = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/{documentId}/deliveries", new { method = "Post", deliveredOn = Api.Day(0) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("邮件号码", await refused.Content.ReadAsStringAsync());
        var recorded = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/{documentId}/deliveries", new { method = "Post", deliveredOn = Api.Day(0), postalNumber = "ea123456789cn" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var deliveries = await handler.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/deliveries");
        Assert.Contains(deliveries.EnumerateArray(), d => d.GetProperty("postalNumber").GetString() == "EA123456789CN" && d.GetProperty("method").GetString() == "Post");
        Assert.Contains($"{Api.Today.Year}年{Api.Today.Month}月{Api.Today.Day}日补正告知书送达之日起计算", (await Case(handler, id)).GetProperty("deadlineExplanation").ToString());
        await using (var db = Factory.OpenDb())
        {
            var after = await db.Cases.Where(x => x.Id == id).Select(x => x.WaitsUntil).SingleAsync();
            Assert.True(after > before, $"period end {before} → {after}");
        }
    }

    [Fact]
    public async Task Outbox_IsForAdministratorsOfTheAgency_AndSaysHowTheChannelsAreSet()
    {
        var (_, _, id) = await ApplyOnline("list@example.com");
        await WaitForStateAsync(id, "Receipt", MessageChannel.Email, MessageState.Sent);
        var admin = await Factory.ApiAs("administrator");
        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/outbox?caseId={id}");
        Assert.Contains("127.0.0.1", list.GetProperty("channels")[0].GetString());
        Assert.Contains(list.GetProperty("messages").EnumerateArray(), m => m.GetProperty("state").GetString() == "Sent" && m.GetProperty("recipient").GetString() == "list@example.com");
        var other = await Factory.ApiAs("other-administrator");
        var otherList = await other.GetFromJsonAsync<JsonElement>($"/api/outbox?caseId={id}");
        Assert.Empty(otherList.GetProperty("messages").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Factory.ApiAs("handler")).GetAsync("/api/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/outbox?state=Lost")).StatusCode);
        var page = await (await PageClient.SignedIn(Factory, "administrator")).GetStringAsync("/Admin/Outbox");
        Assert.Contains("list@example.com", page);
    }

    [Fact]
    public async Task OnlineReceipt_IsListedFromTheStart_NumberedOnTheFirstDownload_AndRecordedAsDeliveredOnline()
    {
        var (number, code, id) = await ApplyOnline("rc@example.com");
        var (_, html) = await Status(number, code);
        Assert.Contains("政府信息公开申请受理回执", html);
        Assert.Contains("下载时生成文号", html);
        var (download, _) = await Status(number, code, "Document", new() { ["documentId"] = Guid.Empty.ToString(), ["format"] = "docx" });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Content.Headers.ContentType?.MediaType);
        var (_, after) = await Status(number, code);
        Assert.DoesNotContain("下载时生成文号", after);
        Assert.Contains("〕受", Regex.Match(after, "<td data-label=\"文号\">([^<]*〔[^<]*)</td>").Groups[1].Value);
        Assert.Contains("在线送达", after);
        await using var db = Factory.OpenDb();
        Assert.Equal(1, await db.CaseDocuments.CountAsync(d => d.CaseId == id && d.Kind == "Receipt"));
        // A second download neither issues another receipt nor records another delivery.
        await Status(number, code, "Document", new() { ["documentId"] = Guid.Empty.ToString(), ["format"] = "docx" });
        Assert.Equal(1, await db.CaseDocuments.CountAsync(d => d.CaseId == id && d.Kind == "Receipt"));
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.CaseId == id));
    }

    [Fact]
    public async Task StatusPage_AnotherCasesDocument_IsNotServed()
    {
        var (numberA, codeA, _) = await ApplyOnline("a@example.com");
        var handler = await Factory.ApiAs("handler");
        var other = await Api.Register(handler);
        var letter = await Issue(handler, other.GetProperty("id").GetGuid(), "Receipt");
        var (response, html) = await Status(numberA, codeA, "Document", new() { ["documentId"] = letter.GetProperty("id").GetString()!, ["format"] = "docx" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("找不到该文书", html);
    }

    [Fact]
    public async Task AgencyTemplate_ChangesTheNextMessage_AndUnknownFieldsOrLongTextsAreRefused()
    {
        var admin = await Factory.ApiAs("administrator");
        var bad = await admin.PutAsJsonAsync("/api/message-templates/Receipt", new { subject = "收到{受理号}", body = "正文" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("未知字段“{受理号}”", await bad.Content.ReadAsStringAsync());
        var emptyField = await admin.PutAsJsonAsync("/api/message-templates/Receipt", new { subject = "收到", body = "补正回执编号：{回执编号}" });
        Assert.Equal(HttpStatusCode.BadRequest, emptyField.StatusCode);
        Assert.Contains("“{回执编号}”在这种消息中没有内容", await emptyField.Content.ReadAsStringAsync());
        var personal = await admin.PutAsJsonAsync("/api/message-templates/Receipt.Sms", new { body = "{申请人}您好，受理编号{受理编号}" });
        Assert.Equal(HttpStatusCode.BadRequest, personal.StatusCode);
        Assert.Contains("短信不能使用“{申请人}”", await personal.Content.ReadAsStringAsync());
        var longSms = await admin.PutAsJsonAsync("/api/message-templates/Receipt.Sms", new { body = new string('长', 141) });
        Assert.Equal(HttpStatusCode.BadRequest, longSms.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Factory.ApiAs("handler")).PutAsJsonAsync("/api/message-templates/Receipt", new { subject = "x", body = "y" })).StatusCode);
        var saved = await admin.PutAsJsonAsync("/api/message-templates/Receipt", new { subject = "测试市公安局已收到您的申请 {受理编号}", body = "{申请人}您好，受理编号{受理编号}。" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        try
        {
            var (number, _, _) = await ApplyOnline("tpl@example.com");
            var mail = await fixture.Smtp.WaitForAsync("tpl@example.com", "测试市公安局已收到您的申请 " + number);
            Assert.Equal($"钱七您好，受理编号{number}。", mail.TextBody?.Trim());
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/api/message-templates/Receipt")).StatusCode);
        }
        var page = await (await PageClient.SignedIn(Factory, "administrator")).GetStringAsync("/Admin/MessageTemplates?Key=Receipt.Sms");
        Assert.Contains("短信内容", page);
    }

    [Fact]
    public async Task CounterRegistration_WithAnEmailAddress_IsNotSentToLookUpAQueryCodeItNeverGot()
    {
        var registrar = await Factory.ApiAs("registrar");
        var c = await Api.Register(registrar, Api.Registration() is var r ? new Dictionary<string, object?>(((object)r).GetType().GetProperties().Select(p => KeyValuePair.Create(p.Name, p.GetValue(r))))
        {
            ["email"] = "counter@example.com", ["channel"] = "InPerson",
        } : null);
        var mail = await fixture.Smtp.WaitForAsync("counter@example.com", c.GetProperty("trackingNumber").GetString()!);
        Assert.DoesNotContain("查询码", mail.TextBody);
        Assert.Contains("请与本机关政府信息公开工作机构联系", mail.TextBody);
    }

    [Fact]
    public async Task ApplyForm_SaysAnEmailAddressServesTheLetters_BeforeItIsGiven()
    {
        var form = await Browser().GetStringAsync("/apply");
        Assert.Contains("aria-describedby=\"Email-help Email-error\"", form);
        Assert.Contains("邮件服务器接收之日记为送达日期", form);
    }
}
