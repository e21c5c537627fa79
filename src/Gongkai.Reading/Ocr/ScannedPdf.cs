using System.Diagnostics;
using System.Globalization;
using Gongkai.Reading.Pdf;

namespace Gongkai.Reading.Ocr;

/// <summary>A number OCR read without confidence: left absent, never guessed, and said where it is.</summary>
/// <param name="LeftMm">From the page's left edge.</param>
/// <param name="TopMm">From the page's top edge.</param>
public sealed record UncertainValue(int Page, double LeftMm, double TopMm, string Read, double Confidence);

/// <summary>What reading a scan took: pages, time, and the numbers read without confidence.</summary>
public sealed record ScanReading(int Pages, TimeSpan Elapsed, IReadOnlyList<UncertainValue> Uncertain)
{
    public double SecondsPerPage => Pages == 0 ? 0 : Elapsed.TotalSeconds / Pages;
}

/// <summary>
/// A PDF without a text layer — a report printed, stamped and scanned — read by OCR, offline: each page rendered by
/// poppler's <c>pdftoppm</c> at 300 dpi in grey, the table rules found in the image (<see cref="ImageRules"/>) and
/// erased, the words read by <see cref="Tesseract"/> with their boxes, then laid out by the same code as a PDF's text
/// layer (<see cref="PdfText"/>: rules make the cells). A number Tesseract is unsure of becomes a dash in its cell
/// (absent, as a printed dash is) and an <see cref="UncertainValue"/>.
/// </summary>
internal static class ScannedPdf
{
    public const int Dpi = 300;

    /// <summary>Reports run to a few dozen pages; OCR takes seconds a page, so a longer scan is refused.</summary>
    public const int MaxPages = 60;

    /// <summary>How long one page may take (rendering and OCR) before the reading stops.</summary>
    public static readonly TimeSpan PageBudget = TimeSpan.FromSeconds(120);

    /// <summary>Tesseract's confidence (0–100) under which a number is not taken.</summary>
    public const double UncertainBelow = 50;

    private const double MmPerPoint = 25.4 / 72;

    /// <summary>Why a scan cannot be read here (no Tesseract, no pdftoppm), as a Chinese message; null when it can.</summary>
    public static string? Unavailable()
    {
        if (!Tesseract.IsAvailable(out var problem))
        {
            return $"这是扫描件，没有文字层，需要文字识别（OCR）才能读取，但{problem}。{Tesseract.InstallHint}；或使用有文字层的 PDF、网页或 Word 版本";
        }
        if (!CanRun("pdftoppm", "-v"))
        {
            return "这是扫描件，没有文字层，需要文字识别（OCR）才能读取，但本机未安装 pdftoppm。请安装 poppler-utils（sudo apt install poppler-utils）";
        }
        return null;
    }

