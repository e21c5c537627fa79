using System.Globalization;
using Gongkai.Reading;
using Gongkai.Reading.Ocr;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Gongkai.Documents.Redaction;

/// <summary>What a file to be disclosed is, for redaction.</summary>
public enum RedactionKind
{
    Pdf,
    Docx,
    Image,
}

/// <summary>
/// A file to be disclosed, opened for redaction (区分处理, 条例 第三十七条): its pages as images for marking, the text on
/// them for searching (a PDF's text layer; OCR on a scan or photo; a Word document as LibreOffice lays it out), and the
/// released copy made from the marks. The copy holds nothing withheld: a PDF page with marks is rendered to an image
/// with the boxes burned in (pages without marks are kept as they are), a photo is repainted, and a Word document has
/// the marked text replaced by ■ and its comments, tracked changes, hidden text, properties and embedded files removed.
/// </summary>
public sealed class RedactionFile
{
    /// <summary>Pages a file may have to be redacted here: every marked page is rendered, about 0.2 s each.</summary>
    public const int MaxPages = 300;

    /// <summary>Resolution of the released copy's redacted pages: sharp enough to read and print, a few hundred KB a page.</summary>
    public const int CopyDpi = 150;

    private const int OcrDpi = 300;

    private static readonly TimeSpan OcrBudget = TimeSpan.FromSeconds(90);

    private readonly Dictionary<int, PageText> texts = [];

    public RedactionKind Kind { get; }

    public string FileName { get; }

    public byte[] Content { get; }

    /// <summary>The PDF whose pages are shown and marked: the file itself, or the Word document as LibreOffice prints it.</summary>
    public byte[]? Pdf { get; }

    /// <summary>Each page's size in points (an image's in pixels).</summary>
    public IReadOnlyList<(double Width, double Height)> Pages { get; }

    /// <summary>
    /// The pages without a text layer (a scan's, a photo's): searched by OCR, which can miss or misread, so staff are
    /// told to check them by eye.
    /// </summary>
    public IReadOnlyList<int> ImagePages { get; }

    private RedactionFile(RedactionKind kind, string fileName, byte[] content, byte[]? pdf, IReadOnlyList<(double, double)> pages, IReadOnlyList<int> imagePages) =>
        (Kind, FileName, Content, Pdf, Pages, ImagePages) = (kind, fileName, content, pdf, pages, imagePages);

