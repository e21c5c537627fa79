using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Gongkai.Documents.Tests.Redaction;

/// <summary>
/// A disclosed file as an office really has one, made by the tests: a 户籍 registration extract in Word holding names,
/// ID numbers, phone numbers, a plate, a bank card and an e-mail address, in prose, in a table and in the page header;
/// one name under a comment (whose text holds another ID number), one phone number in a tracked insertion and one in a
/// tracked deletion, a hidden note, the author in the document's properties and an embedded file.
/// </summary>
internal static class SensitiveFiles
{
    public const string IdNumber = "110101199003071234";
    public const string IdInTable = "320102198512120018";
    public const string IdInComment = "440305197805060021";
    public const string Mobile = "13800138000";
    public const string MobileInHeader = "13911112222";
    public const string MobileInserted = "13712345678";
    public const string MobileDeleted = "13600000000";
    public const string Landline = "0373-3051234";
    public const string Plate = "豫G12345";
    public const string Email = "zhangsan@example.com";
    public const string Name = "张三丰";
    public const string NameUnderComment = "李四光";
    public const string HiddenName = "赵六郎";
    public const string Author = "王经办";
    public const string Kept = "户籍登记信息摘录";
    public const string IdInNarrowTable = "410703197512124564";
    public const string MobileInNarrowTable = "15837345678";
    public const string PlateWrapped = "豫GA6789";

    /// <summary>A bank card number that passes the Luhn check.</summary>
    public static readonly string BankCard = WithLuhn("622202123456789012");

    /// <summary>Every withheld string: none may be found in a released copy.</summary>
    public static IReadOnlyList<string> Withheld => [IdNumber, IdInTable, Mobile, MobileInHeader, MobileInserted, Landline, Plate, BankCard, Email, Name, NameUnderComment,
        IdInNarrowTable, MobileInNarrowTable, PlateWrapped];

    /// <summary>In the file but never shown on a page: gone from the copy with the comment, the deletion, the hidden text, the properties.</summary>
    public static IReadOnlyList<string> Invisible => [IdInComment, MobileDeleted, HiddenName, Author];

    public static IReadOnlyList<string> Searches => ["居民身份证号", "手机号", "固定电话", "车牌号", "银行卡号", "电子邮箱", Name, NameUnderComment];

    public static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(Para($"经办人联系电话：{MobileInHeader}"));
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(Para($"核对：身份证号{IdInComment}")) { Id = "0", Author = Author, Initials = "W" });
            var embedded = main.AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx);
            using (var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"名单 {IdNumber} {Mobile}")))
            {
                embedded.FeedData(data);
            }
            document.PackageProperties.Creator = Author;
            document.PackageProperties.Title = $"{Name}户籍资料";
            var table = new Table(
                new TableProperties(new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })),
                Row("姓名", "身份证号", "车牌号"),
                Row("王五", IdInTable, Plate));
            main.Document = new Document(new Body(
                Para(Kept),
                Para($"申请人{Name}，居民身份证号{IdNumber}，联系电话{Mobile}，固定电话{Landline}。"),
                Para($"工资卡号{BankCard}，电子邮箱："),
                // The address as a simple field whose code holds it again (HYPERLINK "mailto:…"), as Word writes an e-mail link.
                new Paragraph(new SimpleField(new Run(new Text(Email))) { Instruction = $"HYPERLINK \"mailto:{Email}\"" }),
                new Paragraph(
                    new Run(new Text("共同居住人：")),
                    new CommentRangeStart { Id = "0" },
                    new Run(new Text(NameUnderComment)),
                    new CommentRangeEnd { Id = "0" },
                    new Run(new CommentReference { Id = "0" }),
                    new InsertedRun(new Run(new Text($"，手机{MobileInserted}") { Space = SpaceProcessingModeValues.Preserve })) { Id = "1", Author = Author, Date = DateTime.UtcNow },
                    new DeletedRun(new Run(new DeletedText($"，旧号码{MobileDeleted}") { Space = SpaceProcessingModeValues.Preserve })) { Id = "2", Author = Author, Date = DateTime.UtcNow }),
                new Paragraph(new Run(new RunProperties(new Vanish()), new Text($"内部备注：{HiddenName}"))),
                table,
                // Narrow columns, as a register is often laid out: the name and the plate wrap inside their cells
                // (“李四”/“光”, “豫”/“GA6789”) and the ID number stands almost against the phone number.
                NarrowTable(),
                Para("以上信息经核对无误。"),
                new SectionProperties(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) })));
        }
        return stream.ToArray();
    }

    /// <summary>Every part's XML (and every other part's bytes as UTF-8) of a package, joined: what anyone unzipping the file can read.</summary>
    public static string AllPackageText(byte[] docx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(docx));
        return string.Join("\n", zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open(), System.Text.Encoding.UTF8);
            return e.FullName + "\n" + reader.ReadToEnd();
        }));
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static TableRow Row(params string[] cells) => new(cells.Select(c => new TableCell(Para(c))));

    private static Table NarrowTable()
    {
        int[] widths = [520, 2480, 1640, 700];
        TableRow Narrow(params string[] cells) => new(cells.Select((c, i) => new TableCell(
            new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
            new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }), new Run(new RunProperties(new FontSize { Val = "24" }), new Text(c))))));
        return new Table(
            new TableProperties(new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 20, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 20, Type = TableWidthValues.Dxa })),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })),
            Narrow("姓名", "身份证号", "手机", "车牌"),
            Narrow(NameUnderComment, IdInNarrowTable, MobileInNarrowTable, PlateWrapped));
    }

    private static string WithLuhn(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }
        return body + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}

/// <summary>What poppler's pdftotext reads from a PDF: what anyone copying text out of the file gets.</summary>
internal static partial class PdfText
{
    /// <summary>A word as poppler sees it, its box in points from the page's top left.</summary>
    public sealed record Word(string Text, double Left, double Top, double Right, double Bottom);

    /// <summary>The words of one page by <c>pdftotext -bbox</c>.</summary>
    public static IReadOnlyList<Word> Words(byte[] pdf, int page)
    {
        var html = Run(pdf, ["-bbox", "-f", $"{page}", "-l", $"{page}"]);
        return WordPattern().Matches(html).Select(m => new Word(System.Net.WebUtility.HtmlDecode(m.Groups[5].Value),
            double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>")]
    private static partial System.Text.RegularExpressions.Regex WordPattern();

    public static string Of(byte[] pdf) => Run(pdf, []);

    private static string Run(byte[] pdf, string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-test-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("pdftotext", [.. options, path, "-"]) { RedirectStandardOutput = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pdftotext failed ({process.ExitCode})");
            }
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
