using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Gongkai.Reading.Pdf;

/// <summary>A PDF's text in reading order, and for a scan what its OCR took (<see cref="Ocr.ScannedPdf"/>).</summary>
public sealed record PdfExtraction(string Text, Ocr.ScanReading? Scan);

/// <summary>
/// A PDF's text layer as lines of text in reading order, for the text reader: letters are placed by position into
/// lines (same height on the page), a wide gap between letters becomes a tab (a table cell boundary), page numbers
/// and running heads repeated on most pages are dropped. A PDF without a text layer (a scan) is read by OCR (<see cref="Ocr.ScannedPdf"/>).
/// </summary>
public static partial class PdfText
{
    /// <summary>Annual reports run to a few dozen pages; far more is not one, and would only cost time.</summary>
    public const int MaxPages = 300;

    public static bool IsPdf(ReadOnlySpan<byte> bytes) => bytes.TrimStart(" \t\r\n"u8).StartsWith("%PDF-"u8);

    /// <summary>How long one PDF may take to read before it is refused; a published report takes well under a second.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);

    public static string ToText(byte[] bytes) => Extract(bytes, TimeBudget).Text;

    /// <summary>As <see cref="ToText(byte[])"/> with another budget (tests use a short one).</summary>
    internal static string ToText(byte[] bytes, TimeSpan budget) => Extract(bytes, budget).Text;

    /// <summary>The text, and for a scan (no text layer) what its OCR took and was unsure of.</summary>
    public static PdfExtraction Extract(byte[] bytes) => Extract(bytes, TimeBudget);

