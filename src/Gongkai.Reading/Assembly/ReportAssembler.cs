using System.Globalization;
using System.Text.RegularExpressions;
using Gongkai.Reading.Blocks;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// Builds the report model from blocks: the title (possibly over several lines), the six sections
/// by their headings, the format version from the tables' own labels, and the three tables.
/// </summary>
internal static partial class ReportAssembler
{
    /// <summary>A heading is short; a longer line that starts "一、" is prose or a table label.</summary>
    private const int MaxHeadingLength = 32;

    [GeneratedRegex(@"^(?<agency>.+?)(?<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)", RegexOptions.CultureInvariant, 100)]
    private static partial Regex AgencyThenYear();

    [GeneratedRegex(@"^(?<year>(?:19|20)\d{2})年度?(?<agency>.+?)(?:政府信息公开|政务公开|信息公开)", RegexOptions.CultureInvariant, 100)]
    private static partial Regex YearThenAgency();

    private sealed record Heading(int BlockIndex, SectionDef Section, string Printed, SourceLocation Source);

    /// <param name="titleHints">What a web page's head and heading say its title is, for when the text before the
    /// first section (a site's menus) names no agency and year.</param>
    public static (AnnualReport Report, List<Finding> Findings) Assemble(List<Block> blocks, IReadOnlyList<string>? titleHints = null)
    {
        var findings = new List<Finding>();
        var headings = FindHeadings(blocks);
        var (title, titleEnd) = FindTitle(blocks, headings.Count > 0 ? headings[0].BlockIndex : Math.Min(blocks.Count, 5));
        if ((title.Agency is null || title.Year is null) && titleHints?.Select(TitleFrom).FirstOrDefault(t => t is { Agency: not null, Year: not null }) is { } hinted)
        {
            title = hinted;
        }

        // Walk the blocks once, assigning prose to sections and rows to tables.
        var text = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var rows = new Dictionary<string, List<RowBlock>>(StringComparer.Ordinal);
        var firstHeading = new Dictionary<string, Heading>(StringComparer.Ordinal);
        var headingAt = headings.ToDictionary(h => h.BlockIndex);
        string? current = null;
        for (var i = titleEnd; i < blocks.Count; i++)
        {
            if (headingAt.TryGetValue(i, out var heading))
            {
                current = heading.Section.Key;
                if (!firstHeading.TryAdd(current, heading))
                {
                    var first = firstHeading[current];
                    findings.Add(new Finding(Rules.SectionDuplicate,
                        $"“{heading.Section.Heading}”的标题出现了不止一次（{first.Source}、{heading.Source}），其后内容均计入该部分",
                        heading.Source.ToString()));
                }
                continue;
            }
            var key = current ?? "";
            switch (blocks[i])
            {
                case RowBlock row:
                    if (key is "二" or "三" && LabelContinuation.TrySplitGlued(row) is { } split)
                    {
                        row = split;
                    }
                    if (key is "三" or "四" && i + 1 < blocks.Count && blocks[i + 1] is var next && !headingAt.ContainsKey(i + 1)
                        && LabelContinuation.TryJoinWrapped(row, next, key == "三" ? ReportSchema.ApplicantColumns.Count : 3 * ReportSchema.ReviewColumns.Count) is { } whole)
                    {
                        // The row was too wide for the page and wrapped onto the next line.
                        row = whole;
                        i++;
                    }
                    if (key is "二" or "三" && blocks[i - 1] is ParagraphBlock previous && !headingAt.ContainsKey(i - 1)
                        && SpacedRow.TryConvert(previous) is null && LabelContinuation.TryJoin(previous, row) is { } joined)
                    {
                        // The paragraph was the first line of this row's label, broken over two lines.
                        text[key].RemoveAt(text[key].Count - 1);
                        row = joined;
                    }
                    else if (key is "二" or "三" && blocks[i - 1] is ParagraphBlock before && !headingAt.ContainsKey(i - 1)
                        && i + 1 < blocks.Count && blocks[i + 1] is ParagraphBlock after && !headingAt.ContainsKey(i + 1)
                        && LabelContinuation.TryWrap(before, row, after) is { } wrapped)
                    {
                        // The row's label was printed around its values (a PDF cell): one line before, the rest after.
                        text[key].RemoveAt(text[key].Count - 1);
                        row = wrapped;
                        i++;
                    }
                    Add(rows, key, row);
                    break;
                case ParagraphBlock p when key is "二" or "三" or "四" && SpacedRow.TryConvert(p) is { } converted:
                    Add(rows, key, converted);
                    break;
                case ParagraphBlock p when key is "二" or "三" && LabelContinuation.SplitGlued(p.Text) is var (label, value):
                    // A one-value row printed with its value against its label ("行政事业性收费9486.7475").
                    Add(rows, key, new RowBlock([label, value], [p.Source with { Cell = 1 }, p.Source with { Cell = 2 }], p.Source));
                    break;
                case ParagraphBlock p:
                    Add(text, key, CleanProse(p.Text));
                    break;
            }
        }

        var parsed = rows.ToDictionary(kv => kv.Key, kv => kv.Value.Select(ParsedRow.Of).ToList());
        var version = DetectVersion(parsed, title.Year, findings);
        var report = new AnnualReport(version) { Title = title.Text, Agency = title.Agency, Year = title.Year };
        foreach (var (key, heading) in firstHeading)
        {
            var body = text.TryGetValue(key, out var lines) ? string.Join("\n", lines.Where(l => l.Length > 0)) : "";
            report.Sections[key] = new ReportSection(key, heading.Printed, body, heading.Source);
            var printedKey = ChineseText.LabelKey(heading.Printed);
            if (printedKey != ChineseText.LabelKey(heading.Section.Title) || !StartsWithNumeral(heading.Printed, key))
            {
                findings.Add(new Finding(Rules.SectionHeading,
                    $"部分标题“{heading.Printed}”与格式的“{heading.Section.Heading}”不一致", heading.Source.ToString()));
            }
        }

        ProactiveTableReader.Read(RowsFor(parsed, "二", report.Schema), report.Proactive, findings);
        ApplicationsTableReader.Read(RowsFor(parsed, "三", report.Schema), report.Applications, findings);
        ReviewTableReader.Read(RowsFor(parsed, "四", report.Schema), report.Review, findings);

        if (title.Text is null && headings.Count == 0 && report.Tables.All(t => t.IsEmpty))
        {
            throw new ReportReadException("未能识别为政府信息公开工作年度报告：没有找到标题、“一、总体情况”等部分标题，也没有找到统计表格");
        }
        return (report, findings);
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T item)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(item);
    }

    private static string CleanProse(string text) => text.Trim().TrimStart('#', '>').Trim();

    private static bool StartsWithNumeral(string printed, string key)
    {
        var compact = ChineseText.Compact(ChineseText.Normalize(printed));
        return compact.StartsWith(key + "、", StringComparison.Ordinal);
    }

    /// <summary>Rows for a table: those under its section; if that section has none, rows elsewhere whose labels belong to the table.</summary>
    private static IReadOnlyList<ParsedRow> RowsFor(Dictionary<string, List<ParsedRow>> rows, string section, ReportSchema schema)
    {
        if (rows.TryGetValue(section, out var own) && own.Count > 0)
        {
            return own;
        }
        var orphans = rows.Where(kv => kv.Key is not ("二" or "三" or "四")).SelectMany(kv => kv.Value).ToList();
        if (orphans.Count == 0)
        {
            return [];
        }
        var labels = RowLabels.For(section switch
        {
            "二" => schema.Proactive,
            "三" => schema.Applications,
            _ => schema.Review,
        });
        return orphans.Where(r => r.Cells.Any(c => c.Type == CellType.Text && labels.Match(c.Compact, out var approx) is not null && !approx)).ToList();
    }

    private static List<Heading> FindHeadings(List<Block> blocks)
    {
        var result = new List<Heading>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var printed = blocks[i] switch
            {
                ParagraphBlock p => p.Text,
                RowBlock r when r.Cells.Count(c => c.Length > 0) == 1 => r.Cells.First(c => c.Length > 0),
                _ => null,
            };
            if (printed is not null && printed.Length <= 3 * MaxHeadingLength && TryHeading(printed, out var section))
            {
                result.Add(new Heading(i, section, CleanProse(printed), blocks[i].Source));
            }
        }
        return result;
    }

    /// <summary>
    /// "一、总体情况", "## 三、收到和处理政府信息公开申请情况", "四．政府信息公开行政复议、行政诉讼情况".
    /// The numeral must agree with the title's keyword unless the title is printed in full.
    /// </summary>
    internal static bool TryHeading(string printed, out SectionDef section)
    {
        section = null!;
        var compact = ChineseText.Compact(ChineseText.Normalize(printed));
        if (compact.Length == 0 || compact.Length > MaxHeadingLength)
        {
            return false;
        }
        var numbered = compact.Length > 2 && ChineseText.IsChineseNumeral(compact[0]) && compact[1] is '、' or '.' or ',';
        var rest = numbered ? compact[2..] : compact;
        foreach (var def in ReportSchema.Format2021.Sections)
        {
            if (!rest.Contains(def.Keyword, StringComparison.Ordinal))
            {
                continue;
            }
            var fullTitle = ChineseText.EditDistance(rest, def.Title, 2) <= 2;
            if (fullTitle || (numbered && compact[0] == def.Key[0]))
            {
                section = def;
                return true;
            }
        }
        return false;
    }

    private sealed record Title(string? Text, string? Agency, int? Year);

    /// <summary>
    /// The title: one to three consecutive lines before the first heading that together name an agency
    /// and a year and end with the word 报告. Lines before it (site navigation, breadcrumbs) are skipped.
    /// Returns the index of the first block after the title.
    /// </summary>
    /// <summary>
    /// A line a web site prints around the article — a breadcrumb ("首页 > 信息公开"), an address, the page's
    /// publication data ("发布时间：… 来源：… 浏览次数：…") — which is never part of the report's title.
    /// </summary>
    private static bool IsSiteChrome(string line)
    {
        var t = ChineseText.Normalize(line).Trim();
        return t.Contains('>', StringComparison.Ordinal) || t.Contains('»', StringComparison.Ordinal) || t.Contains("当前位置", StringComparison.Ordinal)
            || t.Contains("://", StringComparison.Ordinal) || t.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || SiteMetadata().IsMatch(t);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(发布时间|发布日期|发文日期|信息来源|来源|浏览次数|阅读次数|访问量|点击数|字号|字体)\s*[:：]", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SiteMetadata();

    /// <summary>A title read from one line (a page's &lt;title&gt; or meta tag), or null when it names no agency and year.</summary>
    private static Title? TitleFrom(string text)
    {
        var joined = ChineseText.Compact(ChineseText.Normalize(text)).Trim('《', '》');
        if (!joined.Contains("报告", StringComparison.Ordinal))
        {
            return null;
        }
        var m = AgencyThenYear().Match(joined);
        if (!m.Success)
        {
            m = YearThenAgency().Match(joined);
        }
        if (!m.Success)
        {
            return null;
        }
        var agency = m.Groups["agency"].Value.Trim('《', '》', ',', ' ');
        return new Title(joined, agency.Length > 0 ? agency : null, int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture));
    }

    private static (Title Title, int End) FindTitle(List<Block> blocks, int limit)
    {
        limit = Math.Min(limit, 12);
        (Title Title, int End)? fallback = null;
        for (var start = 0; start < limit; start++)
        {
            var joined = "";
            for (var i = start; i < limit && i < start + 3; i++)
            {
                if (blocks[i] is not ParagraphBlock p || IsSiteChrome(p.Text))
                {
                    break;
                }
                joined += ChineseText.Compact(ChineseText.Normalize(p.Text)).Trim('《', '》');
                if (joined.Length > 80)
                {
                    break;
                }
                if (!joined.Contains("报告", StringComparison.Ordinal))
                {
                    continue;
                }
                var m = AgencyThenYear().Match(joined);
                if (!m.Success)
                {
                    m = YearThenAgency().Match(joined);
                }
                if (m.Success)
                {
                    var agency = m.Groups["agency"].Value.Trim('《', '》', ',', ' ');
                    var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                    return (new Title(joined, agency.Length > 0 ? agency : null, year), i + 1);
                }
                fallback ??= (new Title(joined, null, null), i + 1);
                break;
            }
        }
        return fallback ?? (new Title(null, null, null), 0);
    }

    /// <summary>
    /// Which format the tables follow, from their own labels: 2021 splits 其他处理 into three rows and
    /// counts documents as 本年制发/本年废止/现行有效; 2019 has one 其他处理 row and 本年新制作/对外公开总数量.
    /// </summary>
    private static FormatVersion DetectVersion(Dictionary<string, List<ParsedRow>> rows, int? year, List<Finding> findings)
    {
        int v2021 = 0, v2019 = 0;
        // A "（六）其他处理" row standing alone, without numbers (a table left empty), hints at the trial format: the 2021
        // format prints its three sub-rows beside it. Counted only where no label of the 2021 format appears.
        var emptyOtherRow = false;
        foreach (var row in rows.Values.SelectMany(r => r))
        {
            var hasValue = row.Cells.Any(c => c.Type == CellType.Value);
            string? lastLabel = null;
            foreach (var cell in row.Cells)
            {
                if (cell.Type != CellType.Text)
                {
                    continue;
                }
                var label = ChineseText.StripNumbering(cell.Compact);
                lastLabel = label;
                if (label.Contains("逾期不补正", StringComparison.Ordinal) || label.Contains("收费通知", StringComparison.Ordinal)
                    || label is "本年制发件数" or "现行有效件数" or "本年废止件数" or "行政规范性文件")
                {
                    v2021++;
                }
                else if (label is "本年新制作数量" or "本年新公开数量" or "对外公开总数量" or "政府集中采购" or "其他对外管理服务事项")
                {
                    v2019++;
                }
            }
            // A 其他处理 row with its own numbers is the trial format's single row.
            if (hasValue && lastLabel == "其他处理")
            {
                v2019++;
            }
            emptyOtherRow |= !hasValue && lastLabel == "其他处理";
        }
        if (v2021 == 0 && v2019 == 0 && emptyOtherRow)
        {
            v2019++;
        }
        if (v2021 > 0 && v2019 == 0)
        {
            return FormatVersion.Format2021;
        }
        if (v2019 > 0 && v2021 == 0)
        {
            return FormatVersion.Trial2019;
        }
        var fallback = year is { } y ? FormatVersions.ExpectedFor(y) : FormatVersion.Format2021;
        if (v2019 > 0 && v2021 > 0)
        {
            var chosen = v2021 >= v2019 ? FormatVersion.Format2021 : FormatVersion.Trial2019;
            findings.Add(new Finding(Rules.FormatVersionMismatch,
                $"表格中同时出现 2019 年试行格式和 2021 年格式的行或列，按{chosen.DocumentNumber()}的格式读取"));
            return chosen;
        }
        return fallback;
    }
}
