using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Model;

/// <summary>A section's heading as printed and its narrative text (tables excluded).</summary>
public sealed record ReportSection(string Key, string Heading, string Text, SourceLocation Source);

/// <summary>
/// One 政府信息公开工作年度报告 (条例 第四十九条, 第五十条): metadata, the six sections' text and
/// the three statutory tables.
/// </summary>
public sealed class AnnualReport
{
    public AnnualReport(FormatVersion format)
    {
        Format = format;
        Schema = ReportSchema.For(format);
        Proactive = new ReportTable(Schema.Proactive);
        Applications = new ReportTable(Schema.Applications);
        Review = new ReportTable(Schema.Review);
    }

    /// <summary>The title as printed, joined onto one line.</summary>
    public string? Title { get; set; }

    /// <summary>The reporting agency (行政机关), from the title.</summary>
    public string? Agency { get; set; }

    /// <summary>The year reported on (the statistics period is 1 January to 31 December of it).</summary>
    public int? Year { get; set; }

    /// <summary>When it was published, where the source says (a crawler's 发布时间); not part of the format itself.</summary>
    public DateOnly? Published { get; set; }

    /// <summary>Where it was published (a crawler's 原文链接), when the source says.</summary>
    public string? SourceAddress { get; set; }

    public FormatVersion Format { get; }

    public ReportSchema Schema { get; }

    /// <summary>Sections by key 一 … 六; a section absent from the source is absent here.</summary>
    public Dictionary<string, ReportSection> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>表二 主动公开政府信息情况.</summary>
    public ReportTable Proactive { get; }

    /// <summary>表三 收到和处理政府信息公开申请情况.</summary>
    public ReportTable Applications { get; }

    /// <summary>表四 政府信息公开行政复议、行政诉讼情况.</summary>
    public ReportTable Review { get; }

    public IEnumerable<ReportTable> Tables => [Proactive, Applications, Review];

    public ReportTable Table(TableSchema schema) =>
        schema.Key switch
        {
            "proactive" => Proactive,
            "applications" => Applications,
            "review" => Review,
            _ => throw new ArgumentException($"Unknown table {schema.Key}", nameof(schema)),
        };

    /// <summary>The statutory table printed in a section: 二 → 表二, 三 → 表三, 四 → 表四; none elsewhere.</summary>
    public ReportTable? TableInSection(string sectionKey) => sectionKey switch
    {
        "二" => Proactive,
        "三" => Applications,
        "四" => Review,
        _ => null,
    };

    public string SectionText(string key) => Sections.TryGetValue(key, out var s) ? s.Text : "";
}
