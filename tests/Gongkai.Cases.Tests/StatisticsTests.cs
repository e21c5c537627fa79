using FsCheck;
using FsCheck.Fluent;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Statistics;
using Gongkai.Reports.Checking;

namespace Gongkai.Cases.Tests;

public class StatisticsTests
{
    private static CaseFacts F(string received, string? closed, string? outcome, ApplicantCategory category = ApplicantCategory.NaturalPerson) =>
        new(category, DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture),
            closed is null ? null : DateOnly.Parse(closed, System.Globalization.CultureInfo.InvariantCulture), outcome);

    [Fact]
    public void Compute_CountsReceivedCarriedInClosedByOutcomeAndCarriedOver()
    {
        CaseFacts[] cases =
        [
            F("2022-12-20", "2023-01-10", "三.一"),                      // carried in, closed in year
            F("2022-12-28", null, null),                                  // carried in, still open
            F("2023-03-01", "2023-03-20", "三.三.6", ApplicantCategory.CommercialEnterprise),
            F("2023-12-25", "2024-01-05", "三.四.1"),                     // received in year, carried over
            F("2022-05-01", "2022-06-01", "三.一"),                       // closed before the year
            F("2024-01-02", null, null),                                  // received after the year
        ];
        var t = Table3Statistics.Compute(cases, 2023);
        Assert.Equal(2, t.Value("一", "总计"));
        Assert.Equal(1, t.Value("一", "商业企业"));
        Assert.Equal(2, t.Value("二", "自然人"));
        Assert.Equal(1, t.Value("三.一", "自然人"));
        Assert.Equal(1, t.Value("三.三.6", "商业企业"));
        Assert.Equal(2, t.Value("三.七", "总计"));
        Assert.Equal(2, t.Value("四", "自然人"));
        Assert.Equal(0, t.Value("三.四.1", "总计"));
    }

    [Fact]
    public void RandomCaseHistoriesAcrossYears_AlwaysBalance()
    {
        var outcomes = ApplicationCase.OutcomeRows.Select(r => r.Key).ToArray();
        var gen =
            from seed in Gen.Choose(0, int.MaxValue)
            from count in Gen.Choose(0, 300)
            from year in Gen.Choose(2019, 2026)
            select (seed, count, year);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(gen), t =>
        {
            var random = new Random(t.seed);
            var cases = Enumerable.Range(0, t.count).Select(_ =>
            {
                var received = new DateOnly(2018, 1, 1).AddDays(random.Next(0, 365 * 9));
                DateOnly? closed = random.Next(4) == 0 ? null : received.AddDays(random.Next(0, 120));
                return new CaseFacts((ApplicantCategory)random.Next(6), received, closed, closed is null ? null : outcomes[random.Next(outcomes.Length)]);
            }).ToArray();
            var report = Table3Statistics.Report(cases, t.year, "测试局");
            var arithmetic = ReportChecker.Check(report).Where(f => f.Category == RuleCategory.Arithmetic);
            return !arithmetic.Any();
        }));
    }
}
