using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

/// <summary>Read a seed, write it, read it again: the same model.</summary>
public class RoundTripTests
{
    public static TheoryData<string> SeedIds => new(Seeds.Ids);

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Markdown_RoundTrip_GivesTheSameModel(string id)
    {
        var first = Seeds.Read(id).Report;
        var markdown = MarkdownWriter.Write(first);
        var second = ReportReader.ReadText(markdown);
        Assert.Equal(Seeds.Canonical(first), Seeds.Canonical(second.Report));
        Assert.DoesNotContain(second.Findings, f => f.RuleId is "values-unplaced" or "row-unrecognized" or "label-variant");
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Html_RoundTrip_GivesTheSameModel(string id)
    {
        var first = Seeds.Read(id).Report;
        var html = HtmlWriter.Write(first);
        var second = ReportReader.Read(System.Text.Encoding.UTF8.GetBytes(html), "report.html");
        Assert.Equal(SourceFormat.Html, second.Format);
        Assert.Equal(Seeds.Canonical(first), Seeds.Canonical(second.Report));
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Json_RoundTrip_GivesTheSameModel(string id)
    {
        var first = Seeds.Read(id).Report;
        Assert.Equal(Seeds.Canonical(first), Seeds.Canonical(ReportJson.Read(ReportJson.Write(first))));
    }
}
