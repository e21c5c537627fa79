using System.IO.Compression;
using System.Text;

namespace Gongkai.Web.Tests;

/// <summary>Small real files for uploads: attachments are opened and counted on upload, so they must be what they claim.</summary>
public static class TestFiles
{
    /// <summary>
    /// A valid PDF of <paramref name="pages"/> blank pages sharing one content stream, with <paramref name="note"/> in a
    /// comment line (so two files differ byte for byte) and <paramref name="content"/> as that stream, Flate-compressed
    /// when <paramref name="compress"/>.
    /// </summary>
    public static byte[] Pdf(string note = "测试", int pages = 1, byte[]? content = null, bool compress = false) =>
        Build(note, pages, compress ? Deflate(content ?? DefaultContent, 1) : content ?? DefaultContent, compress);

    /// <summary>A one-page PDF whose content stream inflates to <paramref name="megabytes"/> MB of zeros (about a thousandth of that on disk).</summary>
    public static byte[] FlateBombPdf(int megabytes) => Build("bomb", 1, Deflate(new byte[1 << 20], megabytes), compressed: true);

    private static readonly byte[] DefaultContent = "BT /F1 12 Tf 72 720 Td (Gongkai) Tj ET"u8.ToArray();

    private static byte[] Deflate(byte[] chunk, int times)
    {
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var i = 0; i < times; i++)
            {
                zlib.Write(chunk);
            }
        }
        return packed.ToArray();
    }

    private static byte[] Build(string note, int pages, byte[] stream, bool compressed)
    {
        var compress = compressed;
        var output = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(output.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }
        Write("%PDF-1.4\n%");
        output.Write(Encoding.UTF8.GetBytes(note.Replace('\n', ' ')));
        Write("\n");
        var kids = string.Join(" ", Enumerable.Range(0, pages).Select(i => $"{i + 4} 0 R"));
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>");
        offsets.Add(output.Position);
        Write($"3 0 obj\n<< /Length {stream.Length}{(compress ? " /Filter /FlateDecode" : "")} >>\nstream\n");
        output.Write(stream);
        Write("\nendstream\nendobj\n");
        for (var i = 0; i < pages; i++)
        {
            Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>");
        }
        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }
        Write(table.ToString());
        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>A PNG's signature and IHDR chunk declaring <paramref name="width"/> × <paramref name="height"/>, then one tiny data chunk.</summary>
    public static byte[] Png(int width = 1, int height = 1)
    {
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        png.AddRange("IHDR"u8.ToArray());
        png.AddRange(BigEndian(width));
        png.AddRange(BigEndian(height));
        png.AddRange(new byte[] { 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE });
        png.AddRange(new byte[] { 0, 0, 0, 0 });
        png.AddRange("IEND"u8.ToArray());
        png.AddRange(new byte[] { 0xAE, 0x42, 0x60, 0x82 });
        return [.. png];
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    /// <summary>A minimal .docx whose document part is <paramref name="documentXml"/> as given (declaration and all).</summary>
    public static byte[] Docx(string documentXml)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            Add("word/document.xml", documentXml);
        }
        return buffer.ToArray();
    }

    /// <summary>The "billion laughs": ten entities each ten times the one before, referenced once in the body.</summary>
    public static byte[] BillionLaughsDocx()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }
        return Docx($"<?xml version=\"1.0\"?><!DOCTYPE w:document [{entities}]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>");
    }
}
