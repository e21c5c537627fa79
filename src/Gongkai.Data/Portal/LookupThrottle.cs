namespace Gongkai.Data.Portal;

/// <summary>
/// Query attempts counted in the current window for one key — a tracking number from one client address, or one
/// address over all numbers — shared by all instances. Changed only by single atomic statements
/// (<c>INSERT … ON CONFLICT DO NOTHING</c>, then a conditional <c>UPDATE</c>), so parallel guesses cannot overtake the count.
/// </summary>
public sealed class LookupThrottle
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    /// <summary>When the window began, in milliseconds since 1970 (an integer both databases compare atomically in SQL).</summary>
    public long WindowStartMs { get; set; }
}
