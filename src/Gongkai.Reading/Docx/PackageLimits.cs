using System.Globalization;
using System.IO.Compression;

namespace Gongkai.Reading.Docx;

/// <summary>
/// A Word package is a ZIP, and a ZIP can hold a "bomb": a few MB that inflate to gigabytes. Before the package is
/// opened, every entry is inflated once under caps — what it really inflates to, not what its header claims — so a
/// hostile file is refused in a moment with a Chinese message instead of exhausting memory.
/// </summary>
public static class PackageLimits
{
    /// <summary>A report's package holds a few dozen parts.</summary>
    public const int MaxEntries = 2_000;

    /// <summary>Text, styles and a few images: far less than this.</summary>
    public const long MaxInflatedBytes = 128L * 1024 * 1024;

    /// <summary>XML compresses about tenfold; a part inflating a thousandfold is built to.</summary>
    public const long MaxRatio = 1_000;

    /// <summary>
    /// A Word body nests a few dozen elements deep (a text box in a table cell in a table). The Open XML library reads
    /// a part recursively: a 4 KB document of 20,000 nested tables overflowed the stack and killed the process.
    /// </summary>
    public const int MaxXmlDepth = 256;

    /// <summary>
    /// XML elements in a report's package, all parts together. A thirty-page report with its tables holds some 40,000;
    /// a 199 KB file of 2,000,000 empty paragraphs took 14–18 s and 2 GB to read before this cap.
    /// </summary>
    public const int MaxReportElements = 200_000;

    /// <summary>
    /// XML elements in a stored attachment (a DOCX or OFD given to or by an applicant): larger documents pass, since
    /// Gongkai keeps them without reading them, but not millions of elements built to stall whoever opens them.
    /// </summary>
    public const int MaxAttachmentElements = 2_000_000;

    /// <summary>XML elements in an imported Excel workbook: a ledger of 20,000 rows and 21 columns holds about 1.7 million.</summary>
    public const int MaxWorkbookElements = 2_000_000;

    /// <param name="kind">What the package is, for the message: “Word 文档”, “OFD 文件”.</param>
    /// <param name="maxElements">XML elements allowed in all parts together.</param>
    /// <param name="refuseDamaged">
    /// Refuse a part that is not well-formed XML. A report's reader refuses such a part itself, with its own message; a
    /// stored attachment is not read by Gongkai, so it is refused here rather than kept to fail in whoever opens it.
    /// </param>
    public static void Check(byte[] package, string kind = "Word 文档", int maxElements = MaxReportElements, bool refuseDamaged = false)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                    $"{kind}内含 {zip.Entries.Count} 个部件，超过 {MaxEntries} 个上限，不是正常的文件"));
            }
            var counter = new InflationCounter(kind, maxElements);
            foreach (var entry in zip.Entries)
            {
                // Every part that is XML, whatever its name: a package's main part may be called "word/document.main"
                // when [Content_Types] and the relationships say so.
                var isXml = entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
                    || StartsLikeXml(entry);
                using var stream = new CountedEntry(entry, counter);
                if (isXml)
                {
                    CheckXml(stream, entry.FullName, counter, refuseDamaged);
                }
                stream.CopyTo(Stream.Null);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ReportReadException($"这是压缩文件，但已损坏，不是可以读取的 {kind}");
        }
    }

    /// <summary>
    /// Reads an XML part as a stream of nodes (no tree, no recursion) and refuses it past <see cref="MaxXmlDepth"/>, past
    /// the package's element budget, or with a document type declaration: Office Open XML allows none, and one is how
    /// a "billion laughs" part expands a few hundred bytes into gigabytes in whatever opens it later.
    /// </summary>
    /// <summary>Whether an entry starts, after an optional byte order mark and white space, with "&lt;" (read apart from the entry's full pass).</summary>
    public static bool StartsLikeXml(ZipArchiveEntry entry)
    {
        Span<byte> head = stackalloc byte[64];
        using var stream = entry.Open();
        var n = 0;
        int read;
        while (n < head.Length && (read = stream.Read(head[n..])) > 0)
        {
            n += read;
        }
        var span = head[..n];
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        span = span.TrimStart(" \t\r\n"u8);
        return span.Length > 0 && span[0] == (byte)'<';
    }

    private static void CheckXml(Stream part, string name, InflationCounter counter, bool refuseDamaged)
    {
        var kind = counter.Kind;
        try
        {
            using var xml = System.Xml.XmlReader.Create(part, new System.Xml.XmlReaderSettings
            {
                // Parse (not Ignore) so the declaration is seen as a node; entities are never expanded here, since the
                // part is refused at the declaration, before any content that could reference them.
                DtdProcessing = System.Xml.DtdProcessing.Parse, XmlResolver = null, CloseInput = false, MaxCharactersFromEntities = 1024,
            });
            while (xml.Read())
            {
                if (xml.NodeType == System.Xml.XmlNodeType.DocumentType)
                {
                    throw new ReportReadException($"{kind}的部件“{name}”含有文档类型声明（DOCTYPE），正常的 Office 文件没有，可能是恶意构造的文件，已拒绝读取");
                }
                if (xml.NodeType != System.Xml.XmlNodeType.Element)
                {
                    continue;
                }
                if (xml.Depth > MaxXmlDepth)
                {
                    throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                        $"{kind}的部件“{name}”中元素嵌套超过 {MaxXmlDepth} 层，不是正常的文件（可能是恶意构造的文件），已拒绝读取"));
                }
                if (++counter.Elements > counter.MaxElements)
                {
                    throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                        $"{kind}内容过多：XML 元素超过 {counter.MaxElements} 个（在部件“{name}”中），不是正常的文件（可能是恶意构造的文件），已拒绝读取"));
                }
            }
        }
        catch (System.Xml.XmlException e) when (refuseDamaged)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"{kind}的部件“{name}”已损坏（第 {e.LineNumber} 行附近不是正确的 XML），无法作为文件保存；请用原程序打开后另存一份再上传"));
        }
        catch (System.Xml.XmlException)
        {
            // Not well-formed: whoever reads the part refuses it with its own message; the rest is still counted.
        }
    }

    /// <summary>What the whole package has inflated to so far.</summary>
    private sealed class InflationCounter(string kind, int maxElements)
    {
        public long Total;

        public int Elements;

        public string Kind { get; } = kind;

        public int MaxElements { get; } = maxElements;
    }

    /// <summary>An entry's inflated bytes, refused the moment they pass the package's total or the entry's ratio.</summary>
    private sealed class CountedEntry(ZipArchiveEntry entry, InflationCounter counter) : Stream
    {
        private readonly Stream inner = entry.Open();
        private long inflated;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            inflated += n;
            counter.Total += n;
            if (counter.Total > MaxInflatedBytes || inflated > Math.Max(entry.CompressedLength, 1024) * MaxRatio)
            {
                throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                    $"{counter.Kind}解压后过大（部件“{entry.FullName}”压缩 {entry.CompressedLength} 字节，解压超过 {inflated / 1048576.0:0.#} MB），可能是恶意构造的压缩文件，已拒绝读取"));
            }
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => inflated; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
