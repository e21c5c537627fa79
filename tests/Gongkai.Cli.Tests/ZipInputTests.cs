using System.IO.Compression;
using System.Text.Json;

namespace Gongkai.Cli.Tests;

/// <summary>check, extract and audit read a ZIP, and a ZIP inside a folder, the same way; a run that read nothing fails and says so.</summary>
public sealed class ZipInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gongkai-zip-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Seed(string id) => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), id + "_*.txt").Single();

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    private static void WriteZip(string path, params (string Name, byte[] Content)[] entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }

    /// <summary>Seeds 001 (新乡市公安局 2023, no finding) and 002 (平顶山市公安局 2024, one warning).</summary>
    private string TwoSeedsZip(string relative = "two.zip")
    {
        var path = Path.Combine(folder, relative);
        WriteZip(path, ("报告/001.txt", File.ReadAllBytes(Seed("001"))), ("报告/002.txt", File.ReadAllBytes(Seed("002"))));
        return path;
    }

    /// <summary>A folder holding, below it, a ZIP of the two seeds.</summary>
    private string FolderWithZip()
    {
        TwoSeedsZip(Path.Combine("folder", "2023", "two.zip"));
        return Path.Combine(folder, "folder");
    }

    private static readonly string[] BothAgencies = ["新乡市公安局", "平顶山市公安局"];

    private static void AssertBothRead(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var records = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.False(r.TryGetProperty("error", out _), r.ToString()));
        Assert.Equal(BothAgencies, records.Select(r => r.GetProperty("agency").GetString()));
        Assert.All(records, r => Assert.Contains("two.zip!报告/00", r.GetProperty("file").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ZipOfTwoSeeds_ReadsBoth()
    {
        var (code, stdout, stderr) = Run("check", TwoSeedsZip(), "--json");
        AssertBothRead(stdout);
        Assert.Equal("", stderr);
        Assert.Equal(CliApp.Ok, code);
    }

    [Fact]
    public void Check_FolderHoldingAZip_ReadsBoth()
    {
        var (code, stdout, _) = Run("check", FolderWithZip(), "--json");
        AssertBothRead(stdout);
        Assert.Equal(CliApp.Ok, code);
    }

    [Fact]
    public void Check_ZipOfTwoSeeds_HumanOutputCountsBothAsRead()
    {
        var (_, stdout, _) = Run("check", TwoSeedsZip());
        Assert.Contains("共 2 份：0 份有错误，1 份只有警告，1 份未发现问题，0 份无法读取", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ZipOfTwoSeeds_ReadsBoth()
    {
        var (code, stdout, stderr) = Run("extract", TwoSeedsZip());
        AssertBothRead(stdout);
        Assert.Equal("", stderr);
        Assert.Equal(CliApp.Ok, code);
    }

    [Fact]
    public void Extract_FolderHoldingAZip_ReadsBoth()
    {
        var (code, stdout, _) = Run("extract", FolderWithZip());
        AssertBothRead(stdout);
        Assert.Equal(CliApp.Ok, code);
    }

    private (int Code, string Out, string Err, string[] Rows) Audit(string input)
    {
        var output = Path.Combine(folder, "out");
        var (code, stdout, stderr) = Run("audit", input, "-o", output);
        var csv = Path.Combine(output, "reports.csv");
        return (code, stdout, stderr, File.Exists(csv) ? File.ReadAllLines(csv).Skip(1).ToArray() : []);
    }

    private static void AssertBothRead(string[] rows)
    {
        Assert.Equal(2, rows.Length);
        Assert.Contains(rows, r => r.Contains("two.zip!报告/001.txt", StringComparison.Ordinal) && r.Contains("新乡市公安局", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("two.zip!报告/002.txt", StringComparison.Ordinal) && r.Contains("平顶山市公安局", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("错误", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_ZipOfTwoSeeds_ReadsBoth()
    {
        var (code, stdout, stderr, rows) = Audit(TwoSeedsZip());
        AssertBothRead(rows);
        Assert.Contains("0 份无法读取", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
        Assert.Equal(CliApp.Ok, code);
    }

    [Fact]
    public void Audit_FolderHoldingAZip_ReadsBoth()
    {
        var (code, _, _, rows) = Audit(FolderWithZip());
        AssertBothRead(rows);
        Assert.Equal(CliApp.Ok, code);
    }

    [Fact]
    public void Audit_SomeEntriesUnreadable_WritesTheDatasetAndExitsTwo()
    {
        var zip = Path.Combine(folder, "mixed.zip");
        WriteZip(zip, ("001.txt", File.ReadAllBytes(Seed("001"))), ("scan.txt", [0, 1, 2, 0, 0, 0, 3]));
        var (code, _, stderr, rows) = Audit(zip);
        Assert.Equal(2, rows.Length);
        Assert.Contains("1 份无法读取", stderr, StringComparison.Ordinal);
        Assert.Equal(CliApp.Unreadable, code);
    }

    /// <summary>Archives from which nothing can be read: empty, holding only a ZIP, holding only files that are not reports' text.</summary>
    private string NothingReadable(string kind)
    {
        var path = Path.Combine(folder, kind + ".zip");
        switch (kind)
        {
            case "empty":
                WriteZip(path);
                break;
            case "zips-only":
                var inner = TwoSeedsZip("inner.zip");
                WriteZip(path, ("inner.zip", File.ReadAllBytes(inner)), ("more/other.zip", File.ReadAllBytes(inner)));
                break;
            default:
                WriteZip(path, ("a.txt", [0, 1, 2, 0, 0, 0, 3]), ("b.html", [0xFF, 0xD8, 0, 0, 0]), ("说明.xlsx", [1, 2, 3]));
                break;
        }
        return path;
    }

    public static TheoryData<string, string> CommandsAndArchives()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in new[] { "check", "extract", "audit" })
        {
            foreach (var kind in new[] { "empty", "zips-only", "unreadable" })
            {
                data.Add(command, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsAndArchives))]
    public void NothingReadable_ExitsTwoAndSaysSoOnStandardError(string command, string kind)
    {
        var zip = NothingReadable(kind);
        var (code, _, stderr) = command == "audit" ? Run(command, zip, "-o", Path.Combine(folder, "out")) : Run(command, zip);
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("没有读取到任何年度报告", stderr, StringComparison.Ordinal);
        Assert.Contains(kind switch
        {
            "empty" => "压缩包中没有年度报告文件",
            "zips-only" => "压缩包内的压缩包不会展开",
            _ => "无法读取",
        }, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyFolder_ExitsTwoAndSaysNoReportWasFound()
    {
        var (code, stdout, stderr) = Run("check", folder, "--json");
        Assert.Equal("[]", stdout.Trim());
        Assert.Contains("没有找到年度报告文件", stderr, StringComparison.Ordinal);
        Assert.Equal(CliApp.Unreadable, code);
    }

    [Fact]
    public void Check_ZipWithAReportAndANestedZip_ReadsTheReportAndNamesTheNestedZip()
    {
        var zip = Path.Combine(folder, "mixed.zip");
        WriteZip(zip, ("001.txt", File.ReadAllBytes(Seed("001"))), ("older.zip", File.ReadAllBytes(TwoSeedsZip())));
        var (code, stdout, _) = Run("check", zip, "--json");
        using var doc = JsonDocument.Parse(stdout);
        var records = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal("新乡市公安局", records.Single(r => r.GetProperty("file").GetString()!.EndsWith("!001.txt", StringComparison.Ordinal)).GetProperty("agency").GetString());
        Assert.Contains("不会展开", records.Single(r => r.GetProperty("file").GetString()!.EndsWith("!older.zip", StringComparison.Ordinal)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(CliApp.Unreadable, code);
    }
}
