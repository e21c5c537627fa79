using Gongkai.Reports.Schema;
using Gongkai.Reports.Text;

namespace Gongkai.Reading.Assembly;

/// <summary>Finds the schema row a printed label names: exactly after normalisation, else approximately.</summary>
internal sealed class RowLabels
{
    private readonly Dictionary<string, RowDef> exact = new(StringComparer.Ordinal);
    private readonly List<(string Key, RowDef Row)> all = [];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TableSchema, RowLabels> Cache = new();

    /// <summary>The labels of a table, built once per schema.</summary>
    public static RowLabels For(TableSchema schema) => Cache.GetOrAdd(schema, s => new RowLabels(s));

    private RowLabels(TableSchema schema)
    {
        foreach (var row in schema.Rows)
        {
            var key = ChineseText.LabelKey(row.Text);
            exact.TryAdd(key, row);
            all.Add((key, row));
        }
    }

    /// <summary>The row a label names. <paramref name="approximate"/> is set when the label differs from the format's.</summary>
    public RowDef? Match(string compactLabel, out bool approximate)
    {
        approximate = false;
        var key = ChineseText.StripNumbering(compactLabel);
        if (exact.TryGetValue(key, out var row))
        {
            return row;
        }
        RowDef? best = null;
        var bestDistance = int.MaxValue;
        var ambiguous = false;
        foreach (var (candidate, def) in all)
        {
            var bound = Math.Max(1, candidate.Length / 5);
            var d = ChineseText.EditDistance(key, candidate, bound);
            if (d > bound && Math.Min(key.Length, candidate.Length) >= 4 && (candidate.Contains(key, StringComparison.Ordinal) || key.Contains(candidate, StringComparison.Ordinal)))
            {
                d = bound;
            }
            // A label with a few characters lost inside (a PDF cell too narrow for "其他法律行政法规禁止公开" prints
            // "其他法律行政止公开"): the printed characters all in order, three quarters of them or more.
            if (d > bound && key.Length >= 6 && key.Length * 4 >= candidate.Length * 3 && IsSubsequence(key, candidate))
            {
                d = bound;
            }
            if (d > bound)
            {
                continue;
            }
            if (d < bestDistance)
            {
                best = def;
                bestDistance = d;
                ambiguous = false;
            }
            else if (d == bestDistance)
            {
                ambiguous = true;
            }
        }
        if (best is null || ambiguous)
        {
            return null;
        }
        approximate = true;
        return best;
    }

    private static bool IsSubsequence(string part, string whole)
    {
        var at = 0;
        foreach (var c in whole)
        {
            if (at < part.Length && part[at] == c)
            {
                at++;
            }
        }
        return at == part.Length;
    }
}
