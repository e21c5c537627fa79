namespace Gongkai.Data.Portal;

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
