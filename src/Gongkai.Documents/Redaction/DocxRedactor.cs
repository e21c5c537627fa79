using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Gongkai.Documents.Redaction;

/// <summary>
/// A Word document's released copy. First everything a reader of the file could find but a reader of the page cannot
/// see is removed: comments, tracked changes (insertions kept, deletions and their text dropped — the changes accepted),
/// hidden text, the document's properties (author, company, custom fields), embedded files and imported chunks. Then
/// each withheld text is replaced by as many “■” as it has characters, wherever it stands: body, tables, text boxes,
/// headers, footers, footnotes and endnotes, field codes and hyperlink targets.
/// </summary>
public static class DocxRedactor
{
    private const char Block = '■';

    /// <summary>The document without what the page does not show (see the class): what is searched, shown and released.</summary>
    public static byte[] Clean(byte[] docx) => Edit(docx, _ => { });

    /// <summary>The released copy: cleaned, and every occurrence of each withheld text blocked out.</summary>
    public static byte[] Redact(byte[] docx, IReadOnlyList<string> withheld) => Edit(docx, document =>
    {
        foreach (var root in Stories(document))
        {
            foreach (var paragraph in Paragraphs(root))
            {
                Replace(TextsOf(paragraph).ToList(), withheld);
                Replace(paragraph.Descendants<FieldCode>().Where(f => f.Ancestors<Paragraph>().First() == paragraph).ToList(), withheld);
            }
        }
        foreach (var root in Stories(document))
        {
            // Text kept in attributes: a simple field's code (HYPERLINK "mailto:…"), a picture's alternative text and title.
            foreach (var element in root.Descendants().ToList())
            {
                foreach (var attribute in element.GetAttributes().Where(a => a.LocalName is "instr" or "descr" or "title" && a.Value is { Length: > 0 }))
                {
                    var blocked = Blocked(attribute.Value!, withheld);
                    if (blocked != attribute.Value)
                    {
                        element.SetAttribute(new OpenXmlAttribute(attribute.Prefix, attribute.LocalName, attribute.NamespaceUri, blocked));
                    }
                }
            }
        }
        foreach (var part in Parts(document))
        {
            // A hyperlink's target (mailto:someone@…) is the withheld text again, outside the page: the link is dropped, its text kept.
            foreach (var link in part.HyperlinkRelationships.Where(h => withheld.Any(w => Uri.UnescapeDataString(h.Uri.OriginalString).Contains(w, StringComparison.Ordinal))).ToList())
            {
                foreach (var element in part.RootElement?.Descendants<Hyperlink>().Where(h => h.Id?.Value == link.Id).ToList() ?? [])
                {
                    Unwrap(element);
                }
                part.DeleteReferenceRelationship(link);
            }
        }
    });

    /// <summary>Each match of the searches in the cleaned document: the text matched and the search that found it.</summary>
    public static IReadOnlyList<(string Text, string Source)> Find(byte[] docx, IReadOnlyList<string> searches)
    {
        var found = new List<(string, string)>();
        using var stream = new MemoryStream(Clean(docx));
        using var document = WordprocessingDocument.Open(stream, false);
        foreach (var root in Stories(document))
        {
            foreach (var paragraph in Paragraphs(root))
            {
                var text = string.Concat(TextsOf(paragraph).Select(t => t.Text));
                found.AddRange(RedactionPatterns.Matches(text, searches).Select(m => (text.Substring(m.Start, m.Length), m.Source)));
            }
        }
        return found;
    }

