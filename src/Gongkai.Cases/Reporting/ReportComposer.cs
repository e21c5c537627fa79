using System.Globalization;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Reporting;

/// <summary>What staff write: the text of each section by key (一 … 六), without the tables.</summary>
public sealed record ReportDraft(string Agency, int Year, IReadOnlyDictionary<string, string> Sections);

/// <summary>A composed report and what the checker found in it.</summary>
public sealed record ComposedReport(AnnualReport Report, IReadOnlyList<Finding> Findings)
{
    /// <summary>For a people's government: how its departments' reports were summed into the tables.</summary>
    public CombinedTables? Combined { get; init; }

    /// <summary>Publication is blocked while any finding is an error (issue 5's check gate).</summary>
    public bool HasErrors => Findings.Any(f => f.Rule.Severity == Severity.Error);

    public IReadOnlyList<Finding> Warnings => Findings.Where(f => f.Rule.Severity == Severity.Warning).ToArray();
}

/// <summary>
/// Composes the 政府信息公开工作年度报告 (条例 第四十九条) in the 2021 format from data: table 二 from the
/// proactive register, table 三 from the cases, table 四 from the review register, and the six sections
/// as staff wrote them; then runs the report core's checker on the whole, as a published report is checked.
/// </summary>
public static class ReportComposer
{
    public static ComposedReport Compose(ReportDraft draft, ReportTable proactive, ReportTable applications, ReportTable review, TimeProvider? clock = null)
    {
        var schema = ReportSchema.Format2021;
        var report = new AnnualReport(FormatVersion.Format2021)
        {
            Agency = draft.Agency,
            Year = draft.Year,
            Title = Title(draft.Agency, draft.Year),
        };
        foreach (var section in schema.Sections)
        {
            report.Sections[section.Key] = new ReportSection(section.Key, section.Heading, (draft.Sections.GetValueOrDefault(section.Key) ?? "").Trim(), default);
        }
        report.Proactive.CopyFrom(proactive);
        report.Applications.CopyFrom(applications);
        report.Review.CopyFrom(review);
        return new ComposedReport(report, ReportChecker.Check(report, clock));
    }

    /// <summary>
    /// A people's government's report: the tables are the combined ones, and every department left out of
    /// the sum, or not yet published, is a warning, so publishing without it needs the same recorded confirmation as any warning.
    /// </summary>
    public static ComposedReport Compose(ReportDraft draft, CombinedTables combined, TimeProvider? clock = null)
    {
        var composed = Compose(draft, combined.Proactive, combined.Applications, combined.Review, clock);
        var missing = combined.NeedingAttention.Select(d => new Finding(ReportCombiner.DepartmentNotIncluded, $"{d.Department}：{d.Remark}", "部门年度报告"));
        return new ComposedReport(composed.Report, [.. composed.Findings, .. missing]) { Combined = combined };
    }

    public static string Title(string agency, int year) => string.Create(CultureInfo.InvariantCulture, $"{agency}{year}年政府信息公开工作年度报告");
}

/// <summary>
/// Paragraphs offered to staff for the sections whose facts are in the tables. Every number is read from
/// the tables, so a draft cannot contradict them; staff may edit it, and the checker then compares
/// whatever numbers they type with the tables again.
/// </summary>
public static class NarrativeDrafts
{
    /// <summary>A draft of 一（三）依申请公开 / section 三's summary: received, carried in, completed by outcome group, carried over.</summary>
    public static string Applications(ReportTable table)
    {
        long V(string row) => (long)(table.Value(row, "总计") ?? 0);
        long Group(string prefix) => table.Schema.Rows.Where(r => r.Key.StartsWith(prefix + ".", StringComparison.Ordinal)).Sum(r => V(r.Key));
        var parts = new List<string>();
        void Part(string label, long n)
        {
            if (n > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{label}{n}件"));
            }
        }
        Part("予以公开", V("三.一"));
        Part("部分公开", V("三.二"));
        Part("不予公开", Group("三.三"));
        Part("无法提供", Group("三.四"));
        Part("不予处理", Group("三.五"));
        Part("其他处理", Group("三.六"));
        var outcomes = parts.Count > 0 ? "，其中" + string.Join("、", parts) : "";
        // The carried-over count goes first: a reader (and the checker) adds up what follows “其中” to the end of the sentence.
        return string.Create(CultureInfo.InvariantCulture,
            $"本年度新收政府信息公开申请{V("一")}件，上年结转{V("二")}件，结转下年度继续办理{V("四")}件。办结{V("三.七")}件{outcomes}。");
    }

