using System.Globalization;

namespace Gongkai.Web.Features.Reminders;

/// <summary>
/// The daily reminder digests (Gongkai:Reminders:Enabled, default true; Gongkai:Reminders:At, a Beijing time of day
/// written HH:mm, default 08:30 — before the working day starts, so the day's work is planned with it).
/// </summary>
public sealed record ReminderSettings(bool Enabled, TimeOnly At)
{
    public static readonly TimeOnly DefaultAt = new(8, 30);

    public static ReminderSettings Read(IConfiguration config)
    {
        var at = config["Gongkai:Reminders:At"];
        if (string.IsNullOrWhiteSpace(at))
        {
            return new(config.GetValue("Gongkai:Reminders:Enabled", true), DefaultAt);
        }
        // A wrong value stops the start with a message, instead of reminders silently arriving at some other hour.
        if (!TimeOnly.TryParseExact(at.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new InvalidOperationException($"Gongkai:Reminders:At 应为北京时间的“时:分”（如 08:30），实为“{at}”");
        }
        return new(config.GetValue("Gongkai:Reminders:Enabled", true), time);
    }
}
