using System.Text.Json;

namespace Gongkai.Cli.Tests;

public class CliTests
{
    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    private static string Seed(string id) => Directory.GetFiles(Seeds, id + "_*.txt").Single();

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Check_SameReportUnderTwoNames_NamesTheDuplicateOnTheSecond()
    {
        var dir = Directory.CreateTempSubdirectory("gongkai-dup-").FullName;
        try
        {
            File.Copy(Seed("001"), Path.Combine(dir, "a-xinxiang-2023.txt"));
            File.Copy(Seed("001"), Path.Combine(dir, "b-xinxiang-2023-copy.txt"));
            var (_, output, _) = Run("check", dir, "--json");
            using var doc = JsonDocument.Parse(output);
            var copy = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("file").GetString()!.EndsWith("b-xinxiang-2023-copy.txt", StringComparison.Ordinal));
            var duplicate = copy.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "duplicate-report");
            Assert.Contains("a-xinxiang-2023.txt", duplicate.GetProperty("message").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Check_Directory_Json_HasOneRecordPerReportWithFindings()
    {
        var (code, output, _) = Run("check", Seeds, "--json");
        using var doc = JsonDocument.Parse(output);
        var records = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(5, records.Length);
        var weihui = records.Single(r => r.GetProperty("agency").GetString() == "卫辉市公安局");
        Assert.Equal(2021, weihui.GetProperty("year").GetInt32());
        Assert.Equal("2021", weihui.GetProperty("format").GetString());
        var finding = weihui.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "narrative-fees");
        Assert.Equal("narrative", finding.GetProperty("category").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains("227.3466", finding.GetProperty("message").GetString());
        Assert.True(finding.TryGetProperty("location", out _));
        Assert.Equal(CliApp.FindingsWithErrors, code);
    }

    [Fact]
    public void Check_ConsistentReport_ExitsZeroAndSaysNoProblem()
    {
        var (code, output, _) = Run("check", Seed("001"));
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("新乡市公安局 2023 年", output);
        Assert.Contains("未发现问题", output);
    }

    [Fact]
    public void Check_ScannedPdf_IsReadByOcrAndSaysSo()
    {
        // One page of seed 001 scanned at 150 dpi (tests/fixtures/scans): no text layer, read by Tesseract.
        var (code, output, _) = Run("check", Path.Combine(AppContext.BaseDirectory, "scans", "seed001-page1-scan.pdf"));
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("新乡市公安局 2023 年", output);
        Assert.Matches(@"（扫描件，文字识别 1 页，每页 \d+\.\d 秒）", output);
        Assert.Contains("scanned-report", output);
        Assert.Contains("数字请对照原件核实", output);
        Assert.DoesNotContain("无法读取：", output);
    }

    [Fact]
    public void Check_ScannedPdf_Json_CarriesTheOcrSummary()
    {
        var (_, output, _) = Run("check", Path.Combine(AppContext.BaseDirectory, "scans", "seed001-page1-scan.pdf"), "--json");
        using var doc = JsonDocument.Parse(output);
        var ocr = doc.RootElement[0].GetProperty("ocr");
        Assert.Equal(1, ocr.GetProperty("pages").GetInt32());
        Assert.True(ocr.GetProperty("secondsPerPage").GetDouble() > 0);
    }

    [Fact]
    public void Check_WarningsOnly_ExitsZero()
    {
        var (code, output, _) = Run("check", Seed("003"));
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("enforcement-zero", output);
    }

    [Fact]
    public void Check_HumanOutput_ListsSeverityRuleMessageAndLocation()
    {
        var (_, output, _) = Run("check", Seed("004"));
        Assert.Contains("错误", output);
        Assert.Contains("narrative-fees", output);
        Assert.Contains("第44行至第68行", output);
        Assert.Contains("共 1 份：1 份有错误", output);
    }

    [Fact]
    public void Check_UnreadableFile_ExitsTwoWithChineseMessage()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var (code, output, _) = Run("check", empty, Seed("001"), "--json");
            Assert.Equal(CliApp.Unreadable, code);
            using var doc = JsonDocument.Parse(output);
            var record = doc.RootElement[0];
            Assert.Contains("文件为空", record.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Null, record.GetProperty("year").ValueKind);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public void Check_HugeFile_ExitsTwoWithoutStackTrace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-cli-{Guid.NewGuid():N}.txt");
        try
        {
            using (var f = File.Create(path))
            {
                f.SetLength(50L * 1024 * 1024);
            }
            var (code, output, err) = Run("check", path);
            Assert.Equal(CliApp.Unreadable, code);
            Assert.Contains("文件过大", output);
            Assert.DoesNotContain("Exception", output + err);
            Assert.DoesNotContain("   at ", output + err);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Extract_Json_KeysCellsByStatutoryRowAndColumn()
    {
        var (code, output, _) = Run("extract", Seed("001"), "--format", "json");
        Assert.Equal(CliApp.Ok, code);
        using var doc = JsonDocument.Parse(output);
        var tables = doc.RootElement[0].GetProperty("tables");
        Assert.Equal(1, tables.GetProperty("applications").GetProperty("三.三.6").GetProperty("自然人").GetInt32());
        Assert.Equal(18, tables.GetProperty("applications").GetProperty("三.四.1").GetProperty("总计").GetInt32());
        Assert.Equal("9486.7475", tables.GetProperty("proactive").GetProperty("行政事业性收费").GetProperty("本年收费金额").GetRawText());
        Assert.Equal(1, tables.GetProperty("review").GetProperty("行政复议").GetProperty("结果维持").GetInt32());
        Assert.False(doc.RootElement[0].TryGetProperty("sections", out _));
    }

    [Fact]
    public void Extract_WithText_IncludesSections()
    {
        var (_, output, _) = Run("extract", Seed("001"), "--with-text");
        using var doc = JsonDocument.Parse(output);
        Assert.Contains("2098", doc.RootElement[0].GetProperty("sections").GetProperty("一").GetProperty("text").GetString());
    }

    [Fact]
    public void Extract_Csv_HasHeaderAndOneLinePerReportWithAbsentCellsEmpty()
    {
        var (code, output, _) = Run("extract", Seeds, "--format", "csv");
        Assert.Equal(CliApp.Ok, code);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(6, lines.Length);
        var header = lines[0].Split(',');
        var weihui = lines.Single(l => l.Contains("卫辉市公安局", StringComparison.Ordinal)).Split(',');
        Assert.Equal("47", weihui[Array.IndexOf(header, "applications.一.自然人")]);
        Assert.Equal("", weihui[Array.IndexOf(header, "applications.一.商业企业")]);
        Assert.Equal("227.3466", weihui[Array.IndexOf(header, "proactive.行政事业性收费.本年收费金额")]);
        Assert.Contains("proactive.政府集中采购.采购总金额", header);
    }

    [Fact]
    public void Render_Markdown_PrintsTheStatutoryLayout()
    {
        var (code, output, _) = Run("render", Seed("002"), "--to", "md");
        Assert.Equal(CliApp.Ok, code);
        Assert.StartsWith("# 平顶山市公安局2024年政府信息公开工作年度报告", output);
        Assert.Contains("| 四、结转下年度继续办理 |", output);
    }

    [Fact]
    public void Render_HtmlToFile_WritesAStandalonePage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-{Guid.NewGuid():N}.html");
        try
        {
            var (code, output, _) = Run("render", Seed("001"), "--to", "html", "-o", path);
            Assert.Equal(CliApp.Ok, code);
            Assert.Equal("", output);
            Assert.Contains("<th colspan=\"7\">申请人情况</th>", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Render_ReaderFindings_GoToStandardError()
    {
        var (_, _, err) = Run("render", Seed("004"), "--to", "json");
        Assert.Contains("values-unplaced", err);
    }

    [Fact]
    public void WrongUsage_ExitsTwoWithChineseMessage()
    {
        var (code, _, err) = Run("render", Seed("001"), "--to", "pdf");
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("命令行有误", err);
    }

    [Fact]
    public void Rules_ListsEveryRuleId()
    {
        var (code, output, _) = Run("rules");
        Assert.Equal(CliApp.Ok, code);
        foreach (var rule in Reports.Checking.Rules.All)
        {
            Assert.Contains(rule.Id, output);
        }
    }
}

public class CliBadInputTests
{
    private static (int Code, string Out, string Err) RunOn(byte[] content, string extension = ".txt")
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongkai-bad-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, content);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = CliApp.Run(["check", path], stdout, stderr);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Binary_ExitsTwoWithChineseMessage()
    {
        var (code, output, _) = RunOn([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x00, 0x0D]);
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("文件不是文本", output);
    }

    [Fact]
    public void WronglyEncoded_ExitsTwoWithChineseMessage()
    {
        var (code, output, _) = RunOn([.. "一、总体情况"u8.ToArray(), 0xFF, 0xFE, 0xFF, 0x80]);
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("无法识别文件编码", output);
    }

    [Fact]
    public void Truncated_ExitsOneAndNamesWhatIsMissing()
    {
        var seed = File.ReadAllText(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single());
        var (code, output, _) = RunOn(System.Text.Encoding.UTF8.GetBytes(seed[..(seed.Length / 2)]));
        Assert.Equal(CliApp.FindingsWithErrors, code);
        Assert.Contains("section-missing", output);
        Assert.Contains("缺少第六部分", output);
    }
}
