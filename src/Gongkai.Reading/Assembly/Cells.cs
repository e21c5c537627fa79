using System.Globalization;
using Gongkai.Reading.Blocks;
using Gongkai.Reports.Model;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

internal enum CellType
{
    Empty,

    /// <summary>A number.</summary>
    Value,

    /// <summary>A dash or slash printed where a number would be: the value is absent, not zero.</summary>
    Placeholder,

    /// <summary>Something in a number's place that is not a number ("约5", "3件").</summary>
    BadValue,

    Text,
}

/// <summary>A table cell normalised for matching: its comparable text, its type and, for a value, the number.</summary>
internal readonly record struct Cell(string Raw, string Compact, CellType Type, decimal Number, SourceLocation Source)
{
    public bool IsValueLike => Type is CellType.Value or CellType.Placeholder or CellType.BadValue;

    public CellValue? ToValue() => Type == CellType.Value ? new CellValue(Number, Compact, Source) : null;
}

/// <summary>A table row with its cells parsed once, shared by version detection and the table readers.</summary>
internal sealed record ParsedRow(RowBlock Block, Cell[] Cells)
{
    public static ParsedRow Of(RowBlock block) => new(block, Assembly.Cells.Parse(block));
}

internal static class Cells
{
    public static Cell[] Parse(RowBlock row)
    {
        var cells = new Cell[row.Cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = ParseOne(row.Cells[i], row.CellSources[i]);
        }
        return cells;
    }

    public static Cell ParseOne(string raw, SourceLocation source)
    {
        if (raw.Length == 0)
        {
            return new Cell(raw, raw, CellType.Empty, 0, source);
        }
        var compact = ChineseText.Compact(ChineseText.Normalize(raw));
        if (compact.Length == 0)
        {
            return new Cell(raw, compact, CellType.Empty, 0, source);
        }
        if (TryNumber(compact, out var number, out var digits))
        {
            return new Cell(raw, digits, CellType.Value, number, source);
        }
        if (IsPlaceholder(compact))
        {
            return new Cell(raw, compact, CellType.Placeholder, 0, source);
        }
        return new Cell(raw, compact, LooksLikeBadValue(compact) ? CellType.BadValue : CellType.Text, 0, source);
    }

    /// <summary>Digits with optional sign, thousands separators and decimals; returns the digits without separators.</summary>
    public static bool TryNumber(string compact, out decimal number, out string digits)
    {
        number = 0;
        digits = compact;
        if (compact.Length is 0 or > 28)
        {
            return false;
        }
        var start = compact[0] is '-' or '+' ? 1 : 0;
        if (start >= compact.Length || !char.IsAsciiDigit(compact[start]))
        {
            return false;
        }
        var seenDot = false;
        for (var i = start; i < compact.Length; i++)
        {
            var c = compact[i];
            if (c == '.' && !seenDot && i + 1 < compact.Length)
            {
                seenDot = true;
            }
            else if (c == ',' && !seenDot)
            {
                continue;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        digits = compact.Replace(",", "", StringComparison.Ordinal).TrimStart('+');
        return decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsPlaceholder(string compact) =>
        compact.All(c => c is '-' or '—' or '–' or '/' or '\\' or '一' or '－' or '_' or '~' or '〜') && compact != "一";

    /// <summary>
    /// A short cell with digits and at most two other characters, e.g. "约5", "5件". A numbered label
    /// such as "3.其他" is a label: its numbering is set aside before counting.
    /// </summary>
    private static bool LooksLikeBadValue(string cell)
    {
        var compact = ChineseText.StripNumbering(cell);
        if (compact.Length == 0)
        {
            // A bare "3." may be a damaged number; a bare "（五）" is a group label broken from its text (a PDF cell).
            return cell.Any(char.IsAsciiDigit);
        }
        var digits = 0;
        var others = 0;
        foreach (var c in compact)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('.' or ',' or '-' or '(' or ')'))
            {
                others++;
            }
        }
        return digits > 0 && others <= 2;
    }
}
