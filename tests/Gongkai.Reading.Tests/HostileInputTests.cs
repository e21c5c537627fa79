using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Gongkai.Reading.Tests;

/// <summary>Files built to exhaust the reader (issue 13): refused in a moment with a Chinese message.</summary>
public class HostileInputTests
{
    /// <summary>A .docx whose document part inflates to <paramref name="megabytes"/> MB of spaces from a few hundred KB.</summary>
    private static byte[] ZipBombDocx(int megabytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1 << 20));
            for (var i = 0; i < megabytes; i++)
            {
                part.Write(chunk);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public void ZipBombDocx_IsRefusedWithoutInflatingIt()
    {
        var bomb = ZipBombDocx(300);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb itself is small ({bomb.Length} bytes)");
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(bomb, "bomb.docx"));
        Assert.Contains("解压后过大", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void DocxOfManyParts_IsRefused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 2_500; i++)
            {
                zip.CreateEntry($"word/p{i}.xml");
            }
        }
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(buffer.ToArray(), "parts.docx"));
        Assert.Contains("个部件", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("div")]
    [InlineData("span")]
    [InlineData("b")]
    public void DeeplyNestedHtml_IsRefusedQuickly(string tag)
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat($"<{tag}>", 78_000)) + "一、总体情况</body></html>";
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadText(html, SourceFormat.Html));
        Assert.Contains("嵌套超过", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void NestingHiddenBehindStrayClosingTags_IsRefusedQuickly()
    {
        // "</i>" closes nothing, so a parser nests every <div> all the same (26 s for this page before it was refused).
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div></i>", 78_000)) + "一、总体情况</body></html>";
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadText(html, SourceFormat.Html));
        Assert.Contains("嵌套超过 1000 层", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void StrayClosingTagsDeepInThePage_AreRefusedQuickly()
    {
        // Each stray "</i>" makes a parser search all 990 open <span>s for an <i>: 900,000 of them took 6 s.
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<span>", 990)) + "一、总体情况\n" + string.Concat(Enumerable.Repeat("</i>", 900_000)) + "</body></html>";
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadText(html, SourceFormat.Html));
        Assert.Contains("网页中无对应开始标签的结束标签过多（在第 2 行附近超过上限）", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void ManyUnclosedParagraphsAndCells_AreNotTakenForNesting()
    {
        // Old pages leave <p>, <td> and <li> open; a browser closes them, and so does the depth estimate.
        var rows = string.Concat(Enumerable.Range(0, 3_000).Select(i => $"<tr><td>第{i}行<td>0"));
        var html = "<html><body><p>新乡市公安局2023年政府信息公开工作年度报告" + string.Concat(Enumerable.Repeat("<p>正文", 3_000)) + "<table>" + rows + "</table></body></html>";
        var read = ReportReader.ReadText(html, SourceFormat.Html);
        Assert.Equal("新乡市公安局", read.Report.Agency);
    }
}
