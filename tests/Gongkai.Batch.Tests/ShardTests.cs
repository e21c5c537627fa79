using System.Text;
using Gongkai.Batch.Dataset;
using Gongkai.Batch.Sources;
using static Gongkai.Batch.Tests.BatchFixtures;

namespace Gongkai.Batch.Tests;

public class ShardTests
{
    [Fact]
    public void Of_APath_IsTheSameInEveryProcess()
    {
        // The first eight bytes of SHA-256, big-endian, modulo the count: a change of hash would split machines' batches differently.
        Assert.Equal((int)(Convert.ToUInt64(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("000_report.txt")))[..16], 16) % 7),
            Shard.Of("000_report.txt", 7));
        // Pinned from an independent SHA-256 (Python's hashlib): other tools can tell a report's shard.
        Assert.Equal(1, Shard.Of("000_report.txt", 7));
        Assert.Equal(2, Shard.Of("新乡/公安局2023.txt", 7));
        Assert.Equal(3, Shard.Of("新乡/公安局2023.txt", 4));
    }

    [Fact]
    public void Includes_EverySourceOfAFolder_FallsInExactlyOneShard()
    {
        var sources = ReportSources.Expand([Seeds]).ToList();
        for (var n = 1; n <= 4; n++)
        {
            var count = n;
            Assert.All(sources, s => Assert.Single(Enumerable.Range(1, count), i => new Shard(i, count).Includes(s)));
        }
    }

    [Theory]
    [InlineData("0/4", "分片序号从 1 开始")]
    [InlineData("5/4", "应在 1 到 4 之间")]
    [InlineData("a/b", "应写作 序号/总数")]
    [InlineData("1/0", "分片总数应在 1 到")]
    [InlineData("2", "应写作 序号/总数")]
    [InlineData("-1/4", "应写作 序号/总数")]
    public void TryParse_BadValue_IsRefusedWithAChineseReasonQuotingIt(string text, string reason)
    {
        Assert.False(Shard.TryParse(text, out _, out var error));
        Assert.Contains($"“{text}”", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OneBasedNumberAndCount_IsAccepted()
    {
        Assert.True(Shard.TryParse("4/4", out var shard, out _));
        Assert.Equal(new Shard(4, 4), shard);
    }

    [Fact]
    public void RelativePath_OfAFolderAndAZipInIt_DoesNotDependOnWhereTheFolderLies()
    {
        var one = TempFolder();
        var two = TempFolder();
        foreach (var folder in new[] { one, two })
        {
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.Copy(Seed("001"), Path.Combine(folder, "sub", "a.txt"));
            File.WriteAllBytes(Path.Combine(folder, "b.zip"), Zip(("年报/c.txt", File.ReadAllBytes(Seed("002")))));
        }
        var first = ReportSources.Expand([one]).Select(s => s.RelativePath).ToList();
        Assert.Equal(["b.zip!年报/c.txt", "sub/a.txt"], first);
        Assert.Equal(first, ReportSources.Expand([two]).Select(s => s.RelativePath));
        Assert.Equal("a.txt", Assert.Single(ReportSources.Expand([Path.Combine(one, "sub", "a.txt")])).RelativePath);
    }
}

/// <summary>A batch run in parts and merged gives what one run over the same inputs gives.</summary>
public class ShardMergeTests
{
    /// <summary>
    /// The seeds, seed 001 again as the same bureau's 2024 report (carry-over differs; table 三 copied forward) in
    /// another shard than its 2023 report, seed 002 under a second name (duplicate) and an unreadable file.
    /// </summary>
    private static (string Folder, int Shards) Corpus()
    {
        const int shards = 3;
        var folder = TempFolder();
        foreach (var id in new[] { "000", "001", "002", "003", "004" })
        {
            File.Copy(Seed(id), Path.Combine(folder, Path.GetFileName(Seed(id))));
        }
        var year2023 = Path.GetFileName(Seed("001"));
        var later = Enumerable.Range(0, 50).Select(i => $"公安局2024-{i}.txt").First(n => Shard.Of(n, shards) != Shard.Of(year2023, shards));
        File.WriteAllText(Path.Combine(folder, later), File.ReadAllText(Seed("001")).Replace("新乡市公安局 2023 年", "新乡市公安局 2024 年", StringComparison.Ordinal));
        var copy = Enumerable.Range(0, 50).Select(i => $"重复-{i}.txt").First(n => Shard.Of(n, shards) != Shard.Of(Path.GetFileName(Seed("002")), shards));
        File.Copy(Seed("002"), Path.Combine(folder, copy));
        File.WriteAllBytes(Path.Combine(folder, "broken.txt"), [0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 1, 2, 3]);
        return (folder, shards);
    }

    /// <summary>Runs shard i of n as <c>gongkai audit --shard</c> does: the dataset and the manifest in its own folder.</summary>
    private static string RunShard(string input, int number, int count)
    {
        var all = ReportSources.Expand([input]).ToList();
        var shard = new Shard(number, count);
        var positions = Enumerable.Range(0, all.Count).Where(i => shard.Includes(all[i])).ToList();
        var batch = BatchAudit.Run(positions.Select(i => all[i]));
        var folder = TempFolder();
        DatasetWriter.WriteAll(AuditDataset.Build(batch), folder);
        new ShardManifest(number, count, all.Count, positions).Write(folder);
        return folder;
    }

    private static string Csv(AuditDataset dataset, Action<AuditDataset, Stream> write)
    {
        using var buffer = new MemoryStream();
        write(dataset, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Merge_OfEveryShard_GivesTheRowsAndFindingsOfOneRun()
    {
        var (folder, n) = Corpus();
        var single = AuditDataset.Build(BatchAudit.Run(ReportSources.Expand([folder])));
        var merged = AuditDataset.Build(ShardedBatch.Merge([.. Enumerable.Range(1, n).Reverse().Select(i => RunShard(folder, i, n))]));
        Assert.Equal(Csv(single, DatasetWriter.WriteReportsCsv), Csv(merged, DatasetWriter.WriteReportsCsv));
        Assert.Equal(Csv(single, DatasetWriter.WriteFindingsCsv), Csv(merged, DatasetWriter.WriteFindingsCsv));
    }

    [Fact]
    public void Merge_ConsecutiveYearsInDifferentShards_FindsTheChecksAcrossReports()
    {
        var (folder, n) = Corpus();
        var merged = ShardedBatch.Merge([.. Enumerable.Range(1, n).Select(i => RunShard(folder, i, n))]);
        var later = merged.Reports.Single(r => r.Name.Contains("公安局2024-", StringComparison.Ordinal));
        Assert.Contains(later.Findings, f => f.RuleId == "copied-forward");
        Assert.Contains(later.Findings, f => f.RuleId == "cross-year-carry-over");
        Assert.Contains(merged.Reports, r => r.Findings.Any(f => f.RuleId == "duplicate-report"));
        Assert.Single(merged.Reports, r => r.Error is not null);
    }

    [Fact]
    public void Merge_AShardMissing_NamesIt()
    {
        var (folder, n) = Corpus();
        var e = Assert.Throws<ShardMergeException>(() => ShardedBatch.Merge([RunShard(folder, 1, n), RunShard(folder, 3, n)]));
        Assert.Contains("缺少分片 2/3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AShardTwice_NamesIt()
    {
        var (folder, n) = Corpus();
        var one = RunShard(folder, 1, n);
        var e = Assert.Throws<ShardMergeException>(() => ShardedBatch.Merge([one, one, RunShard(folder, 2, n), RunShard(folder, 3, n)]));
        Assert.Contains("分片 1/3 给出了不止一次", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ShardsOfDifferentCounts_AreRefused()
    {
        var (folder, _) = Corpus();
        var e = Assert.Throws<ShardMergeException>(() => ShardedBatch.Merge([RunShard(folder, 1, 2), RunShard(folder, 2, 3)]));
        Assert.Contains("分片不属于同一次检查", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AFolderThatIsNoShard_SaysWhatIsMissing()
    {
        var folder = TempFolder();
        var e = Assert.Throws<ShardMergeException>(() => ShardedBatch.Merge([folder]));
        Assert.Contains($"{folder} 不是分片输出目录：缺少 shard.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ADamagedParquetFile_IsRefusedNamingIt()
    {
        var (folder, _) = Corpus();
        var part = RunShard(folder, 1, 1);
        File.WriteAllText(Path.Combine(part, "reports.parquet"), "not parquet");
        var e = Assert.Throws<ShardMergeException>(() => ShardedBatch.Merge([part]));
        Assert.Contains(Path.Combine(part, "reports.parquet"), e.Message, StringComparison.Ordinal);
        Assert.Contains("已损坏", e.Message, StringComparison.Ordinal);
    }
}
