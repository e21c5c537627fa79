namespace Gongkai.Data.Portal;

/// <summary>Wrong query codes for one tracking number in the current window; shared by all instances.</summary>
public sealed class LookupThrottle
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public DateTimeOffset WindowStart { get; set; }
}
