using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Messages;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.Messages;

/// <summary>One editable wording: a message kind by e-mail, or its text message (key “Kind.Sms”).</summary>
public sealed record MessageTemplateView(string Key, string Label, bool Sms, string Subject, string Body, bool Own);

/// <summary>
/// An agency's own wording of its e-mails and texts, as the letters have theirs: the default until an administrator
/// saves another, checked for unknown fields, audited, and back to the default on request.
/// </summary>
public sealed class MessageTemplateStore(GongkaiDbContext db, IMemoryCache cache, TimeProvider clock)
{
    public const int MaxChars = 4000;

    /// <summary>A text message longer than this is split by most gateways and costs several messages.</summary>
    public const int MaxSmsChars = 140;

    /// <summary>Every editable key: each kind's e-mail, and the text of the kinds that have one.</summary>
    public static IReadOnlyList<(string Key, string Label, bool Sms)> Keys { get; } =
        [.. Enum.GetValues<MessageKind>().SelectMany(k => k.HasSms()
            ? new[] { (k.ToString(), $"{k.Title()}（电子邮件）", false), (k + ".Sms", $"{k.Title()}（短信）", true) }
            : [(k.ToString(), $"{k.Title()}（电子邮件）", false)])];

    public async Task<IReadOnlyList<MessageTemplateView>> ListAsync(int agencyId, CancellationToken ct = default)
    {
        var own = (await db.MessageTemplates.AsNoTracking().Where(t => t.AgencyId == agencyId).ToListAsync(ct)).ToDictionary(t => t.Kind, StringComparer.Ordinal);
        return Keys.Select(k =>
        {
            var d = Default(k.Key);
            return own.TryGetValue(k.Key, out var t)
                ? new MessageTemplateView(k.Key, k.Label, k.Sms, t.Subject, t.Body, true)
                : new MessageTemplateView(k.Key, k.Label, k.Sms, d.Subject, d.Body, false);
        }).ToList();
    }

    public static MessageTemplate Default(string key) =>
        key.EndsWith(".Sms", StringComparison.Ordinal) ? new("", MessageTemplates.Sms(Enum.Parse<MessageKind>(key[..^4]))) : MessageTemplates.Email(Enum.Parse<MessageKind>(key));

