using Gongkai.Reports.Model;
using Gongkai.Reports.Writing;

namespace Gongkai.Reports.Tests.Writing;

public class WriterTests
{
    [Fact]
    public void Markdown_HasTitleSectionsInOrderAndTableRows()
    {
        var md = MarkdownWriter.Write(SampleReports.Consistent());
        Assert.StartsWith("# 示例县公安局2023年政府信息公开工作年度报告", md);
        var positions = new[] { "## 一、总体情况", "## 二、", "## 三、", "## 四、", "## 五、", "## 六、" }.Select(h => md.IndexOf(h, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("| 三、本年度办理结果 | （一）予以公开 |  | 5 | 1 | 0 | 0 | 0 | 0 | 6 |", md);
        Assert.Contains("|  | （三）不予公开 | 1.属于国家秘密 | 0 |", md);
        Assert.Contains("| 行政事业性收费 | 12.3456 |  |  |", md);
    }

    [Fact]
    public void Markdown_AbsentCell_IsPrintedAsDash()
    {
        var report = SampleReports.Consistent();
        report.Applications["一", "科研机构"] = null;
        Assert.Contains("| 一、本年新收政府信息公开申请数量 |  |  | 8 | 1 | — |", MarkdownWriter.Write(report));
    }

    [Fact]
    public void Html_TableThree_MergesCellsAsTheFormatPrintsThem()
    {
        var html = HtmlWriter.Write(SampleReports.Consistent());
        Assert.Contains("<th rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>", html);
        Assert.Contains("<th colspan=\"7\">申请人情况</th>", html);
        Assert.Contains("<th colspan=\"5\">法人或其他组织</th>", html);
        Assert.Contains("<td rowspan=\"22\" class=\"label\">三、本年度办理结果</td>", html);
        Assert.Contains("<td rowspan=\"8\" class=\"label\">（三）不予公开</td>", html);
        Assert.Contains("<td colspan=\"3\" class=\"label\">一、本年新收政府信息公开申请数量</td>", html);
    }

    [Fact]
    public void Html_TableFour_HasThreeHeaderLevels()
    {
        var html = HtmlWriter.Write(SampleReports.Consistent());
        Assert.Contains("<th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>", html);
        Assert.Contains("<th rowspan=\"2\">结果维持</th>", html);
        Assert.Contains("<th colspan=\"5\">未经复议直接起诉</th><th colspan=\"5\">复议后起诉</th>", html);
    }

    [Fact]
    public void Html_IsStandalonePrintablePage()
    {
        var html = HtmlWriter.Write(SampleReports.Consistent());
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.Contains("@page { size: A4;", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Html_EscapesMarkupInText()
    {
        var report = SampleReports.Consistent();
        SampleReports.SetText(report, "五", "问题<script>alert(1)</script>");
        Assert.Contains("问题&lt;script&gt;", HtmlWriter.Write(report));
    }

    [Fact]
    public void Json_KeysCellsByRowAndColumn_AndKeepsPrintedDigits()
    {
        var report = SampleReports.Consistent();
        report.Proactive["行政事业性收费", "本年收费金额"] = SampleReports.Cell("261.8170");
        report.Applications["二", "其他"] = null;
        var json = ReportJson.Write(report);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var tables = doc.RootElement.GetProperty("tables");
        Assert.Equal(5, tables.GetProperty("applications").GetProperty("三.一").GetProperty("自然人").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, tables.GetProperty("applications").GetProperty("二").GetProperty("其他").ValueKind);
        Assert.Equal("261.8170", tables.GetProperty("proactive").GetProperty("行政事业性收费").GetProperty("本年收费金额").GetRawText());
        Assert.Equal(2, tables.GetProperty("review").GetProperty("行政复议").GetProperty("总计").GetInt32());
        Assert.Equal("2021", doc.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Json_ReadBack_GivesTheSameJson()
    {
        var report = SampleReports.Consistent();
        report.Applications["三.五.1", "其他"] = null;
        var json = ReportJson.Write(report);
        Assert.Equal(json, ReportJson.Write(ReportJson.Read(json)));
    }

    [Fact]
    public void Json_UnknownRow_IsRefusedWithItsName()
    {
        var e = Assert.Throws<FormatException>(() => ReportJson.Read("""{"format":"2021","tables":{"applications":{"三.九":{}}}}"""));
        Assert.Contains("三.九", e.Message);
    }
}
