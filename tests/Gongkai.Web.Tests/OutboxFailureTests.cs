using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>Messages are never lost: without settings they wait as 未发送; a server that is down makes them retry, then fail visibly; resending sends them.</summary>
public sealed class OutboxFailureTests
{
    private static async Task<OutboxMessage> WaitAsync(GongkaiFactory factory, Guid caseId, Func<OutboxMessage, bool> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var db = factory.OpenDb();
            var m = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(x => x.CaseId == caseId && x.Channel == MessageChannel.Email && x.Kind == "Receipt");
            if (m is not null && done(m))
            {
                return m;
            }
            Assert.True(watch.Elapsed < BrowserFixture.Patience, $"{what}: the message is {m?.State.ToString() ?? "absent"} after {m?.Attempts} tries ({m?.LastError})");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task WithoutMailSettings_TheMessageIsKeptAsUnsent_AndResendingSaysWhatIsMissing()
    {
        await using var factory = new GongkaiFactory();
        var handler = await factory.ApiAs("handler");
        var c = await Api.Register(handler);
        var id = c.GetProperty("id").GetGuid();
        var m = await WaitAsync(factory, id, x => x.State == MessageState.NotConfigured, "not configured");
        Assert.Contains("Gongkai:Smtp:Host", m.LastError);
        var admin = await factory.ApiAs("administrator");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/outbox");
        Assert.Contains("不发送", list.GetProperty("channels")[0].GetString());
        var resend = await admin.PostAsync($"/api/outbox/{m.Id}/resend", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resend.StatusCode);
        Assert.Contains("未设置邮件服务器", await resend.Content.ReadAsStringAsync());
        // The case page says so too.
        var page = await (await PageClient.SignedIn(factory, "handler")).GetStringAsync($"/Cases/Details/{id}");
        Assert.Contains("未发送", page);
        Assert.Contains("未设置邮件服务器", page);
    }

    [Fact]
    public async Task MailServerDown_TheMessageRetriesThenFails_AndAResendAfterItIsBackSendsItOnce()
    {
        var port = SmtpSink.FreePort();
        await using var factory = new GongkaiFactory();
        foreach (var (k, v) in SmtpSink.Settings(port))
        {
            factory.Settings[k] = v;
        }
        factory.Settings["Gongkai:Outbox:RetrySeconds"] = "0.2";
        factory.Settings["Gongkai:Outbox:MaxAttempts"] = "3";
        var handler = await factory.ApiAs("handler");
        var c = await Api.Register(handler);
        var id = c.GetProperty("id").GetGuid();
        var failed = await WaitAsync(factory, id, x => x.State == MessageState.Failed, "failed");
        Assert.Equal(3, failed.Attempts);
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        var admin = await factory.ApiAs("administrator");
        var failures = await admin.GetFromJsonAsync<JsonElement>("/api/outbox?state=Failed");
        Assert.Contains(failures.GetProperty("messages").EnumerateArray(), x => x.GetProperty("id").GetGuid() == failed.Id && x.GetProperty("resendable").GetBoolean());

        using var smtp = SmtpSink.Start(port);
        var resend = await admin.PostAsync($"/api/outbox/{failed.Id}/resend", null);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        await smtp.WaitForAsync("zhangsan@example.com", c.GetProperty("trackingNumber").GetString()!);
        await WaitAsync(factory, id, x => x.State == MessageState.Sent, "sent after resend");
        Assert.Single(smtp.Messages());
        await using var db = factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "ResendMessage" && e.EntityId == id.ToString()));
    }
}

/// <summary>Two instances over one database (behind a load balancer) share the outbox: each message goes once.</summary>
public sealed class OutboxInstancesTests
{
    [Fact]
    public async Task TwoInstancesSending_EachMessageGoesExactlyOnce()
    {
        using var smtp = SmtpSink.Start();
        await using var first = new GongkaiFactory();
        foreach (var (k, v) in SmtpSink.Settings(smtp.Port))
        {
            first.Settings[k] = v;
        }
        first.Settings["Gongkai:Outbox:PollSeconds"] = "0.05";
        var handler = await first.ApiAs("handler");
        await using var second = GongkaiFactory.SecondInstance(first);
        foreach (var (k, v) in first.Settings)
        {
            second.Settings[k] = v;
        }
        _ = second.Services; // started: its sender polls the same outbox
        var numbers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            numbers.Add((await Api.Register(handler)).GetProperty("trackingNumber").GetString()!);
        }
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var db = first.OpenDb();
            if (await db.Outbox.CountAsync(m => m.Kind == "Receipt" && m.Channel == MessageChannel.Email && m.State == MessageState.Sent) == numbers.Count)
            {
                break;
            }
            Assert.True(watch.Elapsed < BrowserFixture.Patience, "not every receipt was sent");
            await Task.Delay(100);
        }
        var received = smtp.Messages();
        foreach (var number in numbers)
        {
            Assert.Single(received, m => (m.Subject ?? "").Contains(number, StringComparison.Ordinal));
        }
    }
}
