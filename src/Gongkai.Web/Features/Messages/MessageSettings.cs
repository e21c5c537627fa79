namespace Gongkai.Web.Features.Messages;

/// <summary>
/// The agency's mail server (Gongkai:Smtp:Host, Port, User, Password, From, UseTls). Without a host no e-mail is sent:
/// messages are kept as 未发送 and the outbox page says why.
/// </summary>
public sealed record SmtpSettings(string? Host, int Port, string? User, string? Password, string? From, bool UseTls)
{
    public bool Configured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    public string Missing => string.IsNullOrWhiteSpace(Host) ? "未设置邮件服务器（Gongkai:Smtp:Host）" : "未设置发件地址（Gongkai:Smtp:From）";

    public static SmtpSettings Read(IConfiguration config) => new(
        config["Gongkai:Smtp:Host"], config.GetValue("Gongkai:Smtp:Port", 25), config["Gongkai:Smtp:User"], config["Gongkai:Smtp:Password"],
        config["Gongkai:Smtp:From"], config.GetValue("Gongkai:Smtp:UseTls", false));
}

/// <summary>
/// An SMS gateway reached over HTTP (Gongkai:Sms:Url, Method — POST by default —, Body with {手机号} and {内容},
/// ContentType, SecretHeader and Secret). Without a URL no text is sent.
/// </summary>
public sealed record SmsSettings(string? Url, string Method, string Body, string ContentType, string? SecretHeader, string? Secret)
{
    public bool Configured => Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public const string Missing = "未设置短信网关（Gongkai:Sms:Url）";

    public static SmsSettings Read(IConfiguration config) => new(
        config["Gongkai:Sms:Url"], config["Gongkai:Sms:Method"] is { Length: > 0 } m ? m.ToUpperInvariant() : "POST",
        config["Gongkai:Sms:Body"] is { Length: > 0 } b ? b : "{\"mobile\":\"{手机号}\",\"content\":\"{内容}\"}",
        config["Gongkai:Sms:ContentType"] is { Length: > 0 } t ? t : "application/json",
        config["Gongkai:Sms:SecretHeader"], config["Gongkai:Sms:Secret"]);
}

/// <summary>
/// The background sender (Gongkai:Outbox:Enabled, PollSeconds, RetrySeconds, MaxAttempts) and the public address the
/// messages point applicants to (Gongkai:PublicUrl, e.g. https://gk.example.gov.cn).
/// </summary>
public sealed record OutboxSettings(bool Enabled, TimeSpan Poll, TimeSpan FirstRetry, int MaxAttempts, string? PublicUrl)
{
    public static OutboxSettings Read(IConfiguration config) => new(
        config.GetValue("Gongkai:Outbox:Enabled", true),
        TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Gongkai:Outbox:PollSeconds", 2.0), 0.05, 300)),
        TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Gongkai:Outbox:RetrySeconds", 60.0), 0.05, 86_400)),
        Math.Clamp(config.GetValue("Gongkai:Outbox:MaxAttempts", 8), 1, 50),
        config["Gongkai:PublicUrl"]?.TrimEnd('/'));

    /// <summary>Back-off: the first retry after <see cref="FirstRetry"/>, each later one four times as long, at most a day.</summary>
    public TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, (long)(FirstRetry.Ticks * Math.Pow(4, Math.Max(0, attempts - 1)))));

    /// <summary>Where the applicant looks up their case.</summary>
    public string StatusPage => PublicUrl is { Length: > 0 } url ? $"{url}/status" : "本机关政府信息公开网站的“查询办理进度”页面";
}
