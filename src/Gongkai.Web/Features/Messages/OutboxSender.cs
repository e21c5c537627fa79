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

    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            log.LogInformation("消息发送已停用（Gongkai:Outbox:Enabled=false），消息保留在发件箱中");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database being prepared or briefly unavailable: the messages wait in it.
                log.LogWarning(e, "发件箱处理失败，稍后重试");
            }
            // A pause after every round, full or not: at most one batch per poll interval (50 every 2 s by default, far
            // above an agency's mail), so a backlog drains steadily without taking the cores the applicants' requests need.
            await Task.Delay(settings.Poll, clock, stoppingToken);
        }
    }

    /// <summary>
    /// Sends every message due now, up to one batch: claimed by one update (the lease token tells whose they are), handed
    /// to their channels one after another over one connection each, and marked in one write — two commits a batch,
    /// so sending does not queue behind the applications for the database's write lock. Returns how many were claimed.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<GongkaiDbContext>();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.State == MessageState.Pending && m.NextAttemptAt <= now && m.LeaseUntil <= now)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        var token = Guid.NewGuid();
        var until = clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
        // Only rows still free are taken: another instance that claimed some of them first keeps those.
        await db.Outbox.Where(m => due.Contains(m.Id) && m.State == MessageState.Pending && m.LeaseUntil <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, until).SetProperty(m => m.LeaseToken, token), ct);
        var claimed = await db.Outbox.Where(m => m.LeaseToken == token).OrderBy(m => m.NextAttemptAt).ToListAsync(ct);
        var delivered = new List<OutboxMessage>();
        foreach (var message in claimed)
        {
            IMessageChannel channel = message.Channel == MessageChannel.Email ? services.GetRequiredService<EmailChannel>() : services.GetRequiredService<SmsChannel>();
            message.Attempts++;
            message.LeaseUntil = 0;
            message.LeaseToken = null;
            try
            {
                var files = message.DocumentId is { } documentId && message.Channel == MessageChannel.Email ? await FilesAsync(services, documentId, ct) : [];
                var reply = await channel.SendAsync(message, files, ct);
                message.State = MessageState.Sent;
                message.SentAt = clock.GetUtcNow();
                message.ServerReply = reply.Length > 500 ? reply[..500] : reply;
                message.LastError = null;
                delivered.Add(message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                message.LastError = Describe(e);
                if (message.Attempts >= settings.MaxAttempts)
                {
                    message.State = MessageState.Failed;
                    log.LogWarning("消息 {Id}（{Kind}，{Channel}）{Attempts} 次发送均失败：{Error}", message.Id, message.Kind, message.Channel, message.Attempts, message.LastError);
                }
                else
                {
                    message.NextAttemptAt = clock.GetUtcNow().Add(settings.RetryAfter(message.Attempts)).ToUnixTimeMilliseconds();
                }
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var message in delivered.Where(m => m.Channel == MessageChannel.Email && m.DocumentId is not null && m.CaseId is not null))
        {
            // 送达 by e-mail: the day the applicant's mail server was handed the letter, recorded as the system's.
            await services.GetRequiredService<Documents.DeliveryService>().RecordBySystemAsync(message.CaseId!.Value, message.DocumentId!.Value, DeliveryMethod.Email,
                $"发送至{message.Recipient}，邮件服务器已接收（{message.ServerReply}）", CancellationToken.None);
        }
        return claimed.Count;
    }

    /// <summary>Mail servers commonly refuse messages over 20–25 MB: released files beyond this stay on the status page only.</summary>
    public const long MaxAttachedBytes = 20L * 1024 * 1024;

    /// <summary>
    /// The letter (PDF, or Word when no PDF can be made) and, with an answer, the information released with it (“见附件”)
    /// while they fit in one message; the letter's 附件说明 names them, and /status offers them all.
    /// </summary>
    private static async Task<IReadOnlyList<MessageFile>> FilesAsync(IServiceProvider services, Guid documentId, CancellationToken ct)
    {
        var documents = services.GetRequiredService<Documents.DocumentService>();
        var db = services.GetRequiredService<GongkaiDbContext>();
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, ct);
        if (document is null)
        {
            return [];
        }
        var file = await documents.FileAsync(document, "pdf", ct);
        var letter = file.Value ?? (await documents.FileAsync(document, "docx", ct)).Value!;
        var files = new List<MessageFile> { new(letter.FileName, letter.ContentType, letter.Bytes) };
        if (document.Kind == nameof(Gongkai.Documents.Letters.LetterKind.Answer))
        {
            var released = await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == document.CaseId && a.ForApplicant && a.WithdrawnAt == null)
                .Select(a => new { a.FileName, a.ContentType, a.Size, a.Content, a.UploadedAt }).ToListAsync(ct);
            if (released.Sum(a => a.Size) + letter.Bytes.Length <= MaxAttachedBytes)
            {
                files.AddRange(released.OrderBy(a => a.UploadedAt).Select(a => new MessageFile(a.FileName, a.ContentType, a.Content)));
            }
        }
        return files;
    }

    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        return text.Length > 2000 ? text[..2000] : text;
    }
}
