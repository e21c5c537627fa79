using System.Text;

namespace Gongkai.Reading.Tests;

/// <summary>Inputs that are not readable reports: each gives a clear Chinese message, never another exception.</summary>
public class BadInputTests
{
    private static string Refusal(byte[] bytes, string name = "report.txt") =>
        Assert.Throws<ReportReadException>(() => ReportReader.Read(bytes, name)).Message;

    [Fact]
    public void Empty_SaysEmpty() => Assert.Contains("文件为空", Refusal([]));

    [Fact]
    public void Binary_SaysNotText()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01, 0x02, 0x03];
        Assert.Contains("不是文本", Refusal(png));
    }

    [Fact]
    public void Pdf_BrokenAfterItsHeader_IsRefusedNamingPdf() => Assert.Contains("PDF", Refusal("%PDF-1.7\n1 0 obj"u8.ToArray()));

    [Fact]
    public void ZipNamedAsText_SaysWordNeedsTheDocxExtension() => Assert.Contains("以 .docx 为扩展名", Refusal([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]));

    [Fact]
    public void BrokenDocx_SaysItIsNotAReadableWordDocument() =>
        Assert.Contains("不是可以读取的 Word", Refusal([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "report.docx"));

    [Fact]
    public void InvalidUtf16AfterBom_SaysDamaged()
    {
        byte[] bytes = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        Assert.Contains("UTF-16", Refusal(bytes));
    }

    [Fact]
    public void NeitherUtf8NorGb18030_SaysEncodingUnknown()
    {
        byte[] bytes = [.. "一、总体情况"u8.ToArray(), 0xFF, 0xFF, 0xFF, 0x80];
        Assert.Contains("无法识别文件编码", Refusal(bytes));
    }

    [Fact]
    public void ReplacementCharacters_SayWrongEncodingWhenSaved()
    {
        var text = "一、总体情况\n" + new string('\uFFFD', 50) + "\n";
        Assert.Contains("用错了编码", Refusal(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void ProseThatIsNotAReport_SaysNotAReport()
    {
        Assert.Contains("未能识别为政府信息公开工作年度报告", Refusal(Encoding.UTF8.GetBytes("今天天气很好。\n我们去公园散步。\n")));
    }

    [Fact]
    public void TooLarge_SaysSizeAndLimit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-large-{Guid.NewGuid():N}.txt");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(50L * 1024 * 1024);
            }
            var message = Assert.Throws<ReportReadException>(() => ReportReader.ReadFile(path)).Message;
            Assert.Contains("文件过大（50.0 MB）", message);
            Assert.Contains("4 MB", message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFile_SaysNotFound() =>
        Assert.Contains("找不到文件", Assert.Throws<ReportReadException>(() => ReportReader.ReadFile("/nonexistent/report.txt")).Message);

    [Fact]
    public void Truncated_ReadsWhatIsThereAndTheCheckerNamesWhatIsMissing()
    {
        var text = Seeds.Text("001");
        var cut = text[..text.IndexOf("(三) 不予公开", StringComparison.Ordinal)];
        var result = ReportReader.ReadText(cut);
        Assert.Equal(57, result.Report.Applications.Value("一", "总计"));
        Assert.Null(result.Report.Applications["三.七", "总计"]);
        var findings = Reports.Checking.ReportChecker.Check(result.Report);
        Assert.Contains(findings, f => f.RuleId == "section-missing" && f.Message.Contains("六、其他需要报告的事项"));
        Assert.Contains(findings, f => f.RuleId == "table-missing" && f.Message.Contains("表四"));
        Assert.Contains(findings, f => f.RuleId == "row-missing" && f.Message.Contains("三.七"));
    }
}
