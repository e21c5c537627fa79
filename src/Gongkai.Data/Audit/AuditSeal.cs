using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gongkai.Data.Keys;

namespace Gongkai.Data.Audit;

/// <summary>
/// Keyed signatures (HMAC-SHA256) over the audit chain, with a key that is not in the database. The hash chain
/// alone finds a change only when the changer does not recompute the later hashes; whoever holds only the
/// database cannot recompute these signatures, so a rewrite of the whole chain is found too.
/// </summary>
public sealed class AuditSeal(MasterKeyRing keys)
{
    private const string EntryPurpose = "gongkai/audit-entry/v1";
    private const string CheckpointPurpose = "gongkai/audit-checkpoint/v1";

    public MasterKeyRing Keys => keys;

    private readonly Lock headLock = new();
    private long headWitnessed;

    /// <summary>
    /// Where the signed head of the chain is kept outside the database (<see cref="AuditCheckpoints.HeadFileName"/> in the
    /// checkpoint folder), rewritten after every committed audit write; null keeps none (tools that only verify).
    /// </summary>
    public string? HeadFolder { get; init; }

    /// <summary>
    /// Records <paramref name="sequence"/> as the chain's head outside the database, after its write committed. The file
    /// never runs ahead of the database (it is written after the commit), so a head in the file that the database no
    /// longer reaches means entries were cut off the end. A crash can lose the last rewrite, which only leaves the file
    /// one step behind. Several instances write the same file; the file's head then trails by at most their last writes.
    /// </summary>
    public void WitnessHead(long sequence, string hash)
    {
        if (HeadFolder is null)
        {
            return;
        }
        lock (headLock)
        {
            if (sequence <= headWitnessed)
            {
                return;
            }
            AuditCheckpoints.WriteHead(this, HeadFolder, sequence, hash, DateTimeOffset.UtcNow);
            headWitnessed = sequence;
        }
    }

    /// <summary>The current key's id and the entry's signature over its hash (which covers its content and its predecessor).</summary>
    public (string KeyId, string Mac) SignEntry(string hash) =>
        (keys.Current.Id, Mac(keys.Current, EntryPurpose, hash));

    /// <summary>Null when the signature is right; else why not, in Chinese.</summary>
    public string? CheckEntry(long sequence, string hash, string? keyId, string? mac)
    {
        if (string.IsNullOrEmpty(mac) || string.IsNullOrEmpty(keyId))
        {
            return $"第 {sequence} 条记录没有密钥签名（记录被插入或改写）";
        }
        if (keys.Find(keyId) is not { } key)
        {
            return $"第 {sequence} 条记录的签名密钥 {keyId} 不在密钥文件中";
        }
        return Equal(Mac(key, EntryPurpose, hash), mac) ? null : $"第 {sequence} 条记录的密钥签名不符（记录被改写）";
    }

    public string SignCheckpoint(AuditCheckpoint c) => Mac(keys.Current, CheckpointPurpose, CheckpointText(c));

    public string? CheckCheckpoint(AuditCheckpoint c, string name)
    {
        if (keys.Find(c.KeyId) is not { } key)
        {
            return $"检查点 {name} 的签名密钥 {c.KeyId} 不在密钥文件中";
        }
        return Equal(Mac(key, CheckpointPurpose, CheckpointText(c)), c.Mac) ? null : $"检查点 {name} 的签名不符（检查点文件被修改）";
    }

    private static string CheckpointText(AuditCheckpoint c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Sequence}|{c.Hash}|{c.At.UtcDateTime:O}|{c.KeyId}");

    private static string Mac(MasterKey key, string purpose, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(MasterKeyRing.Derive(key, purpose), Encoding.UTF8.GetBytes(text)));

    private static bool Equal(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}
