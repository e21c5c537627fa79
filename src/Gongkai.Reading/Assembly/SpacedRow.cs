using Gongkai.Reading.Blocks;
using Gongkai.Reports.Model;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// Tables copied from PDFs often arrive as "label 0 0 1 0 0 0 1" with spaces instead of tabs.
/// A prose line in a table section whose tail is numbers becomes a row: label, then one cell per number.
/// </summary>
internal static class SpacedRow
{
    public static RowBlock? TryConvert(ParagraphBlock paragraph)
    {
        var tokens = ChineseText.Normalize(paragraph.Text).Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = 0;
        for (var i = tokens.Length - 1; i >= 0 && Cells.TryNumber(tokens[i], out _, out _); i--)
        {
            numbers++;
        }
        var labelTokens = tokens.Length - numbers;
        // A line that is one long run of digits and nothing else: a table's values glued together (table 四 in a crawl).
        var gluedTable = numbers == 1 && labelTokens == 0 && tokens[0].Length >= 15 && tokens[0].All(char.IsAsciiDigit);
        if (gluedTable)
        {
            return new RowBlock([tokens[0]], [paragraph.Source with { Cell = 1 }], paragraph.Source);
        }
        var acceptable = numbers >= 2 || (numbers == 1 && labelTokens > 0 && labelTokens <= 3);
        if (!acceptable || (labelTokens == 0 && numbers < 5) || (labelTokens > 0 && string.Concat(tokens[..labelTokens]).Length > 60))
        {
            return null;
        }
        var cells = new List<string>();
        if (labelTokens > 0)
        {
            cells.Add(string.Concat(tokens[..labelTokens]));
        }
        cells.AddRange(tokens[labelTokens..]);
        var sources = cells.Select((_, i) => paragraph.Source with { Cell = i + 1 }).ToArray();
        return new RowBlock([.. cells], sources, paragraph.Source);
    }
}
