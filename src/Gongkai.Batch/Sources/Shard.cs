using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gongkai.Batch.Sources;

/// <summary>
/// One of <see cref="Count"/> parts of a batch (<c>gongkai audit --shard 2/4</c>), numbered from 1 as a person counts
/// them: the sources whose relative path (<see cref="ReportSource.RelativePath"/>) hashes, with SHA-256 of its UTF-8
/// bytes, to <see cref="Number"/> − 1 modulo <see cref="Count"/>. The hash is the same on every machine and in every
/// process (string.GetHashCode is randomised per process), and depends on the path inside the folder, not on where
/// the folder lies, so machines given the same folder split it alike and every report falls in exactly one shard.
/// </summary>
public sealed record Shard(int Number, int Count)
{
    /// <summary>More processes than any machine room runs for one batch; a larger count is a typing error.</summary>
    public const int MaxCount = 10_000;

    public bool Includes(ReportSource source) => Of(source.RelativePath, Count) == Number - 1;

    /// <summary>The 0-based shard of a relative path: its SHA-256's first eight bytes, big-endian, modulo the count.</summary>
    public static int Of(string relativePath, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(relativePath), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>Reads "i/n" (1 ≤ i ≤ n); on a bad value, the reason in Chinese.</summary>
    public static bool TryParse(string? text, out Shard shard, out string error)
    {
        shard = new Shard(1, 1);
        error = "";
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"--shard 的值“{text}”无效：应写作 序号/总数，例如 --shard 1/4 表示共 4 个分片中的第 1 个";
            return false;
        }
        if (count < 1 || count > MaxCount)
        {
            error = $"--shard 的值“{text}”无效：分片总数应在 1 到 {MaxCount} 之间";
            return false;
        }
        if (number < 1 || number > count)
        {
            error = $"--shard 的值“{text}”无效：分片序号从 1 开始，应在 1 到 {count} 之间";
            return false;
        }
        shard = new Shard(number, count);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");
}