    /// <param name="pageHeights">Each page's height in points (the layout measures from it).</param>
    public static (List<List<PdfText.Line>> Pages, ScanReading Reading) Read(byte[] pdf, IReadOnlyList<double> pageHeights)
    {
        if (pageHeights.Count > MaxPages)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"扫描件共 {pageHeights.Count} 页，超过文字识别的 {MaxPages} 页上限；年度报告通常只有几页到几十页"));
        }
        if (Unavailable() is { } why)
        {
            throw new ReportReadException(why);
        }
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("gongkai-ocr-").FullName;
        try
        {
            var file = Path.Combine(folder, "scan.pdf");
            File.WriteAllBytes(file, pdf);
            var pages = new List<PdfText.Line>[pageHeights.Count];
            var uncertain = new List<UncertainValue>[pageHeights.Count];
            // Pages side by side, one Tesseract (one thread) each.
            Parallel.For(0, pageHeights.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, n =>
            {
                (pages[n], uncertain[n]) = Page(file, folder, n + 1, pageHeights[n]);
            });
            return ([.. pages], new ScanReading(pages.Length, clock.Elapsed, uncertain.SelectMany(u => u).ToList()));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ReportReadException) is { } first)
        {
            throw first;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is not worth failing the reading for.
            }
        }
    }

    private static (List<PdfText.Line>, List<UncertainValue>) Page(string pdf, string folder, int number, double pageHeight)
    {
        var prefix = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"page{number}"));
        Run("pdftoppm", ["-r", Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-f", $"{number}", "-l", $"{number}", "-singlefile", pdf, prefix], PageBudget,
            $"第 {number} 页无法转换为图像");
        var image = GrayImage.ReadPgm(File.ReadAllBytes(prefix + ".pgm"));
        var scale = pageHeight / image.Height;
        var (horizontals, verticals) = ImageRules.Find(image, Dpi);
        ImageRules.Erase(image, horizontals, verticals);
        var hs = horizontals.Select(h => new RuledTables.Segment(pageHeight - (h.At * scale), h.From * scale, h.To * scale)).ToList();
        var vs = verticals.Select(v => new RuledTables.Segment(v.At * scale, pageHeight - (v.To * scale), pageHeight - (v.From * scale))).ToList();
        var (joinedH, joinedV) = RuledTables.Segments(hs, vs);

        // Each drawn table cell is read on its own, as a block: a label wrapped in a tall cell is not mixed with the
        // values beside it. The cells are then cleared from the page, whose prose is read as one block.
        var cells = RuledTables.Cells(joinedH, joinedV);
        var crops = new List<string>(cells.Count);
        var inked = new bool[cells.Count];
        var page = image.Copy();
        foreach (var (cell, i) in cells.Select((c, i) => (c, i)))
        {
            var (x, y, w, h) = Pixels(cell, pageHeight, scale);
            var crop = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"page{number}-cell{i}.pgm"));
            var cropped = image.Crop(x + 3, y + 3, w - 6, h - 6, margin: 12);
            File.WriteAllBytes(crop, cropped.ToPgm());
            // A speck is not ink: a digit's strokes at 300 dpi darken well over a hundred pixels.
            inked[i] = cropped.DarkPixels() >= Dpi / 3;
            crops.Add(crop);
            page.Clear(x, y, w + 1, h + 1);
        }
        var erased = prefix + "-prose.pgm";
        File.WriteAllBytes(erased, page.ToPgm());

        var glyphs = new List<Glyph>();
        var uncertain = new List<UncertainValue>();
        foreach (var w in Tesseract.Words(erased, PageBudget))
        {
            // A word's height is its characters' size; a flat one ("一", "—") takes most of its line's.
            var height = Math.Max(w.Height, w.LineHeight * 0.6) * scale;
            glyphs.Add(new Glyph(Checked(w.Text, w.Confidence, w.Left, w.Top, number, scale, uncertain), w.Left * scale, (w.Left + w.Width) * scale, pageHeight - (w.LineBottom * scale), height));
        }
        if (crops.Count > 0)
        {
            var list = prefix + "-cells.txt";
            File.WriteAllLines(list, crops);
            var byCell = Tesseract.Words(list, PageBudget * 2).ToLookup(w => w.Image - 1);
            var texts = new string[cells.Count];
            var confidence = new double[cells.Count];
            for (var i = 0; i < cells.Count; i++)
            {
                // The cell's lines top to bottom, each left to right, joined without a break (as a PDF cell's text is).
                var words = byCell[i].OrderBy(w => w.LineBottom).ThenBy(w => w.Left).ToList();
                texts[i] = string.Concat(words.Select(w => w.Text));
                confidence[i] = words.Count == 0 ? 0 : words.Min(w => w.Confidence);
            }
            // Values again, with a model and settings for numbers: Chinese OCR misreads a lone "1" as "】" or is unsure of
            // "25". Cells without a Chinese character and of a number's length are read once more as one line of digits.
            // An empty reading of a cell with ink in it is read again too: a lone "1" is often not read at all.
            var numeric = Enumerable.Range(0, cells.Count)
                .Where(i => texts[i].Length <= 12 && !texts[i].Any(IsIdeograph) && (texts[i] != "" || inked[i])).ToList();
            if (numeric.Count > 0)
            {
                var digitsList = prefix + "-values.txt";
                File.WriteAllLines(digitsList, numeric.Select(i => crops[i]));
                var digits = Tesseract.Digits(digitsList, PageBudget).ToLookup(w => w.Image - 1);
                for (var k = 0; k < numeric.Count; k++)
                {
                    var words = digits[k].ToList();
                    var read = string.Concat(words.Select(w => w.Text));
                    var i = numeric[k];
                    var sure = words.Count == 0 ? 0 : words.Min(w => w.Confidence);
                    if (IsNumber(read) && (read == texts[i] || sure >= UncertainBelow || !IsNumber(texts[i])))
                    {
                        (texts[i], confidence[i]) = (read, Math.Max(sure, read == texts[i] ? confidence[i] : 0));
                    }
                }
            }
            for (var i = 0; i < cells.Count; i++)
            {
                if (texts[i].Length == 0)
                {
                    continue;
                }
                var (x, y, _, _) = Pixels(cells[i], pageHeight, scale);
                var text = Checked(texts[i], confidence[i], x, y, number, scale, uncertain);
                // One glyph standing in the middle of its cell, where the layout looks for a cell's text.
                var middle = (cells[i].Top + cells[i].Bottom) / 2;
                glyphs.Add(new Glyph(text, cells[i].Left + 1, cells[i].Right - 1, middle - 1, 3));
            }
        }
        return (PdfText.Lines(glyphs, joinedH, joinedV, pageHeight), uncertain);
    }

    /// <summary>A cell's rectangle in the page image: left, top, width, height in pixels.</summary>
    private static (int X, int Y, int W, int H) Pixels(RuledTables.CellBox cell, double pageHeight, double scale) =>
        ((int)(cell.Left / scale), (int)((pageHeight - cell.Top) / scale), (int)((cell.Right - cell.Left) / scale), (int)((cell.Top - cell.Bottom) / scale));

    /// <summary>The text, or a dash (absent) with an <see cref="UncertainValue"/> for a number OCR is unsure of.</summary>
    private static string Checked(string text, double confidence, int left, int top, int page, double scale, List<UncertainValue> uncertain)
    {
        if (!IsNumber(text) || confidence >= UncertainBelow)
        {
            return text;
        }
        uncertain.Add(new UncertainValue(page, Math.Round(left * scale * MmPerPoint), Math.Round(top * scale * MmPerPoint), text, Math.Round(confidence)));
        return "—";
    }

    private static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static bool IsNumber(string text) => text.Length > 0 && text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '.' or ',');

    private static bool CanRun(string program, params string[] arguments)
    {
        try
        {
            Run(program, arguments, TimeSpan.FromSeconds(30), "");
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or ReportReadException)
        {
            return false;
        }
    }

    private static void Run(string program, string[] arguments, TimeSpan budget, string failure)
    {
        var (code, _, error) = OcrProgram.Run(program, arguments, budget, failure);
        if (code != 0)
        {
            throw new ReportReadException($"{failure}：{error.Trim()}");
        }
    }
}
