using System.Text;

namespace Gongkai.Reading.Html;

/// <summary>A parsed page: its head and its body (either may be implied by the parser).</summary>
internal sealed record HtmlPage(HtmlNode? Head, HtmlNode Body);

/// <summary>
/// A small HTML parser for the pages agencies publish and <c>gongkai render</c> writes: it builds the tree an HTML5
/// parser builds for them — head and body implied, &lt;p&gt;, &lt;li&gt;, cells and rows closed by what follows them,
/// a missing &lt;tbody&gt; or &lt;tr&gt; inserted — in a single pass, several times faster than AngleSharp's full DOM.
/// It knows only the part of HTML5's tree construction those pages need, and gives up (returns null, and the caller
/// parses with AngleSharp) on anything whose tree it cannot be sure of: misnested formatting elements (which a browser
/// rebuilds), text or elements inside a table outside any cell (moved before the table), a table opened inside a
/// paragraph (which depends on the page's DOCTYPE), forms, SVG and MathML, unknown character references, scripts with
/// comments, a NUL character, an unclosed tag or comment at the end. The tests compare its blocks with AngleSharp's on
/// every HTML fixture.
/// </summary>
internal sealed class LiteHtmlParser
{
    private enum Mode
    {
        BeforeHtml,
        BeforeHead,
        InHead,
        AfterHead,
        InBody,
    }

    private static readonly HashSet<string> ClosesParagraph =
    [
        "address", "article", "aside", "blockquote", "center", "div", "figcaption", "figure", "footer", "header", "main",
        "nav", "ol", "section", "ul", "p", "dl",
    ];

    private static readonly HashSet<string> Headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

    private static readonly HashSet<string> Formatting = ["a", "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u"];

    /// <summary>Elements with no special rule in HTML5's "in body" mode ("any other start tag").</summary>
    private static readonly HashSet<string> Ordinary =
    [
        "span", "sup", "sub", "label", "abbr", "cite", "q", "var", "kbd", "samp", "dfn", "mark", "ins", "del", "time",
        "data", "bdi", "bdo", "acronym",
    ];

    private static readonly HashSet<string> Void = ["br", "img", "wbr", "hr", "meta", "link", "base", "input"];

    /// <summary>HTML5's special elements, of those this parser accepts (and a few it refuses, for the scope walks).</summary>
    private static readonly HashSet<string> Special =
    [
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br", "button",
        "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption",
        "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr",
        "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
        "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section",
        "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead",
        "title", "tr", "track", "ul", "wbr", "xmp",
    ];

    private static readonly HashSet<string> TableSections = ["tbody", "thead", "tfoot"];

    private static readonly Dictionary<string, string> NamedReferences = new(StringComparer.Ordinal)
    {
        ["nbsp"] = "\u00A0", ["amp"] = "&", ["lt"] = "<", ["gt"] = ">", ["quot"] = "\"", ["apos"] = "'",
        ["ldquo"] = "\u201C", ["rdquo"] = "\u201D", ["lsquo"] = "\u2018", ["rsquo"] = "\u2019", ["mdash"] = "\u2014",
        ["ndash"] = "\u2013", ["hellip"] = "\u2026", ["middot"] = "\u00B7", ["times"] = "\u00D7", ["copy"] = "\u00A9",
        ["reg"] = "\u00AE", ["emsp"] = "\u2003", ["ensp"] = "\u2002", ["thinsp"] = "\u2009", ["deg"] = "\u00B0",
        ["yen"] = "\u00A5", ["plusmn"] = "\u00B1", ["divide"] = "\u00F7", ["le"] = "\u2264", ["ge"] = "\u2265",
    };

    private readonly string html;
    private readonly List<HtmlNode> stack = [];
    private readonly StringBuilder text = new();
    private HtmlNode? root;
    private HtmlNode? head;
    private HtmlNode? body;

    /// <summary>HTML5's form element pointer: set by &lt;form&gt;, cleared only by &lt;/form&gt;.</summary>
    private HtmlNode? form;
    private Mode mode = Mode.BeforeHtml;
    private int lineAt;
    private int line = 1;

