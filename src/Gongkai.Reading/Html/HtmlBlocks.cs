using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Gongkai.Reading.Blocks;
using Gongkai.Reports.Model;

namespace Gongkai.Reading.Html;

/// <summary>
/// Flattens an HTML report into blocks. Data tables (no nested tables) become rows with rowspan and
/// colspan expanded: a covered position is an empty cell, exactly as merged tables look when exported
/// to tab-separated text. Layout tables (holding other tables, as on many government sites) are walked
/// as containers. Prose lines that are ` | ` or tab rows are read as table rows, as in text input.
/// </summary>
internal sealed class HtmlBlocks
{
    // A saved page's site navigation, side bars and footer are not the report.
    private static readonly HashSet<string> Skipped = ["script", "style", "head", "noscript", "template", "svg", "iframe", "object", "nav", "aside", "footer"];

    private static readonly HashSet<string> BlockLevel =
    [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
        "header", "footer", "main", "nav", "aside", "blockquote", "pre", "center", "form", "fieldset", "figure",
        "figcaption", "address", "hr", "body", "tr", "td", "th", "caption",
    ];

    // No statutory table is wider than 18 printed columns; a larger colspan is malformed input.
    private const int MaxColumns = 64;

    private readonly List<Block> blocks = [];
    private readonly StringBuilder line = new();
    private int lineNumber;
    private int tableCount;

    // A parser carries its browsing context and factories: made once per thread, not once per report.
    [ThreadStatic]
    private static HtmlParser? parser;

    public static List<Block> Split(string html) => Split(html, out _);

    /// <param name="titleHints">What the page says its title is, best first: the government-site meta tag ArticleTitle,
    /// og:title, the &lt;title&gt; without the site's name, the first &lt;h1&gt;.</param>
    public static List<Block> Split(string html, out IReadOnlyList<string> titleHints)
    {
        NestingLimit.Check(html);
        parser ??= new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
        using var document = parser.ParseDocument(html);
        titleHints = TitleHints(document);
        var splitter = new HtmlBlocks();
        var title = document.Head?.QuerySelector("title")?.TextContent;
        if (document.Body is { } body)
        {
            splitter.Walk(body, preformatted: false);
            splitter.Flush();
        }
        if (splitter.blocks.Count == 0 && !string.IsNullOrWhiteSpace(title))
        {
            splitter.blocks.Add(new ParagraphBlock(title.Trim(), new SourceLocation(1)));
        }
        return splitter.blocks;
    }

    private static List<string> TitleHints(AngleSharp.Html.Dom.IHtmlDocument document)
    {
        var hints = new List<string>();
        void Add(string? text)
        {
            if (!string.IsNullOrWhiteSpace(text) && text.Length <= 200)
            {
                hints.Add(text.Trim());
            }
        }
        Add(document.Head?.QuerySelector("meta[name=ArticleTitle]")?.GetAttribute("content"));
        Add(document.Head?.QuerySelector("meta[property='og:title']")?.GetAttribute("content"));
        // "新乡市公安局2023年政府信息公开工作年度报告_新乡市人民政府" — the site's name follows a separator.
        Add(document.Head?.QuerySelector("title")?.TextContent.Split(['_', '|', '－'], 2)[0].Split(" - ", 2)[0]);
        Add(document.Body?.QuerySelector("h1")?.TextContent);
        return hints;
    }

    private void Walk(INode node, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                Append(text.Data, preformatted);
                continue;
            }
            if (child is not IElement element)
            {
                continue;
            }
            var tag = element.LocalName;
            if (Skipped.Contains(tag))
            {
                continue;
            }
            if (tag == "br")
            {
                Flush();
                continue;
            }
            if (tag == "table" && IsDataTable(element))
            {
                Flush();
                EmitTable(element);
                continue;
            }
            var isBlock = BlockLevel.Contains(tag) || tag == "table" || tag == "tbody" || tag == "thead" || tag == "tfoot";
            if (isBlock)
            {
                Flush();
                lineNumber = element.SourceReference?.Position.Line ?? lineNumber;
            }
            Walk(element, preformatted || tag == "pre");
            if (isBlock)
            {
                Flush();
            }
        }
    }

    private void Append(string data, bool preformatted)
    {
        if (preformatted)
        {
            line.Append(data);
            return;
        }
        foreach (var c in data)
        {
            if (c is '\r' or '\n' or '\t' or ' ' or '\u00A0')
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else
            {
                line.Append(c);
            }
        }
    }

    private void Flush()
    {
        if (line.Length == 0)
        {
            return;
        }
        var text = line.ToString();
        line.Clear();
        var offset = 0;
        foreach (var raw in text.Split('\n'))
        {
            if (raw.Trim().Length > 0 && TextBlocks.Classify(raw, new SourceLocation(lineNumber + offset)) is { } block)
            {
                blocks.Add(block);
            }
            offset++;
        }
    }

    private void EmitTable(IElement table)
    {
        tableCount++;
        var rows = table.QuerySelectorAll("tr").ToList();
        // Positions covered by a rowspan from a row above: (row, column).
        var covered = new HashSet<(int, int)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = new List<string>();
            var sources = new List<SourceLocation>();
            var rowLine = rows[r].SourceReference?.Position.Line ?? 0;
            var c = 0;
            void Place(string text)
            {
                cells.Add(text);
                sources.Add(new SourceLocation(rowLine, c + 1, tableCount, r + 1));
                c++;
            }
            foreach (var cell in rows[r].Children.Where(e => e.LocalName is "td" or "th"))
            {
                while (covered.Remove((r, c)))
                {
                    Place("");
                }
                var colSpan = Span(cell, "colspan", MaxColumns);
                var rowSpan = Span(cell, "rowspan", rows.Count - r);
                var start = c;
                Place(CellText(cell));
                for (var k = 1; k < colSpan; k++)
                {
                    Place("");
                }
                for (var dr = 1; dr < rowSpan; dr++)
                {
                    for (var dc = 0; dc < colSpan; dc++)
                    {
                        covered.Add((r + dr, start + dc));
                    }
                }
            }
            while (covered.Remove((r, c)))
            {
                Place("");
            }
            if (cells.Any(x => x.Length > 0))
            {
                blocks.Add(new RowBlock([.. cells], [.. sources], new SourceLocation(rowLine, 0, tableCount, r + 1)));
            }
        }
    }

    /// <summary>
    /// A data table holds no other table, has more than a couple of cells and no cell of running prose;
    /// anything else is page layout and is walked as a container.
    /// </summary>
    private static bool IsDataTable(IElement table)
    {
        if (table.QuerySelector("table") is not null)
        {
            return false;
        }
        var cells = table.QuerySelectorAll("td, th");
        return cells.Length > 2 && cells.All(c => c.TextContent.Length <= 300);
    }

    private static int Span(IElement cell, string attribute, int max) =>
        int.TryParse(cell.GetAttribute(attribute), out var n) && n > 1 ? Math.Min(n, Math.Max(1, max)) : 1;

    private static string CellText(IElement cell)
    {
        var sb = new StringBuilder();
        foreach (var c in cell.TextContent)
        {
            if (!char.IsWhiteSpace(c) || (sb.Length > 0 && sb[^1] != ' '))
            {
                sb.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }
        return sb.ToString().Trim();
    }
}
