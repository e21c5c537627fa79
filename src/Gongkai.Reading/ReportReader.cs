using System.Globalization;
using Gongkai.Reading.Assembly;
using Gongkai.Reading.Blocks;
using Gongkai.Reading.Decoding;
using Gongkai.Reading.Html;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Reading;

public enum SourceFormat
{
    /// <summary>Plain text or Markdown.</summary>
    Text,

    Html,

    /// <summary>A PDF's text layer (<see cref="Pdf.PdfText"/>), read as text.</summary>
    Pdf,
}

/// <summary>What the reader made of a document, and what it noticed while placing values.</summary>
public sealed record ReadResult(AnnualReport Report, IReadOnlyList<Finding> Findings, SourceFormat Format, string Encoding)
{
    /// <summary>For a scanned PDF, what its OCR took: pages, seconds, numbers left absent.</summary>
    public Ocr.ScanReading? Scan { get; init; }
}

/// <summary>
/// Reads a published annual report (plain text, Markdown or HTML; UTF-8, UTF-16 or GB18030) into
/// the report model. A value the reader cannot place is reported as a finding and left absent, never
/// turned into zero. Input that is not a readable report raises <see cref="ReportReadException"/>
/// with a Chinese message.
/// </summary>
public static class ReportReader
{
    /// <summary>Published report texts are well under 1 MB; a larger input is refused rather than read slowly.</summary>
    public const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>A PDF or Word file carries its fonts and images (seals, photos): a report runs to a few MB.</summary>
    public const long MaxPdfBytes = 32L * 1024 * 1024;

    /// <summary>The size limit for a file of this name: <see cref="MaxPdfBytes"/> for PDF and Word, <see cref="MaxBytes"/> for text and web pages.</summary>
    public static long LimitFor(string? name) =>
        name is not null && Path.GetExtension(name).ToLowerInvariant() is ".pdf" or ".docx" or ".doc" or ".wps" or ".dot" ? MaxPdfBytes : MaxBytes;

