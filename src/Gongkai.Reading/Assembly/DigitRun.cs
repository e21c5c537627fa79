using System.Globalization;
using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Assembly;

/// <summary>
/// A row's values printed as one run of digits ("570000057" for 57 0 0 0 0 0 57), as some site crawls save a table.
/// The run is cut into the row's columns only where that is decided uniquely: every cut without a leading zero is
/// tried, the table's own identities over the row (总计 equals the sum of the applicant columns) must hold, and
/// exactly one cut may remain. Otherwise nothing is placed.
/// </summary>
internal static class DigitRun
{
    /// <summary>Longer runs are not cut: the number of cuts grows too fast to be worth trying.</summary>
    private const int MaxDigits = 40;

    /// <summary>No statutory cell holds a number of more than 12 digits.</summary>
    private const int MaxPartDigits = 12;

    /// <returns>The one cut that fits, or null with the number of cuts found (0, or 2 meaning "more than one").</returns>
    public static decimal[]? SplitUniquely(string digits, RowDef row, TableSchema table, out int found)
    {
        found = 0;
        var columns = row.Columns.Count;
        if (digits.Length < columns || digits.Length > MaxDigits || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        var sums = table.Identities
            .Where(i => i.Axis == IdentityAxis.Columns)
            .Select(i => (Target: Indexes(row, i.Left), Sources: Indexes(row, i.Right)))
            .Where(i => i.Target.Length == 1 && i.Sources.Length == i.Sources.Distinct().Count() && i.Sources.Length > 0)
            .ToList();
        decimal[]? result = null;
        var parts = new decimal[columns];
        var count = 0;
        void Cut(int at, int index)
        {
            if (count > 1)
            {
                return;
            }
            if (index == columns)
            {
                if (at == digits.Length && sums.All(s => parts[s.Target[0]] == s.Sources.Sum(c => parts[c])))
                {
                    count++;
                    result = (decimal[])parts.Clone();
                }
                return;
            }
            var left = columns - index - 1;
            for (var length = 1; length <= MaxPartDigits && at + length <= digits.Length - left; length++)
            {
                if (length > 1 && digits[at] == '0')
                {
                    break;
                }
                if (index == columns - 1 && at + length != digits.Length)
                {
                    continue;
                }
                parts[index] = decimal.Parse(digits.AsSpan(at, length), NumberStyles.None, CultureInfo.InvariantCulture);
                Cut(at + length, index + 1);
            }
        }
        Cut(0, 0);
        found = count;
        return count == 1 ? result : null;
    }

    /// <summary>
    /// Several rows' values glued into one run (table 四's fifteen numbers: 行政复议, then the two groups of 行政诉讼): every
    /// way of cutting the run into the rows' runs is tried, each row cut as by <see cref="SplitUniquely"/>; exactly one
    /// way in all may fit.
    /// </summary>
    /// <returns>The rows' values, or null with the number of ways found (0, or 2 meaning "more than one").</returns>
    public static decimal[][]? SplitRowsUniquely(string digits, IReadOnlyList<RowDef> rows, TableSchema table, out int found)
    {
        var count = 0;
        decimal[][]? result = null;
        var chosen = new decimal[rows.Count][];
        void Cut(int at, int index)
        {
            if (count > 1)
            {
                return;
            }
            if (index == rows.Count)
            {
                if (at == digits.Length)
                {
                    count++;
                    result = [.. chosen];
                }
                return;
            }
            var columns = rows[index].Columns.Count;
            for (var length = columns; at + length <= digits.Length && length <= MaxDigits && count <= 1; length++)
            {
                if (index == rows.Count - 1 && at + length != digits.Length)
                {
                    continue;
                }
                var parts = SplitUniquely(digits.Substring(at, length), rows[index], table, out var ways);
                if (ways > 1)
                {
                    count = 2;
                    return;
                }
                if (parts is not null)
                {
                    chosen[index] = parts;
                    Cut(at + length, index + 1);
                }
            }
        }
        if (digits.All(char.IsAsciiDigit))
        {
            Cut(0, 0);
        }
        found = count;
        return count == 1 ? result : null;
    }

    private static int[] Indexes(RowDef row, IReadOnlyList<string> keys) =>
        keys.Select(row.ColumnIndex).Where(i => i >= 0).ToArray() is var found && found.Length == keys.Count ? found : [];
}
