using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Gongkai.Documents.Docx;
using Gongkai.Documents.Letters;

namespace Gongkai.Documents.Tests;

public class LetterTests
{
    private static Dictionary<string, string> Values(string outcomeRow) => new()
    {
        ["申请人"] = "张三",
        ["受理编号"] = "XXGA-2026-00012",
        ["收到日期"] = "2026年11月2日",
        ["申请内容"] = "2025年本市道路交通事故统计数据",
        ["机关"] = "新乡市公安局",
        ["文号"] = Letter.FormatNumber("新公开", 2026, LetterKind.Answer, 12),
        ["日期"] = "2026年11月24日",
        ["办理结果"] = outcomeRow,
        ["答复内容"] = "所申请信息属于过程性信息，不予公开。",
        ["法律依据"] = "《中华人民共和国政府信息公开条例》第十六条第二款",
        ["复议机关"] = "新乡市人民政府",
        ["救济途径"] = DefaultTemplates.Remedies(outcomeRow, "新乡市人民政府"),
    };

    private static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), false);

    private static string Text(WordprocessingDocument doc) => string.Join("\n", doc.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText));

    [Fact]
    public void AnswerLetter_Docx_CarriesTitleNumberFieldsAndRemedies()
    {
        var letter = Letter.Compose(DefaultTemplates.For(LetterKind.Answer), Values("三.三.6"));
        using var doc = Open(DocxWriter.Write(letter));
        var text = Text(doc);
        Assert.StartsWith("政府信息公开申请答复书\n新公开〔2026〕答12号\n张三：", text);
        Assert.Contains("受理编号：XXGA-2026-00012", text);
        Assert.Contains("第十六条第二款", text);
        Assert.Contains("六十日内向新乡市人民政府申请行政复议；对行政复议决定不服的", text);
        Assert.EndsWith("新乡市公安局\n2026年11月24日", text);
        Assert.DoesNotContain("【未填写", text);
    }

    [Fact]
    public void Remedies_NonRefusal_OffersReviewOrLawsuitWithinSixMonths()
    {
        var remedies = DefaultTemplates.Remedies("三.一", "某市人民政府");
        Assert.Contains("六十日内", remedies);
        Assert.Contains("六个月内依法向人民法院提起行政诉讼", remedies);
    }

    [Fact]
    public void Docx_LayoutFollowsGbT9704()
    {
        using var doc = Open(DocxWriter.Write(Letter.Compose(DefaultTemplates.For(LetterKind.Receipt), Values("三.一"))));
        var section = doc.MainDocumentPart!.Document.Body!.Elements<SectionProperties>().Single();
        var size = section.GetFirstChild<PageSize>()!;
        var margin = section.GetFirstChild<PageMargin>()!;
        Assert.Equal(11906u, size.Width!.Value);
        Assert.Equal(16838u, size.Height!.Value);
        Assert.InRange(margin.Top!.Value, 2090, 2100);   // 37 mm
        Assert.InRange((int)margin.Left!.Value, 1580, 1590); // 28 mm
        var runs = doc.MainDocumentPart.Document.Body.Descendants<RunProperties>().ToList();
        Assert.Equal(DocxWriter.TitleFont, runs[0].RunFonts!.EastAsia!.Value);
        Assert.Equal("44", runs[0].FontSize!.Val!.Value);
        Assert.Equal(DocxWriter.BodyFont, runs[2].RunFonts!.EastAsia!.Value);
        Assert.Equal("32", runs[2].FontSize!.Val!.Value);
    }

    [Fact]
    public void EveryDefaultTemplate_UsesOnlyKnownFields()
    {
        foreach (var kind in Enum.GetValues<LetterKind>())
        {
            Assert.Empty(DefaultTemplates.For(kind).Validate());
        }
    }

    [Fact]
    public void EditedTemplate_WithUnknownField_IsRefusedNamingIt()
    {
        var template = LetterTemplate.Parse(LetterKind.Receipt, "受理回执\n{申请人}：\n您的身份证号为{身份证号}。");
        var error = Assert.Single(template.Validate());
        Assert.Contains("第2段的字段“{身份证号}”不存在", error);
        Assert.Contains("{受理编号}", error);
    }

    [Fact]
    public void Fill_MissingValue_IsLeftVisible() =>
        Assert.Equal("请于【未填写：补正期限】前提交", LetterTemplate.Fill("请于{补正期限}前提交", new Dictionary<string, string>()));

    [Fact]
    public void DocumentNumber_HasPrefixYearKindAndSequence() =>
        Assert.Equal("新公开〔2026〕补3号", Letter.FormatNumber("新公开", 2026, LetterKind.CorrectionNotice, 3));
}