    private LiteHtmlParser(string html) => this.html = html;

    /// <summary>The page's tree, or null when this parser cannot be sure of it (parse it with AngleSharp then).</summary>
    public static HtmlPage? TryParse(string html)
    {
        if (html.Contains('\0') || (html.Length > 0 && html[0] == '\uFEFF'))
        {
            return null;
        }
        if (html.Contains('\r'))
        {
            // As an HTML parser's input stream does: CR LF and lone CR are line feeds.
            html = html.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        try
        {
            return new LiteHtmlParser(html).Parse();
        }
        catch (GiveUp)
        {
            return null;
        }
    }

    /// <summary>Thrown inside the parser for anything outside what it knows; never leaves <see cref="TryParse"/>.</summary>
    private sealed class GiveUp : Exception;

    private static GiveUp Unsure() => new();

    private HtmlNode Current => stack[^1];

    private HtmlPage Parse()
    {
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                AppendText(i, html.Length);
                break;
            }
            if (lt + 1 >= html.Length)
            {
                AppendText(i, html.Length);
                break;
            }
            var next = html[lt + 1];
            if (char.IsAsciiLetter(next) || next == '/' || next == '!' || next == '?')
            {
                AppendText(i, lt);
                FlushText();
                i = Markup(lt);
            }
            else
            {
                // A "<" that opens nothing is text.
                AppendText(i, lt + 1);
                i = lt + 1;
            }
        }
        FlushText();
        EnsureBody();
        return new HtmlPage(head, body!);
    }

    private int LineOf(int index)
    {
        // Tags are met in order, so the count of line feeds moves forward only.
        line += html.AsSpan(lineAt, index - lineAt).Count('\n');
        lineAt = index;
        return line;
    }

    /// <summary>Reads a tag, comment, DOCTYPE or bogus comment at <paramref name="lt"/>; returns the index after it.</summary>
    private int Markup(int lt)
    {
        var next = html[lt + 1];
        if (next == '!')
        {
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                if (lt + 4 < html.Length && (html[lt + 4] == '>' || string.CompareOrdinal(html, lt + 4, "->", 0, 2) == 0))
                {
                    throw Unsure();
                }
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                // "--!>" also ends a comment: looked for only up to the "-->" (searching the whole rest of the page
                // for every comment would be quadratic).
                if (close < 0 || html.AsSpan(lt + 4, close + 3 - (lt + 4)).Contains("--!>", StringComparison.Ordinal))
                {
                    throw Unsure();
                }
                return close + 3;
            }
            // A DOCTYPE, or a bogus comment ("<![if !supportLists]>" of Word): either ends at the first ">".
            return SkipTo(lt + 2);
        }
        if (next == '?')
        {
            return SkipTo(lt + 2);
        }
        var isEnd = next == '/';
        var start = isEnd ? lt + 2 : lt + 1;
        if (start >= html.Length || !char.IsAsciiLetter(html[start]))
        {
            throw Unsure(); // "</>", "</ ": dropped or a bogus comment in HTML5.
        }
        var tagLine = LineOf(lt);
        var (name, selfClosing, attributes, after) = ReadTag(start);
        if (isEnd)
        {
            EndTag(name);
        }
        else
        {
            after = StartTag(name, attributes, selfClosing, tagLine, after);
        }
        return after;
    }

    private int SkipTo(int from)
    {
        var gt = html.IndexOf('>', from);
        if (gt < 0)
        {
            throw Unsure();
        }
        return gt + 1;
    }

    private (string Name, bool SelfClosing, List<(string, string)>? Attributes, int After) ReadTag(int start)
    {
        var i = start;
        while (i < html.Length && html[i] is not (' ' or '\t' or '\n' or '\f' or '/' or '>'))
        {
            var c = html[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.'))
            {
                throw Unsure();
            }
            i++;
        }
        var name = Lower(html.AsSpan(start, i - start));
        List<(string, string)>? attributes = null;
        var selfClosing = false;
        while (true)
        {
            while (i < html.Length && html[i] is ' ' or '\t' or '\n' or '\f')
            {
                i++;
            }
            if (i >= html.Length)
            {
                throw Unsure();
            }
            if (html[i] == '>')
            {
                return (name, selfClosing, attributes, i + 1);
            }
            if (html[i] == '/')
            {
                i++;
                selfClosing = i < html.Length && html[i] == '>';
                continue;
            }
            selfClosing = false;
            var nameStart = i;
            while (i < html.Length && html[i] is not (' ' or '\t' or '\n' or '\f' or '/' or '>' or '='))
            {
                if (html[i] is '"' or '\'' or '<')
                {
                    throw Unsure();
                }
                i++;
            }
            if (i == nameStart)
            {
                throw Unsure(); // "=" where a name should be.
            }
            var attributeName = html.AsSpan(nameStart, i - nameStart);
            while (i < html.Length && html[i] is ' ' or '\t' or '\n' or '\f')
            {
                i++;
            }
            var valueStart = i;
            var valueEnd = i;
            if (i < html.Length && html[i] == '=')
            {
                i++;
                while (i < html.Length && html[i] is ' ' or '\t' or '\n' or '\f')
                {
                    i++;
                }
                if (i >= html.Length)
                {
                    throw Unsure();
                }
                if (html[i] is '"' or '\'')
                {
                    var quote = html[i];
                    var close = html.IndexOf(quote, i + 1);
                    if (close < 0)
                    {
                        throw Unsure();
                    }
                    (valueStart, valueEnd, i) = (i + 1, close, close + 1);
                    if (i < html.Length && html[i] is not (' ' or '\t' or '\n' or '\f' or '/' or '>'))
                    {
                        throw Unsure(); // a!="x"y: no space between attributes.
                    }
                }
                else
                {
                    valueStart = i;
                    while (i < html.Length && html[i] is not (' ' or '\t' or '\n' or '\f' or '>'))
                    {
                        if (html[i] is '"' or '\'' or '<' or '=' or '`')
                        {
                            throw Unsure();
                        }
                        i++;
                    }
                    valueEnd = i;
                }
            }
            foreach (var kept in HtmlNode.KeptAttributes)
            {
                if (attributeName.Equals(kept, StringComparison.OrdinalIgnoreCase))
                {
                    attributes ??= [];
                    attributes.Add((kept, Decode(html.AsSpan(valueStart, valueEnd - valueStart))));
                }
            }
        }
    }

    private static string Lower(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return string.Create(name.Length, name.ToString(), (span, s) =>
                {
                    for (var k = 0; k < s.Length; k++)
                    {
                        span[k] = char.ToLowerInvariant(s[k]);
                    }
                });
            }
        }
        return KnownNames.TryGetValue(name, out var known) ? known : name.ToString();
    }

    /// <summary>The names this parser handles, so that reading a tag allocates no string for them.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownNames =
        new HashSet<string>(ClosesParagraph.Concat(Headings).Concat(Formatting).Concat(Ordinary).Concat(Void).Concat(TableSections)
            .Concat(["html", "head", "body", "title", "style", "script", "table", "tr", "td", "th", "col", "colgroup", "li", "pre", "o:p",
                "dd", "dt", "form", "button", "iframe", "noscript"]))
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Text with its character references replaced; gives up on a reference it does not know for certain.</summary>
    private static string Decode(ReadOnlySpan<char> raw)
    {
        if (!raw.Contains('&'))
        {
            return raw.ToString();
        }
        var sb = new StringBuilder(raw.Length);
        DecodeInto(sb, raw);
        return sb.ToString();
    }

    private static void DecodeInto(StringBuilder sb, ReadOnlySpan<char> raw)
    {
        var amp = raw.IndexOf('&');
        while (amp >= 0)
        {
            sb.Append(raw[..amp]);
            raw = raw[amp..];
            var semicolon = raw.IndexOf(';');
            if (raw.Length == 1 || !(char.IsAsciiLetterOrDigit(raw[1]) || raw[1] == '#'))
            {
                // A "&" that starts no reference is text.
                sb.Append('&');
                raw = raw[1..];
            }
            else if (semicolon < 0 || semicolon > 12)
            {
                throw Unsure();
            }
            else
            {
                var reference = raw[1..semicolon];
                if (reference.Length > 1 && reference[0] == '#')
                {
                    var hex = reference[1] is 'x' or 'X';
                    var digits = reference[(hex ? 2 : 1)..];
                    if (digits.Length == 0 || digits.Length > 7
                        || !int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                            System.Globalization.CultureInfo.InvariantCulture, out var code)
                        || !Plain(code))
                    {
                        throw Unsure();
                    }
                    sb.Append(char.ConvertFromUtf32(code));
                }
                else if (NamedReferences.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(reference, out var value))
                {
                    sb.Append(value);
                }
                else
                {
                    throw Unsure();
                }
                raw = raw[(semicolon + 1)..];
            }
            amp = raw.IndexOf('&');
        }
        sb.Append(raw);
    }

    /// <summary>A code point a numeric reference gives as itself (not remapped, replaced or refused by HTML5).</summary>
    private static bool Plain(int code) =>
        code is 0x09 or 0x0A
        || (code >= 0x20 && code < 0x7F)
        || (code >= 0xA0 && code < 0xD800)
        || (code >= 0xE000 && code <= 0xFFFD && code is not (>= 0xFDD0 and <= 0xFDEF))
        || (code >= 0x10000 && code <= 0x10FFFF && (code & 0xFFFE) != 0xFFFE);

    private void AppendText(int from, int to)
    {
        if (to > from)
        {
            DecodeInto(text, html.AsSpan(from, to - from));
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f';

    /// <summary>Places the text read since the last tag, character by character as the insertion modes say.</summary>
    private void FlushText()
    {
        if (text.Length == 0)
        {
            return;
        }
        // Most text between tags is one line feed: one string for all of them.
        var s = text is [ '\n' ] ? "\n" : text.ToString();
        text.Clear();
        var k = 0;
        // Before the body, leading white space belongs to no element walked (or to the head); the rest starts the body.
        while (mode != Mode.InBody && k < s.Length)
        {
            if (IsSpace(s[k]))
            {
                if (mode == Mode.InHead)
                {
                    head!.AddText(s[k].ToString());
                }
                k++;
                continue;
            }
            EnsureBody();
        }
        if (k >= s.Length)
        {
            return;
        }
        var rest = k == 0 ? s : s[k..];
        if (Current.Name is "table" or "tbody" or "thead" or "tfoot" or "tr" or "colgroup")
        {
            // In a table outside any cell only white space stays; other text is moved before the table.
            foreach (var c in rest)
            {
                if (!IsSpace(c))
                {
                    throw Unsure();
                }
            }
        }
        Current.AddText(rest);
    }

    private void EnsureHtml()
    {
        if (root is null)
        {
            root = HtmlNode.Element("html", null);
            stack.Add(root);
            mode = Mode.BeforeHead;
        }
    }

    private void EnsureHead()
    {
        EnsureHtml();
        if (head is null)
        {
            head = HtmlNode.Element("head", null);
            root!.Add(head);
            stack.Add(head);
            mode = Mode.InHead;
        }
    }

    /// <summary>Closes the head if open and implies the body, as anything that belongs in a body does.</summary>
    private void EnsureBody(int? line = null)
    {
        EnsureHead();
        if (mode == Mode.InHead)
        {
            stack.Remove(head!);
            mode = Mode.AfterHead;
        }
        if (body is null)
        {
            body = HtmlNode.Element("body", line);
            root!.Add(body);
            stack.Add(body);
        }
        mode = Mode.InBody;
    }

    private int StartTag(string name, List<(string Name, string Value)>? attributes, bool selfClosing, int line, int after)
    {
        if (mode != Mode.InBody)
        {
            if (name == "html")
            {
                EnsureHtml();
                return after;
            }
            if (mode is Mode.BeforeHtml or Mode.BeforeHead && name == "head")
            {
                EnsureHtml();
                head = HtmlNode.Element("head", line);
                root!.Add(head);
                stack.Add(head);
                mode = Mode.InHead;
                return after;
            }
            if (name is "meta" or "link" or "base" or "title" or "style" or "script")
            {
                EnsureHead();
                return Insert(head!, name, attributes, line, after);
            }
            if (name == "head")
            {
                return after;
            }
            if (name == "body" && mode != Mode.InBody && body is null)
            {
                EnsureHead();
                if (mode == Mode.InHead)
                {
                    stack.Remove(head!);
                }
                EnsureBody(line);
                return after;
            }
            if (name is "noscript" or "template" or "frameset")
            {
                throw Unsure();
            }
            EnsureBody();
        }
        if (name is "html" or "body" or "head")
        {
            return after; // In the body they only lend their attributes.
        }
        var context = Context();
        if (context is "table" or "tbody" or "thead" or "tfoot" or "tr" or "colgroup")
        {
            return TableStartTag(name, attributes, selfClosing, line, after, context);
        }
        if (context is "td" or "th" && name is "caption" or "col" or "colgroup" or "tbody" or "td" or "tfoot" or "th" or "thead" or "tr")
        {
            CloseCell();
            return StartTag(name, attributes, selfClosing, line, after);
        }
        return BodyStartTag(name, attributes, line, after);
    }

    /// <summary>
    /// The innermost open table part (table, section, row, cell, column group), or "body" outside tables: kept on each
    /// open element when it is pushed, so that a tag deep in the page costs no walk down the open elements.
    /// </summary>
    private string Context() => stack.Count == 0 ? "body" : Current.TablePart;

    private int BodyStartTag(string name, List<(string Name, string Value)>? attributes, int line, int after)
    {
        if (name is "meta" or "link" or "base" or "title" or "style" or "script")
        {
            return Insert(Current, name, attributes, line, after);
        }
        if (Void.Contains(name))
        {
            if (name == "hr")
            {
                CloseParagraphIfOpen();
            }
            Current.Add(Make(name, attributes, line));
            return after;
        }
        if (ClosesParagraph.Contains(name) || name == "pre")
        {
            CloseParagraphIfOpen();
            Push(name, attributes, line);
            // A line feed just after <pre> is not part of its text.
            return name == "pre" && after < html.Length && html[after] == '\n' ? after + 1 : after;
        }
        if (Headings.Contains(name))
        {
            CloseParagraphIfOpen();
            if (Headings.Contains(Current.Name))
            {
                throw Unsure(); // a heading inside a heading is closed first.
            }
            Push(name, attributes, line);
            return after;
        }
        if (name is "dd" or "dt")
        {
            CloseOpenItem(n => n is "dd" or "dt");
            Push(name, attributes, line);
            return after;
        }
        if (name == "iframe")
        {
            return Insert(Current, name, attributes, line, after);
        }
        if (name == "noscript")
        {
            // Scripting is off for AngleSharp as for this parser: in the body a <noscript> is an ordinary element.
            Push(name, attributes, line);
            return after;
        }
        if (name == "form")
        {
            if (form is not null)
            {
                throw Unsure(); // a form inside a form is dropped, by a pointer that outlives the element.
            }
            CloseParagraphIfOpen();
            Push(name, attributes, line);
            form = Current;
            return after;
        }
        if (name == "button")
        {
            if (InScope("button"))
            {
                throw Unsure();
            }
            Push(name, attributes, line);
            return after;
        }
        if (name == "li")
        {
            CloseOpenItem(n => n == "li");
            Push(name, attributes, line);
            return after;
        }
        if (name == "table")
        {
            if (InScope("p", button: true))
            {
                throw Unsure(); // whether <table> closes <p> depends on the DOCTYPE (quirks mode).
            }
            Push(name, attributes, line);
            return after;
        }
        if (Formatting.Contains(name))
        {
            if (name == "a" && stack.Exists(n => n.Name == "a"))
            {
                throw Unsure();
            }
            Push(name, attributes, line);
            return after;
        }
        if (Ordinary.Contains(name) || name.Contains(':') || name.Contains('-'))
        {
            Push(name, attributes, line);
            return after;
        }
        throw Unsure();
    }

    private int TableStartTag(string name, List<(string Name, string Value)>? attributes, bool selfClosing, int line, int after, string context)
    {
        switch (context)
        {
            case "colgroup":
                if (name == "col")
                {
                    Current.Add(Make(name, attributes, line));
                    return after;
                }
                stack.RemoveAt(stack.Count - 1);
                return StartTag(name, attributes, selfClosing, line, after);
            case "table":
                switch (name)
                {
                    case "colgroup":
                        Push(name, attributes, line);
                        return after;
                    case "col":
                        Push("colgroup", null, null);
                        return StartTag(name, attributes, selfClosing, line, after);
                    case "tbody" or "thead" or "tfoot":
                        Push(name, attributes, line);
                        return after;
                    case "tr" or "td" or "th":
                        Push("tbody", null, null);
                        return StartTag(name, attributes, selfClosing, line, after);
                    default:
                        throw Unsure(); // caption, a nested table, or something moved before the table.
                }
            case "tbody" or "thead" or "tfoot":
                switch (name)
                {
                    case "tr":
                        Push(name, attributes, line);
                        return after;
                    case "td" or "th":
                        Push("tr", null, null);
                        return StartTag(name, attributes, selfClosing, line, after);
                    case "tbody" or "thead" or "tfoot" or "col" or "colgroup":
                        stack.RemoveAt(stack.Count - 1);
                        return StartTag(name, attributes, selfClosing, line, after);
                    default:
                        throw Unsure();
                }
            default: // "tr"
                switch (name)
                {
                    case "td" or "th":
                        Push(name, attributes, line);
                        return after;
                    case "tr" or "tbody" or "thead" or "tfoot" or "col" or "colgroup":
                        stack.RemoveAt(stack.Count - 1);
                        return StartTag(name, attributes, selfClosing, line, after);
                    default:
                        throw Unsure();
                }
        }
    }

    private void EndTag(string name)
    {
        if (mode != Mode.InBody)
        {
            if (name == "head")
            {
                if (mode != Mode.AfterHead)
                {
                    EnsureHead();
                    stack.Remove(head!);
                    mode = Mode.AfterHead;
                }
                return;
            }
            if (name is "body" or "html" or "br")
            {
                EnsureBody();
            }
            else
            {
                return; // ignored before the body.
            }
        }
        var context = Context();
        switch (context)
        {
            case "table" or "tbody" or "thead" or "tfoot" or "tr" or "colgroup":
                TableEndTag(name, context);
                return;
            case "td" or "th":
                if (name is "td" or "th")
                {
                    if (name == context)
                    {
                        CloseCell();
                    }
                    return;
                }
                if (name is "body" or "caption" or "col" or "colgroup" or "html")
                {
                    return;
                }
                if (name is "table" or "tbody" or "thead" or "tfoot" or "tr")
                {
                    if (InTableScope(name))
                    {
                        CloseCell();
                        EndTag(name);
                    }
                    return;
                }
                break;
        }
        BodyEndTag(name);
    }

    private void TableEndTag(string name, string context)
    {
        if (context == "colgroup")
        {
            if (name == "colgroup")
            {
                stack.RemoveAt(stack.Count - 1);
                return;
            }
            if (name == "col")
            {
                return;
            }
            stack.RemoveAt(stack.Count - 1);
            EndTag(name);
            return;
        }
        if (name == context)
        {
            stack.RemoveAt(stack.Count - 1);
            return;
        }
        if (name is "body" or "caption" or "col" or "colgroup" or "html" or "td" or "th")
        {
            return;
        }
        if (context == "table")
        {
            if (name is "tbody" or "thead" or "tfoot" or "tr")
            {
                return; // not open inside this table.
            }
            throw Unsure();
        }
        if (TableSections.Contains(context))
        {
            if (name == "table")
            {
                stack.RemoveAt(stack.Count - 1);
                EndTag(name);
                return;
            }
            if (name is "tbody" or "thead" or "tfoot" or "tr")
            {
                return;
            }
            throw Unsure();
        }
        // "tr"
        if (name == "table" || (TableSections.Contains(name) && InTableScope(name)))
        {
            stack.RemoveAt(stack.Count - 1);
            EndTag(name);
            return;
        }
        if (TableSections.Contains(name))
        {
            return;
        }
        throw Unsure();
    }

    private void BodyEndTag(string name)
    {
        switch (name)
        {
            case "body" or "html":
                return; // What follows still goes into the body.
            case "br":
                throw Unsure(); // </br> is read as <br>.
            case "p":
                if (!InScope("p", button: true))
                {
                    throw Unsure(); // a stray </p> makes an empty paragraph.
                }
                CloseParagraphIfOpen();
                return;
            case "form":
                if (form is null)
                {
                    return;
                }
                if (form != Current)
                {
                    throw Unsure(); // the form is taken out of the middle of the open elements.
                }
                stack.RemoveAt(stack.Count - 1);
                form = null;
                return;
            case "dd" or "dt":
                if (InScope(name))
                {
                    PopUntil(stack.FindLastIndex(n => n.Name == name), cellOrTable: false);
                }
                return;
            case "button":
                if (InScope(name))
                {
                    PopUntil(stack.FindLastIndex(n => n.Name == name), cellOrTable: false);
                }
                return;
            case "li":
                if (InScope("li", listItem: true))
                {
                    PopUntil(stack.FindLastIndex(n => n.Name == "li"), cellOrTable: false);
                }
                return;
            case "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "caption" or "col" or "colgroup" or "head":
                return; // outside a table: ignored.
        }
        if (Headings.Contains(name))
        {
            var index = -1;
            for (var k = stack.Count - 1; k >= 0 && !IsScopeBoundary(stack[k].Name); k--)
            {
                if (Headings.Contains(stack[k].Name))
                {
                    index = k;
                    break;
                }
            }
            if (index >= 0)
            {
                PopUntil(index, cellOrTable: false);
            }
            return;
        }
        if (ClosesParagraph.Contains(name) || name == "pre")
        {
            if (InScope(name))
            {
                PopUntil(stack.FindLastIndex(n => n.Name == name), cellOrTable: false);
            }
            return;
        }
        // Formatting and other elements: the innermost of that name, unless a special element is inside it.
        for (var k = stack.Count - 1; k >= 0; k--)
        {
            var node = stack[k];
            if (node.Name == name)
            {
                PopUntil(k, cellOrTable: false);
                return;
            }
            if (Special.Contains(node.Name))
            {
                if (Formatting.Contains(name) && stack.Exists(n => n.Name == name))
                {
                    throw Unsure(); // misnested formatting: the adoption agency rebuilds the tree.
                }
                return;
            }
        }
    }

    private static bool IsScopeBoundary(string name) => name is "html" or "table" or "td" or "th" or "caption" or "applet" or "marquee" or "object" or "template";

    private bool InScope(string name, bool button = false, bool listItem = false)
    {
        for (var k = stack.Count - 1; k >= 0; k--)
        {
            var n = stack[k].Name;
            if (n == name)
            {
                return true;
            }
            if (IsScopeBoundary(n) || (button && n == "button") || (listItem && n is "ol" or "ul"))
            {
                return false;
            }
        }
        return false;
    }

    private bool InTableScope(string name)
    {
        for (var k = stack.Count - 1; k >= 0; k--)
        {
            var n = stack[k].Name;
            if (n == name)
            {
                return true;
            }
            if (n is "html" or "table" or "template")
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// A list item (li) or definition item (dd, dt) closes the open one of its kind, unless a special element other than
    /// address, div and p stands between (HTML's "in body" rules for these start tags); then any open p is closed.
    /// </summary>
    private void CloseOpenItem(Func<string, bool> sameKind)
    {
        for (var k = stack.Count - 1; k >= 0; k--)
        {
            var node = stack[k];
            if (sameKind(node.Name))
            {
                PopUntil(k, cellOrTable: false);
                break;
            }
            if (Special.Contains(node.Name) && node.Name is not ("address" or "div" or "p"))
            {
                break;
            }
        }
        CloseParagraphIfOpen();
    }

    private void CloseParagraphIfOpen()
    {
        if (InScope("p", button: true))
        {
            PopUntil(stack.FindLastIndex(n => n.Name == "p"), cellOrTable: false);
        }
    }

    private void CloseCell()
    {
        var index = stack.FindLastIndex(n => n.Name is "td" or "th");
        PopUntil(index, cellOrTable: true);
    }

    /// <summary>
    /// Pops the element at <paramref name="index"/> and all inside it. A formatting element popped so, not by its own
    /// end tag, would be re-opened by an HTML5 parser at the next text — except at the end of a cell.
    /// </summary>
    private void PopUntil(int index, bool cellOrTable)
    {
        if (!cellOrTable)
        {
            for (var k = index + 1; k < stack.Count; k++)
            {
                if (Formatting.Contains(stack[k].Name))
                {
                    throw Unsure();
                }
            }
        }
        stack.RemoveRange(index, stack.Count - index);
    }

    private static HtmlNode Make(string name, List<(string Name, string Value)>? attributes, int? line)
    {
        var node = HtmlNode.Element(name, line);
        if (attributes is not null)
        {
            foreach (var (n, v) in attributes)
            {
                node.SetAttribute(n, v);
            }
        }
        return node;
    }

    private void Push(string name, List<(string Name, string Value)>? attributes, int? line)
    {
        if (stack.Count > 2 * NestingLimit.MaxDepth)
        {
            throw Unsure(); // deeper than the scan before parsing estimated: leave the page to AngleSharp's own limits.
        }
        var node = Make(name, attributes, line);
        node.TablePart = name is "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "colgroup" ? name : Current.TablePart;
        Current.Add(node);
        stack.Add(node);
    }

    /// <summary>Inserts a void, raw-text (script, style) or escapable raw-text (title) element into <paramref name="parent"/>.</summary>
    private int Insert(HtmlNode parent, string name, List<(string Name, string Value)>? attributes, int line, int after)
    {
        var node = Make(name, attributes, line);
        parent.Add(node);
        if (name is "meta" or "link" or "base")
        {
            return after;
        }
        var end = RawTextEnd(name, after);
        var content = html.AsSpan(after, end - after);
        if (name == "script" && content.Contains("<!--", StringComparison.Ordinal))
        {
            throw Unsure(); // a script's comment changes where it ends.
        }
        if (content.Length > 0)
        {
            node.AddText(name == "title" ? Decode(content) : content.ToString());
        }
        return html.IndexOf('>', end) + 1;
    }

    /// <summary>Where the raw text of an element ends: at "&lt;/name" followed by white space, "/" or "&gt;".</summary>
    private int RawTextEnd(string name, int from)
    {
        var i = from;
        while (true)
        {
            var close = html.IndexOf("</", i, StringComparison.Ordinal);
            if (close < 0 || close + 2 + name.Length >= html.Length)
            {
                throw Unsure();
            }
            if (html.AsSpan(close + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && html[close + 2 + name.Length] is ' ' or '\t' or '\n' or '\f' or '/' or '>')
            {
                if (html.IndexOf('>', close) < 0)
                {
                    throw Unsure();
                }
                if (html[close + 2 + name.Length] != '>')
                {
                    throw Unsure(); // attributes on the end tag: rare enough to leave to AngleSharp.
                }
                return close;
            }
            i = close + 2;
        }
    }
}
