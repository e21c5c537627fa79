using System.Globalization;
using System.Text.Json;
using Gongkai.Batch.Dataset;
using Gongkai.Batch.Sources;
using Gongkai.Reading;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Parquet;
using Parquet.Schema;

namespace Gongkai.Batch;

/// <summary>A merge that cannot go ahead, with the reason in Chinese (which folder, what is wrong).</summary>
public sealed class ShardMergeException(string message) : Exception(message);

/// <summary>
/// What a part folder says about itself beside its dataset (<c>shard.json</c>): which shard of how many, how many
/// reports the whole batch has, and each row's place in the whole batch's input order — so that the merge can put the
/// rows back in the order a single run gives them, and can tell a missing or repeated part.
/// </summary>
public sealed record ShardManifest(int Number, int Count, int Total, IReadOnlyList<int> Positions)
{
    public const string FileName = "shard.json";

    public void Write(string folder)
    {
        using var file = File.Create(Path.Combine(folder, FileName));
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("shard", string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}"));
        json.WriteNumber("number", Number);
        json.WriteNumber("count", Count);
        json.WriteNumber("total", Total);
        json.WriteStartArray("positions");
        foreach (var p in Positions)
        {
            json.WriteNumberValue(p);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static ShardManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ShardMergeException($"{folder} 不是分片输出目录：缺少 {FileName}（应为 gongkai audit --shard i/n 的输出目录）");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var manifest = new ShardManifest(root.GetProperty("number").GetInt32(), root.GetProperty("count").GetInt32(),
                root.GetProperty("total").GetInt32(), [.. root.GetProperty("positions").EnumerateArray().Select(p => p.GetInt32())]);
            if (manifest.Count < 1 || manifest.Number < 1 || manifest.Number > manifest.Count || manifest.Positions.Any(p => p < 0 || p >= manifest.Total))
            {
                throw new FormatException();
            }
            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ShardMergeException($"{path} 已损坏或不是 gongkai 写出的分片说明文件");
        }
    }
}

