using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// The Data Protection key ring as Gongkai accepts it from the database: only keys whose secret Gongkai sealed with the
/// master key (<see cref="MasterKeyXmlEncryptor"/>). Anyone who can write to the database could otherwise add a key of
/// their own in plain text, sign tickets with it and be taken for any account; such a key is left in the table for the
/// administrator, named in the log, and never used. Revocations pass: they can only take keys away.
/// </summary>
public sealed class SealedKeyRepository(IXmlRepository inner, ILogger<SealedKeyRepository> log) : IXmlRepository
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly string Decryptor = typeof(MasterKeyXmlDecryptor).FullName!;
    private readonly ConcurrentDictionary<string, bool> reported = new();

    public IReadOnlyCollection<XElement> GetAllElements() =>
        inner.GetAllElements().Where(element =>
        {
            if (element.Name.LocalName != "key" || IsSealedByGongkai(element))
            {
                return true;
            }
            var id = (string?)element.Attribute("id") ?? "(无编号)";
            if (reported.TryAdd(id, true))
            {
                log.LogError("数据库中的数据保护密钥 {KeyId} 不是 Gongkai 用主密钥加密保存的（可能是有人直接写入数据库伪造的），已忽略、不会使用；请管理员核实来历后从 DataProtectionKeys 表中删除", id);
            }
            return false;
        }).ToList();

    public void StoreElement(XElement element, string friendlyName) => inner.StoreElement(element, friendlyName);

    /// <summary>
    /// Sealed: at least one encrypted secret, every one opened by Gongkai's decryptor, no secret left in the clear (the
    /// descriptor's masterKey element lives only inside the ciphertext), and a descriptor of Data Protection's own.
    /// </summary>
    internal static bool IsSealedByGongkai(XElement key)
    {
        var secrets = key.Descendants(DataProtection + "encryptedSecret").ToList();
        if (secrets.Count == 0 || secrets.Any(s => !((string?)s.Attribute("decryptorType") ?? "").StartsWith(Decryptor + ",", StringComparison.Ordinal)))
        {
            return false;
        }
        if (key.Descendants().Any(e => e.Name.LocalName == "masterKey" || (string?)e.Attribute(DataProtection + "requiresEncryption") == "true"))
        {
            return false;
        }
        return key.Descendants("descriptor").Attributes("deserializerType")
            .All(t => t.Value.StartsWith("Microsoft.AspNetCore.DataProtection.", StringComparison.Ordinal));
    }
}
