using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// The shape of every worksheet in an imported workbook, checked by one streaming pass before any row is built.
/// An Excel reader lays a sheet out as a grid: a 1.5 KB file with one cell in row 1 and one in row 99,999,999 made the
/// reader allocate every empty row between them (13 GB), and a row whose cells repeat the same references (A1…Z1
/// cycling) made it fail with a duplicate key. A sheet that references rows or columns far beyond what an import holds,
/// or repeats a cell, is refused here with a Chinese message naming the place.
/// </summary>
public static class WorksheetLimits
{
    /// <summary>
    /// Rows an import may reach. A year's ledger of the busiest bureau holds a few thousand applications; the agency
    /// tree and the registers far fewer.
    /// </summary>
    public const int MaxRows = 20_000;

    /// <summary>Columns an import may reach: the widest template (the ledger) has 21; “BL” leaves room for notes.</summary>
    public const int MaxColumns = 64;

    /// <summary>Row numbers a sheet may skip in all (rows absent from the file that a reader would lay out empty).</summary>
    public const int MaxSkippedRows = 1_000;

    private static readonly HashSet<string> SheetNamespaces =
    [
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
    ];

    /// <summary>Returns null when every sheet is within the limits, else what is wrong and where.</summary>
    public static string? Check(byte[] workbook)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(workbook, writable: false), ZipArchiveMode.Read);
            // Every part is looked at, whatever its name: a reader finds sheets through the workbook's relationships,
            // so "/xl/worksheets/sheet1.xml" or "xl/data.bin" are sheets as much as the usual name is.
            foreach (var entry in zip.Entries.Where(e => e.Length > 0 && Gongkai.Reading.Docx.PackageLimits.StartsLikeXml(e)))
            {
                using var part = entry.Open();
                if (CheckSheet(part) is { } problem)
                {
                    return problem;
                }
            }
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return "文件不是 Excel 工作簿（.xlsx）";
        }
    }

    /// <summary>A part that is a worksheet (its root element) is checked; any other part is left at its first element.</summary>
    private static string? CheckSheet(Stream part)
    {
        var lastRow = 0;
        var rowElements = 0;
        var lastColumn = 0;
        try
        {
            using var xml = XmlReader.Create(part, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true,
            });
            while (xml.Read())
            {
                // Only the sheet's own elements (transitional or strict schema); extensions may reuse the short names.
                if (xml.NodeType != XmlNodeType.Element || !SheetNamespaces.Contains(xml.NamespaceURI))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.Depth == 0)
                    {
                        return null; // Not a worksheet (styles, strings, another vocabulary).
                    }
                    continue;
                }
                if (xml.Depth == 0 && xml.LocalName != "worksheet")
                {
                    return null;
                }
                switch (xml.LocalName)
                {
                    case "dimension":
                        if (xml.GetAttribute("ref") is { } range && CheckDimension(range) is { } tooWide)
                        {
                            return tooWide;
                        }
                        break;
                    case "row":
                        rowElements++;
                        var row = lastRow + 1;
                        if (xml.GetAttribute("r") is { } r && !int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out row))
                        {
                            return Invariant($"工作表第{lastRow + 1}行的行号“{Shorten(r)}”不正确，不是正常的 Excel 文件");
                        }
                        if (row <= lastRow)
                        {
                            return Invariant($"工作表第{row}行在文件中重复出现或顺序颠倒，不是正常的 Excel 文件，请在 Excel 中另存后再导入");
                        }
                        if (row > MaxRows || row - rowElements > MaxSkippedRows)
                        {
                            return Invariant($"工作表引用了第{row}行，超过导入上限（最多{MaxRows}行，且中间的空行不超过{MaxSkippedRows}行），可能是恶意构造的文件，已拒绝导入");
                        }
                        lastRow = row;
                        lastColumn = 0;
                        break;
                    case "c":
                        var reference = xml.GetAttribute("r");
                        int column;
                        if (reference is null)
                        {
                            column = lastColumn + 1;
                        }
                        else if (!TryParseCell(reference, out column, out var cellRow) || (lastRow > 0 && cellRow != lastRow))
                        {
                            return Invariant($"工作表第{lastRow}行的单元格引用“{Shorten(reference)}”不正确，不是正常的 Excel 文件");
                        }
                        if (column <= lastColumn)
                        {
                            return Invariant($"工作表第{lastRow}行的单元格“{Shorten(reference ?? "")}”重复出现或顺序颠倒，不是正常的 Excel 文件，请在 Excel 中另存后再导入");
                        }
                        if (column > MaxColumns)
                        {
                            return Invariant($"工作表第{lastRow}行用到第{column}列（{Shorten(reference ?? "")}），超过导入上限{MaxColumns}列，已拒绝导入");
                        }
                        lastColumn = column;
                        break;
                }
            }
            return null;
        }
        catch (XmlException e)
        {
            return Invariant($"工作表内容已损坏（第{e.LineNumber}行第{e.LinePosition}个字符附近），不是可以读取的 Excel 文件");
        }
    }

    private static string? CheckDimension(string range)
    {
        var end = range.Contains(':', StringComparison.Ordinal) ? range[(range.IndexOf(':', StringComparison.Ordinal) + 1)..] : range;
        if (!TryParseCell(end, out var column, out var row))
        {
            return null; // A dimension is only a hint; readers that use it get the checked rows and cells below.
        }
        return row > MaxRows || column > MaxColumns
            ? Invariant($"工作表声明的范围“{Shorten(range)}”超过导入上限（最多{MaxRows}行、{MaxColumns}列），已拒绝导入")
            : null;
    }

    /// <summary>“AB12” → column 28, row 12; false for anything else (or numbers past Excel's own grid).</summary>
    internal static bool TryParseCell(string reference, out int column, out int row)
    {
        column = 0;
        row = 0;
        var i = 0;
        var s = reference.AsSpan().Trim();
        s = s.TrimStart('$');
        for (; i < s.Length && char.IsAsciiLetter(s[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(s[i]) - 'A' + 1);
            if (column > 16_384)
            {
                return false;
            }
        }
        var digits = s[i..].TrimStart('$');
        return i > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out row) && row > 0;
    }

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
