namespace Gongkai.Data.Portal;

/// <summary>The public pages each agency writes for itself (条例 第十二条).</summary>
public enum AgencyPageKind
{
    /// <summary>政府信息公开指南: how to apply, where, the forms, the office's hours and contacts.</summary>
    Guide,

    /// <summary>政府信息公开目录: the index of the information the agency publishes.</summary>
    Catalogue,
}

/// <summary>An agency's 公开指南 or 公开目录 as staff last saved it; text with one paragraph per line, lines starting “#” as headings.</summary>
public sealed class AgencyPage
{
    public int AgencyId { get; set; }

    public AgencyPageKind Kind { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public static string Title(AgencyPageKind kind) => kind switch
    {
        AgencyPageKind.Guide => "政府信息公开指南",
        AgencyPageKind.Catalogue => "政府信息公开目录",
    };
}
