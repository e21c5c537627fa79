using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

public class HtmlReadingTests
{
    private const string HandWritten = """
        <!DOCTYPE html>
        <html><head><meta charset="gbk"><title>某局</title><style>td{}</style><script>var x = "<table>";</script></head>
        <body>
        <table class="layout"><tr><td>
          <div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div>
          <h1>某县公安局<br>2023年政府信息公开工作年度报告</h1>
          <p>一、总体情况</p>
          <p>（一）主动公开情况。全年主动公开信息 30 条，其中网站 20 条，微信 10 条。</p>
          <p>（二）依申请公开情况。共收到政府信息公开申请 3 件，办结 3 件。</p>
          <p>（三）政府信息管理情况。（四）政府信息公开平台建设情况。（五）监督保障情况。</p>
          <p>二、主动公开政府信息情况</p>
          <table>
            <tr><td colspan="4">第二十条第（一）项</td></tr>
            <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
            <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
            <tr><td>行政规范性文件</td><td>1</td><td>0</td><td>3</td></tr>
            <tr><td colspan="4">第二十条第（五）项</td></tr>
            <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
            <tr><td>行政许可</td><td colspan="3">1,250</td></tr>
            <tr><td colspan="4">第二十条第（六）项</td></tr>
            <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
            <tr><td>行政处罚</td><td colspan="3">300</td></tr>
            <tr><td>行政强制</td><td colspan="3">12</td></tr>
            <tr><td colspan="4">第二十条第（八）项</td></tr>
            <tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
            <tr><td>行政事业性收费</td><td colspan="3">8.5000</td></tr>
          </table>
          <p>三、收到和处理政府信息公开申请情况</p>
          <table>
            <tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
            <tr><td rowspan="2">自然<br>人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
            <tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
            <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
            <tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
            <tr><td rowspan="22">三、本<br>年度办<br>理结果</td><td colspan="2">（一）予以公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
            <tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
            ROWS
            <tr><td colspan="2">（七）总计</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
            <tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
          </table>
          <p>四、政府信息公开行政复议、行政诉讼情况</p>
          <table>
            <tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>
            <tr><th rowspan="2">结果<br>维持</th><th rowspan="2">结果<br>纠正</th><th rowspan="2">其他<br>结果</th><th rowspan="2">尚未<br>审结</th><th rowspan="2">总计</th><th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>
            <tr><th>结果维持</th><th>结果纠正</th><th>其他结果</th><th>尚未审结</th><th>总计</th><th>结果维持</th><th>结果纠正</th><th>其他结果</th><th>尚未审结</th><th>总计</th></tr>
            <tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td></tr>
          </table>
          <p>五、存在的主要问题及改进情况</p>
          <p>公开内容针对性不足。</p>
          <p>六、其他需要报告的事项</p>
          <p>本年度未收取信息处理费。</p>
        </td></tr></table>
        </body></html>
        """;

    private static string Build()
    {
        var groups = new (string Label, string[] Items)[]
        {
            ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]),
            ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
            ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
            ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]),
        };
        var rows = new System.Text.StringBuilder();
        foreach (var (label, items) in groups)
        {
            for (var i = 0; i < items.Length; i++)
            {
                var value = label == "（四）无法提供" && i == 0 ? "1" : "0";
                rows.Append("<tr>");
                if (i == 0)
                {
                    rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"<td rowspan=\"{items.Length}\">{label}</td>");
                }
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"<td>{items[i]}</td><td>{value}</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>{value}</td></tr>\n");
            }
        }
        return HandWritten.Replace("ROWS", rows.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_MergedCellsAndLayoutTable_AreReadIntoTheModel()
    {
        var result = ReportReader.ReadText(Build(), SourceFormat.Html);
        var report = result.Report;
        Assert.Equal("某县公安局", report.Agency);
        Assert.Equal(2023, report.Year);
        Assert.Equal(6, report.Sections.Count);
        Assert.Equal(3, report.Applications.Value("一", "自然人"));
        Assert.Equal(1, report.Applications.Value("三.四.1", "总计"));
        Assert.Equal(0, report.Applications.Value("三.六.3", "其他"));
        Assert.Equal(3, report.Applications.Value("三.七", "总计"));
        Assert.Equal(1250, report.Proactive.Value("行政许可", "本年处理决定数量"));
        Assert.Equal("8.5000", report.Proactive["行政事业性收费", "本年收费金额"]!.Text);
        Assert.Equal(1, report.Review.Value("复议后起诉", "结果纠正"));
        Assert.Empty(result.Findings);
        Assert.Empty(Reports.Checking.ReportChecker.Check(report));
    }

    [Fact]
    public void Html_CellSources_NameTableRowAndCell()
    {
        var report = ReportReader.ReadText(Build(), SourceFormat.Html).Report;
        var cell = report.Applications["一", "自然人"]!;
        Assert.Equal(2, cell.Source.Table);
        Assert.Equal(4, cell.Source.TableRow);
        Assert.Equal(4, cell.Source.Cell);
        Assert.Contains("表格2第4行第4格", cell.Source.ToString());
    }

    [Fact]
    public void Html_ScriptAndNavigation_DoNotBecomeReportText()
    {
        var report = ReportReader.ReadText(Build(), SourceFormat.Html).Report;
        Assert.DoesNotContain("var x", string.Concat(report.Sections.Values.Select(s => s.Text)));
        Assert.Equal("某县公安局2023年政府信息公开工作年度报告", report.Title);
    }

    [Fact]
    public void Html_TablesRenderedAsPipeLines_AreRead()
    {
        var text = Seeds.Text("001");
        var html = "<html><body>" + string.Concat(text.Split('\n').Select(l => "<p>" + System.Net.WebUtility.HtmlEncode(l.Contains('\t') ? string.Join(" | ", l.Split('\t')) : l) + "</p>\n")) + "</body></html>";
        var report = ReportReader.Read(System.Text.Encoding.UTF8.GetBytes(html), "report.html").Report;
        Assert.Equal(Seeds.Canonical(Seeds.Read("001").Report), Seeds.Canonical(report));
    }
}
