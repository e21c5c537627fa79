using Gongkai.Reports.Text;

namespace Gongkai.Reports.Tests.Text;

public class ChineseTextTests
{
    [Fact]
    public void Normalize_FullWidthDigitsAndPunctuation_BecomeHalfWidth() =>
        Assert.Equal("(一)予以公开12件,", ChineseText.Normalize("（一）予以公开１２件，"));

    [Fact]
    public void Normalize_TraditionalLabels_BecomeSimplified()
    {
        Assert.Equal("本年新收政府信息公开申请数量", ChineseText.Normalize("本年新收政府信息公開申請數量"));
        Assert.Equal("政府信息公开行政复议、行政诉讼情况", ChineseText.Normalize("政府信息公開行政復議、行政訴訟情況"));
        Assert.Equal("法律服务机构", ChineseText.Normalize("法律服務機構"));
    }

    [Fact]
    public void Normalize_SimplifiedText_IsUnchanged()
    {
        const string text = "覆盖全局的监督保障，发布信息2098条。";
        Assert.Equal("覆盖全局的监督保障,发布信息2098条。", ChineseText.Normalize(text));
    }

    [Theory]
    [InlineData("三、本 年度办 理结果", "本年度办理结果")]
    [InlineData("(三) 不 予公开", "不予公开")]
    [InlineData("（七）总计", "总计")]
    [InlineData("6.属于四类过程性信息", "属于四类过程性信息")]
    [InlineData("3.危及“三安全一稳定”", "危及三安全一稳定")]
    [InlineData("## 一、总体情况", "总体情况")]
    public void LabelKey_StripsNumberingSpacesAndQuotes(string printed, string expected) =>
        Assert.Equal(expected, ChineseText.LabelKey(printed));

    [Theory]
    [InlineData("本年废止件数", "本年度止件数", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("短", "很长很长的标签", 3)]
    public void EditDistance_IsBounded(string a, string b, int expected) =>
        Assert.Equal(expected, ChineseText.EditDistance(a, b, 2));
}
