using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Gongkai.Reading.Tests;

/// <summary>
/// A small generated fuzz corpus (issue 13): the seeds as text, web page, Word and PDF, truncated, with bytes flipped,
/// numbers made absurd and markup nested. Every file is either read or refused with a Chinese message
/// (<see cref="ReportReadException"/>); no other exception — which users would see as “内部错误” — may escape.
/// </summary>
public partial class FuzzTests
{
    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    private static byte[] Docx(string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            }
            using (var rels = new StreamWriter(zip.CreateEntry("_rels/.rels").Open()))
            {
                rels.Write("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            }
            using var document = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            document.Write("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""");
            foreach (var line in text.Split('\n'))
            {
                document.Write($"<w:p><w:r><w:t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(line.TrimEnd('\r'))}</w:t></w:r></w:p>");
            }
            document.Write("</w:body></w:document>");
        }
        return buffer.ToArray();
    }

    private static string Html(string text) =>
        "<html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>"
        + string.Concat(text.Split('\n').Select(l => $"<p>{System.Net.WebUtility.HtmlEncode(l)}</p>")) + "</body></html>";

    /// <summary>Each shape of damage applied to one file: (what was done, the bytes).</summary>
    private static IEnumerable<(string What, byte[] Bytes)> Mutations(byte[] original, int seed)
    {
        var random = new Random(seed);
        for (var k = 1; k <= 5; k++)
        {
            yield return ($"truncated to {k}/6", original[..(original.Length * k / 6)]);
        }
        for (var round = 0; round < 6; round++)
        {
            var flipped = (byte[])original.Clone();
            for (var i = 0; i < 1 + round * 8; i++)
            {
                flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
            }
            yield return ($"{1 + round * 8} bytes flipped (round {round})", flipped);
        }
    }

    private static IEnumerable<(string What, string Text)> TextMutations(string text)
    {
        foreach (var absurd in new[] { "1e308", "99999999999999999999999999", "-7", "１２３", "1,234,567,890,123", "NaN", "0.000000001" })
        {
            var n = 0;
            yield return ($"numbers as {absurd}", Digits().Replace(text, m => n++ % 3 == 0 ? absurd : m.Value));
        }
        yield return ("every number doubled in length", Digits().Replace(text, m => m.Value + m.Value + m.Value));
        yield return ("lines shuffled", string.Join('\n', text.Split('\n').OrderBy(l => l.GetHashCode(StringComparison.Ordinal))));
        yield return ("only tables", string.Join('\n', text.Split('\n').Where(l => Digits().IsMatch(l))));
    }

    private static List<string> Escapes(IEnumerable<(string What, byte[] Bytes, string Name)> corpus)
    {
        var escaped = new List<string>();
        foreach (var (what, bytes, name) in corpus)
        {
            try
            {
                ReportReader.Read(bytes, name);
            }
            catch (ReportReadException e)
            {
                if (string.IsNullOrWhiteSpace(e.Message) || !e.Message.Any(c => c >= 0x4E00 && c <= 0x9FFF))
                {
                    escaped.Add($"{name} ({what}): refusal without a Chinese message: {e.Message}");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                escaped.Add($"{name} ({what}): {e.GetType().Name}: {e.Message}");
            }
        }
        return escaped;
    }

    [Theory]
    [InlineData("001")]
    [InlineData("003")]
    public void TextHtmlAndWord_DamagedOrAbsurd_AreReadOrRefusedInChinese(string id)
    {
        var text = Seeds.Text(id);
        var corpus = new List<(string, byte[], string)>();
        foreach (var (what, mutated) in TextMutations(text).Prepend(("as published", text)))
        {
            corpus.Add((what, Encoding.UTF8.GetBytes(mutated), "report.txt"));
            corpus.Add((what, Encoding.UTF8.GetBytes(Html(mutated)), "report.html"));
            corpus.Add((what, Docx(mutated), "report.docx"));
        }
        foreach (var (what, bytes) in Mutations(Encoding.UTF8.GetBytes(Html(text)), 1))
        {
            corpus.Add((what, bytes, "report.html"));
        }
        foreach (var (what, bytes) in Mutations(Docx(text), 2))
        {
            corpus.Add((what, bytes, "report.docx"));
        }
        var escaped = Escapes(corpus);
        Assert.True(escaped.Count == 0, string.Join("\n", escaped));
    }

    [Fact]
    public void Pdf_Damaged_IsReadOrRefusedInChinese()
    {
        var pdf = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "pdf-from-seeds", "seed001-from-text.pdf"));
        var escaped = Escapes(Mutations(pdf, 3).Select(m => (m.What, m.Bytes, "report.pdf")));
        Assert.True(escaped.Count == 0, string.Join("\n", escaped));
    }

    [Fact]
    public void Html_NestedBelowTheLimit_IsReadOrRefusedInChinese()
    {
        var text = Seeds.Text("002");
        var nested = "<html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 450)) + Html(text) + string.Concat(Enumerable.Repeat("</span></div>", 450)) + "</body></html>";
        Assert.Empty(Escapes([("900 levels deep", Encoding.UTF8.GetBytes(nested), "report.html")]));
    }
}