    /// <summary>A draft for section 四: reconsiderations and lawsuits by result.</summary>
    public static string Review(ReportTable table)
    {
        long V(string row, string column) => (long)(table.Value(row, column) ?? 0);
        string Results(string row)
        {
            var parts = new[] { ("结果维持", "维持"), ("结果纠正", "纠正"), ("其他结果", "其他结果"), ("尚未审结", "尚未审结") }
                .Where(c => V(row, c.Item1) > 0)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item2}{V(row, c.Item1)}件"));
            var list = string.Join("、", parts);
            return list.Length == 0 ? "" : "（" + list + "）";
        }
        var reviews = V("行政复议", "总计");
        var lawsuits = V("未经复议直接起诉", "总计") + V("复议后起诉", "总计");
        var first = reviews == 0 ? "本年度未发生因政府信息公开引起的行政复议" : string.Create(CultureInfo.InvariantCulture, $"本年度因政府信息公开被申请行政复议{reviews}件{Results("行政复议")}");
        var second = lawsuits == 0 ? "未发生因政府信息公开引起的行政诉讼" : string.Create(CultureInfo.InvariantCulture,
            $"被提起行政诉讼{lawsuits}件，其中未经复议直接起诉{V("未经复议直接起诉", "总计")}件{Results("未经复议直接起诉")}、复议后起诉{V("复议后起诉", "总计")}件{Results("复议后起诉")}");
        return first + "；" + second + "。";
    }

    /// <summary>
    /// Drafts of the five subsections of 一、总体情况 the format names (主动公开、依申请公开、政府信息管理、
    /// 政府信息公开平台建设、监督保障), in order, each opened with its title and what the registers and tables
    /// say; staff add the rest. <see cref="OverviewText.Join"/> puts them together with their markers.
    /// </summary>
    public static IReadOnlyList<string> OverviewParts(ReportTable proactive, ReportTable applications, ReportTable review, IReadOnlyList<ChannelTotal> channels)
    {
        string N(string row, string column) => proactive.Value(row, column) is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";
        var published = channels.Where(c => c.Count > 0).ToList();
        var byChannel = published.Count == 0
            ? "本年度未登记各渠道主动公开政府信息的数量。"
            : string.Create(CultureInfo.InvariantCulture,
                $"本年度共主动公开政府信息{published.Sum(c => c.Count)}条，其中{string.Join("、", published.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Channel}{c.Count}条")))}。");
        var platforms = published.Count == 0 ? "" : $"本机关通过{string.Join("、", published.Select(c => c.Channel))}等渠道发布政府信息。";
        long R(string row) => (long)(review.Value(row, "总计") ?? 0);
        return
        [
            "主动公开。" + byChannel + Proactive(proactive),
            "依申请公开。" + Applications(applications),
            $"政府信息管理。现行有效规章{N("规章", "现行有效件数")}件、行政规范性文件{N("行政规范性文件", "现行有效件数")}件。",
            "政府信息公开平台建设。" + platforms,
            string.Create(CultureInfo.InvariantCulture, $"监督保障。本年度因政府信息公开被申请行政复议{R("行政复议")}件，被提起行政诉讼{R("未经复议直接起诉") + R("复议后起诉")}件。"),
        ];
    }

    /// <summary>The whole drafted 一、总体情况: <see cref="OverviewParts"/> with their markers （一）…（五）.</summary>
    public static string Overview(ReportTable proactive, ReportTable applications, ReportTable review, IReadOnlyList<ChannelTotal> channels) =>
        OverviewText.Join("", OverviewParts(proactive, applications, review, channels));

    /// <summary>
    /// A draft for 六、其他需要报告的事项: the 信息处理费 charged under 国办函〔2020〕109号 (the seeds all report it
    /// here), from the cases whose fee was paid in the year.
    /// </summary>
    public static string ProcessingFees(int paidCases, decimal totalYuan) => paidCases == 0
        ? "本年度未收取信息处理费。"
        : string.Create(CultureInfo.InvariantCulture, $"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{paidCases}件，共计{totalYuan:0.##}元。");

    /// <summary>A draft of the 主动公开 summary: documents made and in force, decisions and fees.</summary>
    public static string Proactive(ReportTable table)
    {
        string N(string row, string column) => table.Value(row, column) is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";
        return $"本年度制发规章{N("规章", "本年制发件数")}件、行政规范性文件{N("行政规范性文件", "本年制发件数")}件，废止规章{N("规章", "本年废止件数")}件、行政规范性文件{N("行政规范性文件", "本年废止件数")}件，" +
               $"现行有效规章{N("规章", "现行有效件数")}件、行政规范性文件{N("行政规范性文件", "现行有效件数")}件；" +
               $"作出行政许可决定{N("行政许可", "本年处理决定数量")}件、行政处罚决定{N("行政处罚", "本年处理决定数量")}件、行政强制决定{N("行政强制", "本年处理决定数量")}件；" +
               $"收取行政事业性收费{N("行政事业性收费", "本年收费金额")}万元。";
    }
}
