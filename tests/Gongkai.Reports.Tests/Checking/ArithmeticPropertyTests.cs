using FsCheck;
using FsCheck.Fluent;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Tests.Checking;

/// <summary>Property tests over random reports: consistency passes; a single change fires exactly the identities that involve the cell.</summary>
public class ArithmeticPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    /// <summary>A random report whose tables satisfy every identity: outcomes and carry-over drawn first, 一 derived.</summary>
    internal static AnnualReport RandomConsistent(int seed)
    {
        var random = new Random(seed);
        var report = SampleReports.Consistent();
        var schema = report.Schema.Applications;
        var outcomeRows = schema.Identities.Single(i => i.RuleId == "outcome-total").Right;
        var sums = new int[6];
        foreach (var row in outcomeRows)
        {
            var values = Enumerable.Range(0, 6).Select(_ => random.Next(0, 4) == 0 ? random.Next(0, 40) : 0).ToArray();
            SampleReports.SetApplications(report, row, values);
            for (var i = 0; i < 6; i++)
            {
                sums[i] += values[i];
            }
        }
        SampleReports.SetApplications(report, "三.七", sums);
        var carriedOver = Enumerable.Range(0, 6).Select(_ => random.Next(0, 10)).ToArray();
        var carriedIn = Enumerable.Range(0, 6).Select(i => random.Next(0, sums[i] + carriedOver[i] + 1)).ToArray();
        var received = Enumerable.Range(0, 6).Select(i => sums[i] + carriedOver[i] - carriedIn[i]).ToArray();
        SampleReports.SetApplications(report, "四", carriedOver);
        SampleReports.SetApplications(report, "二", carriedIn);
        SampleReports.SetApplications(report, "一", received);
        foreach (var group in report.Schema.Review.Rows)
        {
            SampleReports.SetReview(report, group.Key, Enumerable.Range(0, 4).Select(_ => random.Next(0, 6)).ToArray());
        }
        return report;
    }

    /// <summary>Which identities a cell takes part in, from the schema's declarations alone.</summary>
    private static string[] Involving(TableSchema table, RowDef row, ColumnDef column) =>
        table.Identities
            .Where(i => i.Axis == IdentityAxis.Rows
                ? i.Left.Contains(row.Key) || i.Right.Contains(row.Key)
                : i.Left.Contains(column.Key) || i.Right.Contains(column.Key))
            .Select(i => i.RuleId)
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void RandomConsistentReport_PassesEveryArithmeticRule()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
            !ReportChecker.Check(RandomConsistent(seed)).Any(f => f.Category == RuleCategory.Arithmetic)));
    }

    [Fact]
    public void ChangingOneCell_FiresExactlyTheRulesInvolvingThatCell()
    {
        var gen =
            from seed in Gen.Choose(0, int.MaxValue)
            from tableIndex in Gen.Choose(1, 2)
            from cellIndex in Gen.Choose(0, 10_000)
            from delta in Gen.Choose(1, 9)
            select (seed, tableIndex, cellIndex, delta);

        Check.One(Config, Prop.ForAll(Arb.From(gen), t =>
        {
            var report = RandomConsistent(t.seed);
            var table = report.Tables.ElementAt(t.tableIndex);
            var cells = table.Cells().ToArray();
            var (row, column, cell) = cells[t.cellIndex % cells.Length];
            table[row.Key, column.Key] = CellValue.Of(cell!.Value + t.delta);

            var fired = ReportChecker.Check(report).Where(f => f.Category == RuleCategory.Arithmetic).Select(f => f.RuleId).Order(StringComparer.Ordinal).ToArray();
            var expected = Involving(table.Schema, row, column);
            return fired.SequenceEqual(expected);
        }));
    }
}
