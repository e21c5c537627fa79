using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Gongkai.Reading.Pdf;

/// <summary>
/// A PDF's Flate-compressed streams are a zip bomb's cousin: a 400 KB file whose one page inflates to 200 MB of
/// drawing operators held the reader for 2½ minutes and 10 GB of memory, and a 1 MB file inflated to 1 GB. Before
/// the PDF library sees the file, every Flate stream is inflated once into a counter (nothing kept) and the file is
/// refused past the caps below. Published reports stay far inside them: page contents of 20–150 KB, embedded font
/// subsets of a few hundred KB. Uncompressed content streams count against the same caps.
/// </summary>
internal static class PdfStreamLimits
{
    /// <summary>One page content stream, form or object stream: 4 MB (a dense table page is about 50 KB).</summary>
    public const long MaxContentStream = 4L << 20;

    /// <summary>All content, form and object streams together.</summary>
    public const long MaxContentTotal = 32L << 20;

    /// <summary>One image or embedded font: 64 MB (a full-page 300 dpi colour scan is about 26 MB).</summary>
    public const long MaxBulkStream = 64L << 20;

    /// <summary>All images and fonts together.</summary>
    public const long MaxBulkTotal = 256L << 20;

    private static readonly byte[] StreamKeyword = "stream"u8.ToArray();

    public static void Check(byte[] pdf)
    {
        long content = 0, bulk = 0;
        var buffer = new byte[64 * 1024];
        var n = 0;
        for (var at = pdf.AsSpan().IndexOf(StreamKeyword); at >= 0; at = NextKeyword(pdf, at + StreamKeyword.Length))
        {
            var dataStart = at + StreamKeyword.Length;
            // The keyword "stream" ends a line; "endstream" and the word inside other text do not count.
            if ((at >= 3 && pdf.AsSpan(at - 3, 3).SequenceEqual("end"u8)) || dataStart >= pdf.Length)
            {
                continue;
            }
            if (pdf[dataStart] == '\r' && dataStart + 1 < pdf.Length && pdf[dataStart + 1] == '\n')
            {
                dataStart += 2;
            }
            else if (pdf[dataStart] == '\n')
            {
                dataStart += 1;
            }
            else
            {
                continue;
            }
            var dictionary = Dictionary(pdf, at);
            var isBulk = dictionary.Contains("/Image", StringComparison.Ordinal) || dictionary.Contains("/Length1", StringComparison.Ordinal)
                || dictionary.Contains("/Length2", StringComparison.Ordinal) || dictionary.Contains("/Type1C", StringComparison.Ordinal)
                || dictionary.Contains("/CIDFontType0C", StringComparison.Ordinal) || dictionary.Contains("/OpenType", StringComparison.Ordinal);
            var flate = dictionary.Contains("/FlateDecode", StringComparison.Ordinal);
            if (!flate && (isBulk || dictionary.Contains("/Filter", StringComparison.Ordinal)))
            {
                continue; // A JPEG, or another filter: its size on disk is all the file limit allows.
            }
            n++;
            var streamCap = isBulk ? MaxBulkStream : MaxContentStream;
            var totalCap = isBulk ? MaxBulkTotal - bulk : MaxContentTotal - content;
            // Drawing operators written out uncompressed cost the same time as inflated ones.
            var inflated = flate ? Inflated(pdf, dataStart, Math.Min(streamCap, totalCap) + 1, buffer) : RawLength(pdf, dataStart);
            if (inflated > streamCap)
            {
                throw Refused(n, isBulk ? "图片或字体" : "页面内容", streamCap, "一个对象");
            }
            if (inflated > totalCap)
            {
                throw Refused(n, isBulk ? "图片和字体" : "页面内容", isBulk ? MaxBulkTotal : MaxContentTotal, "合计");
            }
            if (isBulk)
            {
                bulk += inflated;
            }
            else
            {
                content += inflated;
            }
        }
    }

    private static long RawLength(byte[] pdf, int start)
    {
        var end = pdf.AsSpan(start).IndexOf("endstream"u8);
        return end < 0 ? pdf.Length - start : end;
    }

    private static int NextKeyword(byte[] pdf, int from)
    {
        var next = pdf.AsSpan(from).IndexOf(StreamKeyword);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>The text of the object before the stream keyword (its dictionary), up to 4 KB back.</summary>
    private static string Dictionary(byte[] pdf, int keyword)
    {
        var start = Math.Max(0, keyword - 4096);
        var head = pdf.AsSpan(start, keyword - start);
        var obj = head.LastIndexOf(" obj"u8);
        return Encoding.Latin1.GetString(obj >= 0 ? head[obj..] : head);
    }

    /// <summary>How many bytes the zlib data at <paramref name="start"/> inflates to, counting no further than <paramref name="limit"/>.</summary>
    private static long Inflated(byte[] pdf, int start, long limit, byte[] buffer)
    {
        long total = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(pdf, start, pdf.Length - start, writable: false), CompressionMode.Decompress);
            int read;
            while (total < limit && (read = zlib.Read(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Damaged or not zlib after all (an encrypted stream): the PDF library judges it, and refuses it if it must.
        }
        return total;
    }

    private static ReportReadException Refused(int stream, string what, long cap, string scope) => new(string.Create(CultureInfo.InvariantCulture,
        $"PDF 中的压缩内容解压后过大（第 {stream} 个压缩流处，{what}{scope}超过 {cap >> 20} MB 上限），不是正常的 PDF 文件（可能是恶意构造的文件），已拒绝读取"));
}
