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

    public ReviewChain Chain => new(ReviewChain);

    public void ConfigureReviewChain(IReadOnlyList<ReviewStage> stages) => ReviewChain = [.. stages];

    public static string KindLabel(AgencyKind kind) => kind switch
    {
        AgencyKind.CityBureau => "市局",
        AgencyKind.DistrictBureau => "分局/县局",
        AgencyKind.Unit => "部门/警种/派出所",
    };
}
