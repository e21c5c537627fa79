namespace Gongkai.Reports.Schema;

/// <summary>What a cell holds, which decides how it is parsed, printed and checked.</summary>
public enum CellKind
{
    /// <summary>A non-negative whole number of applications, decisions, documents or cases.</summary>
    Count,

    /// <summary>A whole number that may be negative (the 2019 format's 本年增/减).</summary>
    SignedCount,

    /// <summary>An amount of money in 万元, kept with the digits as printed.</summary>
    Money,
}

/// <summary>A column of a statutory table.</summary>
/// <param name="Key">Stable key used in JSON and CSV (the statutory label, shortened only where it carries a unit).</param>
/// <param name="Label">The label exactly as the format prints it.</param>
public sealed record ColumnDef(string Key, string Label, CellKind Kind = CellKind.Count, string? Group = null);

/// <summary>A heading that spans several rows (e.g. 三、本年度办理结果 or （三）不予公开).</summary>
public sealed record RowGroup(string Key, string Label);

/// <summary>A data row of a statutory table.</summary>
/// <param name="Key">The statutory numbering, e.g. <c>三.三.6</c>.</param>
/// <param name="Numbering">The numbering as printed before the label, e.g. "（一）" or "6.".</param>
/// <param name="Text">The label text after the numbering.</param>
/// <param name="Groups">Enclosing row groups, outermost first.</param>
/// <param name="Columns">The columns this row has (table 二 rows differ per block).</param>
/// <param name="Block">For table 二, the 第二十条 item the row belongs to, e.g. 第二十条第（一）项.</param>
public sealed record RowDef(
    string Key,
    string Numbering,
    string Text,
    IReadOnlyList<RowGroup> Groups,
    IReadOnlyList<ColumnDef> Columns,
    string? Block = null)
{
    public string Label => Numbering + Text;

    public int ColumnIndex(string columnKey)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Key == columnKey)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>Whether an identity adds up rows (per column) or columns (per row).</summary>
public enum IdentityAxis
{
    /// <summary>Left rows sum to right rows, checked in every column.</summary>
    Rows,

    /// <summary>Left columns sum to right columns, checked in every row.</summary>
    Columns,
}

/// <summary>
/// An arithmetic identity of a table (勾稽关系): the sum of <see cref="Left"/> equals the sum of
/// <see cref="Right"/>. The checker evaluates every identity the schema declares; the rule id is
/// the identity's id.
/// </summary>
public sealed record TableIdentity(string RuleId, IdentityAxis Axis, IReadOnlyList<string> Left, IReadOnlyList<string> Right, string Description);

/// <summary>One statutory table: its rows, columns and identities, declared once.</summary>
public sealed class TableSchema
{
    private readonly Dictionary<string, int> rowIndex;

    public TableSchema(string key, string title, IReadOnlyList<RowDef> rows, IReadOnlyList<TableIdentity> identities)
    {
        Key = key;
        Title = title;
        Rows = rows;
        Identities = identities;
        rowIndex = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            rowIndex.Add(rows[i].Key, i);
        }
    }

    /// <summary>JSON key: <c>proactive</c>, <c>applications</c> or <c>review</c>.</summary>
    public string Key { get; }

    /// <summary>The table's name as the report refers to it, e.g. 表三.</summary>
    public string Title { get; }

    public IReadOnlyList<RowDef> Rows { get; }

    public IReadOnlyList<TableIdentity> Identities { get; }

    public int RowIndex(string rowKey) => rowIndex.TryGetValue(rowKey, out var i) ? i : -1;

    public RowDef Row(string rowKey) =>
        rowIndex.TryGetValue(rowKey, out var i) ? Rows[i] : throw new ArgumentException($"Unknown row {rowKey} in {Key}", nameof(rowKey));

    /// <summary>Columns shared by every row (table 三 and 四); table 二 rows carry their own.</summary>
    public IReadOnlyList<ColumnDef> Columns => Rows[0].Columns;

    public int CellCount => Rows.Sum(r => r.Columns.Count);
}
