using System.Text;
using Gongkai.Reading.Ocr;
using UglyToad.PdfPig.Content;

namespace Gongkai.Documents.Redaction;

/// <summary>
/// The text of one page as lines, each character with its box — from a PDF's text layer, or from OCR on a scan or a
/// photo — so a search's match becomes the box that covers it.
/// </summary>
public sealed class PageText
{
    private readonly List<(string Text, List<PageRect> Boxes)> lines = [];

    public int Page { get; }

    private PageText(int page) => Page = page;

    public bool IsEmpty => lines.Count == 0;

    /// <summary>A PDF page's letters in lines (top-left coordinates); a gap of half a character becomes a space, so two table cells' numbers stay apart.</summary>
    public static PageText FromLetters(int page, IEnumerable<Letter> letters, double pageHeight)
    {
        var text = new PageText(page);
        var glyphs = letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Select(l => (l.Value, Box: new PageRect(l.BoundingBox.Left, pageHeight - l.BoundingBox.Top, Math.Max(l.BoundingBox.Width, 0.1), Math.Max(l.BoundingBox.Height, Math.Max(l.PointSize, 1) * 0.7)),
                Baseline: pageHeight - l.StartBaseLine.Y, Size: Math.Max(l.PointSize, 1)))
            .OrderBy(g => g.Baseline).ToList();
        var line = new List<(string Value, PageRect Box, double Baseline, double Size)>();
        foreach (var g in glyphs)
        {
            if (line.Count > 0 && Math.Abs(g.Baseline - line[^1].Baseline) > line[^1].Size * 0.4)
            {
                text.AddLine(line.OrderBy(x => x.Box.X).Select(x => (x.Value, x.Box, x.Size)));
                line.Clear();
            }
            line.Add(g);
        }
        if (line.Count > 0)
        {
            text.AddLine(line.OrderBy(x => x.Box.X).Select(x => (x.Value, x.Box, x.Size)));
        }
        return text;
    }

    /// <summary>OCR words of a page image in lines; <paramref name="scale"/> turns pixels into the page's units. A word's box is shared out among its characters by width.</summary>
    public static PageText FromWords(int page, IEnumerable<PageWord> words, double scale)
    {
        var text = new PageText(page);
        foreach (var line in words.GroupBy(w => w.Line))
        {
            var chars = new List<(string, PageRect, double)>();
            foreach (var w in line.OrderBy(w => w.Left))
            {
                var each = w.Width / (double)Math.Max(w.Text.Length, 1);
                for (var i = 0; i < w.Text.Length; i++)
                {
                    chars.Add((w.Text[i].ToString(), new PageRect((w.Left + (i * each)) * scale, w.Top * scale, each * scale, w.Height * scale), w.Height * scale));
                }
            }
            text.AddLine(chars);
        }
        return text;
    }

    private void AddLine(IEnumerable<(string Value, PageRect Box, double Size)> glyphs)
    {
        var builder = new StringBuilder();
        var boxes = new List<PageRect>();
        PageRect? previous = null;
        foreach (var (value, box, size) in glyphs)
        {
            if (previous is { } p && box.X - p.Right > size * 0.5)
            {
                builder.Append(' ');
                boxes.Add(new PageRect(p.Right, p.Y, box.X - p.Right, p.Height));
            }
            foreach (var ch in value)
            {
                builder.Append(ch);
                boxes.Add(box);
            }
            previous = box;
        }
        if (builder.Length > 0)
        {
            lines.Add((builder.ToString(), boxes));
        }
    }

    /// <summary>
    /// Every match of the searches on this page, each a box (grown a little) with the text it covers. A match wrapped
    /// from one line onto the next ("0373-" / "3051234") is found across the break: its second box continues the first.
    /// </summary>
    public IEnumerable<Withheld> Find(IReadOnlyList<string> searches, WithholdingGround ground)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, boxes) = lines[i];
            var own = RedactionPatterns.Matches(line, searches);
            foreach (var m in own)
            {
                yield return Mark(boxes.Skip(m.Start).Take(m.Length), ground, m.Source, line.Substring(m.Start, m.Length));
            }
            if (i + 1 == lines.Count)
            {
                continue;
            }
            var (next, nextBoxes) = lines[i + 1];
            var joined = line + next;
            foreach (var m in RedactionPatterns.Matches(joined, searches))
            {
                if (m.Start < line.Length && m.Start + m.Length > line.Length && !own.Any(o => o.Start + o.Length > m.Start))
                {
                    var text = joined.Substring(m.Start, m.Length);
                    yield return Mark(boxes.Skip(m.Start), ground, m.Source, text);
                    yield return Mark(nextBoxes.Take(m.Start + m.Length - line.Length), ground, m.Source, text) with { Continues = true };
                }
            }
        }
    }

    private Withheld Mark(IEnumerable<PageRect> boxes, WithholdingGround ground, string source, string text)
    {
        var box = PageRect.Union(boxes);
        return new Withheld(Page, box.Grow(Math.Max(1, box.Height * 0.12)), ground, source, text);
    }

    /// <summary>The text whose characters' centres lie inside <paramref name="box"/>, line by line.</summary>
    public string Under(PageRect box)
    {
        var parts = new List<string>();
        foreach (var (line, boxes) in lines)
        {
            var inside = new StringBuilder();
            for (var i = 0; i < line.Length; i++)
            {
                var b = boxes[i];
                var (cx, cy) = (b.X + (b.Width / 2), b.Y + (b.Height / 2));
                if (cx >= box.X && cx <= box.Right && cy >= box.Y && cy <= box.Bottom)
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
