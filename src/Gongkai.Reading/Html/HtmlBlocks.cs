using System.Text;
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
    public static List<Block> Split(string html, out IReadOnlyList<string> titleHints) => Split(html, out titleHints, out _);

    /// <summary>
    /// Splits a page with <see cref="LiteHtmlParser"/> where it is sure of the tree (the pages agencies publish, in a
    /// fraction of the time), else with AngleSharp; both give the same tree for a page the first accepts.
    /// </summary>
    /// <param name="light">Whether the light parser read the page; with <paramref name="forceAngleSharp"/>, never.</param>
    internal static List<Block> Split(string html, out IReadOnlyList<string> titleHints, out bool light, bool forceAngleSharp = false)
    {
        NestingLimit.Check(html);
        HtmlNode? head;
        HtmlNode? body;
        if (!forceAngleSharp && LiteHtmlParser.TryParse(html) is { } page)
        {
            light = true;
            (head, body) = (page.Head, page.Body);
            titleHints = TitleHints(head, body);
        }
        else
        {
            light = false;
            parser ??= new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
            using var document = parser.ParseDocument(html);
            titleHints = TitleHints(document);
            head = document.Head is { } h ? HtmlNode.From(h) : null;
            body = document.Body is { } b ? HtmlNode.From(b) : null;
        }
        var splitter = new HtmlBlocks();
        var title = head?.First("title")?.TextContent();
        if (body is not null)
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
        Add(hints, document.Head?.QuerySelector("meta[name=ArticleTitle]")?.GetAttribute("content"));
        Add(hints, document.Head?.QuerySelector("meta[property='og:title']")?.GetAttribute("content"));
        Add(hints, SiteTitle(document.Head?.QuerySelector("title")?.TextContent));
        Add(hints, document.Body?.QuerySelector("h1")?.TextContent);
        return hints;
    }

    /// <summary>The same hints from the light parser's tree.</summary>
    private static List<string> TitleHints(HtmlNode? head, HtmlNode body)
    {
        var hints = new List<string>();
        var metas = head?.Descendants(e => e.Name == "meta") ?? [];
        Add(hints, metas.FirstOrDefault(m => m.Attribute("name") == "ArticleTitle")?.Attribute("content"));
        Add(hints, metas.FirstOrDefault(m => m.Attribute("property") == "og:title")?.Attribute("content"));
        Add(hints, SiteTitle(head?.First("title")?.TextContent()));
        Add(hints, body.First("h1")?.TextContent());
        return hints;
    }

    private static void Add(List<string> hints, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text) && text.Length <= 200)
        {
            hints.Add(text.Trim());
        }
    }

    /// <summary>"新乡市公安局2023年政府信息公开工作年度报告_新乡市人民政府" — the site's name follows a separator.</summary>
    private static string? SiteTitle(string? title) => title?.Split(['_', '|', '－'], 2)[0].Split(" - ", 2)[0];

    private void Walk(HtmlNode node, bool preformatted)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child.IsText)
            {
                Append(child.Text!, preformatted);
                continue;
            }
            var tag = child.Name;
            if (Skipped.Contains(tag))
            {
                continue;
            }
            if (tag == "br")
            {
                Flush();
                continue;
            }
            if (tag == "table" && IsDataTable(child))
            {
                Flush();
                EmitTable(child);
                continue;
            }
            var isBlock = BlockLevel.Contains(tag) || tag == "table" || tag == "tbody" || tag == "thead" || tag == "tfoot";
            if (isBlock)
            {
                Flush();
                lineNumber = child.Line ?? lineNumber;
            }
            Walk(child, preformatted || tag == "pre");
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

    private void EmitTable(HtmlNode table)
    {
        tableCount++;
        var rows = table.Descendants(e => e.Name == "tr");
        // Positions covered by a rowspan from a row above: (row, column).
        var covered = new HashSet<(int, int)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = new List<string>();
            var sources = new List<SourceLocation>();
            var rowLine = rows[r].Line ?? 0;
            var c = 0;
            void Place(string text)
            {
                cells.Add(text);
                sources.Add(new SourceLocation(rowLine, c + 1, tableCount, r + 1));
                c++;
            }
            for (var cell = rows[r].FirstChild; cell is not null; cell = cell.NextSibling)
            {
                if (cell.Name is not ("td" or "th"))
                {
                    continue;
                }
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
    private static bool IsDataTable(HtmlNode table)
    {
        if (table.First("table") is not null)
        {
            return false;
        }
        var cells = table.Descendants(e => e.Name is "td" or "th");
        return cells.Count > 2 && cells.TrueForAll(c => c.TextLength() <= 300);
    }

    private static int Span(HtmlNode cell, string attribute, int max) =>
        int.TryParse(cell.Attribute(attribute), out var n) && n > 1 ? Math.Min(n, Math.Max(1, max)) : 1;

    [ThreadStatic]
    private static StringBuilder? cellText;

    private static string CellText(HtmlNode cell)
    {
        // Most cells hold one number: their text as it is, without a copy.
        if (cell.FirstChild is { IsText: true, NextSibling: null, Text: { Length: > 0 } only } && !only.AsSpan().ContainsAny(Whitespace))
        {
            return only;
        }
        var content = cellText ??= new StringBuilder();
        content.Clear();
        cell.AppendTextTo(content);
        var sb = new StringBuilder(content.Length);
        foreach (var chunk in content.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (!char.IsWhiteSpace(c) || (sb.Length > 0 && sb[^1] != ' '))
                {
                    sb.Append(char.IsWhiteSpace(c) ? ' ' : c);
                }
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>Every character <see cref="char.IsWhiteSpace(char)"/> holds true for.</summary>
    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(char.IsWhiteSpace).ToArray());
}
