namespace Gongkai.Reading.Ocr;

/// <summary>A word read from a page image: its text and its box in pixels (y down); words of one line share <paramref name="Line"/>.</summary>
public sealed record PageWord(string Text, int Left, int Top, int Width, int Height, int Line);

/// <summary>The words of a page image by Tesseract, for finding what to withhold on a scan or a photo (遮盖 by search).</summary>
public static class PageWords
{
    /// <summary>Why OCR cannot run here (with how to install it), or null.</summary>
    public static string? Unavailable() => Tesseract.IsAvailable(out var problem) ? null : $"{problem}。{Tesseract.InstallHint}";

    /// <exception cref="ReportReadException">Tesseract failed or ran past <paramref name="budget"/>.</exception>
    public static IReadOnlyList<PageWord> Read(string imagePath, TimeSpan budget)
    {
        var lines = new Dictionary<int, int>();
        return Tesseract.Words(imagePath, budget)
            .Select(w => new PageWord(w.Text, w.Left, w.Top, w.Width, w.Height, LineOf(lines, w.LineBottom)))
            .ToList();
    }

    private static int LineOf(Dictionary<int, int> lines, int bottom)
    {
        if (!lines.TryGetValue(bottom, out var line))
        {
            line = lines.Count;
            lines[bottom] = line;
        }
        return line;
    }
}