    public async Task<CaseResult<MessageTemplateView>> SaveAsync(Actor actor, string? key, string? subject, string? body, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: "只有管理员可以修改消息模板");
        }
        if (Keys.FirstOrDefault(k => k.Key == key) is not { Key: not null } entry)
        {
            return new(ResultKind.NotFound, Message: $"没有“{key}”这种消息，可用：{string.Join("、", Keys.Select(k => k.Key))}");
        }
        subject = entry.Sms ? "" : subject?.Trim() ?? "";
        body = (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var errors = new Dictionary<string, string>();
        if (!entry.Sms && subject.Length is 0 or > 200)
        {
            errors["Subject"] = subject.Length == 0 ? "请填写邮件主题" : $"邮件主题最多200字，实为{subject.Length}字";
        }
        if (body.Length > MaxChars)
        {
            errors["Body"] = $"正文最多{MaxChars}字，实为{body.Length}字";
        }
        else if (entry.Sms && body.Length > MaxSmsChars)
        {
            errors["Body"] = $"短信最多{MaxSmsChars}字（填入字段前），实为{body.Length}字；过长的短信会被拆成多条";
        }
        var kind = Enum.Parse<MessageKind>(entry.Sms ? entry.Key[..^4] : entry.Key);
        var problems = new MessageTemplate(subject, body).Validate(kind, entry.Sms);
        if (problems.Count > 0)
        {
            errors["Body"] = string.Join("；", problems);
        }
        if (errors.Count > 0)
        {
            return new(ResultKind.Invalid, Message: errors.Values.First(), Errors: errors);
        }
        await AuditChain.WriteAsync(db, async () =>
        {
            var row = await db.MessageTemplates.SingleOrDefaultAsync(t => t.AgencyId == actor.AgencyId && t.Kind == entry.Key, ct);
            if (row is null)
            {
                row = new AgencyMessageTemplate { AgencyId = actor.AgencyId, Kind = entry.Key };
                db.MessageTemplates.Add(row);
            }
            var before = row.Body.Length == 0 ? null : $"{row.Subject}\n{row.Body}";
            (row.Subject, row.Body, row.UpdatedAt, row.UpdatedBy) = (subject, body, clock.GetUtcNow(), actor.DisplayName);
            return AuditEntry.By(actor, "message-template", $"{actor.AgencyId}/{entry.Key}", "EditMessageTemplate", $"修改消息模板：{entry.Label}", before, $"{subject}\n{body}");
        }, clock, ct);
        cache.Remove(Outbox.CacheKey(actor.AgencyId));
        return CaseResult<MessageTemplateView>.Ok(new MessageTemplateView(entry.Key, entry.Label, entry.Sms, subject, body, true));
    }

    public async Task<CaseResult<MessageTemplateView>> ResetAsync(Actor actor, string? key, CancellationToken ct = default)
    {
        if (!actor.Has(StaffRole.Administrator))
        {
            return new(ResultKind.Forbidden, Message: "只有管理员可以修改消息模板");
        }
        if (Keys.FirstOrDefault(k => k.Key == key) is not { Key: not null } entry)
        {
            return new(ResultKind.NotFound, Message: $"没有“{key}”这种消息");
        }
        await AuditChain.WriteAsync(db, async () =>
        {
            var row = await db.MessageTemplates.SingleOrDefaultAsync(t => t.AgencyId == actor.AgencyId && t.Kind == entry.Key, ct);
            if (row is not null)
            {
                db.MessageTemplates.Remove(row);
            }
            return AuditEntry.By(actor, "message-template", $"{actor.AgencyId}/{entry.Key}", "ResetMessageTemplate", $"消息模板恢复默认：{entry.Label}",
                row is null ? null : $"{row.Subject}\n{row.Body}", null);
        }, clock, ct);
        cache.Remove(Outbox.CacheKey(actor.AgencyId));
        var d = Default(entry.Key);
        return CaseResult<MessageTemplateView>.Ok(new MessageTemplateView(entry.Key, entry.Label, entry.Sms, d.Subject, d.Body, false));
    }
}

public static class MessageTemplateEndpoints
{
    public sealed record TemplateInput(string? Subject, string? Body);

    public static void MapMessageTemplateEndpoints(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/message-templates").WithTags("消息发送");
        templates.MapGet("/", async (Infrastructure.CurrentStaff staff, MessageTemplateStore store, CancellationToken ct) =>
            staff.Actor.Has(StaffRole.Administrator)
                ? Results.Ok(new { Fields = MessageTemplate.KnownFields, Templates = await store.ListAsync(staff.Actor.AgencyId, ct) })
                : Results.Problem(statusCode: 403, title: "只有管理员可以查看消息模板"))
            .WithSummary("本机关的电子邮件和短信模板（未修改的为默认模板）及可用字段");
        templates.MapPut("/{key}", async (string key, TemplateInput input, Infrastructure.CurrentStaff staff, MessageTemplateStore store, CancellationToken ct) =>
        {
            var result = await store.SaveAsync(staff.Actor, key, input.Subject, input.Body, ct);
            return result.IsOk ? Results.Ok(result.Value) : Infrastructure.ApiErrors.Problem(result);
        }).WithSummary("修改一种消息的模板：{subject, body}，字段写作 {字段}；短信的 key 为“类别.Sms”，不超过140字");
        templates.MapDelete("/{key}", async (string key, Infrastructure.CurrentStaff staff, MessageTemplateStore store, CancellationToken ct) =>
        {
            var result = await store.ResetAsync(staff.Actor, key, ct);
            return result.IsOk ? Results.Ok(result.Value) : Infrastructure.ApiErrors.Problem(result);
        }).WithSummary("恢复默认模板");
    }
}
