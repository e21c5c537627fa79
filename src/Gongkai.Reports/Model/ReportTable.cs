using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Model;

/// <summary>The values of one statutory table, laid out by its <see cref="TableSchema"/>.</summary>
public sealed class ReportTable
{
    private readonly CellValue?[][] cells;

    public ReportTable(TableSchema schema)
    {
        Schema = schema;
        cells = new CellValue?[schema.Rows.Count][];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = new CellValue?[schema.Rows[i].Columns.Count];
        }
    }

    public TableSchema Schema { get; }

    /// <summary>The cell at a row and column key; null when the source leaves it absent.</summary>
    public CellValue? this[string rowKey, string columnKey]
    {
        get
        {
            var (r, c) = Locate(rowKey, columnKey);
            return cells[r][c];
        }
        set
        {
            var (r, c) = Locate(rowKey, columnKey);
            cells[r][c] = value;
        }
    }

    public CellValue? this[int row, int column]
    {
        get => cells[row][column];
        set => cells[row][column] = value;
    }

    public decimal? Value(string rowKey, string columnKey) => this[rowKey, columnKey]?.Value;

    /// <summary>True when no cell has a value (the table was not found).</summary>
    public bool IsEmpty => cells.All(row => row.All(c => c is null));

    public IEnumerable<(RowDef Row, ColumnDef Column, CellValue? Cell)> Cells()
    {
        for (var r = 0; r < cells.Length; r++)
        {
            var row = Schema.Rows[r];
            for (var c = 0; c < row.Columns.Count; c++)
            {
                yield return (row, row.Columns[c], cells[r][c]);
            }
        }
    }

    /// <summary>Sets every cell to the other table's (absent cells included); both must be the same statutory table.</summary>
    public void CopyFrom(ReportTable other)
    {
        if (other.Schema.Key != Schema.Key)
        {
            throw new ArgumentException($"表格不符：应为{Schema.Title}，实为{other.Schema.Title}");
        }
        foreach (var (row, column, cell) in other.Cells())
        {
            this[row.Key, column.Key] = cell;
        }
    }

    private (int Row, int Column) Locate(string rowKey, string columnKey)
    {
        var r = Schema.RowIndex(rowKey);
        if (r < 0)
        {
            throw new ArgumentException($"Unknown row '{rowKey}' in table {Schema.Key}", nameof(rowKey));
        }
        var c = Schema.Rows[r].ColumnIndex(columnKey);
        if (c < 0)
        {
            throw new ArgumentException($"Unknown column '{columnKey}' in row {rowKey} of table {Schema.Key}", nameof(columnKey));
        }
        return (r, c);
    }
}
