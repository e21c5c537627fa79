using System.Globalization;
using Gongkai.Reading;
using Gongkai.Reading.Ocr;

namespace Gongkai.Documents.Redaction;

/// <summary>PDF pages as PNG images, by poppler's <c>pdftoppm</c> (offline, one process a page, bounded in time).</summary>
public static class PdfPageImages
{
    private static readonly TimeSpan PageBudget = TimeSpan.FromSeconds(90);

    /// <summary>One page of a PDF as a PNG, by poppler's pdftoppm.</summary>
    public static byte[] Render(byte[] pdf, int page, int dpi, bool gray)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-redact-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, pdf);
            return Render(path, page, dpi, gray);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>One page of a PDF already on disk (a 100-page copy renders its pages from one file, side by side).</summary>
    public static byte[] Render(string pdfPath, int page, int dpi, bool gray)
    {
        var output = Path.Combine(Path.GetTempPath(), $"gongkai-redact-{Guid.NewGuid():N}");
        try
        {
            var arguments = new List<string> { "-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", $"{page}", "-l", $"{page}", "-singlefile", "-png" };
            if (gray)
            {
                arguments.Add("-gray");
            }
            arguments.AddRange([pdfPath, output]);
            int code;
            string error;
            try
            {
                (code, _, error) = OcrProgram.Run("pdftoppm", arguments, PageBudget, $"第{page}页");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new RedactionException("本机未安装 pdftoppm，无法把页面转为图像；请安装 poppler-utils（sudo apt install poppler-utils）");
            }
            catch (ReportReadException e)
            {
                throw new RedactionException(e.Message);
            }
            if (code != 0 || !File.Exists(output + ".png"))
            {
                throw new RedactionException($"第{page}页无法转为图像（pdftoppm 退出码 {code}）：{error.Trim()}");
            }
            return File.ReadAllBytes(output + ".png");
        }
        finally
        {
            File.Delete(output + ".png");
        }
    }
}
