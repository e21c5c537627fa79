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
        Assert.Contains("应当先自收到本答复之日起六十日内向新乡市人民政府申请行政复议", text);
        Assert.EndsWith("新乡市公安局\n2026年11月24日", text);
        Assert.DoesNotContain("【未填写", text);
    }

    /// <summary>
    /// 行政复议法 (2023) 第二十三条第一款第四项 and 第二款: 不予公开 goes to reconsideration first and the letter says so;
    /// 部分公开 refuses a part, so that part too; every other outcome leaves the choice (行政复议法 第二十条, 行政诉讼法 第四十六条).
    /// </summary>
    [Theory]
    [MemberData(nameof(OutcomeRows))]
    public void Remedies_EachOutcomeRow_StateTheStatutoryRoutesWithArticles(string row)
    {
        var remedies = DefaultTemplates.Remedies(row, "某市人民政府");
        var refused = row.StartsWith("三.三", StringComparison.Ordinal);
        var partial = row == "三.二";
        Assert.Contains("六十日内向某市人民政府申请行政复议", remedies);
        Assert.Contains("《中华人民共和国行政复议法》第二十条", remedies);
        Assert.Equal(refused || partial, remedies.Contains("应当先", StringComparison.Ordinal));
        Assert.Equal(refused || partial, remedies.Contains("第二十三条第一款第四项", StringComparison.Ordinal));
        Assert.Equal(refused || partial, remedies.Contains("十五日内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）", StringComparison.Ordinal));
        // A free choice of a lawsuit within six months only where nothing (or not only something) was refused.
        Assert.Equal(!refused, remedies.Contains("六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）", StringComparison.Ordinal));
        if (partial)
        {
            Assert.Contains("不予公开的部分", remedies);
            Assert.Contains("其他内容", remedies);
        }
    }

    public static TheoryData<string> OutcomeRows()
    {
        var rows = new TheoryData<string>();
        foreach (var r in Gongkai.Reports.Schema.ReportSchema.Format2021.Applications.Rows.Where(r => r.Key.StartsWith("三.", StringComparison.Ordinal) && r.Key != "三.七"))
        {
            rows.Add(r.Key);
        }
        return rows;
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
    public void Docx_BodyParagraphs_AreIndentedTwoCharactersForWordAndLibreOffice()
    {
        using var doc = Open(DocxWriter.Write(Letter.Compose(DefaultTemplates.For(LetterKind.Answer), Values("三.一"))));
        var body = doc.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Where(p => p.ParagraphProperties?.Indentation is not null).ToList();
        Assert.NotEmpty(body);
        Assert.All(body, p =>
        {
            Assert.Equal(200, p.ParagraphProperties!.Indentation!.FirstLineChars!.Value);
            Assert.Equal("640", p.ParagraphProperties.Indentation.FirstLine!.Value); // two 16 pt characters, in twips
        });
        Assert.All(doc.MainDocumentPart.Document.Body.Descendants<RunProperties>(), r => Assert.Equal("zh-CN", r.Languages!.EastAsia!.Value));
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
