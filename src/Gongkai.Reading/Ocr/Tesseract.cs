using System.Globalization;

namespace Gongkai.Reading.Ocr;

/// <summary>A word Tesseract read: its text, its box in pixels (y down), the box of its line, and how sure it is (0–100).</summary>
/// <param name="Image">Which image of a list (1-based), when several are read in one run.</param>
internal sealed record OcrWord(string Text, int Left, int Top, int Width, int Height, int LineBottom, int LineHeight, double Confidence, int Image = 1);

/// <summary>
/// Debian's Tesseract (<c>tesseract-ocr</c> with <c>tesseract-ocr-chi-sim</c>) through its command line: one page image
/// in, its words with their boxes out (TSV). Offline; one thread per process, as pages are read side by side.
/// </summary>
internal static class Tesseract
{
    /// <summary>The program; tests point it elsewhere to see the message a machine without it gives.</summary>
    internal static string Program { get; set; } = "tesseract";

    public const string InstallHint = "请安装文字识别软件 Tesseract 及其简体中文模型（Debian/Ubuntu：sudo apt install tesseract-ocr tesseract-ocr-chi-sim）";

    /// <summary>Whether Tesseract with its Simplified Chinese model can be run here.</summary>
    public static bool IsAvailable(out string? problem)
    {
        try
        {
            var (code, output, _) = Run(["--list-langs"], TimeSpan.FromSeconds(30));
            var hasChinese = output.Split('\n').Any(l => l.Trim() == "chi_sim");
            problem = code != 0 ? "Tesseract 无法运行" : hasChinese ? null : "Tesseract 缺少简体中文模型（chi_sim）";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            problem = "本机未安装 Tesseract";
        }
        return problem is null;
    }

    /// <summary>The words of one image, or of every image a list file names (one path a line; each word says which).</summary>
    public static List<OcrWord> Words(string imagePath, TimeSpan budget)
    {
        // psm 6: the page as one block of text, read line by line across the whole width — a table's row stays one line.
        var (code, output, error) = Run([imagePath, "stdout", "-l", "chi_sim", "--psm", "6", "-c", "preserve_interword_spaces=1", "tsv"], budget);
        if (code != 0)
        {
            throw new ReportReadException($"文字识别失败（Tesseract 退出码 {code}）：{error.Trim()}");
        }
        return Parse(output);
    }

    /// <summary>Each listed image (a table cell) read as one line of a number: English model, digits and their marks only.</summary>
    public static List<OcrWord> Digits(string listPath, TimeSpan budget)
    {
        var (code, output, error) = Run([listPath, "stdout", "-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789.,-", "tsv"], budget);
        if (code != 0)
        {
            throw new ReportReadException($"文字识别失败（Tesseract 退出码 {code}）：{error.Trim()}");
        }
        return Parse(output);
    }

    internal static List<OcrWord> Parse(string tsv)
    {
        var words = new List<OcrWord>();
        var lines = new Dictionary<(string, string, string, string), (int Bottom, int Height)>();
        foreach (var row in tsv.Split('\n').Skip(1))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var level))
            {
                continue;
            }
            var key = (f[1], f[2], f[3], f[4]);
            var (left, top, width, height) = (Int(f[6]), Int(f[7]), Int(f[8]), Int(f[9]));
            if (level == 4)
            {
                lines[key] = (top + height, height);
            }
            else if (level == 5 && f[11].Trim().Length > 0)
            {
                var line = lines.TryGetValue(key, out var l) ? l : (Bottom: top + height, Height: height);
                words.Add(new OcrWord(f[11].Trim(), left, top, width, height, line.Bottom, line.Height,
                    double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf) ? conf : 0, Int(f[1])));
            }
        }
        return words;
    }

    private static int Int(string s) => int.TryParse(s, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static (int Code, string Output, string Error) Run(string[] arguments, TimeSpan budget) =>
        OcrProgram.Run(Program, arguments, budget, "文字识别");
}
