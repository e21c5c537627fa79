using System.IO.Compression;
using System.Text.Json;

namespace Gongkai.Cli.Tests;

/// <summary>Files built to stall the reader, given to the command line (issue 20): refused with the reason, the rest still read.</summary>
public sealed class HostileFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gongkai-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    /// <summary>199 KB on disk: two million empty paragraphs (14–18 s and up to 2.8 GB before the element cap).</summary>
    private string ParagraphsDocx()
    {
        var path = Path.Combine(folder, "paragraphs.docx");
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        using var part = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open());
        part.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        for (var i = 0; i < 2_000_000; i++)
        {
            part.Write("<w:p/>");
        }
        part.Write("</w:body></w:document>");
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Check_WordFileOfMillionsOfParagraphs_IsRefusedWithTheReasonAndExitsTwo()
    {
        var (code, output, _) = Run("check", ParagraphsDocx(), "--json");
        Assert.Equal(2, code);
        using var json = JsonDocument.Parse(output);
        var record = Assert.Single(json.RootElement.EnumerateArray().ToArray());
        Assert.Contains("XML 元素超过 200000 个", record.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WordFileOfMillionsOfParagraphsBesideAReport_KeepsTheReport()
    {
        ParagraphsDocx();
        File.Copy(Directory.GetFiles(Seeds, "001_*.txt").Single(), Path.Combine(folder, "good.txt"));
        var (_, output, _) = Run("extract", folder);
        using var json = JsonDocument.Parse(output);
        var records = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, records.Length);
        Assert.Equal("新乡市公安局", records.Single(r => r.GetProperty("file").GetString()!.EndsWith("good.txt", StringComparison.Ordinal)).GetProperty("agency").GetString());
    }
}