    /// <param name="path">The file on disk.</param>
    /// <param name="name">The name whose extension tells the format, when the file on disk has another (an upload saved under a temporary name); the path's by default.</param>
    public static ReadResult ReadFile(string path, string? name = null)
    {
        name ??= path;
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ReportReadException(Directory.Exists(path) ? "这是一个目录，不是文件" : "找不到文件");
            }
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            throw new ReportReadException("文件路径无效");
        }
        if (info.Length > LimitFor(name))
        {
            throw new ReportReadException(TooLarge(info.Length, LimitFor(name)));
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportReadException($"无法打开文件：{(e is UnauthorizedAccessException ? "没有读取权限" : "读取时出错")}");
        }
        return Read(bytes, name);
    }

    /// <param name="name">A file name; its extension (.html, .htm) helps tell HTML from text.</param>
    public static ReadResult Read(ReadOnlySpan<byte> bytes, string? name = null)
    {
        if (Pdf.PdfText.IsPdf(bytes))
        {
            if (bytes.Length > MaxPdfBytes)
            {
                throw new ReportReadException(TooLarge(bytes.Length, MaxPdfBytes));
            }
            var pdf = Pdf.PdfText.Extract(bytes.ToArray());
            var read = ReadText(pdf.Text, SourceFormat.Pdf, pdf.Scan is null ? "PDF" : "PDF（扫描件，文字识别）");
            return pdf.Scan is { } scan ? WithScan(read, scan) : read;
        }
        var isWord = (Legacy.LegacyWord.IsCompoundDocument(bytes) && (name is null || Legacy.LegacyWord.IsWordName(name)))
            || (bytes.StartsWith("PK\u0003\u0004"u8) && (name is null || name.EndsWith(".docx", StringComparison.OrdinalIgnoreCase)));
        if (bytes.Length > (isWord ? MaxPdfBytes : MaxBytes))
        {
            throw new ReportReadException(TooLarge(bytes.Length, isWord ? MaxPdfBytes : MaxBytes));
        }
        if (isWord && bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return ReadText(Docx.DocxText.ToHtml(bytes), SourceFormat.Html, "DOCX");
        }
        // Word 97–2003 and WPS files become .docx through LibreOffice, then are read as one.
        if (isWord)
        {
            var docx = Legacy.LegacyWord.ToDocx(bytes, name);
            return ReadText(Docx.DocxText.ToHtml(docx), SourceFormat.Html, name?.EndsWith(".wps", StringComparison.OrdinalIgnoreCase) == true ? "WPS" : "DOC");
        }
        var (text, encoding) = TextDecoder.Decode(bytes);
        return ReadText(text, IsHtml(name, text) ? SourceFormat.Html : SourceFormat.Text, encoding);
    }

    public static ReadResult ReadText(string text, SourceFormat format = SourceFormat.Text, string encoding = "UTF-16")
    {
        RefuseGarbled(text);
        IReadOnlyList<string> titleHints = [];
        CrawlerMetadata? crawled = null;
        var firstLine = 1;
        if (format == SourceFormat.Text && CrawlerHeader.TryStrip(text, out var metadata, out var body, out firstLine))
        {
            // A crawler's header lines: the body is the report, the header's title a hint for when the body's own is lost.
            crawled = metadata;
            text = body;
            titleHints = metadata.Title is { } title ? [title] : [];
        }
        if (format == SourceFormat.Text && OneLineText.LooksFolded(text))
        {
            text = OneLineText.Unfold(text);
        }
        var blocks = format == SourceFormat.Html ? HtmlBlocks.Split(text, out titleHints) : TextBlocks.Split(text, firstLine);
        if (blocks.Count == 0)
        {
            throw new ReportReadException("文件中没有文字内容");
        }
        var (report, findings) = ReportAssembler.Assemble(blocks, titleHints);
        if (crawled is not null)
        {
            report.Published = crawled.Published;
            report.SourceAddress = crawled.Source;
            report.Title ??= crawled.Title;
            report.Agency ??= crawled.Agency;
        }
        return new ReadResult(report, findings, format, encoding);
    }

    /// <summary>A scan's reading: each number OCR was unsure of is a finding where it stands on the page.</summary>
    private static ReadResult WithScan(ReadResult read, Ocr.ScanReading scan)
    {
        var findings = read.Findings.ToList();
        // Said on every scan, wherever its findings are shown (the CLI, the batch's dashboard and dataset, a department's
        // upload): OCR can misread a digit that the table's identities do not catch.
        findings.Add(new Finding(Rules.ScannedReport, string.Create(CultureInfo.InvariantCulture,
            $"这是扫描件（共 {scan.Pages} 页，没有文字层），内容经文字识别（OCR）读取，每页用时约 {scan.SecondsPerPage:0.0} 秒；识别可能出错，数字请对照原件核实{(scan.Uncertain.Count > 0 ? $"，其中 {scan.Uncertain.Count} 个数值把握不大，已按缺项处理" : "")}"),
            "全文"));
        foreach (var u in scan.Uncertain)
        {
            findings.Add(new Finding(Rules.OcrUncertain, string.Create(CultureInfo.InvariantCulture,
                $"扫描件第 {u.Page} 页距左 {u.LeftMm} 毫米、距上 {u.TopMm} 毫米处的数值识别为“{u.Read}”，把握不大（置信度 {u.Confidence}%），按缺项处理，请对照原件核实"),
                string.Create(CultureInfo.InvariantCulture, $"第{u.Page}页")));
        }
        return read with { Findings = findings, Scan = scan };
    }

    private static string TooLarge(long bytes, long limit = MaxBytes) => string.Create(CultureInfo.InvariantCulture,
        $"文件过大（{bytes / 1048576.0:0.0} MB），超过 {limit / 1048576} MB 上限；年度报告的文本或网页通常不足 1 MB、PDF 通常不足 10 MB，请确认选择了正确的文件");

    private static bool IsHtml(string? name, string text)
    {
        var ext = name is null ? "" : Path.GetExtension(name).ToLowerInvariant();
        if (ext is ".html" or ".htm" or ".xhtml")
        {
            return true;
        }
        if (ext is ".txt" or ".md" or ".markdown")
        {
            return false;
        }
        var head = text.AsSpan(0, Math.Min(text.Length, 2048)).TrimStart();
        return head.StartsWith("<", StringComparison.Ordinal) &&
               (head.Contains("<html", StringComparison.OrdinalIgnoreCase) || head.Contains("<table", StringComparison.OrdinalIgnoreCase)
                || head.Contains("<body", StringComparison.OrdinalIgnoreCase) || head.Contains("<p", StringComparison.OrdinalIgnoreCase)
                || head.Contains("<div", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Text full of control characters or replacement marks was decoded wrongly or is not text.</summary>
    private static void RefuseGarbled(string text)
    {
        int control = 0, replacement = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD')
            {
                replacement++;
            }
            else if (c < ' ' && c is not ('\t' or '\n' or '\r' or '\f'))
            {
                control++;
            }
        }
        if (control > 0 && control * 100 > text.Length)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"文件不是文本：含有 {control} 个控制字符，可能是二进制文件"));
        }
        if (replacement > 0 && replacement * 100 > text.Length)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"文件中有 {replacement} 处无法解码的字符（�），保存时可能用错了编码，请用原始文件重新导出"));
        }
    }
}
