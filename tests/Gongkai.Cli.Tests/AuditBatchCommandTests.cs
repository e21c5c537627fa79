namespace Gongkai.Cli.Tests;

public class AuditBatchCommandTests
{
    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Audit_SeedFolder_WritesTheDatasetAndTheDashboard()
    {
        var output = Directory.CreateTempSubdirectory("gongkai-audit-").FullName;
        var (code, stdout, _) = Run("audit", Seeds, "-o", output);
        foreach (var name in new[] { "reports.csv", "findings.csv", "dataset.xlsx", "reports.parquet", "findings.parquet", "dashboard.html" })
        {
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        }
        Assert.Contains("共 5 份", stdout, StringComparison.Ordinal);
        Assert.Equal(CliApp.FindingsWithErrors, code);
    }

    [Fact]
    public void Audit_Dashboard_LinksEachReportToItsFileRelativeToTheOutput()
    {
        var output = Directory.CreateTempSubdirectory("gongkai-audit-").FullName;
        Run("audit", Seeds, "-o", output);
        var page = File.ReadAllText(Path.Combine(output, "dashboard.html"));
        var seed = Path.GetFileName(Directory.GetFiles(Seeds, "001_*.txt").Single());
        var relative = Path.GetRelativePath(output, Path.Combine(Seeds, seed)).Replace(Path.DirectorySeparatorChar, '/');
        Assert.Contains($"\"href\":\"{relative}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_WithoutOutput_SaysHowToUseIt()
    {
        var (code, _, stderr) = Run("audit", Seeds);
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("-o 输出目录", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_FolderWithoutReports_SaysSoInChinese()
    {
        var empty = Directory.CreateTempSubdirectory("gongkai-empty-").FullName;
        var (code, _, stderr) = Run("audit", empty, "-o", Path.Combine(empty, "out"));
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("没有找到年度报告文件", stderr, StringComparison.Ordinal);
    }
}

/// <summary><c>gongkai audit --shard i/n</c> and <c>gongkai audit merge</c>, as a user runs them.</summary>
public class AuditShardCommandTests
{
    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    private static string Temp() => Directory.CreateTempSubdirectory("gongkai-shard-").FullName;

    /// <summary>The seeds and seed 001 again as the same bureau's 2024 report: checks across reports have something to find.</summary>
    private static string Corpus()
    {
        var folder = Temp();
        foreach (var seed in Directory.GetFiles(Seeds, "*.txt"))
        {
            File.Copy(seed, Path.Combine(folder, Path.GetFileName(seed)));
        }
        var text = File.ReadAllText(Directory.GetFiles(Seeds, "001_*.txt").Single());
        File.WriteAllText(Path.Combine(folder, "公安局2024.txt"), text.Replace("新乡市公安局 2023 年", "新乡市公安局 2024 年", StringComparison.Ordinal));
        return folder;
    }

    [Fact]
    public void ShardsMerged_GiveTheSameDatasetAndExitCodeAsOneRun()
    {
        var input = Corpus();
        var single = Temp();
        var (singleCode, _, _) = Run("audit", input, "-o", single);
        var parts = Enumerable.Range(1, 3).Select(i =>
        {
            var part = Temp();
            var (code, stdout, _) = Run("audit", input, "--shard", $"{i}/3", "-o", part);
            Assert.Contains($"分片 {i}/3：全部 6 份中的", stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(part, "shard.json")));
            return part;
        }).ToList();
        var merged = Temp();
        var (mergeCode, mergeOut, _) = Run(["audit", "merge", .. parts, "-o", merged]);
        Assert.Contains("已合并 3 个分片", mergeOut, StringComparison.Ordinal);
        Assert.Equal(singleCode, mergeCode);
        Assert.Equal(File.ReadAllText(Path.Combine(single, "reports.csv")), File.ReadAllText(Path.Combine(merged, "reports.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(single, "findings.csv")), File.ReadAllText(Path.Combine(merged, "findings.csv")));
        Assert.Contains("copied-forward", File.ReadAllText(Path.Combine(merged, "findings.csv")), StringComparison.Ordinal);
        foreach (var name in new[] { "dataset.xlsx", "reports.parquet", "findings.parquet", "dashboard.html" })
        {
            Assert.True(File.Exists(Path.Combine(merged, name)), name);
        }
    }

    [Theory]
    [InlineData("0/4", "分片序号从 1 开始")]
    [InlineData("5/4", "应在 1 到 4 之间")]
    [InlineData("a/b", "应写作 序号/总数")]
    public void Shard_BadValue_IsRefusedInChineseAndWritesNothing(string value, string reason)
    {
        var output = Path.Combine(Temp(), "out");
        var (code, _, stderr) = Run("audit", Seeds, "--shard", value, "-o", output);
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains($"--shard 的值“{value}”无效", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Shard_MoreShardsThanReports_WritesAnEmptyPartThatStillMerges()
    {
        var input = Corpus();
        var parts = Enumerable.Range(1, 40).Select(i =>
        {
            var part = Temp();
            var (code, _, stderr) = Run("audit", input, "--shard", $"{i}/40", "-o", part);
            Assert.True(code != CliApp.Unreadable, stderr);
            return part;
        }).ToList();
        var merged = Temp();
        var (_, stdout, _) = Run(["audit", "merge", .. parts, "-o", merged]);
        Assert.Contains("共 6 份", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AShardMissing_FailsNamingIt()
    {
        var input = Corpus();
        var one = Temp();
        Run("audit", input, "--shard", "1/2", "-o", one);
        var (code, _, stderr) = Run("audit", "merge", one, "-o", Temp());
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("缺少分片 2/2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AFolderOfAnUnshardedRun_IsRefusedSayingWhy()
    {
        var whole = Temp();
        Run("audit", Seeds, "-o", whole);
        var (code, _, stderr) = Run("audit", "merge", whole, "-o", Temp());
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("不是分片输出目录：缺少 shard.json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_WithoutOutputOrParts_SaysHowToUseIt()
    {
        var (code, _, stderr) = Run("audit", "merge", "-o", Temp());
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("gongkai audit merge 分片目录… -o 输出目录", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AMissingFolder_NamesIt()
    {
        var missing = Path.Combine(Temp(), "nowhere");
        var (code, _, stderr) = Run("audit", "merge", missing, "-o", Temp());
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains($"找不到分片目录：{missing}", stderr, StringComparison.Ordinal);
    }
}