    private static byte[] Edit(byte[] docx, Action<WordprocessingDocument> change)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        stream.Position = 0;
        try
        {
            using (var document = WordprocessingDocument.Open(stream, true))
            {
                RemoveHidden(document);
                change(document);
                foreach (var part in Parts(document))
                {
                    part.RootElement?.Save();
                }
            }
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new RedactionException("Word 文档已损坏或格式无法识别，无法遮盖；请用 Word 或 WPS 另存为 DOCX 后重新上传");
        }
        return stream.ToArray();
    }

    /// <summary>The parts holding the document's text: body, headers, footers, footnotes, endnotes.</summary>
    private static IEnumerable<OpenXmlPart> Parts(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart ?? throw new RedactionException("Word 文档没有正文部分，无法遮盖");
        return new OpenXmlPart[] { main }.Concat(main.HeaderParts).Concat(main.FooterParts)
            .Concat(main.FootnotesPart is { } f ? [f] : []).Concat(main.EndnotesPart is { } e ? [e] : []);
    }

    private static IEnumerable<OpenXmlElement> Stories(WordprocessingDocument document) =>
        Parts(document).Select(p => p.RootElement).OfType<OpenXmlElement>();

    private static List<Paragraph> Paragraphs(OpenXmlElement root) => root.Descendants<Paragraph>().ToList();

    /// <summary>A paragraph's own text elements (not those of a text box's paragraphs nested inside it), in order.</summary>
    private static IEnumerable<Text> TextsOf(Paragraph paragraph) =>
        paragraph.Descendants<Text>().Where(t => t.Ancestors<Paragraph>().First() == paragraph);

    /// <summary>The text with every withheld text in it blocked out.</summary>
    private static string Blocked(string text, IReadOnlyList<string> withheld)
    {
        foreach (var word in withheld.OrderByDescending(w => w.Length))
        {
            text = text.Replace(word, new string(Block, word.Length), StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Blocks out each withheld text in a run of text elements that together read as one string.</summary>
    private static void Replace<T>(List<T> elements, IReadOnlyList<string> withheld) where T : OpenXmlLeafTextElement
    {
        if (elements.Count == 0)
        {
            return;
        }
        var chars = string.Concat(elements.Select(e => e.Text)).ToCharArray();
        var joined = new string(chars);
        foreach (var word in withheld.OrderByDescending(w => w.Length))
        {
            for (var at = joined.IndexOf(word, StringComparison.Ordinal); at >= 0; at = joined.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                for (var i = at; i < at + word.Length; i++)
                {
                    if (!char.IsWhiteSpace(chars[i]))
                    {
                        chars[i] = Block;
                    }
                }
            }
        }
        var offset = 0;
        foreach (var e in elements)
        {
            var length = e.Text.Length;
            e.Text = new string(chars, offset, length);
            offset += length;
        }
    }

    private static void RemoveHidden(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart ?? throw new RedactionException("Word 文档没有正文部分，无法遮盖");
        // Comments and who wrote them.
        DeleteParts(main, main.WordprocessingCommentsPart, main.WordprocessingCommentsExPart, main.WordprocessingCommentsIdsPart,
            main.WordprocessingPeoplePart);
        // The document's properties: title, author, company, last editor, custom fields, a thumbnail of the first page.
        if (document.CoreFilePropertiesPart is { } core)
        {
            document.DeletePart(core);
        }
        if (document.ExtendedFilePropertiesPart is { } extended)
        {
            document.DeletePart(extended);
        }
        if (document.CustomFilePropertiesPart is { } custom)
        {
            document.DeletePart(custom);
        }
        if (document.ThumbnailPart is { } thumbnail)
        {
            document.DeletePart(thumbnail);
        }
        if (main.GlossaryDocumentPart is { } glossary)
        {
            main.DeletePart(glossary);
        }
        // Custom XML parts hold the data content controls are bound to — the same names and numbers, out of sight.
        foreach (var customXml in main.CustomXmlParts.ToList())
        {
            main.DeletePart(customXml);
        }
        var hiddenStyles = main.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleRunProperties?.GetFirstChild<Vanish>() is not null && s.StyleId?.Value is not null)
            .Select(s => s.StyleId!.Value!).ToHashSet() ?? [];
        foreach (var part in Parts(document).ToList())
        {
            if (part.RootElement is not { } root)
            {
                continue;
            }
            RemoveAll(root, root.Descendants().Where(e => e is CommentRangeStart or CommentRangeEnd or CommentReference
                // Tracked changes, accepted: what was deleted goes, with the records of every change.
                or DeletedRun or MoveFromRun or DeletedMathControl or MoveFromRangeStart or MoveFromRangeEnd or MoveToRangeStart or MoveToRangeEnd
                or RunPropertiesChange or ParagraphPropertiesChange or SectionPropertiesChange or TablePropertiesChange
                or TableRowPropertiesChange or TableCellPropertiesChange or TablePropertyExceptionsChange or NumberingChange
                or ParagraphMarkRunPropertiesChange
                // Embedded files and documents imported whole.
                or EmbeddedObject or AltChunk));
            RemoveAll(root, root.Descendants<TableRow>().Where(r => r.TableRowProperties?.GetFirstChild<Deleted>() is not null));
            // A deleted paragraph mark and an inserted one are just marks; the text around them stays.
            RemoveAll(root, root.Descendants().Where(e => (e is Deleted or Inserted) && e.Parent is ParagraphMarkRunProperties or TableRowProperties));
            foreach (var inserted in root.Descendants().Where(e => e is InsertedRun or MoveToRun).ToList())
            {
                Unwrap(inserted);
            }
            // Hidden text (w:vanish, directly or by its style) is in the file though not on the page.
            RemoveAll(root, root.Descendants<Run>().Where(r => r.RunProperties?.GetFirstChild<Vanish>() is not null
                || (r.RunProperties?.RunStyle?.Val?.Value is { } style && hiddenStyles.Contains(style))));
            RemoveAll(root, root.Descendants<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphMarkRunProperties?.GetFirstChild<Vanish>() is not null
                && !p.Descendants<Text>().Any()));
            foreach (var embedded in part.Parts.Select(p => p.OpenXmlPart).Where(p => p is EmbeddedObjectPart or EmbeddedPackagePart or EmbeddedControlPersistencePart or AlternativeFormatImportPart).ToList())
            {
                part.DeletePart(embedded);
            }
        }
        // Revision-save ids and the list of authors' initials in the settings say who edited when; no text is there.
        if (main.DocumentSettingsPart?.Settings is { } settings)
        {
            RemoveAll(settings, settings.Elements<Rsids>());
            RemoveAll(settings, settings.Elements<TrackRevisions>());
            // Document variables (w:docVars) are data a template or macro stored: not on any page.
            RemoveAll(settings, settings.Elements<DocumentVariables>());
        }
    }

    private static void DeleteParts(MainDocumentPart main, params OpenXmlPart?[] parts)
    {
        foreach (var part in parts)
        {
            if (part is not null)
            {
                main.DeletePart(part);
            }
        }
    }

    private static void RemoveAll(OpenXmlElement root, IEnumerable<OpenXmlElement> elements)
    {
        foreach (var e in elements.ToList())
        {
            if (e.Parent is not null)
            {
                e.Remove();
            }
        }
    }

    /// <summary>Puts an element's children in its place.</summary>
    private static void Unwrap(OpenXmlElement element)
    {
        var parent = element.Parent;
        if (parent is null)
        {
            return;
        }
        foreach (var child in element.ChildElements.ToList())
        {
            child.Remove();
            parent.InsertBefore(child, element);
        }
        element.Remove();
    }
}
