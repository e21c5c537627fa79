using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Gongkai.Reading.Pdf;

/// <summary>
/// A PDF's compressed streams are a zip bomb's cousin: a 400 KB file whose one page inflates to 200 MB of drawing
/// operators held the reader for 2½ minutes and 10 GB of memory, and a 1 MB file inflated to 1 GB. Before the PDF
/// library sees the file, every stream is decoded once into a counter (nothing kept) and the file is refused past the
/// caps below. Published reports stay far inside them: page contents of 20–150 KB, embedded font subsets of a few
/// hundred KB.
/// <para>
/// The check does not trust how a stream is labelled: filter names are read with their abbreviations (<c>/Fl</c>) and
/// <c>#xx</c> escapes, the dictionary is found by its brackets however long it is, a stream keyword followed by any
/// white space counts, ASCII-hex and ASCII-85 layers are taken off first, and any data that is a zlib stream is
/// inflated whatever its filter says. LZW and run-length data are decoded into the same counter.
/// </para>
/// </summary>
internal static partial class PdfStreamLimits
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

    [GeneratedRegex("#([0-9A-Fa-f]{2})")]
    private static partial Regex NameEscape();

    public static void Check(byte[] pdf)
    {
        long content = 0, bulk = 0;
        var n = 0;
        var previousData = 0;
        for (var at = pdf.AsSpan().IndexOf(StreamKeyword); at >= 0; at = NextKeyword(pdf, at + StreamKeyword.Length))
        {
            // "endstream", and the word inside a longer name or text, are not the keyword.
            if ((at >= 3 && pdf.AsSpan(at - 3, 3).SequenceEqual("end"u8)) || (at > 0 && IsRegular(pdf[at - 1])))
            {
                continue;
            }
            var dataStart = at + StreamKeyword.Length;
            var skipped = 0;
            while (dataStart < pdf.Length && skipped < 4 && pdf[dataStart] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or (byte)'\f' or 0)
            {
                dataStart++;
                skipped++;
            }
            if (skipped == 0 || dataStart >= pdf.Length)
            {
                continue;
            }
            // Dictionaries never hold stream data: the search back stops at the previous stream, so the file is scanned once.
            var dictionary = Normalize(Dictionary(pdf, at, previousData));
            previousData = dataStart;
            var isBulk = dictionary.Contains("/Image", StringComparison.Ordinal) || dictionary.Contains("/Length1", StringComparison.Ordinal)
                || dictionary.Contains("/Length2", StringComparison.Ordinal) || dictionary.Contains("/Type1C", StringComparison.Ordinal)
                || dictionary.Contains("/CIDFontType0C", StringComparison.Ordinal) || dictionary.Contains("/OpenType", StringComparison.Ordinal);
            n++;
            var streamCap = isBulk ? MaxBulkStream : MaxContentStream;
            var totalCap = isBulk ? MaxBulkTotal - bulk : MaxContentTotal - content;
            var decoded = Decoded(pdf, dataStart, dictionary, Math.Min(streamCap, totalCap) + 1);
            if (decoded > streamCap)
            {
                throw Refused(n, isBulk ? "图片或字体" : "页面内容", streamCap, "一个对象");
            }
            if (decoded > totalCap)
            {
                throw Refused(n, isBulk ? "图片和字体" : "页面内容", isBulk ? MaxBulkTotal : MaxContentTotal, "合计");
            }
            if (isBulk)
            {
                bulk += decoded;
            }
            else
            {
                content += decoded;
            }
        }
    }

    private static bool IsRegular(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9';

    /// <summary>Names as the PDF library reads them: "#44" escapes undone, the standard abbreviations spelled out.</summary>
    private static string Normalize(string dictionary)
    {
        var text = NameEscape().Replace(dictionary, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());
        return text.Replace("/AHx", "/ASCIIHexDecode", StringComparison.Ordinal).Replace("/A85", "/ASCII85Decode", StringComparison.Ordinal)
            .Replace("/LZW", "/LZWDecode", StringComparison.Ordinal).Replace("/Fl", "/FlateDecode", StringComparison.Ordinal)
            .Replace("/RL", "/RunLengthDecode", StringComparison.Ordinal);
    }

    /// <summary>
    /// How many bytes the stream at <paramref name="start"/> decodes to, counting no further than <paramref name="limit"/>:
    /// text layers first (hex, ASCII-85), then zlib when the data is zlib whatever the filter says, LZW or run-length when
    /// named, else the raw length up to "endstream".
    /// </summary>
    private static long Decoded(byte[] pdf, int start, string dictionary, long limit)
    {
        var end = pdf.AsSpan(start).IndexOf("endstream"u8);
        var raw = end < 0 ? pdf.AsMemory(start) : pdf.AsMemory(start, end);
        ReadOnlyMemory<byte> data = raw;
        var hex = dictionary.IndexOf("/ASCIIHexDecode", StringComparison.Ordinal);
        var a85 = dictionary.IndexOf("/ASCII85Decode", StringComparison.Ordinal);
        if (hex >= 0 && (a85 < 0 || hex < a85))
        {
            data = FromHex(raw.Span);
        }
        else if (a85 >= 0)
        {
            data = FromAscii85(raw.Span);
        }
        else if (LooksLikeHex(raw.Span))
        {
            // A hex layer whose name the dictionary hides: decoded all the same when what is under it is zlib.
            var under = FromHex(raw.Span);
            if (LooksLikeZlib(under))
            {
                data = under;
            }
        }
        if (LooksLikeZlib(data.Span) || dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
        {
            var inflated = Inflated(data, limit);
            if (inflated > 0)
            {
                return inflated;
            }
        }
        if (dictionary.Contains("/LZWDecode", StringComparison.Ordinal))
        {
            return LzwLength(data.Span, limit);
        }
        if (dictionary.Contains("/RunLengthDecode", StringComparison.Ordinal))
        {
            return RunLengthLength(data.Span, limit);
        }
        return data.Length;
    }

    private static bool LooksLikeHex(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 64)];
        return head.Length >= 4 && !head.ContainsAnyExcept("0123456789abcdefABCDEF \r\n\t>"u8);
    }

    private static bool LooksLikeZlib(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0;

    private static int NextKeyword(byte[] pdf, int from)
    {
        var next = pdf.AsSpan(from).IndexOf(StreamKeyword);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>
    /// The dictionary before the stream keyword, found by its brackets (however long it is padded), as text; up to 4 KB
    /// back when the brackets cannot be matched within 1 MB.
    /// </summary>
    private static string Dictionary(byte[] pdf, int keyword, int floor)
    {
        var i = keyword - 1;
        while (i > 0 && pdf[i] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0)
        {
            i--;
        }
        if (i > 0 && pdf[i] == '>' && pdf[i - 1] == '>')
        {
            var depth = 0;
            for (var j = i; j > floor; j--)
            {
                if (pdf[j] == '>' && pdf[j - 1] == '>')
                {
                    depth++;
                    j--;
                }
                else if (pdf[j] == '<' && pdf[j - 1] == '<')
                {
                    depth--;
                    j--;
                    if (depth == 0)
                    {
                        return Encoding.Latin1.GetString(pdf, j, i + 1 - j);
                    }
                }
            }
        }
        var start = Math.Max(floor, keyword - 4096);
        return Encoding.Latin1.GetString(pdf, start, keyword - start);
    }

    /// <summary>How many bytes the zlib data inflates to, counting no further than <paramref name="limit"/>; 0 when it is not zlib.</summary>
    private static long Inflated(ReadOnlyMemory<byte> data, long limit)
    {
        long total = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            // Always an array here: a slice of the file, or what a text layer decoded to.
            var segment = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var s) ? s : new ArraySegment<byte>(data.ToArray());
            using var zlib = new ZLibStream(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), CompressionMode.Decompress);
            int read;
            while (total < limit && (read = zlib.Read(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Damaged or not zlib after all (an encrypted stream): what was inflated so far still counts.
        }
        return total;
    }

    private static byte[] FromHex(ReadOnlySpan<byte> text)
    {
        var output = new List<byte>(text.Length / 2);
        var high = -1;
        foreach (var c in text)
        {
            if (c == '>')
            {
                break;
            }
            var v = c is >= (byte)'0' and <= (byte)'9' ? c - '0' : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10 : c is >= (byte)'A' and <= (byte)'F' ? c - 'A' + 10 : -1;
            if (v < 0)
            {
                continue;
            }
            if (high < 0)
            {
                high = v;
            }
            else
            {
                output.Add((byte)((high << 4) | v));
                high = -1;
            }
        }
        if (high >= 0)
        {
            output.Add((byte)(high << 4));
        }
        return [.. output];
    }

    private static byte[] FromAscii85(ReadOnlySpan<byte> text)
    {
        var output = new List<byte>(text.Length);
        Span<byte> group = stackalloc byte[5];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '~')
            {
                break;
            }
            if (c == 'z' && n == 0)
            {
                output.AddRange([0, 0, 0, 0]);
                continue;
            }
            if (c is < (byte)'!' or > (byte)'u')
            {
                continue;
            }
            group[n++] = (byte)(c - '!');
            if (n == 5)
            {
                Emit(group, 4);
                n = 0;
            }
        }
        if (n > 1)
        {
            for (var k = n; k < 5; k++)
            {
                group[k] = 84;
            }
            Emit(group, n - 1);
        }
        return [.. output];

        void Emit(Span<byte> g, int count)
        {
            uint value = 0;
            foreach (var d in g)
            {
                value = unchecked((value * 85) + d);
            }
            for (var k = 0; k < count; k++)
            {
                output.Add((byte)(value >> (24 - (8 * k))));
            }
        }
    }

    /// <summary>The length of LZW-decoded data (PDF's variant: 9–12-bit codes, early change), counting no further than <paramref name="limit"/>.</summary>
    private static long LzwLength(ReadOnlySpan<byte> data, long limit)
    {
        // Only lengths are needed: each table entry's length is its prefix's plus one.
        var lengths = new int[4096];
        for (var i = 0; i < 256; i++)
        {
            lengths[i] = 1;
        }
        var next = 258;
        var width = 9;
        var previous = -1;
        long total = 0;
        long bits = 0;
        var bitCount = 0;
        foreach (var b in data)
        {
            bits = (bits << 8) | b;
            bitCount += 8;
            while (bitCount >= width)
            {
                var code = (int)((bits >> (bitCount - width)) & ((1 << width) - 1));
                bitCount -= width;
                if (code == 256)
                {
                    next = 258;
                    width = 9;
                    previous = -1;
                    continue;
                }
                if (code == 257)
                {
                    return total;
                }
                int length;
                if (code < next && (code < 256 || lengths[code] > 0))
                {
                    length = lengths[code];
                }
                else if (previous >= 0)
                {
                    length = lengths[previous] + 1;
                }
                else
                {
                    return total; // damaged
                }
                total += length;
                if (total >= limit)
                {
                    return total;
                }
                if (previous >= 0 && next < 4096)
                {
                    lengths[next++] = lengths[previous] + 1;
                }
                previous = code;
                width = next + 1 >= 2048 ? 12 : next + 1 >= 1024 ? 11 : next + 1 >= 512 ? 10 : 9;
            }
        }
        return total;
    }

    /// <summary>The length of run-length-decoded data, counting no further than <paramref name="limit"/>.</summary>
    private static long RunLengthLength(ReadOnlySpan<byte> data, long limit)
    {
        long total = 0;
        for (var i = 0; i < data.Length && total < limit;)
        {
            var n = data[i];
            if (n == 128)
            {
                break;
            }
            if (n < 128)
            {
                total += n + 1;
                i += n + 2;
            }
            else
            {
                total += 257 - n;
                i += 2;
            }
        }
        return total;
    }

    private static ReportReadException Refused(int stream, string what, long cap, string scope) => new(string.Create(CultureInfo.InvariantCulture,
        $"PDF 中的压缩内容解压后过大（第 {stream} 个压缩流处，{what}{scope}超过 {cap >> 20} MB 上限），不是正常的 PDF 文件（可能是恶意构造的文件），已拒绝读取"));
}
