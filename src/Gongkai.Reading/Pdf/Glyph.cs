using UglyToad.PdfPig.Content;

namespace Gongkai.Reading.Pdf;

/// <summary>
/// Text placed on a page — a PDF's letter, or a word a scan's OCR found — in page points with y up: what the page
/// layout (<see cref="PdfText"/>, <see cref="RuledTables"/>) needs, whichever gave it.
/// </summary>
/// <param name="Baseline">The line the text stands on; every glyph of a printed line shares it.</param>
/// <param name="Height">The text's size, for telling lines and gaps apart.</param>
/// <remarks>A class, not a record: glyphs are told apart by identity (a letter printed twice for bold is two).</remarks>
internal sealed class Glyph(string value, double left, double right, double baseline, double height)
{
    public string Value { get; } = value;

    public double Left { get; } = left;

    public double Right { get; } = right;

    public double Baseline { get; } = baseline;

    public double Height { get; } = height;

    public double Width => Right - Left;

    /// <summary>A PDF letter: its box, its baseline, and its box's height (the font size when the box is flat).</summary>
    public static Glyph Of(Letter l) => new(l.Value, l.BoundingBox.Left, l.BoundingBox.Right, l.StartBaseLine.Y,
        l.BoundingBox.Height > 0.5 ? l.BoundingBox.Height : Math.Max(l.PointSize, 1));
}
