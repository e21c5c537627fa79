using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gongkai.Data.Keys;

/// <summary>One master key: an id (recorded beside what it signed, so old signatures verify after a rotation) and 32 random bytes.</summary>
public sealed record MasterKey(string Id, DateTimeOffset Created, byte[] Secret);

/// <summary>
/// The keys that must not live in the database: they sign the audit trail (so a rewrite by someone with the
/// database alone is found) and encrypt the Data Protection key ring (which protects ID numbers, cookies and
/// tokens). Kept in a text file — one key per line, <c>id created base64</c>, the last line signing — readable
/// by the service account alone (0600), or given whole in the setting <c>Gongkai:MasterKeys</c> (environment
/// <c>Gongkai__MasterKeys</c>). Several instances share one file. Rotation appends a key; old keys stay to verify.
/// </summary>
public sealed class MasterKeyRing
{
    private MasterKeyRing(IReadOnlyList<MasterKey> keys, string source)
    {
        Keys = keys;
        Source = source;
    }

    public IReadOnlyList<MasterKey> Keys { get; }

    /// <summary>Where the keys came from, for messages: the file's path or "环境变量".</summary>
    public string Source { get; }

    /// <summary>The key new signatures and encryptions use.</summary>
    public MasterKey Current => Keys[^1];

    public MasterKey? Find(string? id) => Keys.FirstOrDefault(k => k.Id == id);

    /// <summary>A key for one purpose (HKDF-SHA256), so that a signature of one kind is never valid as another.</summary>
    public static byte[] Derive(MasterKey key, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Secret, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>The key ring from its text; a Chinese message names the bad line.</summary>
    public static MasterKeyRing Parse(string text, string source)
    {
        var keys = new List<MasterKey>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            byte[]? secret = null;
            if (parts.Length != 3 || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
                || !TryBase64(parts[2], out secret) || secret!.Length != 32)
            {
                throw new MasterKeyException($"密钥文件 {source} 第 {i + 1} 行格式不正确：应为“密钥编号 创建时间 32字节密钥的Base64”");
            }
            if (keys.Any(k => k.Id == parts[0]))
            {
                throw new MasterKeyException($"密钥文件 {source} 第 {i + 1} 行：密钥编号 {parts[0]} 重复");
            }
            keys.Add(new MasterKey(parts[0], created, secret));
        }
        if (keys.Count == 0)
        {
            throw new MasterKeyException($"密钥文件 {source} 中没有密钥");
        }
        return new MasterKeyRing(keys, source);
    }

    /// <summary>The key ring in <paramref name="path"/>; a Chinese message when the file is missing or bad.</summary>
    public static MasterKeyRing Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MasterKeyException($"找不到密钥文件：{path}");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// The key ring from the setting when given, else from the file, creating the file with one new key when there is
    /// none (a new installation). <paramref name="created"/> says whether it was created now.
    /// </summary>
    public static MasterKeyRing LoadOrCreate(string path, string? configured, out bool created)
    {
        created = false;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Parse(configured, "环境变量 Gongkai__MasterKeys");
        }
        if (File.Exists(path))
        {
            return Load(path);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var text = "# Gongkai 主密钥：签名审计日志、加密数据保护密钥。请妥善备份并单独保管，丢失后无法解密已保存的证件号码。\n" + NewLine(1);
        try
        {
            // CreateNew: two instances starting together on a shared folder create one file, and the loser reads it.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var file = new FileStream(path, options);
            file.Write(Encoding.UTF8.GetBytes(text));
            file.Flush(flushToDisk: true);
            created = true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first.
        }
        return Load(path);
    }

    /// <summary>Appends a new signing key to the file (the old ones stay, to verify what they signed); returns the new ring.</summary>
    public static MasterKeyRing Rotate(string path)
    {
        var ring = Load(path);
        File.AppendAllText(path, NewLine(ring.Keys.Count + 1));
        return Load(path);
    }

    private static string NewLine(int number)
    {
        var now = DateTimeOffset.UtcNow;
        var id = string.Create(CultureInfo.InvariantCulture, $"k{number}-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        return string.Create(CultureInfo.InvariantCulture, $"{id} {now:yyyy-MM-ddTHH:mm:ssZ} {Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\n");
    }

    private static bool TryBase64(string text, out byte[]? bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = null;
            return false;
        }
    }
}

/// <summary>The key file is missing or unreadable; the message says which and how, in Chinese.</summary>
public sealed class MasterKeyException(string message) : Exception(message);
