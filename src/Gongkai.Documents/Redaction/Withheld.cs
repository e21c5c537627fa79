namespace Gongkai.Documents.Redaction;

/// <summary>A rectangle on a page in PDF points (1/72 inch) from the page's top left; on a photo or scan image, in pixels.</summary>
public readonly record struct PageRect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public bool Overlaps(PageRect o) => X < o.Right && o.X < Right && Y < o.Bottom && o.Y < Bottom;

    public static PageRect Union(IEnumerable<PageRect> rects)
    {
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        foreach (var r in rects)
        {
            (left, top, right, bottom) = (Math.Min(left, r.X), Math.Min(top, r.Y), Math.Max(right, r.Right), Math.Max(bottom, r.Bottom));
        }
        return left > right ? default : new PageRect(left, top, right - left, bottom - top);
    }

    /// <summary>Grown by <paramref name="margin"/> on every side, so no edge of a glyph shows beside the box.</summary>
    public PageRect Grow(double margin) => new(X - margin, Y - margin, Width + (2 * margin), Height + (2 * margin));
}

/// <summary>
/// One part withheld from a disclosed file: where (page and box; page 0 where a Word document's text could not be
/// placed on a page), on what ground, how it was found (a ready pattern's name, the searched words, or 框选) and the text
/// it covers (a Word document is redacted by this text; on a PDF or image it is shown to reviewers only).
/// </summary>
/// <param name="Continues">The second box of one part wrapped onto the next line: not counted again in the letter.</param>
public sealed record Withheld(int Page, PageRect Box, WithholdingGround Ground, string Source, string? Text, bool Continues = false);

/// <summary>A released copy: the file without the withheld parts.</summary>
public sealed record RedactedCopy(string FileName, string ContentType, byte[] Content);

/// <summary>Why a file cannot be redacted as asked, in Chinese for staff.</summary>
public sealed class RedactionException(string message) : Exception(message);
