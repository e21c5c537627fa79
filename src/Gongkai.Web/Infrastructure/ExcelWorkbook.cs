using System.Globalization;

namespace Gongkai.Web.Infrastructure;

/// <summary>One filled row of a register workbook, with its line number as Excel shows it.</summary>
public sealed record WorkbookRow(int Line, IDictionary<string, object?> Cells)
{
    public string Text(string column) => Cells.TryGetValue(column, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "" : "";
}

/// <summary>
/// Reads Excel imports (registers, agencies, the case ledger): the first sheet, a heading row naming the columns, one record a row,
/// blank rows skipped. A file that is not a workbook or lacks a column is refused with a Chinese message
/// naming what is wrong; each importer then checks its rows cell by cell.
/// </summary>
public static class ExcelWorkbook
{
    public static (IReadOnlyList<WorkbookRow> Rows, string? Error) Read(Stream workbook, IReadOnlyList<string> columns)
    {
        byte[] bytes;
        using (var copy = new MemoryStream())
        {
            workbook.CopyTo(copy);
            bytes = copy.ToArray();
        }
        if (!bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return ([], "文件不是 Excel 工作簿（.xlsx）");
        }
        try
        {
            // An .xlsx is a ZIP like a Word file: the same caps on inflation, parts and nesting before it is read.
            Gongkai.Reading.Docx.PackageLimits.Check(bytes, "Excel 工作簿", Gongkai.Reading.Docx.PackageLimits.MaxWorkbookElements);
        }
        catch (Gongkai.Reading.ReportReadException e)
        {
            return ([], e.Message);
        }
        // The sheets' rows and cells are checked by one streaming pass before the reader lays out a single row.
        if (WorksheetLimits.Check(bytes) is { } problem)
        {
            return ([], problem);
        }
        var filled = new List<WorkbookRow>();
        var anyRow = false;
        try
        {
            // Rows are taken one at a time and blank ones dropped at once: only filled rows are kept.
            var line = 1;
            foreach (IDictionary<string, object?> row in MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes, writable: false), useHeaderRow: true))
            {
                line++;
                if (!anyRow)
                {
                    anyRow = true;
                    var missing = columns.Where(c => !row.ContainsKey(c)).ToList();
                    if (missing.Count > 0)
                    {
                        return ([], $"第1行缺少列：{string.Join("、", missing)}（应为：{string.Join("、", columns)}）");
                    }
                }
                if (row.Values.Any(v => !string.IsNullOrWhiteSpace(Convert.ToString(v, CultureInfo.InvariantCulture))))
                {
                    filled.Add(new WorkbookRow(line, row));
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the reader trips over in a damaged or unusual file is the file's fault, never a server error.
            return ([], e is ArgumentException
                ? "工作簿第1行的列名重复或无法识别，请检查标题行后再导入"
                : "文件不是可以读取的 Excel 工作簿（.xlsx），请在 Excel 中另存后再导入");
        }
        if (!anyRow)
        {
            return ([], NoRows);
        }
        return (filled, null);
    }

    /// <summary>The refusal for a workbook with a heading row and nothing under it (a template uploaded unfilled).</summary>
    public const string NoRows = "工作簿只有列名、没有数据行，未导入任何内容（从模板的第2行起每行填写一条；“填写说明”表中的示例不会导入）";

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];

    /// <summary>A date cell: a real Excel date, or text in the usual Chinese spellings.</summary>
    public static DateOnly? Date(WorkbookRow row, string column)
    {
        var value = row.Cells.TryGetValue(column, out var v) ? v : null;
        if (value is DateTime dt)
        {
            return DateOnly.FromDateTime(dt);
        }
        var text = row.Text(column);
        // A date typed as text may carry a time part (Excel's default text form of a date cell).
        text = text.Split(' ', 2)[0];
        return DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }
}
