using System.Text;
using UglyToad.PdfPig.Content;

namespace Gongkai.Reading.Pdf;

/// <summary>
/// Tables drawn with rulings (Word, WPS and LibreOffice draw every cell border): the horizontal rules cut the table
/// into rows, the vertical rules into columns, and each letter goes to the cell it stands in — so a label wrapped
/// over three lines of a narrow cell stays one cell, beside its values. A cell merged across columns (no rule between
/// them in that row) gives its text to the first and leaves the others empty, as an HTML table with colspan expanded
/// does; a cell merged across rows gives each row the part of its text printed there, which the reader, naming a row
/// by the last label before its values, passes over.
/// </summary>
internal static class RuledTables
{
    /// <summary>Rules closer than this (points) are one rule drawn twice or a double border.</summary>
    private const double Snap = 2.0;

    /// <summary>A rule is a segment thinner than this (points).</summary>
    private const double Thin = 2.5;

    /// <summary>A table row as the text reader takes it: its top (page coordinates, top = 0) and cells joined by tabs.</summary>
    public sealed record Row(double Top, string Text);

    /// <summary>A rule: horizontal at height <c>At</c> from <c>From</c> to <c>To</c> (x), or vertical at x <c>At</c> from <c>From</c> to <c>To</c> (y); page points, y up.</summary>
    public sealed record Segment(double At, double From, double To);

    private sealed class Region
    {
        public List<Segment> Horizontals { get; } = [];

        public List<Segment> Verticals { get; } = [];

        public double Left => Horizontals.Min(h => h.From);

        public double Right => Horizontals.Max(h => h.To);

        public double Top => Horizontals.Max(h => h.At);

        public double Bottom => Horizontals.Min(h => h.At);
    }

    /// <summary>The ruled tables' rows of the page; the glyphs placed in them are added to <paramref name="used"/>.</summary>
    public static List<Row> Extract(double pageHeight, List<Segment> horizontals, List<Segment> verticals, IReadOnlyList<Glyph> letters, HashSet<Glyph> used)
    {
        var rows = new List<Row>();
        if (horizontals.Count < 3 || verticals.Count < 2)
        {
            return rows;
        }
        foreach (var region in Regions(horizontals, verticals))
        {
            rows.AddRange(Rows(pageHeight, region, letters, used));
        }
        return rows;
    }

    /// <summary>A cell of a ruled table as drawn — merged across columns or rows where no rule parts them — in page points, y up.</summary>
    public sealed record CellBox(double Left, double Bottom, double Right, double Top);

    /// <summary>
    /// The drawn cells of every ruled table the rules make: the grid of the table's rules, with neighbouring grid cells
    /// joined wherever no rule runs between them. A scan's OCR reads each such cell on its own (<see cref="Ocr.ScannedPdf"/>),
    /// so a label wrapped in a tall cell is not mixed with the values beside it.
    /// </summary>
    public static List<CellBox> Cells(List<Segment> horizontals, List<Segment> verticals)
    {
        var cells = new List<CellBox>();
        if (horizontals.Count < 3 || verticals.Count < 2)
        {
            return cells;
        }
        foreach (var region in Regions(horizontals, verticals))
        {
            var ys = Snapped(region.Horizontals.Select(h => h.At)).OrderByDescending(y => y).ToList();
            var xs = Snapped(region.Verticals.Select(v => v.At).Append(region.Left).Append(region.Right)).Order().ToList();
            int rows = ys.Count - 1, columns = xs.Count - 1;
            var parent = Enumerable.Range(0, rows * columns).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            for (var r = 0; r < rows; r++)
            {
                var middleY = (ys[r] + ys[r + 1]) / 2;
                for (var c = 0; c < columns; c++)
                {
                    var middleX = (xs[c] + xs[c + 1]) / 2;
                    if (c + 1 < columns && !region.Verticals.Any(v => Math.Abs(v.At - xs[c + 1]) <= Snap && v.From <= middleY + Snap && v.To >= middleY - Snap))
                    {
                        parent[Find((r * columns) + c + 1)] = Find((r * columns) + c);
                    }
                    if (r + 1 < rows && !region.Horizontals.Any(h => Math.Abs(h.At - ys[r + 1]) <= Snap && h.From <= middleX + Snap && h.To >= middleX - Snap))
                    {
                        parent[Find(((r + 1) * columns) + c)] = Find((r * columns) + c);
                    }
                }
            }
            foreach (var group in Enumerable.Range(0, rows * columns).GroupBy(Find))
            {
                var members = group.ToList();
                cells.Add(new CellBox(members.Min(i => xs[i % columns]), members.Min(i => ys[(i / columns) + 1]),
                    members.Max(i => xs[(i % columns) + 1]), members.Max(i => ys[i / columns])));
            }
        }
        return cells;
    }

