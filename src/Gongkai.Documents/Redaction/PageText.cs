using System.Text;
using Gongkai.Reading.Ocr;
using UglyToad.PdfPig.Content;

namespace Gongkai.Documents.Redaction;

/// <summary>
/// The text of one page, each character with its box — from a PDF's text layer, or from OCR on a scan or a photo — so
/// a search's match becomes the box that covers it. Read two ways, since a miss is a leak: as lines across the page,
/// and as segments (a table cell's line, a run of prose) cut wherever the pen jumps, so two cells set close together
/// (an ID number beside a phone number) are not one run of digits. A segment is joined to the one below it in the
/// same column, so text wrapped within a cell or onto the next line (“李秀” / “英”, “0373-” / “3051234”) is found too.
/// </summary>
public sealed class PageText
{
    /// <summary>One character: its box, its font size, and where the pen stood before and after it (for a gap that ink hides).</summary>
    private readonly record struct Glyph(string Value, PageRect Box, double Size, double PenStart, double PenEnd);

    private sealed record Run(string Text, List<PageRect> Boxes)
    {
        public PageRect Bounds { get; } = PageRect.Union(Boxes.Where(b => b.Width > 0));
    }

    private readonly List<Run> lines = [];
    private readonly List<Run> segments = [];

    public int Page { get; }

    /// <summary>Read by OCR, not from a text layer.</summary>
    private bool byOcr;

    private PageText(int page) => Page = page;

    public bool IsEmpty => lines.Count == 0;

    /// <summary>Vertical rules (x, top, bottom in top-left coordinates): a table's column lines part two cells however close their text.</summary>
    private readonly List<(double X, double Top, double Bottom)> rules = [];

    /// <summary>A PDF page's letters in lines (top-left coordinates), cut at the page's vertical rules.</summary>
    public static PageText FromPage(Page page) => Lines(page.Number, page.Letters, page.Height,
        Gongkai.Reading.Pdf.PdfRules.Verticals(page).Select(v => (v.X, page.Height - v.Top, page.Height - v.Bottom)));

    private static PageText Lines(int page, IEnumerable<Letter> letters, double pageHeight, IEnumerable<(double X, double Top, double Bottom)> rules)
    {
        var text = new PageText(page);
        text.rules.AddRange(rules);
        var glyphs = letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Select(l => (Glyph: new Glyph(l.Value, new PageRect(l.BoundingBox.Left, pageHeight - l.BoundingBox.Top, Math.Max(l.BoundingBox.Width, 0.1), Math.Max(l.BoundingBox.Height, Math.Max(l.PointSize, 1) * 0.7)),
                Math.Max(l.PointSize, 1), l.StartBaseLine.X, l.EndBaseLine.X), Baseline: pageHeight - l.StartBaseLine.Y))
            .OrderBy(g => g.Baseline).ToList();
        var line = new List<(Glyph Glyph, double Baseline)>();
        foreach (var g in glyphs)
        {
            if (line.Count > 0 && Math.Abs(g.Baseline - line[^1].Baseline) > line[^1].Glyph.Size * 0.4)
            {
                text.AddLine(line.Select(x => x.Glyph).OrderBy(x => x.Box.X).ToList());
                line.Clear();
            }
            line.Add(g);
        }
        if (line.Count > 0)
        {
            text.AddLine(line.Select(x => x.Glyph).OrderBy(x => x.Box.X).ToList());
        }
        return text;
    }

    /// <summary>OCR words of a page image in lines; <paramref name="scale"/> turns pixels into the page's units. A word's box is shared out among its characters by width.</summary>
    public static PageText FromWords(int page, IEnumerable<PageWord> words, double scale)
    {
        var text = new PageText(page) { byOcr = true };
        foreach (var line in words.GroupBy(w => w.Line))
        {
            var chars = new List<Glyph>();
            foreach (var w in line.OrderBy(w => w.Left))
            {
                var each = w.Width / (double)Math.Max(w.Text.Length, 1);
                for (var i = 0; i < w.Text.Length; i++)
                {
                    var box = new PageRect((w.Left + (i * each)) * scale, w.Top * scale, each * scale, w.Height * scale);
                    chars.Add(new Glyph(w.Text[i].ToString(), box, w.Height * scale, box.X, box.Right));
                }
            }
            text.AddLine(chars);
        }
        return text;
    }