/// <summary>
/// Joins the parts of a sharded batch (<c>gongkai audit --shard i/n</c>, one output folder each) into the batch a
/// single run over the same inputs gives: every report's row and its own findings read back from the part's Parquet
/// files, put back in input order; the findings across reports dropped from each part (a part saw only its own
/// reports) and found again over all of them, so that one agency's consecutive years compare across parts.
/// </summary>
public static class ShardedBatch
{
    /// <summary>Reads every part, checks that they are the n shards of one batch, and checks across all their reports.</summary>
    public static BatchResult Merge(IReadOnlyList<string> folders)
    {
        var parts = new List<(string Folder, ShardManifest Manifest)>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new ShardMergeException($"找不到分片目录：{folder}");
            }
            parts.Add((folder, ShardManifest.Read(folder)));
        }
        if (parts.Count == 0)
        {
            throw new ShardMergeException("没有给出分片目录");
        }
        var (firstFolder, first) = parts[0];
        foreach (var (folder, manifest) in parts.Skip(1))
        {
            if (manifest.Count != first.Count || manifest.Total != first.Total)
            {
                throw new ShardMergeException(string.Create(CultureInfo.InvariantCulture,
                    $"分片不属于同一次检查：{firstFolder} 是共 {first.Count} 个分片、{first.Total} 份报告中的第 {first.Number} 个，{folder} 是共 {manifest.Count} 个分片、{manifest.Total} 份报告中的第 {manifest.Number} 个"));
            }
        }
        foreach (var twice in parts.GroupBy(p => p.Manifest.Number).Where(g => g.Count() > 1))
        {
            throw new ShardMergeException(string.Create(CultureInfo.InvariantCulture,
                $"分片 {twice.Key}/{first.Count} 给出了不止一次：{string.Join("、", twice.Select(p => p.Folder))}"));
        }
        var missing = Enumerable.Range(1, first.Count).Except(parts.Select(p => p.Manifest.Number)).ToList();
        if (missing.Count > 0)
        {
            throw new ShardMergeException(string.Create(CultureInfo.InvariantCulture,
                $"缺少分片 {string.Join("、", missing.Select(m => $"{m}/{first.Count}"))}：合并需要全部 {first.Count} 个分片的输出目录"));
        }
        var slots = new AuditedReport?[first.Total];
        foreach (var (folder, manifest) in parts)
        {
            var reports = ReadPart(folder);
            if (reports.Count != manifest.Positions.Count)
            {
                throw new ShardMergeException($"{folder} 中的 reports.parquet 与 {ShardManifest.FileName} 的报告数不一致，分片目录可能被改动过");
            }
            for (var i = 0; i < reports.Count; i++)
            {
                if (slots[manifest.Positions[i]] is not null)
                {
                    throw new ShardMergeException($"{folder} 中的报告“{reports[i].Name}”在另一个分片中也有，分片目录可能被改动过");
                }
                slots[manifest.Positions[i]] = reports[i];
            }
        }
        if (Array.IndexOf(slots, null) is var gap and >= 0)
        {
            throw new ShardMergeException(string.Create(CultureInfo.InvariantCulture,
                $"分片合起来缺少第 {gap + 1} 份报告（共 {first.Total} 份），分片目录可能被改动过"));
        }
        return new BatchResult(BatchAudit.AcrossReports([.. slots.Select(s => s!)]));
    }

    /// <summary>The reports of one part folder with their own findings (those across reports left out), in its row order.</summary>
    public static List<AuditedReport> ReadPart(string folder)
    {
        var reportColumns = ReadParquet(folder, "reports.parquet", AuditDataset.ReportColumns.Select(c => c.Key).ToList(), out var n);
        var findingColumns = ReadParquet(folder, "findings.parquet", AuditDataset.FindingColumns, out var m);
        string? Text(Array[] columns, int column, int row) => ((string?[])columns[column])[row];
        int? Whole(Array[] columns, int column, int row) => ((int?[])columns[column])[row];

        var reports = new List<AuditedReport>(n);
        var next = 0;
        for (var i = 0; i < n; i++)
        {
            var name = Text(reportColumns, 0, i) ?? "";
            var error = Text(reportColumns, 7, i);
            var count = (Whole(reportColumns, 8, i) ?? 0) + (Whole(reportColumns, 9, i) ?? 0);
            var findings = new List<Finding>(count);
            for (var k = 0; k < count; k++, next++)
            {
                if (next >= m || Text(findingColumns, 0, next) != name)
                {
                    throw new ShardMergeException($"{folder} 中 findings.parquet 与 reports.parquet 对不上（报告“{name}”），分片目录可能被改动过");
                }
                var rule = Text(findingColumns, 3, next) ?? "";
                if (!CrossReportRules.RuleIds.Contains(rule))
                {
                    findings.Add(new Finding(RuleOf(rule, Text(findingColumns, 4, next), Text(findingColumns, 5, next)),
                        Text(findingColumns, 6, next) ?? "", Text(findingColumns, 7, next) ?? ""));
                }
            }
            reports.Add(error is not null || Text(reportColumns, 4, i) is not { } format
                ? new AuditedReport(name, null, [], error)
                : new AuditedReport(name, new ReadResult(ReportOf(reportColumns, i, format), [], SourceOf(Text(reportColumns, 5, i)), Text(reportColumns, 6, i) ?? ""), findings, null));
        }
        if (next != m)
        {
            throw new ShardMergeException($"{folder} 中 findings.parquet 的问题条数与 reports.parquet 的错误、警告数之和不一致，分片目录可能被改动过");
        }
        return reports;
    }

    /// <summary>A report's metadata and every cell of its format, as the row holds them.</summary>
    private static AnnualReport ReportOf(Array[] columns, int row, string formatTag)
    {
        var format = formatTag switch
        {
            "2019" => FormatVersion.Trial2019,
            "2021" => FormatVersion.Format2021,
            _ => throw new ShardMergeException($"reports.parquet 中的格式“{formatTag}”无法识别"),
        };
        var report = new AnnualReport(format)
        {
            Title = ((string?[])columns[1])[row],
            Agency = ((string?[])columns[2])[row],
            Year = ((int?[])columns[3])[row],
        };
        var tables = new[] { report.Proactive, report.Applications, report.Review };
        var column = AuditDataset.FixedColumns + KeyRatios.All.Count;
        foreach (var (t, r, c) in AuditDataset.CellIndex[format])
        {
            if (t >= 0 && ((decimal?[])columns[column])[row] is { } value)
            {
                tables[t][r, c] = CellValue.Of(value);
            }
            column++;
        }
        return report;
    }

    private static SourceFormat SourceOf(string? tag) =>
        Enum.TryParse<SourceFormat>(tag, ignoreCase: true, out var format) ? format : SourceFormat.Text;

    /// <summary>The rule a finding row names: the declared rule when this version knows it, else one made from the row.</summary>
    private static RuleDef RuleOf(string id, string? category, string? severity) =>
        Rules.All.FirstOrDefault(r => r.Id == id)
        ?? new RuleDef(id,
            Enum.GetValues<RuleCategory>().FirstOrDefault(c => c.Tag() == category),
            severity == Severity.Error.Tag() ? Severity.Error : Severity.Warning, id);

    /// <summary>The named columns of a dataset's Parquet file as the typed arrays <see cref="AuditDataset"/> keeps (numbers as decimals).</summary>
    private static Array[] ReadParquet(string folder, string file, IReadOnlyList<string> names, out int rows)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            throw new ShardMergeException($"{folder} 中缺少 {file}：分片可能没有运行完");
        }
        try
        {
            var (columns, count) = Task.Run(async () =>
            {
                await using var stream = File.OpenRead(path);
                await using var reader = await ParquetReader.CreateAsync(stream);
                var fields = reader.Schema.GetDataFields();
                if (!fields.Select(f => f.Name).SequenceEqual(names))
                {
                    throw new ShardMergeException($"{path} 的列与本版本 gongkai 的数据集不同：请用同一版本运行各分片和合并");
                }
                var total = 0L;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    total += group.RowCount;
                }
                var n = checked((int)total);
                var data = fields.Select(f => f.ClrType == typeof(int) ? (Array)new int?[n] : f.ClrType == typeof(double) ? new decimal?[n] : new string?[n]).ToArray();
                var offset = 0;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var size = checked((int)group.RowCount);
                    for (var i = 0; i < fields.Length; i++)
                    {
                        switch (data[i])
                        {
                            case int?[] ints:
                                await group.ReadAsync<int>(fields[i], ints.AsMemory(offset, size), null);
                                break;
                            case decimal?[] numbers:
                                var doubles = new double?[size];
                                await group.ReadAsync<double>(fields[i], doubles.AsMemory(), null);
                                for (var k = 0; k < size; k++)
                                {
                                    // Written from decimals; a double holds a report's figures exactly up to 15 digits.
                                    numbers[offset + k] = doubles[k] is { } d ? (decimal)d : null;
                                }
                                break;
                            default:
                                await group.ReadAsync(fields[i], ((string?[])data[i]).AsMemory(offset, size), null);
                                break;
                        }
                    }
                    offset += size;
                }
                return (data, n);
            }).GetAwaiter().GetResult();
            rows = count;
            return columns;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException
            or IndexOutOfRangeException or ArgumentException or OverflowException or InvalidOperationException or Parquet.ParquetException)
        {
            throw new ShardMergeException($"无法读取 {path}：文件已损坏或不是 gongkai 写出的数据集（{e.Message}）");
        }
    }
}
