using System.Globalization;
using UglyToad.PdfPig;

namespace Gongkai.Reading.Pdf;

/// <summary>
/// A PDF that Gongkai keeps without reading it as a report (a case attachment, staff's or an applicant's) passes the
/// same stream caps as a report (<see cref="PdfStreamLimits"/>) and a page cap: a 1 MB file that inflates to 1 GB, or
/// 20,000 empty pages, is refused on upload instead of stalling whoever opens, prints or converts it later.
/// </summary>
public static partial class PdfFileCheck
{
    /// <summary>The /Encrypt key, however its letters are escaped.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("/(?:E|#45)(?:n|#6[eE])(?:c|#63)(?:r|#72)(?:y|#79)(?:p|#70)(?:t|#74)")]
    private static partial System.Text.RegularExpressions.Regex EncryptKey();

    /// <summary>Pages an attachment may have: a long disclosed document has hundreds, not thousands.</summary>
    public const int MaxAttachmentPages = 1_000;

    /// <summary>Refuses the PDF with a Chinese message (<see cref="ReportReadException"/>) when it passes a cap.</summary>
    public static void Check(byte[] pdf, int maxPages = MaxAttachmentPages)
    {
        PdfStreamLimits.Check(pdf);
        // Encrypted streams cannot be counted before they are decrypted, and the PDF library decrypts (an empty user
        // password) and inflates them as it opens the file: a bomb would go off in the server. An attachment is kept
        // unread, so an encrypted one is refused rather than opened.
        if (EncryptKey().IsMatch(System.Text.Encoding.Latin1.GetString(pdf)))
        {
            throw new ReportReadException("PDF 文件已加密，无法检查其内容；请上传未加密的 PDF（可用原程序“另存为”或“打印为 PDF”去掉加密）");
        }
        int pages;
        try
        {
            using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            pages = document.NumberOfPages;
        }
        catch (Exception e) when (e is not ReportReadException and not OutOfMemoryException)
        {
            throw new ReportReadException("PDF 文件已损坏或格式无法识别，无法打开；请用原程序重新导出 PDF 后再上传");
        }
        if (pages > maxPages)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"PDF 共 {pages} 页，超过 {maxPages} 页上限，请拆分后再上传"));
        }
    }
}
