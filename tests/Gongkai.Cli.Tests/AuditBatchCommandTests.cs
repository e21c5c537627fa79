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
