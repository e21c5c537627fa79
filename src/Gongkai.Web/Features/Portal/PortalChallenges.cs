using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Gongkai.Web.Features.Portal;

/// <summary>An arithmetic question and its signed answer: an anti-automation check that needs no outside service.</summary>
public sealed record Challenge(string Question, string Token);

/// <summary>
/// The public form's question. Its token carries the answer, an expiry and a random key that doubles as the form's
/// submission key: a solved question registers one application only, and the same form sent again shows that
/// application's receipt (<see cref="PortalService.SubmitAsync"/>). A singleton: showing the form opens no database.
/// </summary>
public sealed class PortalChallenges(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly IDataProtector protector = protection.CreateProtector("Gongkai.Portal.Challenge");

    /// <summary>Questions answered wrongly, by their key, until they would have expired anyway: each is good for one try.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> spent = new();

    public Challenge New()
    {
        var a = RandomNumberGenerator.GetInt32(2, 10);
        var b = RandomNumberGenerator.GetInt32(2, 10);
        var expires = clock.GetUtcNow().Add(Lifetime).UtcTicks;
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new Challenge($"{a} 加 {b} 等于几？", protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{a + b}|{expires}|{key}")));
    }

    /// <summary>The submission key when the answer is right; otherwise a Chinese message.</summary>
    public (string? Key, string? Error) Check(string? token, string? answer)
    {
        try
        {
            var parts = protector.Unprotect(token ?? "").Split('|');
            if (new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero) < clock.GetUtcNow())
            {
                return (null, "验证题已过期，请重新作答");
            }
            if (spent.ContainsKey(parts[2]))
            {
                return (null, "这道验证题已经答过，请回答新的验证题");
            }
            if (answer?.Trim() == parts[0])
            {
                return (parts[2], null);
            }
            // A wrong answer spends the question: the page shows a new one, and the old one cannot be tried again with
            // the next number (which would make a sum of two digits no obstacle at all).
            Spend(parts[2], long.Parse(parts[1], CultureInfo.InvariantCulture));
            return (null, "验证题答案不正确，请回答新的验证题");
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return (null, "验证题无效，请重新作答");
        }
    }

    private void Spend(string key, long expiresTicks)
    {
        spent[key] = expiresTicks;
        if (spent.Count > 10_000)
        {
            var now = clock.GetUtcNow().UtcTicks;
            foreach (var (k, expires) in spent)
            {
                if (expires < now)
                {
                    spent.TryRemove(k, out _);
                }
            }
        }
    }
}
