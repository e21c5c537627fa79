using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Gongkai.Batch;
using Gongkai.Batch.Dashboard;
using Gongkai.Batch.Dataset;
using Gongkai.Batch.Sources;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Cli;

/// <summary>
/// <c>gongkai audit DIR|ZIP|FILE... -o OUT</c>: reads and checks many published reports on all cores and writes the
/// dataset and the offline dashboard; <c>gongkai audit verify</c>: checks the hash chain of the audit log.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var paths = new Argument<string[]>("路径") { Description = "年度报告文件、目录或 ZIP 压缩包", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "输出目录：数据集（CSV、XLSX、Parquet）和检查结果页面 dashboard.html" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "同时读取的报告数（默认：CPU 核数）" };
        var sqlite = new Option<string?>("--sqlite") { Description = "SQLite 数据库文件（默认：配置的数据目录中的 gongkai.db，源码目录中为 src/Gongkai.Web/data/gongkai.db）" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL 连接字符串（默认：配置的 ConnectionStrings:Postgres）" };
        var keyFile = new Option<string?>("--key-file") { Description = "主密钥文件（默认：数据库所在目录下的 keys/master.keys）；有它才能发现整体改写" };
        var checkpoints = new Option<string?>("--checkpoints") { Description = "审计检查点目录（默认：数据库所在目录下的 audit-checkpoints）" };
        var verify = new Command("verify", "校验审计日志：哈希链、每条记录的密钥签名、与检查点是否一致") { sqlite, postgres, keyFile, checkpoints };
        verify.SetAction(parse => InstalledSettings.TryLoad(stderr, out var installed)
            ? Verify(installed.Database(parse.GetValue(postgres), parse.GetValue(sqlite)),
                // The configured key file and checkpoints belong to the configured database, not to one named on the command line.
                parse.GetValue(keyFile) ?? ((parse.GetValue(sqlite) ?? parse.GetValue(postgres)) is null ? installed.KeyFile : null),
                parse.GetValue(checkpoints) ?? ((parse.GetValue(sqlite) ?? parse.GetValue(postgres)) is null ? installed.CheckpointFolder : null), stdout, stderr)
            : CliApp.Unreadable);
        var shard = new Option<string?>("--shard")
        {
            Description = "只处理第 i 个分片（共 n 个，i 从 1 开始），例如 --shard 1/4；按报告在所给目录或压缩包内的相对路径分片，各台机器分法相同；各分片的输出目录再用 audit merge 合并",
        };
        var parts = new Argument<string[]>("分片目录") { Description = "各分片（audit --shard i/n）的输出目录", Arity = ArgumentArity.ZeroOrMore };
        var mergeOutput = new Option<string?>("--output", "-o") { Description = "输出目录：合并后的数据集和检查结果页面" };
        var merge = new Command("merge", "合并 audit --shard 各分片的输出，并对全部报告重新做跨报告检查（上下年度结转、照抄上年、重复发布）") { parts, mergeOutput };
        merge.SetAction(parse =>
        {
            var folders = parse.GetValue(parts) ?? [];
            if (folders.Length == 0 || parse.GetValue(mergeOutput) is not { Length: > 0 } folder)
            {
                stderr.WriteLine("用法：gongkai audit merge 分片目录… -o 输出目录");
                return CliApp.Unreadable;
            }
            return Merge(folders, folder, stdout, stderr);
        });
        var audit = new Command("audit", "批量检查年度报告并生成数据集和检查结果页面；audit merge 合并分片；audit verify 校验审计日志") { paths, output, jobs, shard, verify, merge };
        audit.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths) ?? [];
            if (inputs.Length == 0 || parse.GetValue(output) is not { Length: > 0 } folder)
            {
                stderr.WriteLine("用法：gongkai audit 目录或压缩包… -o 输出目录（分片：--shard i/n；合并分片：gongkai audit merge；校验审计日志：gongkai audit verify）");
                return CliApp.Unreadable;
            }
            Shard? part = null;
            if (parse.GetValue(shard) is { } text)
            {
                if (!Shard.TryParse(text, out var parsed, out var error))
                {
                    stderr.WriteLine(error);
                    return CliApp.Unreadable;
                }
                part = parsed;
            }
            return Batch(inputs, folder, parse.GetValue(jobs), part, stdout, stderr, interactive);
        });
        return audit;
    }

    private static int Verify(DatabaseSettings settings, string? keyFile, string? checkpointFolder, TextWriter stdout, TextWriter stderr)
    {
        if (!settings.UsesPostgres && !File.Exists(settings.SqlitePath))
        {
            stderr.WriteLine($"找不到数据库文件：{settings.SqlitePath}");
            return CliApp.Unreadable;
        }
        // Beside a SQLite file the web app keeps its keys and checkpoints in the same data folder; with PostgreSQL they must be named.
        var dataFolder = settings.UsesPostgres ? null : Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath));
        keyFile ??= dataFolder is null ? null : Path.Combine(dataFolder, "keys", "master.keys");
        checkpointFolder ??= dataFolder is null ? null : Path.Combine(dataFolder, "audit-checkpoints");
        // Without the keys a rewrite with recomputed hashes cannot be told from the real chain: verify refuses to vouch.
        if (keyFile is null || !File.Exists(keyFile))
        {
            stderr.WriteLine(keyFile is null
                ? "未指定主密钥文件：没有它无法校验每条记录的密钥签名，不能确认审计日志完好。请用 --key-file 指定密钥文件"
                : $"找不到主密钥文件 {keyFile}：没有它无法校验每条记录的密钥签名，不能确认审计日志完好。请用 --key-file 指定密钥文件");
            return CliApp.Unreadable;
        }
        AuditSeal seal;
        try
        {
            seal = new AuditSeal(Gongkai.Data.Keys.MasterKeyRing.Load(keyFile));
        }
        catch (Exception e) when (e is Gongkai.Data.Keys.MasterKeyException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(e is Gongkai.Data.Keys.MasterKeyException ? e.Message : $"无法读取主密钥文件 {keyFile}：{e.Message}");
            return CliApp.Unreadable;
        }
        try
        {
            using var db = DataServices.Open(settings);
            var count = db.AuditEntries.Count();
            var problems = AuditChain.Verify(db, seal).GetAwaiter().GetResult().ToList();
            var compared = 0;
            var headKnown = false;
            if (checkpointFolder is not null && Directory.Exists(checkpointFolder))
            {
                var (found, n) = AuditCheckpoints.VerifyAsync(db, checkpointFolder, seal).GetAwaiter().GetResult();
                problems.AddRange(found);
                compared = n;
                headKnown = AuditCheckpoints.ReadHead(checkpointFolder) is not null;
            }
            else if (checkpointFolder is not null)
            {
                stderr.WriteLine($"找不到检查点目录 {checkpointFolder}：未与检查点比对");
            }
            if (!headKnown && count > 0)
            {
                stderr.WriteLine($"没有链头文件 {AuditCheckpoints.HeadFileName}{(checkpointFolder is null ? "（用 --checkpoints 指定检查点目录）" : $"（{checkpointFolder}）")}：无法确认最后一个检查点之后的记录没有被删除");
            }
            var checks = "哈希链和密钥签名" + (compared > 0 ? $"，与 {compared} 个检查点{(headKnown ? "（含链头文件）" : "")}一致" : "");
            foreach (var note in problems.Where(p => p.Unverifiable))
            {
                stderr.WriteLine("注意：" + note.Message);
            }
            problems.RemoveAll(p => p.Unverifiable);
            if (problems.Count == 0)
            {
                stdout.WriteLine($"审计日志完好：共 {count} 条记录，{checks}校验通过{(headKnown ? "" : "（末尾未能核对：缺少链头文件）")}（{settings.Describe()}）");
                return CliApp.Ok;
            }
            stdout.WriteLine($"审计日志被篡改：发现 {problems.Count} 处问题（{settings.Describe()}）");
            foreach (var p in problems)
            {
                stdout.WriteLine("  " + p.Message);
            }
            return CliApp.FindingsWithErrors;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"无法读取审计日志：{e.Message}");
            return CliApp.Unreadable;
        }
    }

    private static int Batch(string[] inputs, string folder, int? jobs, Shard? shard, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var clock = Stopwatch.StartNew();
        // Every shard lists all the inputs (cheap: names only) so that each report keeps its place in the whole batch.
        var all = ReportSources.Expand(inputs).ToList();
        var positions = Enumerable.Range(0, all.Count).Where(i => shard is null || shard.Includes(all[i])).ToList();
        var batch = ReportInput.Read(shard is null ? all : positions.Select(i => all[i]).ToList(),
            new BatchOptions { Parallelism = jobs ?? Environment.ProcessorCount }, stdout, interactive, "读取并检查年度报告");
        if (all.Count == 0)
        {
            // Nothing given held a report: there is nothing to write either.
            ReportInput.NothingRead(batch, stderr);
            return CliApp.Unreadable;
        }
        var readSeconds = clock.Elapsed.TotalSeconds;
        if (!Write(batch, folder, stderr))
        {
            return CliApp.Unreadable;
        }
        if (shard is not null)
        {
            try
            {
                new ShardManifest(shard.Number, shard.Count, all.Count, positions).Write(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"无法写入输出目录 {folder}：{(e is UnauthorizedAccessException ? "没有写入权限" : e.Message)}");
                return CliApp.Unreadable;
            }
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"分片 {shard}：全部 {all.Count} 份中的 {batch.Reports.Count} 份；跨报告检查只涵盖本分片，全部分片完成后用 gongkai audit merge 合并"));
        }
        return Summary(batch, folder, clock, readSeconds, stdout, stderr);
    }

    private static int Merge(string[] parts, string folder, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        BatchResult batch;
        try
        {
            batch = ShardedBatch.Merge(parts);
        }
        catch (ShardMergeException e)
        {
            stderr.WriteLine(e.Message);
            return CliApp.Unreadable;
        }
        var readSeconds = clock.Elapsed.TotalSeconds;
        if (!Write(batch, folder, stderr))
        {
            return CliApp.Unreadable;
        }
        stdout.WriteLine($"已合并 {parts.Length} 个分片，并对全部报告做了跨报告检查");
        return Summary(batch, folder, clock, readSeconds, stdout, stderr);
    }

    /// <summary>Writes the dataset and the dashboard; false (said on stderr) when the folder cannot be written.</summary>
    private static bool Write(BatchResult batch, string folder, TextWriter stderr)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var outputFolder = Path.GetFullPath(folder);
            var dashboard = Task.Run(() =>
            {
                using var file = File.Create(Path.Combine(folder, "dashboard.html"));
                DashboardWriter.Write(batch, file, DateTimeOffset.Now, r => LinkFrom(outputFolder, r.Name));
            });
            DatasetWriter.WriteAll(AuditDataset.Build(batch), folder);
            dashboard.GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"无法写入输出目录 {folder}：{(e is UnauthorizedAccessException ? "没有写入权限" : e.Message)}");
            return false;
        }
    }

    private static int Summary(BatchResult batch, string folder, Stopwatch clock, double readSeconds, TextWriter stdout, TextWriter stderr)
    {
        var findings = batch.Reports.Sum(r => r.Findings.Count);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"共 {batch.Reports.Count} 份：{batch.WithErrors} 份有错误，{batch.Reports.Count - batch.WithErrors - batch.Clean - batch.Unreadable} 份只有警告，{batch.Clean} 份未发现问题，{batch.Unreadable} 份无法读取；问题 {findings} 条"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"读取和检查用时 {readSeconds:0.00} 秒（每秒 {batch.Reports.Count / Math.Max(readSeconds, 0.001):0} 份），共用时 {clock.Elapsed.TotalSeconds:0.00} 秒"));
        stdout.WriteLine($"数据集：{Path.Combine(folder, "reports.csv")}、findings.csv、dataset.xlsx、reports.parquet、findings.parquet");
        stdout.WriteLine($"检查结果页面：{Path.Combine(folder, "dashboard.html")}");
        // A shard may rightly hold no report (more shards than files); the whole batch was found not empty above.
        if (batch.Reports.Count > 0 && ReportInput.NothingRead(batch, stderr))
        {
            return CliApp.Unreadable;
        }
        if (batch.Unreadable > 0)
        {
            // The dataset and the dashboard were written; the unreadable reports are in them with their reasons.
            stderr.WriteLine($"{batch.Unreadable} 份无法读取，原因见 reports.csv 的 error 列和检查结果页面");
            return CliApp.Unreadable;
        }
        return batch.WithErrors > 0 ? CliApp.FindingsWithErrors : CliApp.Ok;
    }

    /// <summary>A report's file relative to the dashboard, so that the link still works when both folders move together.</summary>
    private static string? LinkFrom(string outputFolder, string name)
    {
        var file = name.Split('!')[0];
        if (!File.Exists(file))
        {
            return null;
        }
        return string.Join('/', Path.GetRelativePath(outputFolder, Path.GetFullPath(file)).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
    }
}
