using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Gongkai.Documents.Docx;
using Gongkai.Reports.Model;
using Gongkai.Reports.Writing;
using PrintLayout = Gongkai.Reports.Writing.TableLayout;

namespace Gongkai.Documents.Reports;

/// <summary>
/// The annual report as DOCX in the GB/T 9704 page layout (A4, the same margins and fonts as the letters):
/// title, the six sections with their headings (黑体), and each statutory table where the format prints it,
/// with the format's merged header cells (gridSpan and vMerge) from the report core's <see cref="PrintLayout"/>.
/// </summary>
public static class ReportDocxWriter
{
    private const string HeadingFont = "黑体";
    private const int TableHalfPoints = 21; // 五号

    public static byte[] Write(AnnualReport report)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            var title = ReportTitle.Of(report);
            body.Append(Text(title, DocxWriter.TitleFont, 44, JustificationValues.Center));
            foreach (var def in report.Schema.Sections)
            {
                var section = report.Sections.GetValueOrDefault(def.Key);
                body.Append(Text(section?.Heading ?? def.Heading, HeadingFont, 32, JustificationValues.Left));
                foreach (var paragraph in (section?.Text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    body.Append(Text(paragraph, DocxWriter.BodyFont, 32, JustificationValues.Both, indentChars: 2));
                }
                if (report.TableInSection(def.Key) is { } table)
                {
                    body.Append(Table(table));
                    body.Append(Text("", DocxWriter.BodyFont, 32, JustificationValues.Left));
                }
            }
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1587, Right = 1474, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document = new Document(body);
            doc.PackageProperties.Title = title;
            doc.PackageProperties.Creator = report.Agency;
        }
        return stream.ToArray();
    }

    private static Table Table(ReportTable reportTable)
    {
        var layout = PrintLayout.Build(reportTable);
        var width = PrintLayout.Width(reportTable.Schema);
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new DocumentFormat.OpenXml.Wordprocessing.TableLayout { Type = TableLayoutValues.Fixed }));
        var grid = new TableGrid();
        // Table 三's three label columns carry long row labels; its seven number columns need little room.
        int[] widths = reportTable.Schema.Key == "applications"
            ? [1300, 900, 1500, .. Enumerable.Repeat((8845 - 3700) / 7, 7)]
            : [.. Enumerable.Repeat(8845 / width, width)];
        foreach (var w in widths)
        {
            grid.Append(new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        table.Append(grid);

        // Where a cell spans rows, the rows below carry a continuing vMerge cell in its grid position.
        var continuing = new Dictionary<int, (int RowsLeft, int ColSpan)>();
        foreach (var row in layout)
        {
            var tr = new TableRow();
            var column = 0;
            var cells = new Queue<LayoutCell>(row);
            while (column < width)
            {
                if (continuing.TryGetValue(column, out var merge))
                {
                    tr.Append(Cell("", merge.ColSpan, new VerticalMerge(), header: false));
                    continuing[column] = (merge.RowsLeft - 1, merge.ColSpan);
                    if (merge.RowsLeft - 1 == 0)
                    {
                        continuing.Remove(column);
                    }
                    column += merge.ColSpan;
                    continue;
                }
                if (!cells.TryDequeue(out var cell))
                {
                    break;
                }
                VerticalMerge? vmerge = null;
                if (cell.RowSpan > 1)
                {
                    vmerge = new VerticalMerge { Val = MergedCellValues.Restart };
                    continuing[column] = (cell.RowSpan - 1, cell.ColSpan);
                }
                tr.Append(Cell(cell.Text, cell.ColSpan, vmerge, cell.IsHeader));
                column += cell.ColSpan;
            }
            table.Append(tr);
        }
        return table;
    }

    private static TableCell Cell(string text, int colSpan, VerticalMerge? merge, bool header)
    {
        var properties = new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
        if (colSpan > 1)
        {
            properties.Append(new GridSpan { Val = colSpan });
        }
        if (merge is not null)
        {
            properties.Append(merge);
        }
        var paragraph = Text(text, header ? HeadingFont : DocxWriter.BodyFont, TableHalfPoints, JustificationValues.Center, lineTwips: null);
        return new TableCell(properties, paragraph);
    }

    private static Paragraph Text(string text, string font, int halfPoints, JustificationValues justification, int indentChars = 0, string? lineTwips = "560")
    {
        var size = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = new Run(new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font }, new FontSize { Val = size }, new FontSizeComplexScript { Val = size }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        var properties = new ParagraphProperties(new Justification { Val = justification });
        if (lineTwips is not null)
        {
            properties.PrependChild(new SpacingBetweenLines { Line = lineTwips, LineRule = LineSpacingRuleValues.Exact, After = "0" });
        }
        if (indentChars > 0)
        {
            properties.Append(new Indentation { FirstLineChars = indentChars * 100 });
        }
        return new Paragraph(properties, run);
    }
}