    /// <summary>The kind of file redaction can handle, or null (then <see cref="Unsupported"/> says so).</summary>
    public static RedactionKind? KindOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => RedactionKind.Pdf,
        ".docx" => RedactionKind.Docx,
        ".png" or ".jpg" or ".jpeg" => RedactionKind.Image,
        _ => null,
    };

    public static string Unsupported(string fileName) =>
        $"“{Path.GetFileName(fileName)}”不能在系统内遮盖：只支持 PDF、DOCX、JPG、PNG 文件。DOC、OFD 文件请先另存为 PDF 或 DOCX 后上传";

    /// <param name="docxToPdf">LibreOffice's conversion, to show a Word document's pages.</param>
    /// <exception cref="RedactionException">The file cannot be opened or is over the limits.</exception>
    public static async Task<RedactionFile> OpenAsync(string fileName, byte[] content, Func<byte[], Task<byte[]>> docxToPdf)
    {
        var name = Path.GetFileName(fileName);
        switch (KindOf(fileName))
        {
            case RedactionKind.Pdf:
                var (pages, imagePages) = PdfPages(content, name);
                return new RedactionFile(RedactionKind.Pdf, name, content, content, pages, imagePages);
            case RedactionKind.Docx:
                byte[] pdf;
                try
                {
                    pdf = await docxToPdf(DocxRedactor.Clean(content));
                }
                catch (Pdf.PdfConversionException e)
                {
                    throw new RedactionException($"“{name}”无法显示为页面：{e.Message}");
                }
                return new RedactionFile(RedactionKind.Docx, name, content, pdf, PdfPages(pdf, name).Pages, []);
            case RedactionKind.Image:
                using (var codec = SKCodec.Create(new MemoryStream(content)) ?? throw new RedactionException($"图片“{name}”无法解码，可能已损坏"))
                {
                    return new RedactionFile(RedactionKind.Image, name, content, null, [(codec.Info.Width, codec.Info.Height)], [1]);
                }
            default:
                throw new RedactionException(Unsupported(name));
        }
    }

    private static (List<(double, double)> Pages, List<int> ImagePages) PdfPages(byte[] pdf, string name)
    {
        try
        {
            using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            if (document.NumberOfPages > MaxPages)
            {
                throw new RedactionException($"“{name}”有{document.NumberOfPages}页，超过系统内遮盖{MaxPages}页的上限；请分成几个文件上传");
            }
            var pages = Enumerable.Range(1, document.NumberOfPages).Select(n => document.GetPage(n)).ToList();
            // A page without text but with a picture is a scan; a blank page is just blank.
            return (pages.Select(p => (p.Width, p.Height)).ToList(), pages.Where(p => p.Letters.Count == 0 && p.GetImages().Any()).Select(p => p.Number).ToList());
        }
        catch (Exception e) when (e is not RedactionException and not OutOfMemoryException)
        {
            throw new RedactionException($"“{name}”无法打开：PDF 文件已损坏或格式无法识别");
        }
    }

    /// <summary>Page <paramref name="page"/> (1-based) as a PNG at <paramref name="dpi"/> (a photo at its own size).</summary>
    public byte[] RenderPage(int page, int dpi)
    {
        CheckPage(page);
        if (Kind == RedactionKind.Image)
        {
            return ImagePng(PreviewWidth);
        }
        return PdfPageImages.Render(Pdf!, page, dpi, gray: false);
    }

    /// <summary>A photo shown for marking is at most this wide; marks are placed in its own pixels whatever size it is shown at.</summary>
    private const int PreviewWidth = 1600;

    /// <summary>The photo as a PNG, scaled down to <paramref name="maxWidth"/> (its pixels as decoded, EXIF rotation not applied, as marks are placed).</summary>
    private byte[] ImagePng(int maxWidth)
    {
        using var bitmap = SKBitmap.Decode(Content) ?? throw new RedactionException($"图片“{FileName}”无法解码，可能已损坏");
        if (bitmap.Width <= maxWidth)
        {
            using var whole = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            return whole.ToArray();
        }
        using var smaller = bitmap.Resize(new SKImageInfo(maxWidth, (int)Math.Round(bitmap.Height * (double)maxWidth / bitmap.Width)), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var data = smaller.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private void CheckPage(int page)
    {
        if (page < 1 || page > Pages.Count)
        {
            throw new RedactionException($"“{FileName}”没有第{page}页（共{Pages.Count}页）");
        }
    }

    /// <summary>Every match of the searches in the file, each a withheld part on the given ground.</summary>
    public IReadOnlyList<Withheld> Find(IReadOnlyList<string> searches, WithholdingGround ground)
    {
        if (Kind == RedactionKind.Docx)
        {
            // The Word document itself is searched (headers, footers, tables, text boxes, footnotes), and each match
            // placed on the page where LibreOffice printed it, for the letter and the reviewer.
            var used = new HashSet<(int, double, double)>();
            var found = new List<Withheld>();
            foreach (var (text, source) in DocxRedactor.Find(Content, searches))
            {
                // The first occurrence not yet placed, with the boxes of its wrapped pieces.
                var pieces = Texts(Enumerable.Range(1, Pages.Count).ToList()).SelectMany(p => p.Find([text], ground)).ToList();
                var first = pieces.FindIndex(w => !w.Continues && !used.Contains((w.Page, Math.Round(w.Box.X, 1), Math.Round(w.Box.Y, 1))));
                if (first < 0)
                {
                    found.Add(new Withheld(0, default, ground, source, text));
                    continue;
                }
                used.Add((pieces[first].Page, Math.Round(pieces[first].Box.X, 1), Math.Round(pieces[first].Box.Y, 1)));
                found.AddRange(pieces.Skip(first).TakeWhile((w, i) => i == 0 || w.Continues).Select(w => w with { Source = source }));
            }
            return found;
        }
        return Texts(Enumerable.Range(1, Pages.Count).ToList()).SelectMany(p => p.Find(searches, ground)).ToList();
    }

    /// <summary>A box drawn by staff, with the text it covers (a Word document is redacted by that text, so a box there must cover some).</summary>
    public Withheld Box(int page, PageRect box, WithholdingGround ground)
    {
        CheckPage(page);
        var (width, height) = Pages[page - 1];
        if (box.Width < 1 || box.Height < 1 || box.X < -1 || box.Y < -1 || box.Right > width + 1 || box.Bottom > height + 1)
        {
            throw new RedactionException(string.Create(CultureInfo.InvariantCulture,
                $"第{page}页的框（x={box.X:0.#}, y={box.Y:0.#}, 宽{box.Width:0.#}, 高{box.Height:0.#}）不在页面内（页面宽{width:0.#}、高{height:0.#}）"));
        }
        // A scan's or photo's page is not read for a box: the box is what staff saw, and needs no OCR.
        var text = ImagePages.Contains(page) ? null : Text(page);
        var under = text?.Under(box) ?? "";
        if (Kind == RedactionKind.Docx && under.Length == 0)
        {
            throw new RedactionException($"第{page}页所框的位置没有文字。Word 文档按文字遮盖，请框住要遮盖的文字，或改用查找");
        }
        // A Word document is redacted by text, everywhere the text stands: a box catching one character or a full stop
        // would black out every 的 or 。 of the document.
        if (Kind == RedactionKind.Docx && under.Split('\n').Any(l => l.Count(char.IsLetterOrDigit) < 2))
        {
            throw new RedactionException($"第{page}页所框的文字（“{under.Replace("\n", "／", StringComparison.Ordinal)}”）有一行不足两个字。Word 文档按文字遮盖，文中各处相同的文字都会遮盖；请框住要遮盖的完整词句");
        }
        // One pass over the document for all the box's lines.
        if (Kind == RedactionKind.Docx && DocxRedactor.Find(Content, under.Split('\n')).GroupBy(m => m.Text).FirstOrDefault(g => g.Count() > 1) is { } again)
        {
            throw new RedactionException($"所框的文字“{again.Key}”在文档中出现{again.Count()}次。Word 文档按文字遮盖，框选会遮盖所有这些地方；请框住更长的、只出现一次的词句，或改用“查找文字”逐处遮盖");
        }
        return new Withheld(page, text is null || Kind == RedactionKind.Docx ? box : text.Snap(box), ground, "框选", under.Length == 0 ? null : under);
    }

    /// <summary>The released copy: nothing under a mark is left in it, as text or as picture.</summary>
    public RedactedCopy Redact(IReadOnlyList<Withheld> marks)
    {
        var copyName = Path.GetFileNameWithoutExtension(FileName) + "（公开版）" + Path.GetExtension(FileName);
        switch (Kind)
        {
            case RedactionKind.Docx:
                var words = marks.Where(m => m.Text is not null).SelectMany(m => m.Text!.Split('\n')).Where(t => t.Trim().Length > 0).Distinct().ToList();
                return new RedactedCopy(copyName, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DocxRedactor.Redact(Content, words));
            case RedactionKind.Image:
                var jpeg = Path.GetExtension(FileName).ToLowerInvariant() is ".jpg" or ".jpeg";
                // Repainted and encoded afresh: the photo's EXIF (place, time, camera) is not carried over either.
                return new RedactedCopy(copyName, jpeg ? "image/jpeg" : "image/png", BoxBurner.Burn(Content, 1, marks, jpeg));
            default:
                return new RedactedCopy(copyName, "application/pdf", RedactPdf(marks));
        }
    }

    private byte[] RedactPdf(IReadOnlyList<Withheld> marks)
    {
        using var document = PdfDocument.Open(Content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var marked = marks.Where(m => m.Page >= 1).GroupBy(m => m.Page).ToDictionary(g => g.Key, g => g.ToList());
        // A page's annotations (comments, form fields) may hold text no search of the page's content sees: such a page is
        // flattened to an image too, so only what is printed on it is released.
        var flatten = Enumerable.Range(1, document.NumberOfPages)
            .Where(n => marked.ContainsKey(n) || document.GetPage(n).GetAnnotations().Any()).ToHashSet();
        var images = BurnedPages(flatten, marked);
        var builder = new PdfDocumentBuilder();
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            var page = document.GetPage(n);
            if (images.TryGetValue(n, out var png))
            {
                builder.AddPage(page.Width, page.Height).AddPng(png, new PdfRectangle(0, 0, page.Width, page.Height));
            }
            else
            {
                builder.AddPage(document, n);
            }
        }
        return builder.Build();
    }

    /// <summary>The pages rendered and burned, side by side on every core, from one copy of the file on disk.</summary>
    private Dictionary<int, byte[]> BurnedPages(IEnumerable<int> pages, Dictionary<int, List<Withheld>> marked)
    {
        var images = new Dictionary<int, byte[]>();
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-redact-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, Content);
        try
        {
            SideBySide(pages, n =>
            {
                var burned = BoxBurner.Burn(PdfPageImages.Render(path, n, CopyDpi, gray: false), CopyDpi / 72.0, marked.GetValueOrDefault(n) ?? []);
                lock (images)
                {
                    images[n] = burned;
                }
            });
        }
        finally
        {
            File.Delete(path);
        }
        return images;
    }

    /// <summary>Pages worked on every core; a page's refusal (<see cref="RedactionException"/>) is the whole call's, as it is said.</summary>
    private static void SideBySide(IEnumerable<int> pages, Action<int> work)
    {
        try
        {
            Parallel.ForEach(pages, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, work);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<RedactionException>().FirstOrDefault() is { } refusal)
        {
            throw refusal;
        }
    }

    private PageText Text(int page) => Texts([page])[0];

    /// <summary>The pages' text, read once and kept (the PDF opened once for all of them; scanned pages by OCR).</summary>
    private List<PageText> Texts(IReadOnlyList<int> pages)
    {
        lock (texts)
        {
            var missing = pages.Where(p => !texts.ContainsKey(p)).ToList();
            if (missing.Count > 0 && Kind == RedactionKind.Image)
            {
                texts[1] = Ocr(1, ImagePng(int.MaxValue), 1);
            }
            else if (missing.Count > 0)
            {
                var scanned = new List<int>();
                using (var document = PdfDocument.Open(Pdf!, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true }))
                {
                    foreach (var n in missing)
                    {
                        var p = document.GetPage(n);
                        if (Kind == RedactionKind.Pdf && ImagePages.Contains(n))
                        {
                            scanned.Add(n);
                        }
                        else
                        {
                            texts[n] = PageText.FromPage(p);
                        }
                    }
                }
                // Scanned pages (no text layer at all) are read by OCR, side by side on every core: about 2 s of one core a page.
                var read = new System.Collections.Concurrent.ConcurrentDictionary<int, PageText>();
                SideBySide(scanned, n => read[n] = Ocr(n, PdfPageImages.Render(Pdf!, n, OcrDpi, gray: true), 72.0 / OcrDpi));
                foreach (var (n, text) in read)
                {
                    texts[n] = text;
                }
            }
            return pages.Select(p => texts[p]).ToList();
        }
    }

    private PageText Ocr(int page, byte[] png, double scale)
    {
        if (PageWords.Unavailable() is { } why)
        {
            throw new RedactionException($"“{FileName}”第{page}页是图像，查找文字需要文字识别：{why}。也可以直接框选要遮盖的部分");
        }
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-redact-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, png);
            return PageText.FromWords(page, PageWords.Read(path, OcrBudget), scale);
        }
        catch (ReportReadException e)
        {
            throw new RedactionException($"“{FileName}”第{page}页{e.Message}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
