using Gongkai.Cases.Cases;

namespace Gongkai.Cases.Agencies;

/// <summary>Levels of the agency tree: 市局 → 分局/县局 → 部门/警种/派出所.</summary>
public enum AgencyKind
{
    /// <summary>市局.</summary>
    CityBureau,

    /// <summary>分局 or 县局.</summary>
    DistrictBureau,

    /// <summary>部门、警种 or 派出所.</summary>
    Unit,

    /// <summary>
    /// 县级以上人民政府: publishes the 本级政府 report by 31 March (条例 第四十九条), combining its departments'.
    /// </summary>
    Government,
}

/// <summary>An administrative agency that answers applications and publishes its own annual report.</summary>
public sealed class Agency
{
    private Agency()
    {
        Name = TrackingPrefix = "";
        ReviewChain = [];
    }

    public Agency(string name, AgencyKind kind, int? parentId, string trackingPrefix, IReadOnlyList<ReviewStage> reviewChain)
    {
        Name = name;
        Kind = kind;
        ParentId = parentId;
        TrackingPrefix = trackingPrefix;
        ReviewChain = [.. reviewChain];
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public AgencyKind Kind { get; private set; }

    public int? ParentId { get; private set; }

    /// <summary>Prefix of tracking numbers and document numbers, e.g. 新公开.</summary>
    public string TrackingPrefix { get; private set; }

    /// <summary>The agency's own review stages, in order (configurable; seed 000 and seed 003 differ).</summary>
    public List<ReviewStage> ReviewChain { get; private set; }

    public ReviewChain Chain => new(ReviewChain) { StrictSeparation = StrictSeparation };

    /// <summary>
    /// Stricter separation of duties than Gongkai's base rule (the submitter never approves): the case's handler and its
    /// registrar may not review it either. Internal control, not the 条例; an agency can only tighten it.
    /// </summary>
    public bool StrictSeparation { get; private set; }

    public void ConfigureSeparation(bool strict) => StrictSeparation = strict;

    /// <summary>
    /// The 本级人民政府 whose annual report includes this department's (条例 第四十九条). Separate from
    /// <see cref="ParentId"/>, which grants a supervising agency read access to cases: a government combines its
    /// departments' reports without reading their applications.
    /// </summary>
    public int? GovernmentId { get; private set; }

    /// <summary>The channels its proactive disclosures are counted by (主动公开 register), in the order the report lists them.</summary>
    public List<string> DisclosureChannels { get; private set; } = [.. DefaultDisclosureChannels];

    /// <summary>
    /// For a government: departments that report to it but do not use Gongkai; their published reports are
    /// uploaded and read (issue 5's combined report).
    /// </summary>
    public List<string> ExternalDepartments { get; private set; } = [];

    /// <summary>The channels most agencies publish through (门户网站 first, as reports list them).</summary>
    public static IReadOnlyList<string> DefaultDisclosureChannels { get; } = ["门户网站", "政务微博", "政务微信", "政务抖音/头条", "其他"];

    /// <summary>Annual report deadline for the year after <paramref name="reportYear"/>: 31 March for a government, 31 January for its departments (条例 第四十九条).</summary>
    public DateOnly ReportDueOn(int reportYear) => Kind == AgencyKind.Government ? new DateOnly(reportYear + 1, 3, 31) : new DateOnly(reportYear + 1, 1, 31);

    public void ReportTo(int? governmentId) => GovernmentId = governmentId == Id ? throw new ArgumentException("机关不能向自己报送年度报告") : governmentId;

    /// <summary>Sets the channels; names are trimmed, blank and repeated ones dropped.</summary>
    public void ConfigureDisclosureChannels(IEnumerable<string> channels) => DisclosureChannels = CleanNames(channels);

    public void ConfigureExternalDepartments(IEnumerable<string> departments) => ExternalDepartments = CleanNames(departments);

    private static List<string> CleanNames(IEnumerable<string> names) =>
        names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    public void ConfigureReviewChain(IReadOnlyList<ReviewStage> stages) => ReviewChain = [.. stages];

    /// <summary>
    /// The 政府信息公开工作机构's contact details, printed on the agency's 公开指南 (条例 第十二条: 名称、办公地址、
    /// 办公时间、联系电话、传真号码、互联网联系方式).
    /// </summary>
    public DisclosureOffice Office { get; private set; } = DisclosureOffice.Empty;

    public void ConfigureOffice(DisclosureOffice office) => Office = office;

    /// <summary>
    /// The 补正 period this agency gives by default, in working days (条例 第三十条 asks for a "合理的补正期限" and
    /// fixes no number; each notice may set its own).
    /// </summary>
    public int CorrectionPeriodWorkingDays { get; private set; } = DefaultCorrectionPeriodWorkingDays;

    public const int DefaultCorrectionPeriodWorkingDays = 15;

    /// <summary>The longest 补正 period Gongkai accepts: beyond it the application would wait out most of a quarter.</summary>
    public const int MaxCorrectionPeriodWorkingDays = 60;

    public void ConfigureCorrectionPeriod(int workingDays) => CorrectionPeriodWorkingDays = workingDays is >= 1 and <= MaxCorrectionPeriodWorkingDays
        ? workingDays
        : throw new ArgumentOutOfRangeException(nameof(workingDays), $"补正期限应为1至{MaxCorrectionPeriodWorkingDays}个工作日，实为{workingDays}");

    /// <summary>Renames the agency, re-kinds it, moves it under another parent and changes its tracking prefix (administrators' 机关管理).</summary>
    public void Reorganise(string name, AgencyKind kind, int? parentId, string trackingPrefix)
    {
        if (parentId == Id && Id != 0)
        {
            throw new ArgumentException("机关不能作为自己的上级机关");
        }
        Name = name;
        Kind = kind;
        ParentId = parentId;
        TrackingPrefix = trackingPrefix;
    }

    /// <summary>
    /// The 机关代字 of its letter numbers (e.g. 新公信, so that letters read 新公信〔2026〕答1号); null: the letters use
    /// <see cref="TrackingPrefix"/>. Checked by <c>AgencyRules.IsLetterCode</c> where it is typed.
    /// </summary>
    public string? LetterCode { get; private set; }

    public void ConfigureLetterCode(string? letterCode) => LetterCode = string.IsNullOrWhiteSpace(letterCode) ? null : letterCode.Trim();

    /// <summary>
    /// The day the agency was retired (停用/撤销, e.g. merged into another), or null while it works. A retired agency is
    /// hidden from the public portal and takes no new applications, but keeps its cases, letters and annual reports, which
    /// stay readable (its published reports and the audit trail must keep naming it); an administrator can reinstate it.
    /// </summary>
    public DateOnly? RetiredOn { get; private set; }

    public bool IsRetired => RetiredOn is not null;

    public void Retire(DateOnly on) => RetiredOn = on;

    public void Reinstate() => RetiredOn = null;

    /// <summary>The kind as typed in a form or a spreadsheet (市局, 分局, 县局, 派出所, 人民政府 …), or null.</summary>
    public static AgencyKind? ParseKind(string? text) => text?.Trim() switch
    {
        "市局" or "市公安局" => AgencyKind.CityBureau,
        "分局" or "县局" or "分局/县局" or "县公安局" => AgencyKind.DistrictBureau,
        "部门" or "警种" or "派出所" or "大队" or "部门/警种/派出所" or "内设机构" or "办公室" => AgencyKind.Unit,
        "人民政府" or "政府" => AgencyKind.Government,
        { } other when Enum.TryParse<AgencyKind>(other, out var k) && Enum.IsDefined(k) => k,
        _ => null,
    };

    public static string KindLabel(AgencyKind kind) => kind switch
    {
        AgencyKind.CityBureau => "市局",
        AgencyKind.DistrictBureau => "分局/县局",
        AgencyKind.Unit => "部门/警种/派出所",
        AgencyKind.Government => "人民政府",
    };
}

/// <summary>Contact details of the disclosure office (政府信息公开工作机构), 条例 第十二条. Every field may be blank until set.</summary>
public sealed record DisclosureOffice(string? Address, string? Hours, string? Phone, string? Fax, string? Email, string? Postcode)
{
    /// <remarks>A new instance each time: EF Core tracks an owned value by reference, so agencies must not share one.</remarks>
    public static DisclosureOffice Empty => new(null, null, null, null, null, null);

    /// <summary>The details with their printed labels, in the order 第十二条 lists them; blank ones left out.</summary>
    public IEnumerable<(string Label, string Value)> Lines()
    {
        foreach (var (label, value) in new[] { ("办公地址", Address), ("办公时间", Hours), ("联系电话", Phone), ("传真", Fax), ("电子邮箱", Email), ("邮政编码", Postcode) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return (label, value);
            }
        }
    }
}
