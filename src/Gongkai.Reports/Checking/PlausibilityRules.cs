using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Checking;

/// <summary>Figures that are possible but unlikely enough that a person should look.</summary>
internal static class PlausibilityRules
{
    public static void Check(AnnualReport report, List<Finding> findings)
    {
        CheckEnforcement(report, findings);
        CheckDocumentsInForce(report, findings);
    }

    /// <summary>Public security bureaus issue licences and penalties every year; zeros mean the table was not filled in.</summary>
    private static void CheckEnforcement(AnnualReport report, List<Finding> findings)
    {
        if (report.Agency is not { } agency || !agency.Contains("公安", StringComparison.Ordinal))
        {
            return;
        }
        var column = report.Format == FormatVersion.Format2021 ? "本年处理决定数量" : "处理决定数量";
        var licensing = report.Proactive["行政许可", column];
        var penalties = report.Proactive["行政处罚", column];
        if (licensing is { Value: 0 } && penalties is { Value: 0 })
        {
            findings.Add(new Finding(Rules.EnforcementZero,
                $"{agency}是公安机关，但表二“行政许可”和“行政处罚”的{column}均为 0，请核实是否漏填",
                licensing.Source.ToString()));
        }
    }

    private static void CheckDocumentsInForce(AnnualReport report, List<Finding> findings)
    {
        if (report.Format != FormatVersion.Format2021)
        {
            return;
        }
        foreach (var row in new[] { "规章", "行政规范性文件" })
        {
            var made = report.Proactive.Value(row, "本年制发件数");
            var repealed = report.Proactive.Value(row, "本年废止件数");
            var inForce = report.Proactive.Value(row, "现行有效件数");
            if (made is { } m && repealed is { } r && inForce is { } f && f < m - r)
            {
                findings.Add(new Finding(Rules.DocumentsInForce,
                    $"表二“{row}”现行有效件数 {f} 少于本年制发件数 {m} 减本年废止件数 {r}（{m - r}）",
                    report.Proactive[row, "现行有效件数"]!.Source.ToString()));
            }
        }
    }
}
