namespace Gongkai.Web.Infrastructure;

/// <summary>Dates are Beijing dates whatever the server's time zone: a deadline ends at the end of a Chinese working day.</summary>
public static class ChinaTime
{
    private static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>The moment in Beijing time, for what is shown to people.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>An instant as people here read it: Beijing date and time to the minute.</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The instant a Beijing date and time of day stands for (a daily job's run time).</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");
        }
    }
}
