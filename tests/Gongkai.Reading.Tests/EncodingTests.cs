using System.Text;

namespace Gongkai.Reading.Tests;

public class EncodingTests
{
    private static readonly string Seed = Seeds.Text("002");
    private static readonly string Expected = Seeds.Canonical(ReportReader.ReadText(Seed).Report);

    private static byte[] Bom(Encoding e, string text) => [.. e.GetPreamble(), .. e.GetBytes(text)];

    public static TheoryData<string> Encodings => new("utf8", "utf8bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "gb18030");

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Read_Encoding_IsDetectedAndDecoded(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = name switch
        {
            "utf8" => new UTF8Encoding(false).GetBytes(Seed),
            "utf8bom" => Bom(new UTF8Encoding(true), Seed),
            "utf16le-bom" => Bom(new UnicodeEncoding(false, true), Seed),
            "utf16be-bom" => Bom(new UnicodeEncoding(true, true), Seed),
            "utf16le" => new UnicodeEncoding(false, false).GetBytes(Seed),
            "utf16be" => new UnicodeEncoding(true, false).GetBytes(Seed),
            _ => Encoding.GetEncoding("GB18030").GetBytes(Seed),
        };
        var result = ReportReader.Read(bytes, "report.txt");
        Assert.Equal(Expected, Seeds.Canonical(result.Report));
        Assert.StartsWith(name switch { "gb18030" => "GB18030", "utf8" or "utf8bom" => "UTF-8", "utf16be" or "utf16be-bom" => "UTF-16BE", _ => "UTF-16LE" }, result.Encoding);
    }

    [Fact]
    public void Read_GbkHtml_IsDecoded()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta charset=\"gbk\"></head><body>" + string.Concat(Seed.Split('\n').Select(l => $"<p>{l.Replace("\t", " | ", StringComparison.Ordinal)}</p>")) + "</body></html>";
        var result = ReportReader.Read(Encoding.GetEncoding(936).GetBytes(html), "gb.html");
        Assert.Equal("平顶山市公安局", result.Report.Agency);
        Assert.Equal(23, result.Report.Applications.Value("一", "总计"));
    }
}