    /// <summary>The rules a PDF page draws: thin stroked or filled paths.</summary>
    public static (List<Segment> Horizontals, List<Segment> Verticals) Segments(Page page)
    {
        var horizontals = new List<Segment>();
        var verticals = new List<Segment>();
        foreach (var path in page.Paths)
        {
            if (!path.IsStroked && !path.IsFilled)
            {
                continue;
            }
            foreach (var subpath in path)
            {
                if (subpath.GetBoundingRectangle() is not { } r)
                {
                    continue;
                }
                if (r.Height <= Thin && r.Width > 3 * Thin)
                {
                    horizontals.Add(new Segment(r.Bottom + r.Height / 2, r.Left, r.Right));
                }
                else if (r.Width <= Thin && r.Height > 3 * Thin)
                {
                    verticals.Add(new Segment(r.Left + r.Width / 2, r.Bottom, r.Top));
                }
                else if (path.IsFilled && r.Width > 3 * Thin && r.Height > 3 * Thin && subpath.Commands.Count <= 6)
                {
                    // A filled box is a cell's shading, not a rule; its edges are drawn by rules of their own.
                    continue;
                }
            }
        }
        return (Joined(horizontals), Joined(verticals));
    }

    /// <summary>Rules found elsewhere (a scan's image), joined as a page's are.</summary>
    public static (List<Segment> Horizontals, List<Segment> Verticals) Segments(List<Segment> horizontals, List<Segment> verticals)
    {
        return (Joined(horizontals), Joined(verticals));
    }

    /// <summary>
    /// Segments on one line that touch or overlap, as one. A browser draws a table's CSS borders cell by cell (one
    /// thin filled box per cell edge); joined, they are the table's rules, as Word draws them.
    /// </summary>
    private static List<Segment> Joined(List<Segment> segments)
    {
        if (segments.Count < 2)
        {
            return segments;
        }
        var joined = new List<Segment>(segments.Count);
        var sorted = segments.OrderBy(s => s.At).ToList();
        for (var start = 0; start < sorted.Count;)
        {
            // One line: positions within half a snap of the one before.
            var end = start + 1;
            while (end < sorted.Count && sorted[end].At - sorted[end - 1].At <= Snap / 2)
            {
                end++;
            }
            Segment? current = null;
            foreach (var part in sorted.GetRange(start, end - start).OrderBy(s => s.From))
            {
                if (current is { } c && part.From <= c.To + Snap)
                {
                    current = c with { To = Math.Max(c.To, part.To) };
                }
                else
                {
                    if (current is not null)
                    {
                        joined.Add(current);
                    }
                    current = part;
                }
            }
            joined.Add(current!);
            start = end;
        }
        return joined;
    }

    /// <summary>Horizontal rules that overlap sideways and follow each other down the page form one table.</summary>
    private static List<Region> Regions(List<Segment> horizontals, List<Segment> verticals)
    {
        var regions = new List<Region>();
        foreach (var h in horizontals.OrderByDescending(h => h.At))
        {
            var region = regions.FirstOrDefault(r => r.Bottom - h.At < 160 && Overlap(r.Left, r.Right, h.From, h.To) > 0.5 * Math.Min(r.Right - r.Left, h.To - h.From));
            if (region is null)
            {
                region = new Region();
                regions.Add(region);
            }
            region.Horizontals.Add(h);
        }
        foreach (var region in regions)
        {
            region.Verticals.AddRange(verticals.Where(v => v.At >= region.Left - Snap && v.At <= region.Right + Snap
                && v.To >= region.Bottom - Snap && v.From <= region.Top + Snap));
            // A table that goes on over the page break has no rule under its last row on this page (nor over its first on
            // the next): where its columns' rules run on past the last rule across, the row ends where they end.
            if (region.Verticals.Count >= 2)
            {
                var (left, right, top, bottom) = (region.Left, region.Right, region.Top, region.Bottom);
                var lowest = region.Verticals.Min(v => v.From);
                var highest = region.Verticals.Max(v => v.To);
                if (bottom - lowest > 3 * Snap && region.Verticals.Count(v => v.From < bottom - (3 * Snap)) >= 2)
                {
                    region.Horizontals.Add(new Segment(lowest, left, right));
                }
                if (highest - top > 3 * Snap && region.Verticals.Count(v => v.To > top + (3 * Snap)) >= 2)
                {
                    region.Horizontals.Add(new Segment(highest, left, right));
                }
            }
        }
        // A table has at least two rows and a rule inside it (two columns); an underline or a frame is not one.
        return regions.Where(r => Snapped(r.Horizontals.Select(h => h.At)).Count >= 3
            && Snapped(r.Verticals.Select(v => v.At)).Count(x => x > r.Left + Snap && x < r.Right - Snap) >= 1).ToList();
    }

