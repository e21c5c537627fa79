using System.Globalization;
using System.Text.RegularExpressions;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.Messages;

/// <summary>
/// Writes messages into the unit of work of the change that causes them — never sends. The caller's SaveChanges and
/// commit make the change and its messages durable together; <see cref="OutboxSender"/> sends them afterwards.
/// </summary>
public sealed partial class Outbox(GongkaiDbContext db, SmtpSettings smtp, SmsSettings sms, OutboxSettings settings, TimeProvider clock, IMemoryCache cache)
{
    private static readonly TimeSpan TemplatesKeptFor = TimeSpan.FromMinutes(1);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^(\+?86)?1[3-9]\d{9}$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MobilePattern();

    public static bool IsEmail(string? address) => address is { Length: <= 200 } a && EmailPattern().IsMatch(a.Trim());

    /// <summary>A mainland mobile number (the only kind a text can reach), spaces and hyphens ignored.</summary>
    public static string? Mobile(string? phone) =>
        phone?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal) is { } p && MobilePattern().IsMatch(p) ? p : null;

    /// <summary>
    /// The applicant's messages of <paramref name="kind"/> for case <paramref name="c"/>: an e-mail when they gave an address,
    /// a text for the kinds that have one when they gave a mobile number. <paramref name="values"/> adds to the case's own fields.
    /// </summary>
    public async Task ToApplicantAsync(ApplicationCase c, string agencyName, MessageKind kind, IReadOnlyDictionary<string, string>? values = null,
        Guid? documentId = null, CancellationToken ct = default)
    {
        var fields = new Dictionary<string, string>
        {
            ["申请人"] = c.Applicant.Name,
            ["受理编号"] = c.TrackingNumber,
            ["机关"] = agencyName,
            ["收到日期"] = Chinese(c.ReceivedOn),
            ["答复期限"] = c.DueOn is { } due ? Chinese(due) + (c.DueProvisional ? "（暂定：次年节假日安排公布后可能调整）" : "") : "依法另行告知",
            ["查询网址"] = settings.StatusPage,
        };
        // Only an online application has a query code (shown once on its receipt page); the others are not sent to look one up.
        var online = c.QueryCodeHash is not null;
        fields["查询说明"] = online
            ? $"您可以凭受理编号和提交申请时显示的查询码，在 {settings.StatusPage} 查询办理进度、查看和下载本机关出具的文书。"
            : "如需了解办理进度，请与本机关政府信息公开工作机构联系，并告知受理编号。";
        fields["查询方式"] = online ? $"可凭受理编号和查询码在 {settings.StatusPage} 查询" : "进度请咨询本机关政府信息公开工作机构";
        fields["补正说明"] = online
            ? $"您可以凭受理编号和查询码在 {settings.StatusPage} 在线提交补正，也可以按告知书所列方式提交。"
            : "请按告知书所列方式提交补正材料。";
        foreach (var (k, v) in values ?? new Dictionary<string, string>())
        {
            fields[k] = v;
        }
        var templates = await TemplatesAsync(c.AgencyId, ct);
        if (IsEmail(c.Applicant.Email))
        {
            var t = templates.GetValueOrDefault(kind.ToString()) ?? MessageTemplates.Email(kind);
            Add(MessageChannel.Email, kind, c.AgencyId, c.Id, documentId, null, c.Applicant.Email!.Trim(), t.Fill(t.Subject, fields), t.Fill(t.Body, fields));
        }
        if (kind.HasSms() && Mobile(c.Applicant.Phone) is { } mobile)
        {
            var text = templates.GetValueOrDefault(kind + ".Sms")?.Body ?? MessageTemplates.Sms(kind);
            Add(MessageChannel.Sms, kind, c.AgencyId, c.Id, null, null, mobile, kind.Title(), new MessageTemplate("", text).Fill(text, fields));
        }
    }

    /// <summary>
    /// An e-mail to a staff member, when they have an address. <paramref name="dedupKey"/> makes it once-only: a second
    /// message with the same key cannot be saved (the unique index refuses it).
    /// </summary>
    public async Task<bool> ToStaffAsync(string userId, string? email, string name, int agencyId, MessageKind kind, IReadOnlyDictionary<string, string> values,
        Guid? caseId = null, string? dedupKey = null, CancellationToken ct = default)
    {
        if (!IsEmail(email))
        {
            return false;
        }
        var fields = new Dictionary<string, string>(values) { ["姓名"] = name };
        var t = (await TemplatesAsync(agencyId, ct)).GetValueOrDefault(kind.ToString()) ?? MessageTemplates.Email(kind);
        Add(MessageChannel.Email, kind, agencyId, caseId, null, userId, email!.Trim(), t.Fill(t.Subject, fields), t.Fill(t.Body, fields)).DedupKey = dedupKey;
        return true;
    }

    private OutboxMessage Add(MessageChannel channel, MessageKind kind, int? agencyId, Guid? caseId, Guid? documentId, string? userId, string recipient, string subject, string body)
    {
        var missing = channel == MessageChannel.Email ? smtp.Configured ? null : smtp.Missing : sms.Configured ? null : SmsSettings.Missing;
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            CreatedAt = now, Channel = channel, Kind = kind.ToString(), AgencyId = agencyId, CaseId = caseId, DocumentId = documentId, StaffUserId = userId,
            Recipient = recipient, Subject = subject.Length > 300 ? subject[..300] : subject, Body = body,
            // Without settings nothing is sent, and the outbox says why; once they are made, a resend sends it.
            State = missing is null ? MessageState.Pending : MessageState.NotConfigured, LastError = missing,
            NextAttemptAt = now.ToUnixTimeMilliseconds(),
        };
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>The agency's own wordings by kind name (kept a minute: the registration path reads them for every application).</summary>
    private async Task<IReadOnlyDictionary<string, MessageTemplate>> TemplatesAsync(int agencyId, CancellationToken ct) =>
        (await cache.GetOrCreateAsync(CacheKey(agencyId), async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TemplatesKeptFor;
            return (IReadOnlyDictionary<string, MessageTemplate>)(await db.MessageTemplates.AsNoTracking().Where(t => t.AgencyId == agencyId).ToListAsync(ct))
                .ToDictionary(t => t.Kind, t => new MessageTemplate(t.Subject, t.Body), StringComparer.Ordinal);
        }))!;

    public static string CacheKey(int agencyId) => $"message-templates:{agencyId}";

    public static string Chinese(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
