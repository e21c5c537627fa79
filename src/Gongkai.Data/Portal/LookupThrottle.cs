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

/// <summary>
/// An online application's submission key (a random value the form carries), so that a retried submission — the
/// receipt never reached the applicant — shows the same receipt instead of registering the application twice.
/// The query code is kept protected for the receipt's sake, and the row is forgotten after a day.
/// </summary>
public sealed class PortalSubmission
{
    public string Key { get; set; } = "";

    public Guid CaseId { get; set; }

    /// <summary>The query code, encrypted with Data Protection, to show the same receipt again.</summary>
    public string ProtectedCode { get; set; } = "";

    /// <summary>SHA-256 of what was submitted: the same key with other content is a replayed challenge, refused.</summary>
    public string InputHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
