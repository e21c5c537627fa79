using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Messages;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Messages;

/// <summary>One message as staff see it: to whom (a mobile number masked), what, and how sending went.</summary>
/// <param name="NextAttemptAt">For a message waiting to be tried again: when.</param>
/// <param name="Resendable">Failed, waiting for a retry, or unsent while its channel is now set up: sending it now can work.</param>
public sealed record OutboxRow(Guid Id, DateTimeOffset CreatedAt, string Channel, string Kind, string KindLabel, Guid? CaseId, string Recipient, string Subject,
    string State, string StateLabel, int Attempts, string? LastError, DateTimeOffset? SentAt, string? ServerReply, bool Resendable, DateTimeOffset? NextAttemptAt = null)
{
    /// <summary>Needs someone's attention: every try failed.</summary>
    public bool Failed => State == nameof(MessageState.Failed);

    /// <summary>What to show beside the state: when it is tried again, why it failed, what the server said.</summary>
    public string Detail => State switch
    {
        nameof(MessageState.Pending) when Attempts > 0 => $"已尝试{Attempts}次，约{NextAttemptAt?.ToOffset(TimeSpan.FromHours(8)):HH:mm}再试；上次错误：{LastError}",
        nameof(MessageState.Failed) => $"已尝试{Attempts}次均失败；最后一次错误：{LastError}",
        nameof(MessageState.NotConfigured) => LastError ?? "",
        nameof(MessageState.Sent) => $"{SentAt?.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}，服务器答复：{ServerReply}",
        _ => "",
    };
}

/// <summary>
/// The outbox for staff: an administrator's list of their agency's messages (the page 消息发送 and <c>GET /api/outbox</c>),
/// a case's messages on its page, and resending a failed or unsent message (audited).
/// </summary>
public sealed class OutboxAdmin(GongkaiDbContext db, SmtpSettings smtp, SmsSettings sms, TimeProvider clock)
{
    public const int PageSize = 100;

    public static string Label(MessageState state) => state switch
    {
        MessageState.Pending => "待发送",
        MessageState.Sent => "已发送",
        MessageState.Failed => "发送失败",
        MessageState.NotConfigured => "未发送",
    };

    public static string Label(MessageChannel channel) => channel == MessageChannel.Email ? "电子邮件" : "短信";

    /// <summary>What the channels' settings allow, in one line each, for the page.</summary>
    public IReadOnlyList<string> ChannelStatus() =>
    [
        smtp.Configured ? $"电子邮件：经 {smtp.Host}:{smtp.Port}{(smtp.UseTls ? "（TLS）" : "")} 发送，发件人 {smtp.From}" : $"电子邮件：不发送——{smtp.Missing}",
        sms.Configured ? $"短信：经 {new Uri(sms.Url!).GetLeftPart(UriPartial.Authority)} 发送" : $"短信：不发送——{SmsSettings.Missing}",
    ];

