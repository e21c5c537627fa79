using UglyToad.PdfPig.Content;

namespace Gongkai.Reading.Pdf;

/// <summary>The vertical rules a PDF page draws (a table's column lines), as the reader finds them, for other parts to use.</summary>
public static class PdfRules
{
    /// <summary>Each vertical rule: its x and its extent, in PDF points from the page's bottom left.</summary>
    public static IReadOnlyList<(double X, double Bottom, double Top)> Verticals(Page page) =>
        RuledTables.Segments(page).Verticals.Select(v => (v.At, v.From, v.To)).ToList();
}
