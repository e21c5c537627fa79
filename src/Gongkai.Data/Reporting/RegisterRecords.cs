using Gongkai.Cases.Reporting;

namespace Gongkai.Data.Reporting;

/// <summary>A 规章 or 行政规范性文件 of an agency, as stored (the proactive-disclosure register behind table 二).</summary>
public sealed class RegulatoryDocumentRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public int AgencyId { get; set; }

    public RegulatoryDocumentKind Kind { get; set; }

    public string Title { get; set; } = "";

    /// <summary>文号, e.g. 新公规〔2023〕1号; optional.</summary>
    public string? DocumentNumber { get; set; }

    public DateOnly IssuedOn { get; set; }

    public DateOnly? AbolishedOn { get; set; }

    public RegulatoryDocument ToDomain() => new(Kind, Title, IssuedOn, AbolishedOn);
}

/// <summary>An agency's decisions and fees for one year (table 二's last four rows).</summary>
public sealed class AdministrativeFiguresRecord
{
    public int AgencyId { get; set; }

    public int Year { get; set; }

    public long Licensing { get; set; }

    public long Penalties { get; set; }

    public long Enforcement { get; set; }

    /// <summary>行政事业性收费 in 万元, kept exactly (four decimals, as agencies print them).</summary>
    public decimal FeesTenThousandYuan { get; set; }

    public YearlyAdministrativeFigures ToDomain() => new(Year, Licensing, Penalties, Enforcement, FeesTenThousandYuan);
}

/// <summary>A reconsideration or lawsuit about a disclosure case, as stored (the register behind table 四).</summary>
public sealed class ReviewProceedingRecord
{
    public Guid Id { get; set; }

    public int AgencyId { get; set; }

    public Guid? CaseId { get; set; }

    public ProceedingKind Kind { get; set; }

    /// <summary>The reconsideration body or the court.</summary>
    public string Body { get; set; } = "";

    public DateOnly FiledOn { get; set; }

    public ProceedingResult Result { get; set; }

    public DateOnly? DecidedOn { get; set; }

    /// <summary>For a lawsuit after reconsideration: the reconsideration it follows.</summary>
    public Guid? FollowsId { get; set; }

    public ReviewProceeding ToDomain() => new(Id, Kind, CaseId, Body, FiledOn, Result, DecidedOn, FollowsId);

    public static ReviewProceedingRecord From(ReviewProceeding p, int agencyId) => new()
    {
        Id = p.Id, AgencyId = agencyId, CaseId = p.CaseId, Kind = p.Kind, Body = p.Body, FiledOn = p.FiledOn,
        Result = p.Result, DecidedOn = p.DecidedOn, FollowsId = p.FollowsId,
    };

    public void Apply(ReviewProceeding p)
    {
        Body = p.Body;
        FiledOn = p.FiledOn;
        Result = p.Result;
        DecidedOn = p.DecidedOn;
    }
}

/// <summary>
/// An agency's annual report for a year: the sections staff write (saved as they go) and, once published,
/// the report exactly as published (Markdown and HTML), with when and by whom. Published reports are not
/// edited; a correction is a new publication of the same year, recorded in the audit trail.
/// </summary>
public sealed class AnnualReportRecord
{
    public int AgencyId { get; set; }

    public int Year { get; set; }

    /// <summary>Section key (一 … 六) → text, as JSON.</summary>
    public string SectionsJson { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }

    public string? PublishedMarkdown { get; set; }

    public string? PublishedHtml { get; set; }

    /// <summary>The checker's warnings the publisher confirmed, one a line.</summary>
    public string? ConfirmedWarnings { get; set; }

    /// <summary>
    /// For a people's government: the departments' integrity problems (a report signed by another agency, a
    /// department counted twice) the publisher confirmed, with their reason.
    /// </summary>
    public string? IntegrityConfirmation { get; set; }
}

/// <summary>
/// One publication of a year's report, kept for good: the original (edition 1) and each 更正版 after it. The
/// <see cref="AnnualReportRecord"/> holds the newest; the archive shows all.
/// </summary>
public sealed class ReportEditionRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public int AgencyId { get; set; }

    public int Year { get; set; }

    /// <summary>1 for the original publication, 2 for the first 更正版, …</summary>
    public int Edition { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public string PublishedBy { get; set; } = "";

    public string Markdown { get; set; } = "";

    public string Html { get; set; } = "";

    /// <summary>For a 更正版: the reason of the 更正 it publishes.</summary>
    public string? CorrectionReason { get; set; }
}

/// <summary>
/// A 更正 (correction) of a published year: while open, changes that alter the year's published tables are
/// allowed and audited with its reason; publishing a 更正版 closes it and locks the year again.
/// </summary>
public sealed class ReportCorrectionRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public int AgencyId { get; set; }

    public int Year { get; set; }

    public string Reason { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedBy { get; set; } = "";

    /// <summary>When the 更正版 was published (or null while the correction is open).</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The edition the 更正版 was published as.</summary>
    public int? Edition { get; set; }
}

/// <summary>An entry of the 主动公开 register by channel, as stored: one item, or a tally over a period (see <see cref="ProactiveEntry"/>).</summary>
public sealed class ProactiveEntryRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public int AgencyId { get; set; }

    public string Channel { get; set; } = "";

    public DateOnly FromOn { get; set; }

    public DateOnly ToOn { get; set; }

    public long Count { get; set; }

    /// <summary>The item's title; null for a tally.</summary>
    public string? Title { get; set; }

    public ProactiveEntry ToDomain() => new(Channel, FromOn, ToOn, Count, Title);

    public static ProactiveEntryRecord From(ProactiveEntry e, int agencyId) => new()
    {
        AgencyId = agencyId, Channel = e.Channel, FromOn = e.From, ToOn = e.To, Count = e.Count, Title = e.Title,
    };
}

/// <summary>
/// A department's published annual report, uploaded by its government for the combined report (条例 第四十九条):
/// the file as received, kept so the reading can be repeated and shown.
/// </summary>
public sealed class DepartmentReportRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public int GovernmentId { get; set; }

    public int Year { get; set; }

    /// <summary>The department as the government lists it (one of its external departments).</summary>
    public string Department { get; set; } = "";

    public string FileName { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }

    public string UploadedBy { get; set; } = "";
}
