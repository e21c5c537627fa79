using Gongkai.Data;
using Gongkai.Data.Documents;
using Gongkai.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Messages;

/// <summary>
/// Sends what the outbox holds, oldest first, on every instance: each message is leased before it is sent (a conditional
/// update only one instance wins), so several instances share the work and none sends a message another holds. A failure
/// is retried with back-off (<see cref="OutboxSettings.RetryAfter"/>) and after the last try kept as 发送失败, visible on
/// the case and the outbox page until someone resends it. A message the server accepted is marked at once; a kill
/// between the two (milliseconds) would send it again with the same Message-ID.
/// </summary>
public sealed class OutboxSender(IServiceScopeFactory scopes, OutboxSettings settings, TimeProvider clock, ILogger<OutboxSender> log) : BackgroundService
{
    /// <summary>How long one instance holds a message it is sending; after that another may try (the first one died).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const int Batch = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            log.LogInformation("消息发送已停用（Gongkai:Outbox:Enabled=false），消息保留在发件箱中");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database being prepared or briefly unavailable: the messages wait in it.
                log.LogWarning(e, "发件箱处理失败，稍后重试");
            }
            if (sent < Batch)
            {
                await Task.Delay(settings.Poll, clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends every message due now (up to one batch); returns how many were handed to a channel.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.State == MessageState.Pending && m.NextAttemptAt <= now && m.LeaseUntil <= now)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        var handled = 0;
        foreach (var id in due)
        {
            var until = clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
            var taken = await db.Outbox.Where(m => m.Id == id && m.State == MessageState.Pending && m.LeaseUntil <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, until), ct);
            if (taken == 1)
            {
                await SendOneAsync(scope.ServiceProvider, id, ct);
                handled++;
            }
        }
        return handled;
    }

    private async Task SendOneAsync(IServiceProvider services, Guid id, CancellationToken ct)
    {
        var db = services.GetRequiredService<GongkaiDbContext>();
        db.ChangeTracker.Clear();
        var message = await db.Outbox.SingleAsync(m => m.Id == id, ct);
        IMessageChannel channel = message.Channel == MessageChannel.Email ? services.GetRequiredService<EmailChannel>() : services.GetRequiredService<SmsChannel>();
        string reply;
        try
        {
            var file = message.DocumentId is { } documentId ? await LetterFileAsync(services, documentId, ct) : null;
            reply = await channel.SendAsync(message, file, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            message.Attempts++;
            message.LastError = Describe(e);
            message.LeaseUntil = 0;
            if (message.Attempts >= settings.MaxAttempts)
            {
                message.State = MessageState.Failed;
                log.LogWarning("消息 {Id}（{Kind}，{Channel}）{Attempts} 次发送均失败：{Error}", message.Id, message.Kind, message.Channel, message.Attempts, message.LastError);
            }
            else
            {
                message.NextAttemptAt = clock.GetUtcNow().Add(settings.RetryAfter(message.Attempts)).ToUnixTimeMilliseconds();
            }
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }
        message.Attempts++;
        message.State = MessageState.Sent;
        message.SentAt = clock.GetUtcNow();
        message.ServerReply = reply.Length > 500 ? reply[..500] : reply;
        message.LastError = null;
        message.LeaseUntil = 0;
        await db.SaveChangesAsync(CancellationToken.None);
        if (message.Channel == MessageChannel.Email && message.DocumentId is { } delivered && message.CaseId is { } caseId)
        {
            // 送达 by e-mail: the day the applicant's mail server was handed the letter, recorded as the system's.
            await services.GetRequiredService<Documents.DeliveryService>().RecordBySystemAsync(caseId, delivered, DeliveryMethod.Email,
                $"发送至{message.Recipient}，邮件服务器已接收（{message.ServerReply}）", CancellationToken.None);
        }
    }

    private static async Task<MessageFile?> LetterFileAsync(IServiceProvider services, Guid documentId, CancellationToken ct)
    {
        var documents = services.GetRequiredService<Documents.DocumentService>();
        var db = services.GetRequiredService<GongkaiDbContext>();
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, ct);
        if (document is null)
        {
            return null;
        }
        var file = await documents.FileAsync(document, "pdf", ct);
        // Without a PDF converter the applicant still gets the letter, as Word.
        var letter = file.Value ?? (await documents.FileAsync(document, "docx", ct)).Value!;
        return new MessageFile(letter.FileName, letter.ContentType, letter.Bytes);
    }

    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        return text.Length > 2000 ? text[..2000] : text;
    }
}
