using Gongkai.Cases.Flags;

namespace Gongkai.Cases.Tests;

public class FlagTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);

    [Fact]
    public void NearlyTheSameRequestAsAnAnsweredOne_IsFlaggedAsPossibleRepeatWithEvidence()
    {
        var flags = ApplicationFlags.For("请公开2025年本市道路交通事故死亡人数统计数据",
            Day, [new PriorApplication("XXGA-2026-00003", Day.AddDays(-40), "申请公开2025年本市道路交通事故死亡人数统计数据。", Answered: true)]);
        var flag = Assert.Single(flags);
        Assert.Equal("repeat", flag.Kind);
        Assert.Contains("XXGA-2026-00003", flag.Message);
        Assert.Contains("三.五.2", flag.Message);
    }

    [Fact]
    public void SimilarRequestNotYetAnswered_IsNotARepeat() =>
        Assert.Empty(ApplicationFlags.For("2025年本市道路交通事故死亡人数", Day, [new PriorApplication("A", Day.AddDays(-5), "2025年本市道路交通事故死亡人数", Answered: false)]));

    [Fact]
    public void DifferentRequest_IsNotFlagged() =>
        Assert.Empty(ApplicationFlags.For("派出所户籍办理时限的规定", Day, [new PriorApplication("A", Day.AddDays(-40), "2025年全市电动自行车登记数量", Answered: true)]));

    [Fact]
    public void TenApplicationsIn30Days_AreFlaggedUnderArticle35()
    {
        var priors = Enumerable.Range(1, 9).Select(i => new PriorApplication($"T{i}", Day.AddDays(-i), $"第{i}项信息：某某文件{i * 7}", Answered: false)).ToArray();
        var flag = Assert.Single(ApplicationFlags.For("另一项不同的信息", Day, priors));
        Assert.Equal("mass", flag.Kind);
        Assert.Contains("30日内已提出 10 件", flag.Message);
    }

    [Fact]
    public void NineApplicationsIn30Days_AreNotFlagged()
    {
        var priors = Enumerable.Range(1, 8).Select(i => new PriorApplication($"T{i}", Day.AddDays(-i), $"第{i}项", Answered: false)).ToArray();
        Assert.Empty(ApplicationFlags.For("另一项", Day, priors));
    }
}
