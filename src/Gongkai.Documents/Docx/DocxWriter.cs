using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Gongkai.Documents.Letters;

namespace Gongkai.Documents.Docx;

/// <summary>
/// Writes a letter as DOCX after GB/T 9704-2012 《党政机关公文格式》: A4; margins top 37 mm, bottom 35 mm,
/// left 28 mm, right 26 mm; title in 2号 (22 pt) 方正小标宋简体, body in 3号 (16 pt) 仿宋_GB2312 with fixed
/// 28 pt lines (22 lines a page); the document number under the title; the agency and date at the end.
/// Fonts are named as agencies' machines have them; where they are missing, LibreOffice and Word fall
/// back (Gongkai's fontconfig alias maps them to Noto Serif CJK SC for PDF conversion). Pages are numbered "— 1 —" in
/// 4号 宋体 under the type area, odd pages right and even pages left, one character in (GB/T 9704 7.5); the attachment
/// note (附件说明, 7.3.4) follows the body; the last paragraph, the note and the signature block are kept together so
/// the agency and date never stand alone on a page (7.3.5 要求成文日期与正文同页).
/// </summary>
public static class DocxWriter
{
    public const string TitleFont = "方正小标宋简体";
    public const string BodyFont = "仿宋_GB2312";

    public static byte[] Write(Letter letter)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(letter.Title, TitleFont, 44, JustificationValues.Center, bold: false, spacingAfter: 0));
            if (letter.Number.Length > 0)
            {
                body.Append(Paragraph(letter.Number, BodyFont, 32, JustificationValues.Center, bold: false, spacingAfter: 560));
            }
            for (var i = 0; i < letter.Paragraphs.Count; i++)
            {
                var text = letter.Paragraphs[i];
                // The salutation line (ending in ：) starts at the margin; body paragraphs are indented two characters.
                var salutation = i == 0 && text.EndsWith('：');
                var last = i == letter.Paragraphs.Count - 1;
                body.Append(Paragraph(text, BodyFont, 32, JustificationValues.Both, bold: false, spacingAfter: 0, indentChars: salutation ? 0 : 2, keepWithNext: last));
            }
            if (letter.Attachments.Count > 0)
            {
                // 附件说明: a blank line, then "附件：1. 名称", further names aligned under the first (GB/T 9704 7.3.4).
                body.Append(Paragraph("", BodyFont, 32, JustificationValues.Left, false, 0, keepWithNext: true));
                for (var i = 0; i < letter.Attachments.Count; i++)
                {
                    var item = letter.Attachments.Count == 1 ? letter.Attachments[i] : $"{i + 1}. {letter.Attachments[i]}";
                    body.Append(Paragraph((i == 0 ? "附件：" : "　　　") + item, BodyFont, 32, JustificationValues.Left, false, 0, indentChars: 2, keepWithNext: true));
                }
            }
            body.Append(Paragraph("", BodyFont, 32, JustificationValues.Left, false, 0, keepWithNext: true));
            body.Append(Paragraph(letter.Agency, BodyFont, 32, JustificationValues.Right, false, 0, keepWithNext: true));
            body.Append(Paragraph(letter.Date, BodyFont, 32, JustificationValues.Right, false, 0));
            var odd = main.AddNewPart<FooterPart>();
            odd.Footer = new Footer(PageNumber(JustificationValues.Right));
            var even = main.AddNewPart<FooterPart>();
            even.Footer = new Footer(PageNumber(JustificationValues.Left));
            var settings = main.AddNewPart<DocumentSettingsPart>();
            settings.Settings = new Settings(new EvenAndOddHeaders());
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(odd) },
                new FooterReference { Type = HeaderFooterValues.Even, Id = main.GetIdOfPart(even) },
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin
                {
                    Top = Twips(37), Bottom = Twips(35),
                    Left = (uint)Twips(28), Right = (uint)Twips(26),
                    Header = 851, Footer = 992, Gutter = 0,
                }));
            main.Document = new Document(body);
            doc.PackageProperties.Title = letter.Title;
            doc.PackageProperties.Subject = letter.Number;
            doc.PackageProperties.Creator = letter.Agency;
        }
        return stream.ToArray();
    }

    /// <summary>Millimetres to twips (1/1440 inch).</summary>
    private static int Twips(double mm) => (int)Math.Round(mm * 1440 / 25.4);

    /// <summary>"— n —" in 4号 (14 pt) 宋体, one character from the outer edge (GB/T 9704 7.5).</summary>
    private static Paragraph PageNumber(JustificationValues side)
    {
        RunProperties Font() => new(new RunFonts { Ascii = "宋体", HighAnsi = "宋体", EastAsia = "宋体", ComplexScript = "宋体" },
            new FontSize { Val = "28" }, new FontSizeComplexScript { Val = "28" }, new Languages { Val = "zh-CN", EastAsia = "zh-CN" });
        var indentation = side == JustificationValues.Right ? new Indentation { Right = "280" } : new Indentation { Left = "280" };
        return new Paragraph(
            new ParagraphProperties(indentation, new Justification { Val = side }),
            new Run(Font(), new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
            new SimpleField(new Run(Font(), new Text("1"))) { Instruction = " PAGE " },
            new Run(Font(), new Text(" —") { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, JustificationValues justification, bool bold, int spacingAfter, int indentChars = 0,
        bool keepWithNext = false)
    {
        // In the schema's order (rFonts, b, sz, szCs, lang). The language makes LibreOffice ask for Simplified Chinese
        // glyphs, so the PDF uses Noto CJK's SC face rather than the collection's first (Japanese) one.
        var runProperties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold)
        {
            runProperties.Append(new Bold());
        }
        runProperties.Append(
            new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new Languages { Val = "zh-CN", EastAsia = "zh-CN" });
        var properties = new ParagraphProperties();
        if (keepWithNext)
        {
            properties.Append(new KeepNext(), new KeepLines());
        }
        properties.Append(
            new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact, After = spacingAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new Justification { Val = justification });
        if (indentChars > 0)
        {
            // Word reads the characters (首行缩进 2 字符); LibreOffice, which makes the PDF, reads only the twips.
            properties.Append(new Indentation { FirstLineChars = indentChars * 100, FirstLine = (indentChars * halfPoints * 10).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
