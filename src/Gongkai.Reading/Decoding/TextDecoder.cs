using System.Globalization;
using System.Text;

namespace Gongkai.Reading.Decoding;

/// <summary>
/// Decodes report bytes: UTF-8 (with or without BOM), UTF-16 (BOM, or detected from its zero bytes)
/// and GB18030, the superset of GBK and GB2312 that Chinese government files still often use.
/// Refuses binary files with a message saying what they look like.
/// </summary>
internal static class TextDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    public static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            throw new ReportReadException("文件为空（0 字节），没有可读取的内容");
        }
        RefuseKnownBinary(bytes);

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Strict(StrictUtf8, bytes[3..], "UTF-8"), "UTF-8 (BOM)");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Strict(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16"), "UTF-16LE (BOM)");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Strict(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16"), "UTF-16BE (BOM)");
        }
        if (LooksLikeUtf16(bytes, out var bigEndian))
        {
            return (Strict(new UnicodeEncoding(bigEndian, false, true), bytes, "UTF-16"), bigEndian ? "UTF-16BE" : "UTF-16LE");
        }
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"文件不是文本：第 {nul + 1} 字节是二进制数据（空字节），可能是图片、压缩包或其他非文本文件"));
        }
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: try the national standard encoding next.
        }
        try
        {
            return (StrictGb18030.Value.GetString(bytes), "GB18030");
        }
        catch (DecoderFallbackException)
        {
            throw new ReportReadException("无法识别文件编码：内容既不是有效的 UTF-8 或 UTF-16，也不是 GB18030（GBK/GB2312）编码的文本");
        }
    }

    private static string Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? string.Create(CultureInfo.InvariantCulture, $"第 {e.Index + 1} 字节附近") : "某处";
            throw new ReportReadException($"文件声明为 {name} 编码，但{at}的内容不是有效的 {name}，文件可能已损坏或被截断");
        }
    }

    private static void RefuseKnownBinary(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF"u8))
        {
            throw new ReportReadException("PDF 文件头不完整或已损坏，无法读取");
        }
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            throw new ReportReadException("这是 Word（.docx）或压缩文件：Word 文档请以 .docx 为扩展名读取；其他压缩文件无法读取");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new ReportReadException("这是 Office 97-2003 格式的文件（如 Excel .xls）：Word 文档请以 .doc 或 .wps 为扩展名读取，其他文件无法作为年度报告读取");
        }
    }

    /// <summary>UTF-16 without a BOM: ASCII characters (digits, tabs, line breaks) leave zero bytes on one side.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        var sample = bytes[..Math.Min(bytes.Length, 4096)];
        if (sample.Length < 4 || sample.Length % 2 != 0 && sample.Length == bytes.Length)
        {
            return false;
        }
        int evenZeros = 0, oddZeros = 0, pairs = sample.Length / 2;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            if (sample[i] == 0)
            {
                evenZeros++;
            }
            if (sample[i + 1] == 0)
            {
                oddZeros++;
            }
        }
        // ASCII characters leave a zero high byte; CJK characters almost never have a zero byte.
        var minimum = Math.Max(2, pairs / 100);
        if (oddZeros >= minimum && evenZeros * 8 <= oddZeros)
        {
            return true;
        }
        if (evenZeros >= minimum && oddZeros * 8 <= evenZeros)
        {
            bigEndian = true;
            return true;
        }
        return false;
    }
}
