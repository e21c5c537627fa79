namespace Gongkai.Reading.Tests;

/// <summary>
/// Tables copied from a web page or a spreadsheet arrive as tab-separated lines in which a cell the agency left
/// blank is an empty field between two tabs. That field holds the column's place: the values after it must not
/// slide left, and the row must not come out short (issue 24, a regression).
/// </summary>
public class TabSeparatedTests
{
    [Theory]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("004")]
    public void ZerosLeftBlank_EveryOtherValueKeepsItsColumn_InEveryTable(string seed)
    {
        var original = ReportReader.ReadText(Seeds.Text(seed)).Report;
        var blanked = ReportReader.ReadText(BlankZeros(Seeds.Text(seed))).Report;
        var compared = 0;
        foreach (var (want, got) in original.Tables.Zip(blanked.Tables))
        {
            foreach (var ((row, column, cell), (_, _, read)) in want.Cells().Zip(got.Cells()))
            {
                // A blank is absent, never zero; seed 004's table 三 prints six values for seven columns in some rows,
                // whose inner values stay unplaced either way.
                var expected = cell?.Value == 0 ? null : cell?.Value;
                Assert.True(expected == read?.Value, $"{want.Schema.Title} {row.Key} {column.Key}: expected {expected}, read {read?.Text ?? "absent"}");
                compared += expected is null ? 0 : 1;
            }
        }
        Assert.True(compared > 5, $"only {compared} values compared");
    }

    [Fact]
    public void RowWithItsInnerCellsBlank_PlacesEachValueInItsOwnColumn()
    {
        var result = ReportReader.ReadText(BlankZeros(Seeds.Text("001")));
        Assert.Null(result.Report.Applications["一", "商业企业"]);
        Assert.Equal(57m, result.Report.Applications.Value("一", "自然人"));
        Assert.Equal(57m, result.Report.Applications.Value("一", "总计"));
        // Table 二: "行政规范性文件\t\t\t4" is 现行有效件数 4, not 本年制发件数.
        Assert.Null(result.Report.Proactive["行政规范性文件", "本年制发件数"]);
        Assert.Equal(4m, result.Report.Proactive.Value("行政规范性文件", "现行有效件数"));
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "values-unplaced");
    }

    [Fact]
    public void ReviewRowWithBlanks_KeepsAllFifteenPlaces()
    {
        var result = ReportReader.ReadText(BlankZeros(Seeds.Text("001")));
        var review = result.Report.Review;
        Assert.Equal(1m, review.Value("行政复议", "结果维持"));
        Assert.Equal(1m, review.Value("行政复议", "总计"));
        Assert.Null(review["行政复议", "结果纠正"]);
        Assert.Null(review["复议后起诉", "总计"]);
    }

    /// <summary>Every "0" field of a tab-separated line emptied, its tabs kept.</summary>
    private static string BlankZeros(string text) => string.Join('\n', text.Split('\n')
        .Select(l => l.Contains('\t') ? string.Join('\t', l.Split('\t').Select(f => f == "0" ? "" : f)) : l));
}
