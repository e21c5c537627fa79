using System.Text.RegularExpressions;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

/// <summary>
/// Reports that are right must not be called wrong (issue 24): on every report of tests/fixtures/consistent, and on
/// seeds 000–003 in every shape the reader takes, no arithmetic or narrative error may fire. Each false alarm found
/// is added to the corpus (see its README).
/// </summary>
public class ConsistentCorpusTests
{
    private static readonly string[] ConsistentSeeds = ["000", "001", "002", "003"];

    public static TheoryData<string> CorpusFiles => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "consistent"))
        .Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Select(Path.GetFileName).Order()!);

    public static TheoryData<string, string> SeedShapes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var id in ConsistentSeeds)
            {
                foreach (var shape in new[] { "text", "html", "crawled", "blank-zeros" })
                {
                    data.Add(id, shape);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusReport_RaisesNoArithmeticOrNarrativeError(string file)
    {
        var read = ReportReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "consistent", file));
        AssertNoFalseAlarm(read, file);
    }

    [Theory]
    [MemberData(nameof(SeedShapes))]
    public void ConsistentSeed_InEveryShape_RaisesNoArithmeticOrNarrativeError(string id, string shape)
    {
        var text = Seeds.Text(id);
        var read = shape switch
        {
            "html" => ReportReader.Read(System.Text.Encoding.UTF8.GetBytes(HtmlWriter.Write(Seeds.Read(id).Report)), "r.html"),
            "crawled" => ReportReader.ReadText("标题：年度报告\n发布时间：2024-01-20\n来源：本站\n" + Regex.Replace(text.Replace("\t", "", StringComparison.Ordinal), "[\r\n]+", " ")),
            "blank-zeros" => ReportReader.ReadText(string.Join('\n', text.Split('\n')
                .Select(l => l.Contains('\t') ? string.Join('\t', l.Split('\t').Select(f => f == "0" ? "" : f)) : l))),
            _ => ReportReader.ReadText(text),
        };
        AssertNoFalseAlarm(read, $"{id} ({shape})");
    }

    internal static void AssertNoFalseAlarm(ReadResult read, string what)
    {
        var alarms = read.Findings.Concat(ReportChecker.Check(read.Report))
            .Where(f => f.Severity == Severity.Error && f.Category is RuleCategory.Arithmetic or RuleCategory.Narrative).ToList();
        Assert.True(alarms.Count == 0, $"{what}: {string.Join("；", alarms.Select(a => $"{a.RuleId} {a.Message}"))}");
    }
}
