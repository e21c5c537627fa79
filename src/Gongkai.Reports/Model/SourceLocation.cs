using System.Globalization;

namespace Gongkai.Reports.Model;

/// <summary>Where a value or heading came from in the source document.</summary>
/// <param name="Line">1-based line in the source text (for HTML, the line of the element).</param>
/// <param name="Cell">1-based cell in a table row, 0 when not in a table.</param>
/// <param name="Table">For HTML, 1-based index of the &lt;table&gt; element; 0 for text sources.</param>
/// <param name="TableRow">For HTML, 1-based row within that table.</param>
public readonly record struct SourceLocation(int Line, int Cell = 0, int Table = 0, int TableRow = 0)
{
    public bool IsKnown => Line > 0 || Table > 0;

    /// <summary>Chinese description, e.g. "第58行第4格" or "第12行（表格2第5行第3格）".</summary>
    public override string ToString()
    {
        if (!IsKnown)
        {
            return "";
        }
        var inv = CultureInfo.InvariantCulture;
        var line = Line > 0 ? string.Create(inv, $"第{Line}行") : "";
        if (Table > 0)
        {
            var cell = string.Create(inv, $"表格{Table}第{TableRow}行第{Cell}格");
            return line.Length > 0 ? $"{line}（{cell}）" : cell;
        }
        return Cell > 0 ? line + string.Create(inv, $"第{Cell}格") : line;
    }
}