    public async Task<CaseResult<IReadOnlyList<OutboxRow>>> ListAsync(Actor actor, string? state, Guid? caseId, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: "只有管理员可以查看发件箱");
        }
        var query = db.Outbox.AsNoTracking().Where(m => m.AgencyId == actor.AgencyId);
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<MessageState>(state, ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return new(ResultKind.Invalid, Message: "未知的状态", Errors: new Dictionary<string, string>
                {
                    ["state"] = $"状态应为：{string.Join("、", Enum.GetValues<MessageState>().Select(x => $"{x}（{Label(x)}）"))}",
                });
            }
            query = query.Where(m => m.State == s);
        }
        if (caseId is { } id)
        {
            query = query.Where(m => m.CaseId == id);
        }
        var rows = await query.OrderByDescending(m => m.NextAttemptAt).Take(PageSize).ToListAsync(ct);
        return CaseResult<IReadOnlyList<OutboxRow>>.Ok(rows.OrderByDescending(m => m.CreatedAt).Select(Row).ToList());
    }

    /// <summary>A case's messages, for its page (whoever may read the case).</summary>
    public async Task<IReadOnlyList<OutboxRow>> ForCaseAsync(Guid caseId, CancellationToken ct = default) =>
        (await db.Outbox.AsNoTracking().Where(m => m.CaseId == caseId && m.StaffUserId == null).ToListAsync(ct)).OrderBy(m => m.CreatedAt).Select(Row).ToList();

    /// <summary>Puts a failed or unsent message back in the queue, now; audited with who did it.</summary>
    public async Task<CaseResult<OutboxRow>> ResendAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator) && !actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            return new(ResultKind.Forbidden, Message: $"只有管理员、登记员或承办人可以重新发送消息，您的角色是：{actor.RoleNames}");
        }
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == id && m.AgencyId == actor.AgencyId, ct);
        if (message is null)
        {
            return new(ResultKind.NotFound, Message: "找不到该消息");
        }
        if (message.State == MessageState.Sent || message.State == MessageState.Pending && message.Attempts == 0)
        {
            return new(ResultKind.Refused, Message: message.State == MessageState.Sent ? "该消息已发送，无需重新发送" : "该消息正在等待发送");
        }
        var configured = message.Channel == MessageChannel.Email ? smtp.Configured : sms.Configured;
        if (!configured)
        {
            return new(ResultKind.Refused, Message: $"无法重新发送：{(message.Channel == MessageChannel.Email ? smtp.Missing : SmsSettings.Missing)}，请先在配置文件中设置");
        }
        var before = $"{message.State}|{message.Attempts}";
        // A fresh round of tries; the count starts again, the last error stays until a try replaces it.
        message.State = MessageState.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        message.LeaseUntil = 0;
        message.ResentBy = actor.DisplayName;
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId, EntityType = message.CaseId is null ? "outbox" : "case",
            EntityId = message.CaseId?.ToString() ?? message.Id.ToString(), Action = "ResendMessage",
            Summary = $"重新发送{Label(message.Channel)}：{message.Subject}（原状态：{Label(Enum.Parse<MessageState>(before.Split('|')[0]))}）", Before = before, After = "Pending|0",
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<OutboxRow>.Ok(Row(message));
    }

    private OutboxRow Row(OutboxMessage m) => new(m.Id, m.CreatedAt, Label(m.Channel),
        m.Kind, Enum.TryParse<MessageKind>(m.Kind, out var k) ? k.Title() : m.Kind, m.CaseId,
        m.Channel == MessageChannel.Sms && m.Recipient.Length >= 11 ? m.Recipient[..3] + "****" + m.Recipient[^4..] : m.Recipient,
        m.Subject, m.State.ToString(), Label(m.State), m.Attempts, m.LastError, m.SentAt, m.ServerReply,
        m.State == MessageState.Failed || m.State == MessageState.Pending && m.Attempts > 0
            || m.State == MessageState.NotConfigured && (m.Channel == MessageChannel.Email ? smtp.Configured : sms.Configured),
        m.State == MessageState.Pending && m.Attempts > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(m.NextAttemptAt) : null);

    /// <summary>How many of the agency's messages failed every try (shown at the top of the outbox page).</summary>
    public async Task<int> FailedCountAsync(int agencyId, CancellationToken ct = default) =>
        await db.Outbox.CountAsync(m => m.AgencyId == agencyId && m.State == MessageState.Failed, ct);
}

public static class OutboxEndpoints
{
    public static void MapOutboxEndpoints(this RouteGroupBuilder api)
    {
        var outbox = api.MapGroup("/outbox").WithTags("消息发送");
        outbox.MapGet("/", async (string? state, Guid? caseId, Infrastructure.CurrentStaff staff, OutboxAdmin service, CancellationToken ct) =>
        {
            var result = await service.ListAsync(staff.Actor, state, caseId, ct);
            return result.IsOk ? Results.Ok(new { Channels = service.ChannelStatus(), Messages = result.Value }) : Infrastructure.ApiErrors.Problem(result);
        }).WithSummary("本机关发件箱（仅管理员）：最近100条消息及其状态（Pending 待发送、Sent 已发送、Failed 发送失败、NotConfigured 未发送），可按 state、caseId 筛选；channels 说明邮件和短信是否已设置");
        outbox.MapPost("/{id:guid}/resend", async (Guid id, Infrastructure.CurrentStaff staff, OutboxAdmin service, CancellationToken ct) =>
        {
            var result = await service.ResendAsync(staff.Actor, id, ct);
            return result.IsOk ? Results.Ok(result.Value) : Infrastructure.ApiErrors.Problem(result);
        }).WithSummary("重新发送一条发送失败或未发送的消息（记入审计日志）");
    }
}
