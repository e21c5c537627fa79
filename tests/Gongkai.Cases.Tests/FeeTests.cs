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
}
