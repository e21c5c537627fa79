using Gongkai.Cases.Fees;

namespace Gongkai.Cases.Tests;

/// <summary>国办函〔2020〕109号 tiers at every boundary.</summary>
public class FeeTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 100)]
    [InlineData(30, 2000)]
    [InlineData(31, 2200)]
    [InlineData(35, 3000)]
    [InlineData(40, 4000)]
    [InlineData(41, 4300)]
    [InlineData(50, 7000)]
    [InlineData(51, 7400)]
    public void PerApplication_IsProgressiveByNaturalMonthCount(int applications, int yuan) =>
        Assert.Equal(yuan, FeeCalculator.PerApplication(applications).TotalYuan);

    [Theory]
    [InlineData(30, 0)]
    [InlineData(31, 10)]
    [InlineData(100, 700)]
    [InlineData(101, 720)]
    [InlineData(200, 2700)]
    [InlineData(201, 2740)]
    [InlineData(250, 4700)]
    public void PerPage_IsProgressiveByPages(int pages, int yuan) =>
        Assert.Equal(yuan, FeeCalculator.PerPage(pages).TotalYuan);

    [Fact]
    public void PerApplication_ListsItsBandsForTheNotice()
    {
        var fee = FeeCalculator.PerApplication(35);
        Assert.Equal([0m, 100m, 200m], fee.Bands.Select(b => b.Yuan));
        Assert.Equal([10, 20, 5], fee.Bands.Select(b => b.Count));
    }

    [Theory]
    [InlineData(9, 1, 0)]
    [InlineData(10, 1, 100)]
    [InlineData(29, 1, 100)]
    [InlineData(30, 1, 200)]
    [InlineData(39, 1, 200)]
    [InlineData(40, 1, 300)]
    [InlineData(8, 5, 300)]
    [InlineData(28, 4, 600)]
    public void ForApplication_ChargesEachItemAtTheBandOfItsPlaceInTheMonth(int earlier, int items, int yuan) =>
        Assert.Equal(yuan, FeeCalculator.ForApplication(earlier, items).TotalYuan);

    [Fact]
    public void ForApplication_SumsOverAMonthToTheMonthlyTotal()
    {
        var total = Enumerable.Range(0, 57).Sum(earlier => FeeCalculator.ForApplication(earlier, 1).TotalYuan);
        Assert.Equal(FeeCalculator.PerApplication(57).TotalYuan, total);
    }

    [Fact]
    public void Describe_ListsEveryBandAndTheTotal() =>
        Assert.Equal("第1—30页：不收费；第31—100页：10元/页×70页=700元；第101—200页：20元/页×100页=2000元；第201—250页：40元/页×50页=2000元；合计4700元",
            FeeCalculator.Describe(FeeCalculator.PerPage(250)));
}
