using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Data.Audit;

/// <summary>The chain's head at one moment, signed, kept outside the database.</summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset At, string KeyId, string Mac, string Reason);

/// <summary>
/// Signed checkpoints of the chain's head, written as small JSON files to a folder that should be on other storage
/// (a share, write-once media, or copied off daily): daily, and whenever an annual report is published. A later
/// rewrite of the database cannot change what a checkpoint already recorded; <c>gongkai audit verify --checkpoints</c>
/// compares them.
/// </summary>
public static class AuditCheckpoints
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The head as of the last committed write (<see cref="AuditSeal.WitnessHead"/>), beside the dated checkpoints.</summary>
    public const string HeadFileName = "audit-head.json";

    /// <summary>Writes the signed head file (temporary file, then renamed over the old one: never half written).</summary>
    public static void WriteHead(AuditSeal seal, string folder, long sequence, string hash, DateTimeOffset at)
    {
        Directory.CreateDirectory(folder);
        var unsigned = new AuditCheckpoint(sequence, hash, at, seal.Keys.Current.Id, "", "head");
        var head = unsigned with { Mac = seal.SignCheckpoint(unsigned) };
        var path = Path.Combine(folder, HeadFileName);
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        WritePrivate(temporary, JsonSerializer.SerializeToUtf8Bytes(head, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The head file's record, or null when there is none (a new or restored installation before its first write).</summary>
    public static AuditCheckpoint? ReadHead(string folder) =>
        Read(folder).FirstOrDefault(f => f.Name == HeadFileName).Checkpoint;

    /// <summary>A file readable by the service account alone (0600) from the moment it exists.</summary>
    private static void WritePrivate(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var file = new FileStream(path, options);
        file.Write(content);
    }

    /// <summary>Writes a checkpoint of the current head, unless the last one in the folder already records it; returns the file or null.</summary>
    public static async Task<string?> WriteAsync(GongkaiDbContext db, AuditSeal seal, string folder, string reason, TimeProvider clock, CancellationToken ct = default)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null || head.LastSequence == 0)
        {
            return null;
        }
        Directory.CreateDirectory(folder);
        var last = Read(folder).Where(c => c.Name != HeadFileName).Select(c => c.Checkpoint).OfType<AuditCheckpoint>().MaxBy(c => c.Sequence);
        if (last is not null && last.Sequence == head.LastSequence && last.Hash == head.LastHash && reason == "daily")
        {
            return null;
        }
        var unsigned = new AuditCheckpoint(head.LastSequence, head.LastHash, clock.GetUtcNow(), seal.Keys.Current.Id, "", reason);
        var checkpoint = unsigned with { Mac = seal.SignCheckpoint(unsigned) };
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"audit-{checkpoint.At:yyyyMMddTHHmmssfff}Z-{checkpoint.Sequence:D8}.json"));
        var temporary = path + ".tmp";
        WritePrivate(temporary, JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Every checkpoint file in the folder, or why it could not be read.</summary>
    public static IReadOnlyList<(string Name, AuditCheckpoint? Checkpoint, string? Error)> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var result = new List<(string, AuditCheckpoint?, string?)>();
        foreach (var file in Directory.EnumerateFiles(folder, "audit-*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            try
            {
                var c = JsonSerializer.Deserialize<AuditCheckpoint>(File.ReadAllBytes(file), Json);
                result.Add(c is { Hash.Length: 64 } ? (name, c, null) : (name, null, $"检查点 {name} 内容不完整"));
            }
            catch (JsonException)
            {
                result.Add((name, null, $"检查点 {name} 不是有效的检查点文件"));
            }
        }
        return result;
    }

    /// <summary>
    /// Each checkpoint against the database: its signature (when keys are given), and that the entry it recorded is still
    /// there with the same hash. Returns the problems and how many checkpoints were compared.
    /// </summary>
    public static async Task<(IReadOnlyList<AuditProblem> Problems, int Compared)> VerifyAsync(GongkaiDbContext db, string folder, AuditSeal? seal, CancellationToken ct = default)
    {
        var problems = new List<AuditProblem>();
        var files = Read(folder);
        var last = await db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        foreach (var (name, checkpoint, error) in files)
        {
            if (checkpoint is null)
            {
                problems.Add(new AuditProblem(0, error!));
                continue;
            }
            if (seal?.CheckCheckpoint(checkpoint, name) is { } bad)
            {
                problems.Add(new AuditProblem(checkpoint.Sequence, bad));
                continue;
            }
            var hash = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == checkpoint.Sequence).Select(e => e.Hash).SingleOrDefaultAsync(ct);
            if (hash is null)
            {
                var missing = checkpoint.Sequence > last
                    ? (checkpoint.Sequence == last + 1 ? $"第 {checkpoint.Sequence} 条记录缺失" : $"第 {last + 1} 条至第 {checkpoint.Sequence} 条记录缺失")
                    : $"第 {checkpoint.Sequence} 条记录缺失";
                var what = name == HeadFileName ? "链头文件" : "检查点";
                problems.Add(new AuditProblem(checkpoint.Sequence,
                    $"{missing}（被删除）：{what} {name}（{checkpoint.At.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}）记录了第 {checkpoint.Sequence} 条，数据库中只到第 {last} 条"));
            }
            else if (hash != checkpoint.Hash)
            {
                problems.Add(new AuditProblem(checkpoint.Sequence,
                    $"第 {checkpoint.Sequence} 条记录与检查点 {name}（{checkpoint.At.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}）不符（此前的记录被改写）"));
            }
        }
        return (problems, files.Count(f => f.Checkpoint is not null));
    }
}
