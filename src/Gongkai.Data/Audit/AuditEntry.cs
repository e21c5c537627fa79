namespace Gongkai.Data.Audit;

/// <summary>
/// One change, appended and never updated. <see cref="Hash"/> covers the entry's fields and the previous
/// entry's hash, so editing, deleting or reordering any entry breaks the chain from there on.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, 1, 2, 3 … without gaps.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    public int? AgencyId { get; set; }

    /// <summary>What changed: "case", "user", "calendar", "agency".</summary>
    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";

    public string Action { get; set; } = "";

    public string Summary { get; set; } = "";

    /// <summary>JSON of the changed fields before the change (null on creation).</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the changed fields after it.</summary>
    public string? After { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";

    /// <summary>The master key that signed <see cref="Mac"/> (<see cref="AuditSeal"/>); null on entries written before signing began.</summary>
    public string? KeyId { get; set; }

    /// <summary>HMAC-SHA256 of <see cref="Hash"/> with a key outside the database: what a rewrite of the whole chain cannot recompute.</summary>
    public string? Mac { get; set; }

    /// <summary>An entry for a change a member of staff made in their own agency.</summary>
    public static AuditEntry By(Gongkai.Cases.Cases.Actor actor, string entityType, string entityId, string action, string summary,
        string? before = null, string? after = null) => new()
    {
        UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = actor.AgencyId,
        EntityType = entityType, EntityId = entityId, Action = action, Summary = summary, Before = before, After = after,
    };
}

/// <summary>The chain's head: its single row serialises appends across instances (optimistic concurrency).</summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = AuditChain.Genesis;

    public Guid Version { get; set; } = Guid.NewGuid();
}
