namespace Gongkai.Reading.Ocr;

/// <summary>A rule found in a page image, in pixels: horizontal (y = <c>At</c>, x from <c>From</c> to <c>To</c>) or vertical.</summary>
internal readonly record struct PixelRule(int At, int From, int To, int Thickness);

/// <summary>
/// A scanned table's rules: long thin runs of dark pixels, horizontal and vertical. Found so that cells come from the
/// rules, as in a Word PDF (<see cref="Pdf.RuledTables"/>), and erased so that OCR does not read them as characters.
/// A character's stroke is shorter than a rule: the minimum lengths are set above the strokes of body text at the
/// image's resolution.
/// </summary>
internal static class ImageRules
{
    /// <summary>Gaps a scanner leaves in a printed rule, in pixels at 300 dpi.</summary>
    private const int Gap = 3;

    public static (List<PixelRule> Horizontals, List<PixelRule> Verticals) Find(GrayImage image, int dpi)
    {
        // 10 mm across, 8.5 mm down: longer than any stroke of a title's 22-point characters (about 7.5 mm), shorter
        // than a table's rules, which run on across several rows.
        var minWidth = dpi * 10 / 25;
        var minHeight = dpi * 17 / 50;
        var gap = Math.Max(1, Gap * dpi / 300);
        var horizontals = Merge(Runs(image.Height, image.Width, minWidth, gap, (line, i) => image.IsDark(i, line)));
        // A shorter vertical run is a rule when it runs from one horizontal rule to another (one row's cell border);
        // a character's stroke does not.
        var candidates = Merge(Runs(image.Width, image.Height, dpi * 3 / 25, gap, (line, i) => image.IsDark(line, i)));
        var near = Math.Max(4, dpi / 40);
        bool Meets(int x, int y) => horizontals.Any(h => Math.Abs(h.At - y) <= near + (h.Thickness / 2) && x >= h.From - near && x <= h.To + near);
        var verticals = candidates.Where(v => v.To - v.From + 1 >= minHeight || (Meets(v.At, v.From) && Meets(v.At, v.To))).ToList();
        return (horizontals, verticals);
    }

    /// <summary>Sets the rules' pixels (and a pixel either side) white.</summary>
    public static void Erase(GrayImage image, List<PixelRule> horizontals, List<PixelRule> verticals)
    {
        foreach (var h in horizontals)
        {
            for (var y = Math.Max(0, h.At - (h.Thickness / 2) - 1); y <= Math.Min(image.Height - 1, h.At + (h.Thickness / 2) + 1); y++)
            {
                Array.Fill(image.Pixels, (byte)255, (y * image.Width) + h.From, h.To - h.From + 1);
            }
        }
        foreach (var v in verticals)
        {
            for (var y = v.From; y <= v.To; y++)
            {
                for (var x = Math.Max(0, v.At - (v.Thickness / 2) - 1); x <= Math.Min(image.Width - 1, v.At + (v.Thickness / 2) + 1); x++)
                {
                    image.Pixels[(y * image.Width) + x] = 255;
                }
            }
        }
    }

    /// <summary>Runs of dark pixels at least <paramref name="min"/> long along each line (a row or a column).</summary>
    private static List<PixelRule> Runs(int lines, int length, int min, int gap, Func<int, int, bool> dark)
    {
        var runs = new List<PixelRule>();
        for (var line = 0; line < lines; line++)
        {
            var start = -1;
            var lastDark = -1;
            for (var i = 0; i <= length; i++)
            {
                var isDark = i < length && dark(line, i);
                if (isDark)
                {
                    if (start < 0)
                    {
                        start = i;
                    }
                    lastDark = i;
                }
                else if (start >= 0 && i - lastDark > gap)
                {
                    if (lastDark - start + 1 >= min)
                    {
                        runs.Add(new PixelRule(line, start, lastDark, 1));
                    }
                    start = -1;
                }
            }
        }
        return runs;
    }

    /// <summary>Runs on neighbouring lines that overlap are one rule, as thick as the lines it covers.</summary>
    private static List<PixelRule> Merge(List<PixelRule> runs)
    {
        var merged = new List<(int First, int Last, int From, int To)>();
        foreach (var run in runs)
        {
            var found = -1;
            // Merged rules are in the order of their first line; one that began 20 lines up is closed or too thick.
            for (var i = merged.Count - 1; i >= 0 && merged[i].First >= run.At - 20; i--)
            {
                if (merged[i].Last >= run.At - 1 && run.From <= merged[i].To && run.To >= merged[i].From)
                {
                    found = i;
                    break;
                }
            }
            if (found >= 0)
            {
                var m = merged[found];
                merged[found] = (m.First, run.At, Math.Min(m.From, run.From), Math.Max(m.To, run.To));
            }
            else
            {
                merged.Add((run.At, run.At, run.From, run.To));
            }
        }
        // A rule is thin; a dark band many pixels thick is a picture or a seal, not a rule.
        return merged.Where(m => m.Last - m.First < 12).Select(m => new PixelRule((m.First + m.Last) / 2, m.From, m.To, m.Last - m.First + 1)).ToList();
    }
}
