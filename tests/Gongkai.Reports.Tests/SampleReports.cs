using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Tests;

/// <summary>Reports built in code for rule tests: consistent unless a test changes them.</summary>
internal static class SampleReports
{
    public const string Overview =
        "（一）主动公开情况。本年主动公开政府信息。\n（二）依申请公开情况。依法办理政府信息公开申请。\n（三）政府信息管理情况。加强审核。\n（四）政府信息公开平台建设情况。完善网站。\n（五）监督保障情况。加强考核。";

    /// <summary>A 2023 report in the 2021 format: 10 received, 2 carried in, 11 answered, 1 carried over.</summary>
    public static AnnualReport Consistent(string agency = "示例县公安局", int year = 2023)
    {
        var report = new AnnualReport(FormatVersion.Format2021) { Agency = agency, Year = year, Title = $"{agency}{year}年政府信息公开工作年度报告" };
        var line = 1;
        foreach (var def in report.Schema.Sections)
        {
            var text = def.Key switch
            {
                "一" => Overview,
                "六" => "本年度未收取信息处理费。",
                _ => "",
            };
            report.Sections[def.Key] = new ReportSection(def.Key, def.Heading, text, new SourceLocation(line));
            line += 10;
        }
        SetProactive(report, "规章", 0, 0, 0);
        SetProactive(report, "行政规范性文件", 1, 0, 5);
        SetProactive(report, "行政许可", 1200);
        SetProactive(report, "行政处罚", 300);
        SetProactive(report, "行政强制", 12);
        report.Proactive["行政事业性收费", "本年收费金额"] = Cell("12.3456");

        SetApplications(report, "一", 8, 1, 0, 0, 1, 0);
        SetApplications(report, "二", 2, 0, 0, 0, 0, 0);
        foreach (var row in report.Schema.Applications.Rows.Where(r => r.Key.StartsWith("三.", StringComparison.Ordinal)))
        {
            SetApplications(report, row.Key, 0, 0, 0, 0, 0, 0);
        }
        SetApplications(report, "三.一", 5, 1, 0, 0, 0, 0);
        SetApplications(report, "三.二", 1, 0, 0, 0, 0, 0);
        SetApplications(report, "三.四.1", 3, 0, 0, 0, 1, 0);
        SetApplications(report, "三.七", 9, 1, 0, 0, 1, 0);
        SetApplications(report, "四", 1, 0, 0, 0, 0, 0);

        SetReview(report, "行政复议", 1, 0, 0, 1);
        SetReview(report, "未经复议直接起诉", 0, 0, 0, 0);
        SetReview(report, "复议后起诉", 0, 1, 0, 0);
        return report;
    }

    public static CellValue Cell(string text) => new(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), text, default);

    public static void SetProactive(AnnualReport report, string row, params int[] values)
    {
        var def = report.Schema.Proactive.Row(row);
        for (var i = 0; i < values.Length; i++)
        {
            report.Proactive[row, def.Columns[i].Key] = CellValue.Of(values[i]);
        }
    }

    /// <summary>Sets the six applicant columns and 总计 as their sum.</summary>
    public static void SetApplications(AnnualReport report, string row, params int[] applicants)
    {
        var columns = ReportSchema.ApplicantColumns;
        for (var i = 0; i < 6; i++)
        {
            report.Applications[row, columns[i].Key] = CellValue.Of(applicants[i]);
        }
        report.Applications[row, "总计"] = CellValue.Of(applicants.Sum());
    }

    /// <summary>Sets the four results of a group and 总计 as their sum.</summary>
    public static void SetReview(AnnualReport report, string row, params int[] results)
    {
        var columns = ReportSchema.ReviewColumns;
        for (var i = 0; i < 4; i++)
        {
            report.Review[row, columns[i].Key] = CellValue.Of(results[i]);
        }
        report.Review[row, "总计"] = CellValue.Of(results.Sum());
    }

    public static void SetText(AnnualReport report, string section, string text)
    {
        var s = report.Sections[section];
        report.Sections[section] = s with { Text = text };
    }
}
