using System.Security.Cryptography;
using System.Xml.Linq;
using Gongkai.Data.Keys;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// Encrypts each Data Protection key (which protects ID numbers, cookies and API tokens) with the master key before
/// it is stored in the database (AES-256-GCM, a fresh nonce per key): a copy of the database alone cannot decrypt
/// anything. The element records the master key's id, so keys encrypted before a rotation still open.
/// </summary>
public sealed class MasterKeyXmlEncryptor(MasterKeyRing keys) : IXmlEncryptor
{
    internal const string Purpose = "gongkai/dataprotection-keys/v1";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var key = keys.Current;
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(MasterKeyRing.Derive(key, Purpose), tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, System.Text.Encoding.UTF8.GetBytes(key.Id));
        }
        var element = new XElement("encryptedKey",
            new XComment(" 已用 Gongkai 主密钥加密（密钥文件见 Gongkai:MasterKeyFile） "),
            new XElement("masterKeyId", key.Id),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(ciphertext)));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>
/// Data Protection keys stored before the master key existed (an upgrade) hold their secret in plain text: each is
/// rewritten with its secret encrypted, the way Data Protection itself stores a new one. Runs at every start; a
/// database without such keys is left as it is.
/// </summary>
public static class PlaintextKeySealing
{
    private static readonly System.Xml.Linq.XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    public static async Task<int> SealAsync(Gongkai.Data.GongkaiDbContext db, MasterKeyXmlEncryptor encryptor, CancellationToken ct = default)
    {
        var sealedCount = 0;
        foreach (var row in await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DataProtectionKeys, ct))
        {
            var key = XElement.Parse(row.Xml ?? "<none/>");
            var secrets = key.Descendants().Where(e => (string?)e.Attribute(DataProtection + "requiresEncryption") == "true").ToList();
            if (secrets.Count == 0)
            {
                continue;
            }
            foreach (var secret in secrets)
            {
                var info = encryptor.Encrypt(secret);
                secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                    new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
            }
            row.Xml = key.ToString(SaveOptions.DisableFormatting);
            sealedCount++;
        }
        if (sealedCount > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return sealedCount;
    }
}

/// <summary>Opens what <see cref="MasterKeyXmlEncryptor"/> sealed; created by Data Protection with the application's services.</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keys = services.GetRequiredService<MasterKeyRing>();
        var id = (string?)encryptedElement.Element("masterKeyId") ?? "";
        var key = keys.Find(id) ?? throw new CryptographicException($"数据保护密钥由主密钥 {id} 加密，但密钥文件 {keys.Source} 中没有该密钥");
        var nonce = Convert.FromBase64String((string?)encryptedElement.Element("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)encryptedElement.Element("tag") ?? "");
        var ciphertext = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(MasterKeyRing.Derive(key, MasterKeyXmlEncryptor.Purpose), tag.Length))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, System.Text.Encoding.UTF8.GetBytes(key.Id));
        }
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
