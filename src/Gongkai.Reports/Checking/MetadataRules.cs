using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Checking;

/// <summary>Title, report year and the format version the year requires.</summary>
internal static class MetadataRules
{
    /// <summary>The first 条例 took effect on 2008-05-01; no annual report predates 2008.</summary>
    private const int FirstReportYear = 2008;

    public static void Check(AnnualReport report, int currentYear, List<Finding> findings)
    {
        if (report.Agency is null || report.Year is null)
        {
            var missing = (report.Agency, report.Year) switch
            {
                (null, null) => "机关名称和报告年度",
                (null, _) => "机关名称",
                _ => "报告年度",
            };
            var title = report.Title is null ? "未找到标题" : $"标题“{report.Title}”";
            findings.Add(new Finding(Rules.TitleUnreadable, $"{title}，无法确定{missing}（应为“××机关××××年政府信息公开工作年度报告”）"));
        }

        if (report.Year is not { } year)
        {
            return;
        }
        if (year < FirstReportYear || year > currentYear)
        {
            findings.Add(new Finding(Rules.ReportYear, $"报告年度 {year} 不在合理范围（{FirstReportYear} 年至今）"));
        }
        var expected = FormatVersions.ExpectedFor(year);
        if (year >= 2019 && report.Format != expected)
        {
            findings.Add(new Finding(Rules.FormatVersionMismatch,
                $"{year} 年度报告应使用 {expected.DocumentNumber()} 印发的格式，但表格按 {report.Format.DocumentNumber()} 的格式填写"));
        }
    }
}