    /// <summary>
    /// A line: across the page with a space where the ink leaves a gap of half a character; and as segments, cut at a
    /// table's vertical rule or a jump of a whole character, with a space wherever the pen jumps a fifth of one.
    /// </summary>
    private void AddLine(List<Glyph> glyphs)
    {
        var line = new StringBuilder();
        var lineBoxes = new List<PageRect>();
        var segment = new StringBuilder();
        var segmentBoxes = new List<PageRect>();
        Glyph? previous = null;
        foreach (var g in glyphs)
        {
            if (previous is { } p)
            {
                var inkGap = g.Box.X - p.Box.Right > g.Size * 0.5 || RuleBetween(p.Box, g.Box);
                if (inkGap)
                {
                    line.Append(' ');
                    lineBoxes.Add(new PageRect(p.Box.Right, p.Box.Y, g.Box.X - p.Box.Right, 0));
                }
                var jump = g.PenStart - p.PenEnd;
                if (inkGap && (RuleBetween(p.Box, g.Box) || jump > g.Size))
                {
                    AddRun(segments, segment, segmentBoxes);
                }
                else if (inkGap || jump > g.Size * 0.2)
                {
                    // A space the font draws no glyph for, or the gap between two cells set close: the patterns allow
                    // spaces inside a number ("6222 0212 …") and stop at one between two numbers.
                    segment.Append(' ');
                    segmentBoxes.Add(new PageRect(p.Box.Right, p.Box.Y, Math.Max(0, g.Box.X - p.Box.Right), 0));
                }
            }
            foreach (var ch in g.Value)
            {
                line.Append(ch);
                lineBoxes.Add(g.Box);
                segment.Append(ch);
                segmentBoxes.Add(g.Box);
            }
            previous = g;
        }
        AddRun(lines, line, lineBoxes);
        AddRun(segments, segment, segmentBoxes);
    }

    private bool RuleBetween(PageRect left, PageRect right)
    {
        var middle = (left.Y + left.Bottom) / 2;
        return rules.Any(r => r.X >= left.Right - 0.5 && r.X <= right.X + 0.5 && r.Top <= middle && r.Bottom >= middle);
    }

    private static void AddRun(List<Run> runs, StringBuilder text, List<PageRect> boxes)
    {
        if (text.Length > 0)
        {
            runs.Add(new Run(text.ToString(), [.. boxes]));
        }
        text.Clear();
        boxes.Clear();
    }

    /// <summary>
    /// Every match of the searches on this page, each a box (grown a little) with the text it covers; a match wrapped
    /// onto the next line or down a cell gives two boxes, the second continuing the first. A part found both ways is one.
    /// </summary>
    public IEnumerable<Withheld> Find(IReadOnlyList<string> searches, WithholdingGround ground)
    {
        var found = new List<Withheld[]>();
        foreach (var run in lines.Concat(segments))
        {
            foreach (var m in RedactionPatterns.Matches(run.Text, searches))
            {
                Keep(found, Mark(run.Boxes.Skip(m.Start).Take(m.Length), ground, m.Source, run.Text.Substring(m.Start, m.Length)));
            }
        }
        // Prose wraps from a line's end to the next line's start; a cell's text wraps down its own column, over as many
        // as four lines in a narrow one (“豫” / “GA67” / “89”).
        var chains = lines.Zip(lines.Skip(1)).Where(p => p.Second.Bounds.Y - p.First.Bounds.Bottom < p.First.Bounds.Height * 2.2)
            .Select(p => new List<Run> { p.First, p.Second })
            .Concat(segments.Select(Column).Where(c => c.Count > 1));
        foreach (var chain in chains)
        {
            // Joined as they are (a name: “李秀” + “英”) and with a space (a number: “0373” + “5556789”).
            foreach (var joiner in new[] { "", " " })
            {
                var joined = new StringBuilder();
                var owner = new List<int>();
                for (var i = 0; i < chain.Count; i++)
                {
                    if (i > 0)
                    {
                        joined.Append(joiner);
                        owner.AddRange(Enumerable.Repeat(-1, joiner.Length));
                    }
                    joined.Append(chain[i].Text);
                    owner.AddRange(Enumerable.Repeat(i, chain[i].Text.Length));
                }
                var all = joined.ToString();
                foreach (var m in RedactionPatterns.Matches(all, searches))
                {
                    var pieces = Enumerable.Range(m.Start, m.Length).Where(k => owner[k] >= 0).GroupBy(k => owner[k]).ToList();
                    // Only matches that cross a break and start in the chain's first piece: the others are found from their own piece.
                    if (pieces.Count < 2 || pieces[0].Key != 0)
                    {
                        continue;
                    }
                    var text = all.Substring(m.Start, m.Length);
                    Keep(found, [.. pieces.Select((piece, n) => Mark(piece.Select(k => chain[piece.Key].Boxes[k - Offset(owner, piece.Key)]), ground, m.Source, text) with { Continues = n > 0 })]);
                }
            }
        }
        return found.SelectMany(part => part);
    }

