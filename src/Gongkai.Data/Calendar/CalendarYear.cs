namespace Gongkai.Data.Calendar;

/// <summary>A year's holiday schedule loaded by an administrator, beyond those shipped with Gongkai.</summary>
public sealed class CalendarYear
{
    public int Year { get; set; }

    /// <summary>The schedule as loaded: date⇥holiday|workday⇥name lines.</summary>
    public string Schedule { get; set; } = "";

    /// <summary>The State Council notice it comes from.</summary>
    public string Notice { get; set; } = "";

    public DateTimeOffset LoadedAt { get; set; }

    public string LoadedBy { get; set; } = "";
}
