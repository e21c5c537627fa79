using System.Text;
using Gongkai.Data.Messages;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gongkai.Web.Features.Messages;

/// <summary>A file sent with a message: the issued letter as PDF (or Word when no PDF can be made).</summary>
public sealed record MessageFile(string Name, string ContentType, byte[] Content);

/// <summary>Hands one message to its channel; returns what the server answered, or throws with the reason.</summary>
public interface IMessageChannel
{
    Task<string> SendAsync(OutboxMessage message, IReadOnlyList<MessageFile> files, CancellationToken ct);
}

/// <summary>
/// E-mail through the agency's SMTP server (MailKit); STARTTLS, or TLS from the start on port 465, when
/// <see cref="SmtpSettings.UseTls"/>. One connection serves a whole batch (the channel lives for one round of the
/// sender); a failed send drops it, and the next message connects again.
/// </summary>
public sealed class EmailChannel(SmtpSettings settings) : IMessageChannel, IAsyncDisposable
{
    private SmtpClient? client;

    public async Task<string> SendAsync(OutboxMessage message, IReadOnlyList<MessageFile> files, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From!));
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        mail.Subject = message.Subject;
        // The outbox id as Message-ID: a message sent again after a crash between acceptance and the record is recognisably the same.
        mail.MessageId = $"{message.Id:N}@gongkai";
        var body = new BodyBuilder { TextBody = message.Body };
        foreach (var file in files)
        {
            body.Attachments.Add(file.Name, file.Content, ContentType.Parse(file.ContentType));
        }
        mail.Body = body.ToMessageBody();
        try
        {
            var smtp = await ConnectedAsync(ct);
            var reply = await smtp.SendAsync(mail, ct);
            return string.IsNullOrWhiteSpace(reply) ? "250 已接收" : reply.Trim();
        }
        catch
        {
            await DropAsync();
            throw;
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken ct)
    {
        if (client is { IsConnected: true })
        {
            return client;
        }
        client?.Dispose();
        client = new SmtpClient { Timeout = 60_000 };
        var security = !settings.UseTls ? SecureSocketOptions.None : settings.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(settings.Host!, settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.User))
        {
            await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
        }
        return client;
    }

    private async Task DropAsync()
    {
        if (client is null)
        {
            return;
        }
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
        {
            // The connection is gone either way.
        }
        client.Dispose();
        client = null;
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}

/// <summary>
/// Text messages through an HTTP gateway: the configured body with {手机号} and {内容} filled (escaped for JSON when the
/// body is JSON), a secret header if set. Any 2xx answer counts as accepted.
/// </summary>
public sealed class SmsChannel(SmsSettings settings, IHttpClientFactory http) : IMessageChannel
{
    public async Task<string> SendAsync(OutboxMessage message, IReadOnlyList<MessageFile> files, CancellationToken ct)
    {
        var json = settings.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        string Escape(string s) => json ? System.Text.Json.JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()
            : Uri.EscapeDataString(s);
        var body = settings.Body.Replace("{手机号}", Escape(message.Recipient), StringComparison.Ordinal).Replace("{内容}", Escape(message.Body), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(settings.Method), settings.Url);
        if (settings.Method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, settings.ContentType);
        }
        if (!string.IsNullOrEmpty(settings.SecretHeader))
        {
            request.Headers.TryAddWithoutValidation(settings.SecretHeader, settings.Secret ?? "");
        }
        using var client = http.CreateClient("sms");
        client.Timeout = TimeSpan.FromSeconds(30);
        using var response = await client.SendAsync(request, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        answer = answer.Length > 200 ? answer[..200] : answer;
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"短信网关返回 {(int)response.StatusCode}：{answer}");
        }
        return $"{(int)response.StatusCode} {answer}".Trim();
    }
}
