using System.Globalization;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Checking;

/// <summary>Chinese wording of cells, rows and numbers in messages.</summary>
internal static class Describe
{
    public static string Row(TableSchema table, RowDef row) =>
        table.Key == "applications" ? $"{table.Title}“{row.Key} {row.Text}”行" : $"{table.Title}“{row.Text}”行";

    public static string Cell(TableSchema table, RowDef row, ColumnDef column) =>
        $"{Row(table, row)}“{column.Label}”列";

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Location(string what, CellValue? cell) =>
        cell is { Source.IsKnown: true } ? $"{what}，{cell.Source}" : what;
}
