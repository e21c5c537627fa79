using System.Security.Cryptography;
using System.Text;

namespace Gongkai.Web.Features.Setup;

/// <summary>
/// 初始设置码: on an installed system (<c>Gongkai:Setup:RequireCode</c>, which the Debian unit sets) /setup asks for a
/// code that only whoever can read the server's data directory or its log knows. Otherwise the first person on the
/// network to reach a new installation — before the administrator — would create its administrator. The code is made at
/// the first start without an agency (<c>setup-code</c> in the data directory, 0600, and the log), and deleted once set-up
/// is done. The demo and a developer's run need none.
/// </summary>
public sealed class SetupCode(bool required, string dataDirectory)
{
    public const string FileName = "setup-code";
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public bool Required { get; } = required;

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, FileName);

    /// <summary>The code, made now if there is none yet (a new installation's first start).</summary>
    public string Ensure()
    {
        if (File.Exists(Path) && File.ReadAllText(Path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }
        var code = string.Join('-', Enumerable.Range(0, 3).Select(_ => new string(RandomNumberGenerator.GetItems<char>(Alphabet, 4))));
        File.WriteAllText(Path, code + "\n");
        Gongkai.Web.Infrastructure.DataFiles.RestrictFile(Path);
        return code;
    }

    /// <summary>True when no code is required, or <paramref name="given"/> is the code (compared in constant time).</summary>
    public bool Accepts(string? given)
    {
        if (!Required)
        {
            return true;
        }
        if (given is null || !File.Exists(Path))
        {
            return false;
        }
        var expected = Encoding.UTF8.GetBytes(File.ReadAllText(Path).Trim());
        var offered = Encoding.UTF8.GetBytes(given.Trim().ToUpperInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, offered);
    }

    /// <summary>Set-up is done: the code is spent.</summary>
    public void Spend()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
