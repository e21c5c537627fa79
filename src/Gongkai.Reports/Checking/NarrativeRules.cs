using System.Globalization;
using System.Text.RegularExpressions;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reports.Checking;

/// <summary>
/// Numbers and years stated in the narrative, compared with the tables and with each other.
/// The 2021 format's clause (四) names "发布内容不准确不全面" as a defect; these rules find the
/// contradictions a program can see. Patterns are bounded (no unbounded backtracking) and carry a
/// timeout, so no input makes them slow.
/// </summary>
internal static partial class NarrativeRules
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const int TimeoutMs = 200;
    private const string Number = @"(?<n>\d+(?:,\d{3})*(?:\.\d+)?)";
    private const string Approx = @"\s*(?<approx>余|多)?\s*";

    [GeneratedRegex(@"(?:收到|接到|接收|受理|新收)(?<gap>[^。,;:!?\d]{0,40}?)" + Number + Approx + "(?:件|项|个|份|宗)", Options, TimeoutMs)]
    private static partial Regex ReceivedPattern();

    /// <summary>"共办理政府信息公开申请17件", "依申请公开事项共95件": a count right after the words for applications.</summary>
    [GeneratedRegex(@"(?<pre>[^。;!?]{0,30}?)(?:政府信息公开申请|信息公开申请|依申请公开(?:事项|申请|案件)?)(?<mid>[^。;!?\d]{0,6}?)" + Number + Approx + "(?:件|项|个|份|宗)", Options, TimeoutMs)]
    private static partial Regex ApplicationsTotalPattern();

    /// <summary>Words that make a count of applications a part, a result or a comparison rather than a total.</summary>
    [GeneratedRegex(@"其中|自然人|法人|企业|组织|机构|网上|网络|在线|信函|当面|现场|邮寄|传真|电子|同比|较|比|增|减|上年|去年|结转|予以公开|部分公开|不予|无法提供|不予处理|其他处理|办结|答复|平均|涉及|第", Options, TimeoutMs)]
    private static partial Regex NotATotalPattern();

    [GeneratedRegex(@"收到|接到|接收|受理|新收", Options, TimeoutMs)]
    private static partial Regex ReceivedVerbPattern();

    [GeneratedRegex(@"办结(?<gap>[^。,;:!?\d%]{0,20}?)" + Number + Approx + "(?:件|项|个|份|宗)", Options, TimeoutMs)]
    private static partial Regex CompletedPattern();

    [GeneratedRegex(@"结转(?:至|到)?下一?年度?(?:继续办理)?[^。,;:!?\d]{0,10}?" + Number + Approx + "(?:件|项|个)", Options, TimeoutMs)]
    private static partial Regex CarriedForwardPattern();

    [GeneratedRegex(@"上一?年度?结转[^。,;:!?\d]{0,10}?" + Number + Approx + "(?:件|项|个)", Options, TimeoutMs)]
    private static partial Regex CarriedInPattern();

    [GeneratedRegex(@"(?<label>不予以公开|不予公开|予以公开|部分公开|无法提供|不予处理|其他处理)[^。,;:!?\d、]{0,6}?" + Number + Approx + "(?:件|项|个)", Options, TimeoutMs)]
    private static partial Regex OutcomePattern();

    /// <summary>Two outcomes stated together, "予以公开及部分公开42件": compared with the sum of both rows.</summary>
    [GeneratedRegex(@"(?<a>不予以公开|不予公开|予以公开|部分公开|无法提供|不予处理|其他处理)(?:及|和|与|、|以及)(?<b>不予以公开|不予公开|予以公开|部分公开|无法提供|不予处理|其他处理)[^。,;:!?\d、]{0,6}?" + Number + Approx + "(?:件|项|个)", Options, TimeoutMs)]
    private static partial Regex CombinedOutcomePattern();

    /// <summary>"另有5件尚在办理", "尚未办结的3件": the applications still open, table 三 row 四.</summary>
    [GeneratedRegex(Number + Approx + @"(?:件|项|个)(?:申请)?[^。,;:!?\d]{0,6}?(?:尚在|正在|仍在|还在)办理|(?:尚在|正在|仍在|还在)办理(?:中)?的?(?:申请)?[^。,;:!?\d]{0,4}?" + Number + Approx + @"(?:件|项|个)|(?:尚未|未)办结的?(?:申请)?[^。,;:!?\d]{0,4}?" + Number + Approx + "(?:件|项|个)", Options, TimeoutMs)]
    private static partial Regex StillOpenPattern();

    /// <summary>"被申请行政复议3件", "行政诉讼案件2起": a count of reviews or lawsuits; a comparison ("同比减少2件") is not one.</summary>
    [GeneratedRegex(@"(?<kind>行政复议|行政诉讼)(?<gap>[^。,;:!?\d、]{0,8}?)" + Number + Approx + "(?:件|起|宗|个|次)", Options, TimeoutMs)]
    private static partial Regex ReviewCountPattern();

    /// <summary>"其中维持2件、纠正1件": the results of the reviews or lawsuits the sentence counts.</summary>
    [GeneratedRegex(@"(?<result>维持|纠正|尚未审结|未审结|其他结果)(?:原?行政行为|原决定|原答复)?[^。,;:!?\d、]{0,4}?" + Number + Approx + "(?:件|起|宗|个|次)", Options, TimeoutMs)]
    private static partial Regex ReviewResultPattern();

    [GeneratedRegex(@"(?<label>行政许可|行政处罚|行政强制)类?(?:事项|决定|案件)?[^。,;:!?\d、]{0,6}?" + Number + Approx + "(?:起|件|项|个|宗|次)", Options, TimeoutMs)]
    private static partial Regex DecisionPattern();

    [GeneratedRegex(Number + @"\s*(?<unit>条|件|项|篇|个|起)\s*[,，]?\s*其中", Options, TimeoutMs)]
    private static partial Regex TotalBeforeOfWhichPattern();

    [GeneratedRegex(Number + Approx + @"(?<unit>人次|条|件|项|篇|个|起|%)", Options, TimeoutMs)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(Number + @"\s*(?<unit>万元|元)", Options, TimeoutMs)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"未发生|未出现|未收到|未接到|未产生|没有发生|没有出现|没有收到|没有接到", Options, TimeoutMs)]
    private static partial Regex NegationPattern();

    /// <summary>Words that narrow a claim about reviews or lawsuits to something table 四 does not count by itself.</summary>
    [GeneratedRegex(@"败诉|胜诉|撤销|确认违法|赔偿|被告|应诉|责令|违法|不当|瑕疵", Options, TimeoutMs)]
    private static partial Regex UncountedQualifierPattern();

    [GeneratedRegex(@"(?<!依)(?:信息公开申请|公开申请|申请公开)", Options, TimeoutMs)]
    private static partial Regex ApplicationMentionPattern();

    [GeneratedRegex(@"(?<![\d〔\[(])(?<y>(?:19|20)\d{2})\s*年", Options, TimeoutMs)]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"\d+\s*(?:余|多)?\s*(?:件|条|起|项|篇|个|次|万元|元)|收取|收费", Options, TimeoutMs)]
    private static partial Regex StatisticPattern();

    [GeneratedRegex(@"(?<y1>(?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起\s*)?(?:至|到|-|—|~)\s*(?:(?<y2>(?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日", Options, TimeoutMs)]
    private static partial Regex PeriodPattern();

    public static void Check(AnnualReport report, List<Finding> findings)
    {
        var overview = Sentences(report, "一");
        var applications = Sentences(report, "三");
        var other = Sentences(report, "六");
        var applicationSentences = overview.Concat(applications).Where(s => s.InApplicationsParagraph).ToArray();

        CheckReceived(report, applicationSentences, findings);
        CheckCompleted(report, applicationSentences, findings);
        CheckApplicationsTotal(report, applicationSentences, findings);
        CheckCarriedOver(report, applicationSentences, findings);
        CheckOutcomes(report, applicationSentences, findings);
        CheckDecisions(report, overview.Concat(Sentences(report, "二")), findings);
        CheckPartSums(overview.Concat(applications).Concat(other), findings);
        CheckItemisedFees(report, other, findings);
        CheckNoneClaimed(report, overview.Concat(applications).Concat(Sentences(report, "四")), findings);
        CheckReviews(report, overview.Concat(applications).Concat(Sentences(report, "四")).Concat(Sentences(report, "五")).Concat(other), findings);
        CheckYears(report, overview.Concat(other), findings);
    }

    /// <summary>
    /// A sentence as printed (for quoting) and normalised (for matching), where it is, and whether its
    /// paragraph is about applications.
    /// </summary>
    private sealed record Sentence(string Original, string Text, string Section, int Paragraph, bool InApplicationsParagraph)
    {
        public string Where => $"第{Section}部分第{Paragraph}段";
    }

    private static List<Sentence> Sentences(AnnualReport report, string sectionKey)
    {
        var result = new List<Sentence>();
        var text = report.SectionText(sectionKey);
        if (text.Length == 0)
        {
            return result;
        }
        var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var p = 0; p < paragraphs.Length; p++)
        {
            var aboutApplications = paragraphs[p].Contains("申请", StringComparison.Ordinal);
            foreach (var sentence in paragraphs[p].Split(['。', '！', '？', '!', '?'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                result.Add(new Sentence(sentence, ChineseText.Normalize(sentence), sectionKey, p + 1, aboutApplications));
            }
        }
        return result;
    }

    private static decimal? Total(ReportTable table, params string[] rows) => Sum(table, "总计", rows);

    /// <summary>The column's values in the rows added up; null when one is absent.</summary>
    private static decimal? Sum(ReportTable table, string column, params string[] rows)
    {
        decimal sum = 0;
        foreach (var row in rows)
        {
            if (table.Value(row, column) is not { } v)
            {
                return null;
            }
            sum += v;
        }
        return sum;
    }

    private static decimal ParseNumber(string text) =>
        decimal.Parse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string Quote(string sentence) => sentence.Length <= 60 ? $"“{sentence}”" : $"“{sentence[..57]}…”";

    private static void CheckReceived(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        if (Total(report.Applications, "一") is not { } received)
        {
            return;
        }
        var withCarried = Total(report.Applications, "一", "二");
        foreach (var s in sentences)
        {
            foreach (Match m in ReceivedPattern().Matches(s.Text))
            {
                if (m.Groups["approx"].Success || !m.Groups["gap"].Value.Contains("申请", StringComparison.Ordinal))
                {
                    continue;
                }
                var stated = ParseNumber(m.Groups["n"].Value);
                if (stated != received && stated != withCarried)
                {
                    findings.Add(new Finding(Rules.NarrativeReceived,
                        $"正文称收到申请 {stated} 件（{Quote(s.Original)}），但表三“一、本年新收政府信息公开申请数量”总计为 {received}",
                        s.Where));
                }
            }
        }
    }

    /// <summary>
    /// "共办理政府信息公开申请17件": a total of applications without the verb of <see cref="CheckReceived"/> may mean those
    /// received (一), those to handle (一 + 二) or those answered (三.七); it is wrong only when it is none of them. A part
    /// ("其中自然人申请…", "网上申请…") or a comparison is not a total and is left alone.
    /// </summary>
    private static void CheckApplicationsTotal(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        var received = Total(report.Applications, "一");
        var toHandle = Total(report.Applications, "一", "二");
        var answered = Total(report.Applications, "三.七");
        if (received is null && answered is null)
        {
            return;
        }
        foreach (var s in sentences)
        {
            if (OtherYear(report, s.Text))
            {
                continue;
            }
            foreach (Match m in ApplicationsTotalPattern().Matches(s.Text))
            {
                var context = m.Groups["pre"].Value + m.Groups["mid"].Value;
                if (m.Groups["approx"].Success || NotATotalPattern().IsMatch(context) || ReceivedVerbPattern().IsMatch(m.Groups["pre"].Value))
                {
                    continue;
                }
                var stated = ParseNumber(m.Groups["n"].Value);
                if (stated != received && stated != toHandle && stated != answered)
                {
                    findings.Add(new Finding(Rules.NarrativeApplicationsTotal,
                        $"正文称政府信息公开申请 {stated} 件（{Quote(s.Original)}），与表三不符：“一、本年新收”总计为 {Show(received)}，加“二、上年结转”为 {Show(toHandle)}，“（七）总计”为 {Show(answered)}",
                        s.Where));
                }
            }
        }
    }

    private static string Show(decimal? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "空";

    private static void CheckCompleted(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        if (Total(report.Applications, "三.七") is not { } completed)
        {
            return;
        }
        foreach (var s in sentences)
        {
            foreach (Match m in CompletedPattern().Matches(s.Text))
            {
                var stated = ParseNumber(m.Groups["n"].Value);
                if (!m.Groups["approx"].Success && stated != completed)
                {
                    findings.Add(new Finding(Rules.NarrativeCompleted,
                        $"正文称办结 {stated} 件（{Quote(s.Original)}），但表三“（七）总计”为 {completed}", s.Where));
                }
            }
        }
    }

    private static void CheckCarriedOver(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        var forward = Total(report.Applications, "四");
        var carriedIn = Total(report.Applications, "二");
        foreach (var s in sentences)
        {
            foreach (Match m in CarriedForwardPattern().Matches(s.Text))
            {
                var stated = ParseNumber(m.Groups["n"].Value);
                if (forward is { } f && !m.Groups["approx"].Success && stated != f)
                {
                    findings.Add(new Finding(Rules.NarrativeCarriedOver,
                        $"正文称结转下年度 {stated} 件（{Quote(s.Original)}），但表三“四、结转下年度继续办理”总计为 {f}", s.Where));
                }
            }
            foreach (Match m in StillOpenPattern().Matches(s.Text))
            {
                var stated = ParseNumber(m.Groups["n"].Value);
                if (forward is { } f && !m.Groups["approx"].Success && stated != f)
                {
                    findings.Add(new Finding(Rules.NarrativeCarriedOver,
                        $"正文称尚在办理 {stated} 件（{Quote(s.Original)}），但表三“四、结转下年度继续办理”总计为 {f}", s.Where));
                }
            }
            foreach (Match m in CarriedInPattern().Matches(s.Text))
            {
                var stated = ParseNumber(m.Groups["n"].Value);
                if (carriedIn is { } c && !m.Groups["approx"].Success && stated != c)
                {
                    findings.Add(new Finding(Rules.NarrativeCarriedOver,
                        $"正文称上年结转 {stated} 件（{Quote(s.Original)}），但表三“二、上年结转政府信息公开申请数量”总计为 {c}", s.Where));
                }
            }
        }
    }

    /// <summary>The rows of table 三 each outcome word of the narrative sums.</summary>
    private static string[] OutcomeRows(ReportSchema schema, string label)
    {
        var prefix = label switch
        {
            "予以公开" => "三.一",
            "部分公开" => "三.二",
            "不予公开" or "不予以公开" => "三.三",
            "无法提供" => "三.四",
            "不予处理" => "三.五",
            _ => "三.六",
        };
        return schema.Applications.Rows
            .Where(r => r.Key == prefix || r.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
            .Select(r => r.Key)
            .ToArray();
    }

    private static void CheckOutcomes(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        foreach (var s in sentences)
        {
            var combined = CombinedOutcomePattern().Matches(s.Text);
            foreach (Match m in combined)
            {
                var rows = OutcomeRows(report.Schema, m.Groups["a"].Value).Concat(OutcomeRows(report.Schema, m.Groups["b"].Value)).ToArray();
                if (m.Groups["approx"].Success || Total(report.Applications, rows) is not { } inTable)
                {
                    continue;
                }
                var stated = ParseNumber(m.Groups["n"].Value);
                if (stated != inTable)
                {
                    findings.Add(new Finding(Rules.NarrativeOutcome,
                        $"正文称{m.Groups["a"].Value}及{m.Groups["b"].Value}共 {stated} 件（{Quote(s.Original)}），但表三两项总计之和为 {inTable}", s.Where));
                }
            }
            foreach (Match m in OutcomePattern().Matches(s.Text))
            {
                // Part of a combined statement, checked above against the sum.
                if (combined.Any(c => m.Index < c.Index + c.Length && c.Index < m.Index + m.Length))
                {
                    continue;
                }
                var label = m.Groups["label"].Value;
                var rows = OutcomeRows(report.Schema, label);
                if (m.Groups["approx"].Success || Total(report.Applications, rows) is not { } inTable)
                {
                    continue;
                }
                var stated = ParseNumber(m.Groups["n"].Value);
                if (stated != inTable)
                {
                    var rowText = rows.Length == 1 ? rows[0] : $"{rows[0]} 至 {rows[^1]}";
                    findings.Add(new Finding(Rules.NarrativeOutcome,
                        $"正文称{label} {stated} 件（{Quote(s.Original)}），但表三 {rowText} 的总计为 {inTable}", s.Where));
                }
            }
        }
    }

    private static void CheckDecisions(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        var column = report.Format == FormatVersion.Format2021 ? "本年处理决定数量" : "处理决定数量";
        foreach (var s in sentences)
        {
            // A sentence about applications counts applications concerning licensing, not licences.
            if (s.Text.Contains("申请", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (Match m in DecisionPattern().Matches(s.Text))
            {
                var label = m.Groups["label"].Value;
                if (m.Groups["approx"].Success || report.Proactive.Value(label, column) is not { } inTable)
                {
                    continue;
                }
                var stated = ParseNumber(m.Groups["n"].Value);
                if (stated != inTable)
                {
                    findings.Add(new Finding(Rules.NarrativeDecisions,
                        $"正文称{label} {stated}（{Quote(s.Original)}），但表二“{label}”的{column}为 {inTable}", s.Where));
                }
            }
        }
    }

    private static void CheckPartSums(IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        foreach (var s in sentences)
        {
            var total = TotalBeforeOfWhichPattern().Match(s.Text);
            if (!total.Success)
            {
                continue;
            }
            var unit = total.Groups["unit"].Value;
            var stated = ParseNumber(total.Groups["n"].Value);
            var rest = s.Text[(total.Index + total.Length)..];
            var parts = new List<decimal>();
            var approximate = false;
            foreach (Match m in QuantityPattern().Matches(rest))
            {
                if (m.Groups["unit"].Value != unit)
                {
                    continue;
                }
                approximate |= m.Groups["approx"].Success;
                parts.Add(ParseNumber(m.Groups["n"].Value));
            }
            if (parts.Count < 2 || approximate || parts.Sum() == stated)
            {
                continue;
            }
            var relation = parts.Sum() > stated ? "超过" : "少于";
            findings.Add(new Finding(Rules.NarrativePartSum,
                $"正文称共 {stated} {unit}，其中所列 {string.Join(" + ", parts.Select(p => p.ToString(CultureInfo.InvariantCulture)))} = {parts.Sum()} {unit}，{relation}总数（{Quote(s.Original)}）",
                s.Where));
        }
    }

    /// <summary>
    /// 其他需要报告的事项 sometimes itemises the year's 行政事业性收费 in 元; the items must add up to
    /// table 二's 本年收费金额 in 万元. Sentences about 信息处理费 (国办函〔2020〕109号) are a different fee.
    /// </summary>
    private static void CheckItemisedFees(AnnualReport report, IReadOnlyList<Sentence> sentences, List<Finding> findings)
    {
        if (report.Format != FormatVersion.Format2021 || report.Proactive["行政事业性收费", "本年收费金额"] is not { } tableCell)
        {
            return;
        }
        var amounts = new List<decimal>();
        foreach (var s in sentences)
        {
            if (s.Text.Contains("处理费", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (Match m in MoneyPattern().Matches(s.Text))
            {
                var amount = ParseNumber(m.Groups["n"].Value);
                amounts.Add(m.Groups["unit"].Value == "万元" ? amount : amount / 10000m);
            }
        }
        if (amounts.Count < 2)
        {
            return;
        }
        var sum = amounts.Sum();
        if (sum != tableCell.Value)
        {
            findings.Add(new Finding(Rules.NarrativeFees,
                $"“六、其他需要报告的事项”分项列出 {amounts.Count} 项收费，合计 {(sum * 10000m).ToString("0.##", CultureInfo.InvariantCulture)} 元（{sum.ToString("0.######", CultureInfo.InvariantCulture)} 万元），但表二“行政事业性收费”本年收费金额为 {tableCell.Text} 万元，相差 {Math.Abs(tableCell.Value - sum).ToString("0.######", CultureInfo.InvariantCulture)} 万元",
                Describe.Location($"第六部分，表二“行政事业性收费”", tableCell)));
        }
    }

    /// <summary>
    /// Counts of 行政复议 and 行政诉讼 stated in the text, and their results when the sentence speaks of one kind only,
    /// against table 四. A count compared with another year, or in a sentence about another year, is left alone.
    /// </summary>
    private static void CheckReviews(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["维持"] = "结果维持", ["纠正"] = "结果纠正", ["其他结果"] = "其他结果", ["尚未审结"] = "尚未审结", ["未审结"] = "尚未审结",
        };
        foreach (var s in sentences)
        {
            if (OtherYear(report, s.Text))
            {
                continue;
            }
            var counts = ReviewCountPattern().Matches(s.Text)
                .Where(m => m.Groups["approx"].Length == 0 && !Comparison(m.Groups["gap"].Value)).ToList();
            foreach (var m in counts)
            {
                var review = m.Groups["kind"].Value == "行政复议";
                var rows = review ? new[] { "行政复议" } : ["未经复议直接起诉", "复议后起诉"];
                var stated = ParseNumber(m.Groups["n"].Value);
                if (Total(report.Review, rows) is { } inTable && stated != inTable)
                {
                    findings.Add(new Finding(Rules.NarrativeReviews,
                        $"正文称{m.Groups["kind"].Value} {stated} 件（{Quote(s.Original)}），但表四{(review ? "“行政复议”总计" : "“行政诉讼”两组总计之和")}为 {inTable}", s.Where));
                }
            }
            // Results are attributed only when the sentence counts one kind.
            if (counts.Select(c => c.Groups["kind"].Value).Distinct().Count() != 1 || counts.Count != 1)
            {
                continue;
            }
            var kind = counts[0].Groups["kind"].Value;
            var resultRows = kind == "行政复议" ? new[] { "行政复议" } : ["未经复议直接起诉", "复议后起诉"];
            foreach (Match r in ReviewResultPattern().Matches(s.Text[counts[0].Index..]))
            {
                if (r.Groups["approx"].Length > 0)
                {
                    continue;
                }
                var column = columns[r.Groups["result"].Value];
                var stated = ParseNumber(r.Groups["n"].Value);
                decimal? inTable = 0;
                foreach (var row in resultRows)
                {
                    inTable = report.Review.Value(row, column) is { } v && inTable is { } sum ? sum + v : null;
                }
                if (inTable is { } n && n != stated)
                {
                    findings.Add(new Finding(Rules.NarrativeReviews,
                        $"正文称{kind}{r.Groups["result"].Value} {stated} 件（{Quote(s.Original)}），但表四{kind}“{column}”为 {n}", s.Where));
                }
            }
        }
    }

    private static bool Comparison(string gap) =>
        gap.Contains('比', StringComparison.Ordinal) || gap.Contains('较', StringComparison.Ordinal) || gap.Contains('增', StringComparison.Ordinal)
        || gap.Contains('减', StringComparison.Ordinal) || gap.Contains('降', StringComparison.Ordinal) || gap.Contains('升', StringComparison.Ordinal);

    /// <summary>A sentence that names a year other than the report's speaks of that year.</summary>
    private static bool OtherYear(AnnualReport report, string text) =>
        report.Year is { } year && YearPattern().Matches(text).Any(y => int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture) != year);

    private static void CheckNoneClaimed(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        var reviews = Total(report.Review, "行政复议");
        var lawsuits = Total(report.Review, "未经复议直接起诉", "复议后起诉");
        var received = Total(report.Applications, "一");
        foreach (var s in sentences)
        {
            var negation = NegationPattern().Match(s.Text);
            if (!negation.Success)
            {
                continue;
            }
            var claim = s.Text[negation.Index..];
            void Compare(string what, decimal? inTable, string where)
            {
                if (inTable is { } n && n != 0)
                {
                    findings.Add(new Finding(Rules.NarrativeNoneClaimed,
                        $"正文称未发生{what}（{Quote(s.Original)}），但{where}为 {n}", s.Where));
                }
            }
            // "未发生被行政复议纠错的情况" speaks of one result, not of all reviews: compared with that result's column;
            // a result the format does not count ("败诉", "被撤销") leaves the sentence unchecked.
            var result = ResultNamed(claim);
            if (result == "")
            {
                continue;
            }
            if (claim.Contains("行政复议", StringComparison.Ordinal))
            {
                if (result is null)
                {
                    Compare("行政复议", reviews, "表四“行政复议”总计");
                }
                else
                {
                    Compare($"行政复议{ResultWords[result]}", Sum(report.Review, result, "行政复议"), $"表四“行政复议”“{result}”");
                }
            }
            if (claim.Contains("行政诉讼", StringComparison.Ordinal))
            {
                if (result is null)
                {
                    Compare("行政诉讼", lawsuits, "表四“行政诉讼”两组总计之和");
                }
                else
                {
                    Compare($"行政诉讼{ResultWords[result]}", Sum(report.Review, result, "未经复议直接起诉", "复议后起诉"), $"表四“行政诉讼”两组“{result}”之和");
                }
            }
            if (ApplicationMentionPattern().IsMatch(claim))
            {
                Compare("政府信息公开申请", received, "表三“一、本年新收政府信息公开申请数量”总计");
            }
        }
    }

    /// <summary>How a result column of table 四 is said in a finding.</summary>
    private static readonly Dictionary<string, string> ResultWords = new(StringComparer.Ordinal)
    {
        ["结果纠正"] = "被纠错",
        ["结果维持"] = "被维持",
        ["尚未审结"] = "尚未审结",
    };

    /// <summary>
    /// The table 四 column a "none" claim is about: null for all reviews or lawsuits, a column for one result, "" for
    /// a qualifier the format has no column for.
    /// </summary>
    private static string? ResultNamed(string claim)
    {
        if (claim.Contains("纠错", StringComparison.Ordinal) || claim.Contains("纠正", StringComparison.Ordinal))
        {
            return "结果纠正";
        }
        if (claim.Contains("维持", StringComparison.Ordinal))
        {
            return "结果维持";
        }
        if (claim.Contains("审结", StringComparison.Ordinal))
        {
            return "尚未审结";
        }
        return UncountedQualifierPattern().IsMatch(claim) ? "" : null;
    }

    private static void CheckYears(AnnualReport report, IEnumerable<Sentence> sentences, List<Finding> findings)
    {
        if (report.Year is not { } year)
        {
            return;
        }
        foreach (var s in sentences)
        {
            foreach (Match period in PeriodPattern().Matches(s.Text))
            {
                var y1 = int.Parse(period.Groups["y1"].Value, CultureInfo.InvariantCulture);
                var y2 = period.Groups["y2"].Success ? int.Parse(period.Groups["y2"].Value, CultureInfo.InvariantCulture) : y1;
                if (y1 != year || y2 != year)
                {
                    findings.Add(new Finding(Rules.StatisticsPeriod,
                        $"正文所述统计期限“{period.Value}”与报告年度 {year} 年不符", s.Where));
                }
            }

            var years = YearPattern().Matches(s.Text);
            for (var i = 0; i < years.Count; i++)
            {
                var mentioned = int.Parse(years[i].Groups["y"].Value, CultureInfo.InvariantCulture);
                if (mentioned == year)
                {
                    continue;
                }
                var start = years[i].Index + years[i].Length;
                var end = i + 1 < years.Count ? years[i + 1].Index : s.Text.Length;
                var after = s.Text[start..end];
                // A date ("2019年5月15日") names a day, not the year of a statistic.
                var rest = after.TrimStart();
                if (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
                {
                    continue;
                }
                if (StatisticPattern().IsMatch(after))
                {
                    findings.Add(new Finding(Rules.NarrativeYear,
                        $"正文{Quote(s.Original)}所述数字属于 {mentioned} 年，与报告年度 {year} 年不符", s.Where));
                }
            }
        }
    }
}
