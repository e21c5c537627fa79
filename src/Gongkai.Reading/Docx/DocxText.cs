using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Gongkai.Reading.Docx;

/// <summary>
/// A Word document as the HTML the reader already understands: each paragraph a &lt;p&gt;, each table a
/// &lt;table&gt; whose merged cells (gridSpan, vMerge) become colspan and rowspan. The HTML path then reads
/// it like any published web page, so DOCX needs no reader of its own.
/// </summary>
internal static class DocxText
{
    /// <summary>
    /// How long turning one document into HTML may take. A report takes a few milliseconds; the element cap of
    /// <see cref="PackageLimits"/> already bounds the work, and this stops whatever still gets through.
    /// </summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(5);

    public static string ToHtml(ReadOnlySpan<byte> bytes)
    {
        var package = bytes.ToArray();
        PackageLimits.Check(package);
        WordprocessingDocument doc;
        try
        {
            doc = WordprocessingDocument.Open(new MemoryStream(package), false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException)
        {
            throw new ReportReadException("这是压缩文件，但不是可以读取的 Word（.docx）文档");
        }
        using (doc)
        {
            try
            {
                return BodyToHtml(doc);
            }
            catch (Exception e) when (e is System.Xml.XmlException or OpenXmlPackageException or InvalidDataException or IOException or InvalidOperationException)
            {
                // The package opened but a part inside is damaged: say which, instead of an internal error.
                var where = e is System.Xml.XmlException x && x.LineNumber > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"（正文 XML 第 {x.LineNumber} 行）") : "";
                throw new ReportReadException($"Word 文档的正文已损坏{where}，无法读取；请用 Word 或 WPS 打开后另存一份再检查");
            }
        }
    }

    private static string BodyToHtml(WordprocessingDocument doc)
    {
        var body = doc.MainDocumentPart?.Document?.Body ?? throw new ReportReadException("Word 文档没有正文");
        var sb = new StringBuilder("<html><body>\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var blocks = 0;
        foreach (var element in Blocks(body))
        {
            if (++blocks % 1024 == 0 && clock.Elapsed > TimeBudget)
            {
                throw new ReportReadException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Word 文档内容异常复杂：读到第 {blocks} 段已用 {clock.Elapsed.TotalSeconds:0.0} 秒，超过 {TimeBudget.TotalSeconds:0} 秒上限，已停止读取"));
            }
            switch (element)
            {
                case Paragraph p:
                    sb.Append("<p>").Append(WebUtility.HtmlEncode(ParagraphText(p))).Append("</p>\n");
                    break;
                case Table t:
                    AppendTable(sb, t);
                    break;
            }
        }
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>
    /// A paragraph's text with its tab stops kept as tabs: a table typed as tab-separated lines (as Word and WPS
    /// keep a text file's table) stays a row of cells instead of one run of digits.
    /// </summary>
    private static string ParagraphText(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var e in p.Descendants())
        {
            switch (e)
            {
                case Text t:
                    sb.Append(t.Text);
                    break;
                case TabChar:
                    sb.Append('\t');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The body's paragraphs and tables in order, including those inside block content controls (SdtBlock, which
    /// documents made from a template often wrap whole sections in) and custom XML blocks, which a reader would
    /// otherwise skip as if the text were not there. Their depth is bounded by <see cref="PackageLimits.MaxXmlDepth"/>.
    /// </summary>
    private static IEnumerable<OpenXmlElement> Blocks(OpenXmlElement container)
    {
        foreach (var element in container.Elements())
        {
            if (element is SdtBlock or SdtContentBlock or CustomXmlBlock)
            {
                foreach (var inner in Blocks(element is SdtBlock sdt ? sdt.SdtContentBlock ?? (OpenXmlElement)sdt : element))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return element;
            }
        }
    }

    private static void AppendTable(StringBuilder sb, Table table)
    {
        // Rows of (cell, grid column, column span, vMerge state); a restart's rowspan counts the continuing cells below it.
        var rows = table.Elements<TableRow>().Select(r =>
        {
            var column = 0;
            return r.Elements<TableCell>().Select(c =>
            {
                var span = c.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
                var merge = c.TableCellProperties?.VerticalMerge;
                var state = merge is null ? 0 : merge.Val?.Value == MergedCellValues.Restart ? 1 : 2;
                var cell = (Text: c.InnerText, Column: column, Span: span, Merge: state);
                column += span;
                return cell;
            }).ToList();
        }).ToList();
        sb.Append("<table>\n");
        for (var r = 0; r < rows.Count; r++)
        {
            sb.Append("<tr>");
            foreach (var cell in rows[r].Where(c => c.Merge != 2))
            {
                var rowSpan = 1;
                if (cell.Merge == 1)
                {
                    while (r + rowSpan < rows.Count && rows[r + rowSpan].Any(c => c.Column == cell.Column && c.Merge == 2))
                    {
                        rowSpan++;
                    }
                }
                sb.Append("<td");
                if (rowSpan > 1)
                {
                    sb.Append(" rowspan=\"").Append(rowSpan).Append('"');
                }
                if (cell.Span > 1)
                {
                    sb.Append(" colspan=\"").Append(cell.Span).Append('"');
                }
                sb.Append('>').Append(WebUtility.HtmlEncode(cell.Text)).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }
}
