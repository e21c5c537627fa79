using System.Text;
using AngleSharp.Dom;

namespace Gongkai.Reading.Html;

/// <summary>
/// What <see cref="HtmlBlocks"/> needs of a parsed page, whichever parser made it: elements with their name, the line
/// their start tag is on (none for an element the parser implied, such as a missing &lt;tbody&gt;), the few attributes
/// read (colspan, rowspan; name, property and content of a meta) and children; text nodes with their text.
/// </summary>
internal sealed class HtmlNode
{
    /// <summary>Attributes kept; any other is dropped by both parsers.</summary>
    public static readonly string[] KeptAttributes = ["colspan", "rowspan", "name", "property", "content"];

    private HtmlNode(string name, string? text, int? line)
    {
        Name = name;
        Text = text;
        Line = line;
    }

    /// <summary>The element's lower-case local name, or "#text".</summary>
    public string Name { get; }

    /// <summary>A text node's text; null for an element.</summary>
    public string? Text { get; }

    public int? Line { get; }

    /// <summary>For <see cref="LiteHtmlParser"/>: the innermost table part this element is in or is, else "body".</summary>
    internal string TablePart { get; set; } = "body";

    /// <summary>Children as a chain (first child, next sibling): a page's thousands of nodes need no list each.</summary>
    public HtmlNode? FirstChild { get; private set; }

    public HtmlNode? LastChild { get; private set; }

    public HtmlNode? NextSibling { get; private set; }

    private List<(string Name, string Value)>? attributes;

    public bool IsText => Text is not null;

    public static HtmlNode Element(string name, int? line) => new(name, null, line);

    public static HtmlNode TextNode(string text) => new("#text", text, null);

    public void Add(HtmlNode child)
    {
        if (LastChild is null)
        {
            FirstChild = child;
        }
        else
        {
            LastChild.NextSibling = child;
        }
        LastChild = child;
    }

    /// <summary>
    /// Adds a text node. Text split by a comment or an ignored tag stays in several nodes (a DOM joins some of them):
    /// the blocks come out the same, and joining by concatenation would be quadratic in a page of "a&lt;!----&gt;" × 500,000.
    /// </summary>
    public void AddText(string text) => Add(TextNode(text));

    /// <summary>Sets an attribute unless it is already set (the first of duplicates counts, as in a browser).</summary>
    public void SetAttribute(string name, string value)
    {
        attributes ??= [];
        if (!attributes.Exists(a => a.Name == name))
        {
            attributes.Add((name, value));
        }
    }

    public string? Attribute(string name) => attributes?.Find(a => a.Name == name).Value;

    /// <summary>The element's text: every descendant text node's, in document order (as the DOM's textContent).</summary>
    public string TextContent()
    {
        if (IsText)
        {
            return Text!;
        }
        if (FirstChild is { IsText: true } only && only.NextSibling is null)
        {
            return only.Text!;
        }
        var sb = new StringBuilder();
        AppendText(sb);
        return sb.ToString();
    }

    private void AppendText(StringBuilder sb)
    {
        for (var child = FirstChild; child is not null; child = child.NextSibling)
        {
            if (child.IsText)
            {
                sb.Append(child.Text);
            }
            else
            {
                child.AppendText(sb);
            }
        }
    }

    /// <summary>The length of <see cref="TextContent"/>, without making it.</summary>
    public int TextLength()
    {
        if (IsText)
        {
            return Text!.Length;
        }
        var length = 0;
        for (var child = FirstChild; child is not null; child = child.NextSibling)
        {
            length += child.TextLength();
        }
        return length;
    }

    /// <summary>Descendant elements in document order (collected in one list: nested iterators cost an object per level).</summary>
    public List<HtmlNode> Descendants(Func<HtmlNode, bool>? where = null)
    {
        var found = new List<HtmlNode>();
        Collect(found, where);
        return found;
    }

    private void Collect(List<HtmlNode> found, Func<HtmlNode, bool>? where)
    {
        for (var child = FirstChild; child is not null; child = child.NextSibling)
        {
            if (child.IsText)
            {
                continue;
            }
            if (where is null || where(child))
            {
                found.Add(child);
            }
            child.Collect(found, where);
        }
    }

    /// <summary>Appends every descendant text node's text, as <see cref="TextContent"/> would give it.</summary>
    public void AppendTextTo(StringBuilder sb)
    {
        if (IsText)
        {
            sb.Append(Text);
            return;
        }
        AppendText(sb);
    }

    /// <summary>The first descendant element of a name, in document order, or null.</summary>
    public HtmlNode? First(string name)
    {
        for (var child = FirstChild; child is not null; child = child.NextSibling)
        {
            if (child.IsText)
            {
                continue;
            }
            if (child.Name == name)
            {
                return child;
            }
            if (child.First(name) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>An AngleSharp element as this tree (comments and other nodes dropped).</summary>
    public static HtmlNode From(IElement element)
    {
        var node = Element(element.LocalName, element.SourceReference?.Position.Line);
        foreach (var name in KeptAttributes)
        {
            if (element.GetAttribute(name) is { } value)
            {
                node.SetAttribute(name, value);
            }
        }
        foreach (var child in element.ChildNodes)
        {
            if (child is IText text)
            {
                node.AddText(text.Data);
            }
            else if (child is IElement e)
            {
                node.Add(From(e));
            }
        }
        return node;
    }
}