    private static IEnumerable<Row> Rows(double pageHeight, Region region, IReadOnlyList<Glyph> letters, HashSet<Glyph> used)
    {
        var ys = Snapped(region.Horizontals.Select(h => h.At)).OrderByDescending(y => y).ToList();
        var xs = Snapped(region.Verticals.Select(v => v.At).Append(region.Left).Append(region.Right)).Order().ToList();
        var inside = letters.Where(l => !used.Contains(l)).Select(l => (Letter: l, X: (l.Left + l.Right) / 2, Y: l.Baseline + l.Height / 3))
            .Where(l => l.X > xs[0] && l.X < xs[^1] && l.Y < ys[0] && l.Y > ys[^1]).ToList();
        for (var b = 0; b + 1 < ys.Count; b++)
        {
            var (top, bottom) = (ys[b], ys[b + 1]);
            var middle = (top + bottom) / 2;
            var cells = new List<Glyph>[xs.Count - 1];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = [];
            }
            foreach (var l in inside.Where(l => l.Y < top && l.Y >= bottom))
            {
                var c = xs.FindLastIndex(x => x <= l.X);
                cells[Math.Clamp(c, 0, cells.Length - 1)].Add(l.Letter);
                used.Add(l.Letter);
            }
            if (cells.All(c => c.Count == 0))
            {
                continue;
            }
            // No rule on a column's left in this row: the cell of the column before goes on into it. Its text joins that
            // cell and its position stays empty, as an expanded colspan leaves it.
            var spans = new List<Glyph>?[cells.Length];
            var spanStart = 0;
            for (var c = 0; c < cells.Length; c++)
            {
                var ruledLeft = c == 0 || region.Verticals.Any(v => Math.Abs(v.At - xs[c]) <= Snap && v.From <= middle + Snap && v.To >= middle - Snap);
                if (ruledLeft)
                {
                    spanStart = c;
                    spans[c] = [.. cells[c]];
                }
                else
                {
                    // Letters, not texts, are joined: a wrapped line runs across the covered columns.
                    spans[spanStart]!.AddRange(cells[c]);
                }
            }
            var texts = spans.Select(span => span is null ? "" : CellText(span)).ToArray();
            var text = string.Join('\t', texts);
            yield return new Row(pageHeight - top, text);
        }
    }

    /// <summary>A cell's letters in reading order: its lines top to bottom, each left to right, joined without a break.</summary>
    private static string CellText(List<Glyph> letters)
    {
        if (letters.Count == 0)
        {
            return "";
        }
        var typical = letters.Select(l => l.Height).Order().ElementAt(letters.Count / 2);
        // Lines by baseline, top to bottom: a letter more than half a line below the line's first starts the next.
        var lines = new List<List<Glyph>>();
        foreach (var l in letters.OrderByDescending(l => l.Baseline))
        {
            if (lines.Count == 0 || lines[^1][0].Baseline - l.Baseline > typical * 0.5)
            {
                lines.Add([]);
            }
            lines[^1].Add(l);
        }
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            Glyph? previous = null;
            foreach (var l in line.OrderBy(l => l.Left))
            {
                if (previous is not null && l.Left - previous.Right > typical * 0.3
                    && IsLatin(previous.Value) && IsLatin(l.Value) && !(IsDigit(previous.Value) && IsDigit(l.Value)))
                {
                    sb.Append(' ');
                }
                sb.Append(l.Value);
                previous = l;
            }
        }
        return sb.ToString().Trim();
    }

    private static bool IsLatin(string value) => value.Length > 0 && value[^1] < 0x2E80;

    private static bool IsDigit(string value) => value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '.' or ',');

    private static double Overlap(double a1, double a2, double b1, double b2) => Math.Min(a2, b2) - Math.Max(a1, b1);

    /// <summary>Positions closer than <see cref="Snap"/> taken as one.</summary>
    private static List<double> Snapped(IEnumerable<double> positions)
    {
        var result = new List<double>();
        foreach (var p in positions.Order())
        {
            if (result.Count == 0 || p - result[^1] > Snap)
            {
                result.Add(p);
            }
        }
        return result;
    }
}
