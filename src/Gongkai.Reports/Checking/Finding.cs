namespace Gongkai.Reports.Checking;

public enum RuleCategory
{
    Arithmetic,
    Structure,
    Narrative,
    Metadata,
    Plausibility,
}

public enum Severity
{
    Warning,
    Error,
}

/// <summary>A named check. <see cref="Title"/> says in Chinese what the rule requires.</summary>
public sealed record RuleDef(string Id, RuleCategory Category, Severity Severity, string Title);

/// <summary>What a rule found: a Chinese message naming the cells and numbers involved, and where.</summary>
public sealed record Finding(RuleDef Rule, string Message, string Location = "")
{
    public string RuleId => Rule.Id;

    public RuleCategory Category => Rule.Category;

    public Severity Severity => Rule.Severity;

    public bool IsError => Rule.Severity == Severity.Error;

    public override string ToString() =>
        $"[{(IsError ? "错误" : "警告")}] {Rule.Id}: {Message}" + (Location.Length > 0 ? $"（{Location}）" : "");
}

public static class RuleCategoryNames
{
    public static string Tag(this RuleCategory category) => category switch
    {
        RuleCategory.Arithmetic => "arithmetic",
        RuleCategory.Structure => "structure",
        RuleCategory.Narrative => "narrative",
        RuleCategory.Metadata => "metadata",
        RuleCategory.Plausibility => "plausibility",
    };

    public static string Tag(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
    };
}