    internal static PdfExtraction Extract(byte[] bytes, TimeSpan budget)
    {
        PdfStreamLimits.Check(bytes);
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new ReportReadException("PDF 文件已加密，需要密码才能打开；请使用公开发布的未加密版本");
        }
        catch (Exception e) when (e is not ReportReadException and not OutOfMemoryException)
        {
            throw new ReportReadException("PDF 文件已损坏或格式无法识别，无法读取");
        }
        using (document)
        {
            if (document.NumberOfPages > MaxPages)
            {
                throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                    $"PDF 共 {document.NumberOfPages} 页，超过 {MaxPages} 页上限；年度报告通常只有几页到几十页，请确认选择了正确的文件"));
            }
            var pages = new List<List<Line>>();
            var heights = new List<double>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                for (var n = 1; n <= document.NumberOfPages; n++)
                {
                    var page = document.GetPage(n);
                    heights.Add(page.Height);
                    pages.Add(Lines(page));
                    // A page built to be slow (millions of tiny operators) stops the reading rather than the reader.
                    if (clock.Elapsed > budget && n < document.NumberOfPages)
                    {
                        throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                            $"PDF 内容异常复杂：读到第 {n} 页（共 {document.NumberOfPages} 页）已用 {clock.Elapsed.TotalSeconds:0.0} 秒，超过 {budget.TotalSeconds:0.#} 秒上限，已停止读取"));
                    }
                }
            }
            catch (Exception e) when (e is not ReportReadException and not OutOfMemoryException)
            {
                throw new ReportReadException(string.Create(CultureInfo.InvariantCulture, $"PDF 第 {pages.Count + 1} 页已损坏，无法读取"));
            }
            Ocr.ScanReading? scan = null;
            if (pages.Sum(p => p.Sum(l => l.Text.Length)) < 20)
            {
                // No text layer: a scan, read by OCR where Tesseract is installed (the message says how otherwise).
                (pages, scan) = Ocr.ScannedPdf.Read(bytes, heights);
                if (pages.Sum(p => p.Sum(l => l.Text.Length)) < 20)
                {
                    throw new ReportReadException("这是扫描件，没有文字层，文字识别（OCR）也没有识别出文字；请使用更清晰的扫描件，或有文字层的 PDF、网页或 Word 版本");
                }
            }
            // Fonts that map common characters to radicals of the same shape (Chromium with Noto CJK) read as the characters.
            return new PdfExtraction(Gongkai.Reports.Text.CjkRadicals.Replace(Join(pages)), scan);
        }
    }

    /// <summary>A line of a page: its text (cells separated by tabs) and its vertical place, top of page = 0.</summary>
    internal sealed record Line(string Text, double Top);

    private static List<Line> Lines(Page page)
    {
        var glyphs = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(Glyph.Of).ToList();
        var (horizontals, verticals) = RuledTables.Segments(page);
        return Lines(glyphs, horizontals, verticals, page.Height);
    }

    /// <summary>
    /// A page's lines from its glyphs and rules, whatever gave them (a PDF's text layer, a scan's OCR): ruled tables
    /// cell by cell, the rest line by line.
    /// </summary>
    internal static List<Line> Lines(List<Glyph> all, List<RuledTables.Segment> horizontals, List<RuledTables.Segment> verticals, double pageHeight)
    {
        if (all.Count == 0)
        {
            return [];
        }
        // Ruled tables first, cell by cell; the rest of the page line by line.
        var used = new HashSet<Glyph>();
        var tableRows = RuledTables.Extract(pageHeight, horizontals, verticals, all, used);
        var letters = all.Where(l => !used.Contains(l)).ToList();
        if (letters.Count == 0)
        {
            return tableRows.Select(r => new Line(r.Text, r.Top)).ToList();
        }
        var heights = letters.Select(l => l.Height).Order().ToList();
        var typical = Math.Max(heights[heights.Count / 2], 1);
        // Glyphs sharing a vertical band are one line; the band follows the line's running middle.
        var lines = new List<List<Glyph>>();
        var middles = new List<double>();
        foreach (var letter in letters.OrderByDescending(l => l.Baseline))
        {
            var m = letter.Baseline;
            var at = middles.Count - 1;
            if (at >= 0 && Math.Abs(middles[at] - m) < typical * 0.45)
            {
                lines[at].Add(letter);
                middles[at] = (middles[at] * (lines[at].Count - 1) + m) / lines[at].Count;
            }
            else
            {
                lines.Add([letter]);
                middles.Add(m);
            }
        }
        var result = new List<Line>(lines.Count + tableRows.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            result.Add(new Line(Text(lines[i], typical), pageHeight - middles[i]));
        }
        result.AddRange(tableRows.Select(r => new Line(r.Text, r.Top)));
        return tableRows.Count == 0 ? result : result.OrderBy(l => l.Top).ToList();
    }

    /// <summary>Left to right; a gap wider than about one and a half characters is a cell boundary, a small one between Latin letters or digits a space.</summary>
    private static string Text(List<Glyph> line, double typical)
    {
        line.Sort((a, b) => a.Left.CompareTo(b.Left));
        var text = new StringBuilder();
        Glyph? previous = null;
        foreach (var letter in line)
        {
            if (previous is not null)
            {
                var gap = letter.Left - previous.Right;
                // Measured against the larger of the page's usual letter and these two: a heading's full-width "、" has a
                // narrow glyph, and beside 16-point letters on a page of 10-point table text its gap is no cell boundary.
                var size = Math.Max(typical, Math.Max(previous.Height, letter.Height));
                if (gap > size * 1.5 || (IsValueMark(previous.Value) && IsValueMark(letter.Value) && gap > DigitGap(previous, letter)))
                {
                    text.Append('\t');
                }
                else if (gap > typical * 0.3 && IsLatin(previous.Value) && IsLatin(letter.Value) && !(IsNumeric(previous.Value) && IsNumeric(letter.Value)))
                {
                    // Letter-spaced digits ("2 1" in justified tables) are one number; only words get a space.
                    text.Append(' ');
                }
            }
            text.Append(letter.Value);
            previous = letter;
        }
        return text.ToString();
    }

    private static bool IsLatin(string value) => value.Length > 0 && value[^1] < 0x2E80;

    /// <summary>
    /// Between two digits, a gap wider than two digits is a column boundary even where it is narrower than a Chinese
    /// character: a borderless table's narrow columns ("0" under 其他, "57" under 总计) stand that close. Letter-spaced
    /// digits of one number ("2 1" in a justified cell) are far closer than that. A decimal point or separator, whose
    /// glyph is narrow and stands apart, never cuts a number; a dash in a value's place is measured by the digit beside it.
    /// </summary>
    private static double DigitGap(Glyph a, Glyph b)
    {
        if (a.Value is "." or "," || b.Value is "." or ",")
        {
            return double.MaxValue;
        }
        var digitA = a.Value.Length > 0 && char.IsAsciiDigit(a.Value[0]);
        var digitB = b.Value.Length > 0 && char.IsAsciiDigit(b.Value[0]);
        var width = digitA && digitB ? Math.Max(a.Width, b.Width)
            : digitA ? a.Width : digitB ? b.Width : Math.Min(a.Width, b.Width);
        return 2 * Math.Max(width, 1);
    }

    /// <summary>A digit, or a dash or slash printed in a value's place.</summary>
    private static bool IsValueMark(string value) => IsNumeric(value) || value is "—" or "-" or "－" or "–" or "/";

    private static bool IsNumeric(string value) => value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '.' or ',' or '%');

    /// <summary>The pages in order, without page numbers and without a line repeated at the same place on most pages (a running head or foot).</summary>
    private static string Join(List<List<Line>> pages)
    {
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        if (pages.Count >= 3)
        {
            foreach (var group in pages.SelectMany(p => p.Select(l => (Key: l.Text + "@" + Math.Round(l.Top / 5), l.Text)).Distinct()).GroupBy(x => x.Key))
            {
                if (group.Count() * 2 > pages.Count)
                {
                    repeated.Add(group.Key);
                }
            }
        }
        // A browser's printed head and foot (date and title; address and "2/5") change their numbers from page to page:
        // compared with digits masked, at the top two or bottom two lines of a page only.
        var runningEdges = new HashSet<string>(StringComparer.Ordinal);
        if (pages.Count >= 2)
        {
            foreach (var group in pages.SelectMany(p => p.Where((l, i) => i < 2 || i >= p.Count - 2).Select(l => EdgeKey(l)).Distinct()).GroupBy(k => k))
            {
                if (group.Count() * 2 > pages.Count && group.Count() >= 2 && !group.Key.StartsWith('@'))
                {
                    runningEdges.Add(group.Key);
                }
            }
        }
        var text = new StringBuilder();
        for (var p = 0; p < pages.Count; p++)
        {
            var page = pages[p];
            for (var i = 0; i < page.Count; i++)
            {
                var line = page[i];
                var atEdge = i < 2 || i >= page.Count - 2;
                if ((IsPageNumber(line.Text, p + 1) && atEdge) || repeated.Contains(line.Text + "@" + Math.Round(line.Top / 5))
                    || (atEdge && runningEdges.Contains(EdgeKey(line))))
                {
                    continue;
                }
                text.Append(line.Text).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>A line at a page's edge with its digits masked and spaces dropped (their width varies with the page), with its place: "file:///…\t#/#@160".</summary>
    private static string EdgeKey(Line line) => Digits().Replace(line.Text.Replace(" ", "", StringComparison.Ordinal), "#") + "@" + Math.Round(line.Top / 5);

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>
    /// A page number stands at the top or foot of its page. A bare number counts only when it is about the page's own
    /// number: a lone "0" or "1" at the foot of a page can be the wrapped end of a table row.
    /// </summary>
    private static bool IsPageNumber(string text, int page)
    {
        if (!PageNumber().IsMatch(text))
        {
            return false;
        }
        var bare = text.Trim();
        return !bare.All(char.IsAsciiDigit) || (int.TryParse(bare, System.Globalization.CultureInfo.InvariantCulture, out var n) && Math.Abs(n - page) <= 2 && n > 0);
    }

    /// <summary>"-3-", "— 3 —", "第 3 页", "3 / 12", "3".</summary>
    [GeneratedRegex(@"^\s*(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")]
    private static partial Regex PageNumber();
}
