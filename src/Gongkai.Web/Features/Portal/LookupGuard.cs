using Gongkai.Web.Infrastructure;

namespace Gongkai.Web.Features.Portal;

/// <summary>
/// Limits guesses at the public status lookup, each attempt taken atomically before the code is checked
/// (<see cref="AttemptCounter"/>). Two counters: a tracking number from one address (<see cref="PerNumberAndClient"/>
/// in <see cref="NumberWindow"/>) — an attacker elsewhere cannot lock the applicant out of their own case — and one
/// address over all numbers (<see cref="PerClient"/> in <see cref="ClientWindow"/>), which slows anyone trying many.
/// A right code forgives that number's attempts from that address.
/// </summary>
public sealed class LookupGuard(AttemptCounter attempts)
{
    public const int PerNumberAndClient = 5;
    public static readonly TimeSpan NumberWindow = TimeSpan.FromMinutes(15);
    public const int PerClient = 30;
    public static readonly TimeSpan ClientWindow = TimeSpan.FromHours(1);

    /// <summary>Null when one more attempt is allowed (and now counted); otherwise the Chinese refusal.</summary>
    public async Task<string?> TakeAttemptAsync(string number, string client, CancellationToken ct = default)
    {
        // The number first: attempts refused for it are not guesses and do not use up the address's allowance.
        if (!await attempts.TakeAsync(NumberKey(number, client), PerNumberAndClient, NumberWindow, ct))
        {
            return $"该受理编号的查询错误次数过多，请{NumberWindow.TotalMinutes:0}分钟后再试";
        }
        if (!await attempts.TakeAsync(ClientKey(client), PerClient, ClientWindow, ct))
        {
            return $"本网络地址的查询错误次数过多，请{ClientWindow.TotalMinutes:0}分钟后再试";
        }
        return null;
    }

    /// <summary>The right code: this number's attempts from this address no longer count, nor this one against the address.</summary>
    public async Task ForgiveAsync(string number, string client, CancellationToken ct = default)
    {
        await attempts.ForgetAsync(NumberKey(number, client), ct);
        await attempts.GiveBackAsync(ClientKey(client), ct);
    }

    private static string NumberKey(string number, string client) => $"n:{number}|{client}";

    private static string ClientKey(string client) => $"c:{client}";
}