    /// <summary>The segment and those under it in the same column, each the nearest within about two lines, four at most.</summary>
    private List<Run> Column(Run top)
    {
        var chain = new List<Run> { top };
        while (chain.Count < 4 && Below(chain[^1]) is { } next)
        {
            chain.Add(next);
        }
        return chain;
    }

    /// <summary>The nearest segment under this one in the same column, within about two lines.</summary>
    private Run? Below(Run upper)
    {
        var b = upper.Bounds;
        return segments.Where(s => s.Bounds.Y > b.Y + (b.Height * 0.5) && s.Bounds.Y - b.Bottom < b.Height * 2.2
                && Math.Min(s.Bounds.Right, b.Right) > Math.Max(s.Bounds.X, b.X))
            .OrderBy(s => s.Bounds.Y).ThenBy(s => s.Bounds.X).FirstOrDefault();
    }

    /// <summary>Where a chain's piece starts in the joined text.</summary>
    private static int Offset(List<int> owner, int piece) => owner.IndexOf(piece);

    /// <summary>
    /// Adds a part, merged with the parts already kept that cover the same place (one match read from a line and from a
    /// segment, or two readings of a wrap): one part, counted once, whose boxes cover everything any reading covered. The
    /// longer reading names it: “622202123456789012” on one line is a card number by itself, but with the “8” wrapped
    /// onto the next it is the whole one, and the “8” must not be left showing.
    /// </summary>
    private static void Keep(List<Withheld[]> found, params Withheld[] part)
    {
        var overlapping = found.Where(f => f.Any(w => part.Any(p => Covers(w.Box, p.Box)))).ToList();
        if (overlapping.Count == 0)
        {
            found.Add(part);
            return;
        }
        var readings = overlapping.Append(part).OrderByDescending(f => f[0].Text?.Length ?? 0).ToList();
        var merged = new List<Withheld>(readings[0]);
        foreach (var piece in readings.Skip(1).SelectMany(f => f))
        {
            if (!merged.Any(m => Covers(m.Box, piece.Box) && Contains(m.Box, piece.Box)))
            {
                merged.Add(piece with { Text = merged[0].Text, Source = merged[0].Source, Continues = true });
            }
        }
        found.RemoveAll(overlapping.Contains);
        found.Add([.. merged]);
    }

    /// <summary>Whether <paramref name="outer"/> covers all of <paramref name="inner"/> (within half a point).</summary>
    private static bool Contains(PageRect outer, PageRect inner) =>
        outer.X <= inner.X + 0.5 && outer.Y <= inner.Y + 0.5 && outer.Right >= inner.Right - 0.5 && outer.Bottom >= inner.Bottom - 0.5;

    private static bool Covers(PageRect a, PageRect b)
    {
        var w = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
        return w > 0 && h > 0 && w * h >= 0.5 * Math.Min(a.Width * a.Height, b.Width * b.Height);
    }

    private Withheld Mark(IEnumerable<PageRect> boxes, WithholdingGround ground, string source, string text)
    {
        var box = PageRect.Union(boxes.Where(b => b.Width > 0 && b.Height > 0));
        // OCR's word boxes hug the ink loosely, and a word's box is shared out among its characters by guess: a wider margin.
        return new Withheld(Page, box.Grow(Math.Max(1, box.Height * (byOcr ? 0.35 : 0.12))), ground, source, text);
    }

    /// <summary>A drawn box grown to the whole of every character it covers a third of, so no half character shows beside it.</summary>
    public PageRect Snap(PageRect box)
    {
        var covered = lines.SelectMany(l => l.Boxes).Where(b => b.Height > 0 && CoversThird(box, b)).ToList();
        return covered.Count == 0 ? box : PageRect.Union(covered.Append(box));
    }

    private static bool CoversThird(PageRect box, PageRect b)
    {
        var w = Math.Min(b.Right, box.Right) - Math.Max(b.X, box.X);
        var h = Math.Min(b.Bottom, box.Bottom) - Math.Max(b.Y, box.Y);
        return w > 0 && h > 0 && w * h >= b.Width * b.Height / 3;
    }

    /// <summary>The text the box covers, line by line: each character at least a third under the box.</summary>
    public string Under(PageRect box)
    {
        var parts = new List<string>();
        foreach (var (line, boxes) in lines)
        {
            var inside = new StringBuilder();
            for (var i = 0; i < line.Length; i++)
            {
                var b = boxes[i];
                if (b.Height > 0 && CoversThird(box, b))
                {
                    inside.Append(line[i]);
                }
            }
            if (inside.ToString().Trim() is { Length: > 0 } t)
            {
                parts.Add(t);
            }
        }
        return string.Join("\n", parts);
    }
}
