namespace Gongkai.Data.Messages;

/// <summary>
/// One run of a daily job (the reminder digests) on one China date: the instance that inserts the row does the run,
/// every other instance (or a restart the same day) finds it and does nothing.
/// </summary>
public sealed class ScheduledRun
{
    public string Job { get; set; } = "";

    public DateOnly Day { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public string Instance { get; set; } = "";
}

/// <summary>A person's reminder digest of one day (提醒), shown on their 工作台 and, where they asked for it, e-mailed.</summary>
public sealed class StaffReminder
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public DateOnly Day { get; set; }

    public string StaffUserId { get; set; } = "";

    public int AgencyId { get; set; }

    /// <summary>How many cases it names.</summary>
    public int Count { get; set; }

    /// <summary>The digest as lines (one group heading, then its cases), as shown and mailed.</summary>
    public string Text { get; set; } = "";

    /// <summary>
    /// The cases named, as JSON {caseId, trackingNumber, group, date, agencyWide, handler} (Gongkai.Web's ReminderItem) —
    /// the 工作台 links them.
    /// </summary>
    public string Items { get; set; } = "[]";
}

/// <summary>An agency's own wording of a kind of message (e-mail subject and body, or SMS text), replacing Gongkai's default.</summary>
public sealed class AgencyMessageTemplate
{
    public int AgencyId { get; set; }

    /// <summary>The message kind's name, with “.Sms” for the text message of that kind.</summary>
    public string Kind { get; set; } = "";

    public string Subject { get; set; } = "";

    /// <summary>Fields written {字段}, as in the letters.</summary>
    public string Body { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";
}
