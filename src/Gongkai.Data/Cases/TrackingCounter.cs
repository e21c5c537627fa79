namespace Gongkai.Data.Cases;

/// <summary>The next tracking number of an agency in a year; a concurrency token keeps numbers unique under load.</summary>
public sealed class TrackingCounter
{
    public int AgencyId { get; set; }

    public int Year { get; set; }

    public int Next { get; set; } = 1;

    public Guid Version { get; set; } = Guid.NewGuid();
}
