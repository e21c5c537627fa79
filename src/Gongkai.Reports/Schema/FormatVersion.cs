namespace Gongkai.Reports.Schema;

/// <summary>The statutory layout a report follows (年度报告格式).</summary>
public enum FormatVersion
{
    /// <summary>《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号; report years 2019 and 2020.</summary>
    Trial2019,

    /// <summary>《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号; report year 2021 onward.</summary>
    Format2021,
}

public static class FormatVersions
{
    /// <summary>The 2021 format took effect for report year 2021 (its notice is dated 2021-09-26).</summary>
    public const int FirstYearOf2021Format = 2021;

    public static FormatVersion ExpectedFor(int reportYear) =>
        reportYear >= FirstYearOf2021Format ? FormatVersion.Format2021 : FormatVersion.Trial2019;

    /// <summary>The short tag used in JSON and CSV: "2019" or "2021".</summary>
    public static string Tag(this FormatVersion version) => version switch
    {
        FormatVersion.Trial2019 => "2019",
        FormatVersion.Format2021 => "2021",
    };

    public static string DocumentNumber(this FormatVersion version) => version switch
    {
        FormatVersion.Trial2019 => "国办公开办函〔2019〕60号",
        FormatVersion.Format2021 => "国办公开办函〔2021〕30号",
    };
}
