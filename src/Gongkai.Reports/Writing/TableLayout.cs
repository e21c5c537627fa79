using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Writing;

/// <summary>A printed cell: text and how many rows and columns it spans.</summary>
public sealed record LayoutCell(string Text, int RowSpan = 1, int ColSpan = 1, bool IsHeader = false);

/// <summary>
/// The statutory print layout of the three tables, derived from the schema, with merged cells where
/// the format merges them. The HTML writer prints it with rowspan/colspan; the Markdown writer prints
/// a merged cell's text once and leaves the cells it covers empty.
/// </summary>
public static class TableLayout
{
    /// <summary>How an absent cell is printed; the reader reads it back as absent.</summary>
    public const string Absent = "—";

    public static string Value(CellValue? cell) => cell?.Text ?? Absent;

    public static int Width(TableSchema schema) => schema.Key switch
    {
        "proactive" => 4,
        "applications" => 3 + ReportSchema.ApplicantColumns.Count,
        _ => 15,
    };

    public static List<List<LayoutCell>> Build(ReportTable table) => table.Schema.Key switch
    {
        "proactive" => Proactive(table),
        "applications" => Applications(table),
        _ => Review(table),
    };

    private static List<List<LayoutCell>> Proactive(ReportTable table)
    {
        var rows = new List<List<LayoutCell>>();
        string? block = null;
        for (var r = 0; r < table.Schema.Rows.Count; r++)
        {
            var row = table.Schema.Rows[r];
            var width = row.Columns.Count;
            var span = 4 - width;
            if (row.Block != block)
            {
                block = row.Block;
                rows.Add([new LayoutCell(block ?? "", ColSpan: 4, IsHeader: true)]);
                var header = new List<LayoutCell> { new("信息内容", IsHeader: true) };
                for (var c = 0; c < width; c++)
                {
                    header.Add(new LayoutCell(row.Columns[c].Label, ColSpan: c == width - 1 ? 1 + span : 1, IsHeader: true));
                }
                rows.Add(header);
            }
            var data = new List<LayoutCell> { new(row.Label) };
            for (var c = 0; c < width; c++)
            {
                data.Add(new LayoutCell(Value(table[r, c]), ColSpan: c == width - 1 ? 1 + span : 1));
            }
            rows.Add(data);
        }
        return rows;
    }

    private static List<List<LayoutCell>> Applications(ReportTable table)
    {
        var schema = table.Schema;
        var columns = ReportSchema.ApplicantColumns;
        var orgs = columns.Count(c => c.Group is not null);
        var rows = new List<List<LayoutCell>>
        {
            new()
            {
                new(ReportSchema.ApplicationsHeaderNote, RowSpan: 3, ColSpan: 3, IsHeader: true),
                new("申请人情况", ColSpan: columns.Count, IsHeader: true),
            },
            new()
            {
                new(columns[0].Label, RowSpan: 2, IsHeader: true),
                new("法人或其他组织", ColSpan: orgs, IsHeader: true),
                new(columns[^1].Label, RowSpan: 2, IsHeader: true),
            },
            columns.Where(c => c.Group is not null).Select(c => new LayoutCell(c.Label, IsHeader: true)).ToList(),
        };

        for (var r = 0; r < schema.Rows.Count; r++)
        {
            var row = schema.Rows[r];
            var cells = new List<LayoutCell>();
            for (var depth = 0; depth < row.Groups.Count; depth++)
            {
                var group = row.Groups[depth];
                var previous = r > 0 ? schema.Rows[r - 1] : null;
                if (previous is null || previous.Groups.Count <= depth || previous.Groups[depth] != group)
                {
                    var span = schema.Rows.Skip(r).TakeWhile(x => x.Groups.Count > depth && x.Groups[depth] == group).Count();
                    cells.Add(new LayoutCell(group.Label, RowSpan: span));
                }
            }
            cells.Add(new LayoutCell(row.Label, ColSpan: 3 - row.Groups.Count));
            for (var c = 0; c < row.Columns.Count; c++)
            {
                cells.Add(new LayoutCell(Value(table[r, c])));
            }
            rows.Add(cells);
        }
        return rows;
    }

    private static List<List<LayoutCell>> Review(ReportTable table)
    {
        var results = ReportSchema.ReviewColumns;
        var n = results.Count;
        var rows = new List<List<LayoutCell>>
        {
            new() { new("行政复议", ColSpan: n, IsHeader: true), new("行政诉讼", ColSpan: 2 * n, IsHeader: true) },
        };
        var second = results.Select(c => new LayoutCell(c.Label, RowSpan: 2, IsHeader: true)).ToList();
        second.Add(new LayoutCell("未经复议直接起诉", ColSpan: n, IsHeader: true));
        second.Add(new LayoutCell("复议后起诉", ColSpan: n, IsHeader: true));
        rows.Add(second);
        rows.Add(results.Concat(results).Select(c => new LayoutCell(c.Label, IsHeader: true)).ToList());
        var values = new List<LayoutCell>();
        for (var r = 0; r < table.Schema.Rows.Count; r++)
        {
            for (var c = 0; c < n; c++)
            {
                values.Add(new LayoutCell(Value(table[r, c])));
            }
        }
        rows.Add(values);
        return rows;
    }

    /// <summary>The layout as a plain grid: merged cells' text once, covered positions empty.</summary>
    public static string[][] Grid(List<List<LayoutCell>> layout, int width)
    {
        var grid = new string?[layout.Count][];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = new string?[width];
        }
        for (var r = 0; r < layout.Count; r++)
        {
            var c = 0;
            foreach (var cell in layout[r])
            {
                while (c < width && grid[r][c] is not null)
                {
                    c++;
                }
                for (var dr = 0; dr < cell.RowSpan && r + dr < grid.Length; dr++)
                {
                    for (var dc = 0; dc < cell.ColSpan && c + dc < width; dc++)
                    {
                        grid[r + dr][c + dc] = dr == 0 && dc == 0 ? cell.Text : "";
                    }
                }
                c += cell.ColSpan;
            }
        }
        return grid.Select(row => row.Select(x => x ?? "").ToArray()).ToArray();
    }
}
