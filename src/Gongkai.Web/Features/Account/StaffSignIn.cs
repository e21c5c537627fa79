using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Account;

/// <summary>The outcome of a sign-in: success, or the Chinese reason (the same words whatever the user name, so no account is revealed).</summary>
public sealed record SignInOutcome(bool Succeeded, bool LockedOut, string? Message, bool MustChangePassword = false)
{
    /// <summary>Refused because of the address's failures, before the password was looked at.</summary>
    public bool Throttled { get; init; }
}

/// <summary>How many failed sign-ins one address may make in <see cref="Window"/> (setting Gongkai:RateLimits:LoginFailuresPerAddress).</summary>
public sealed record SignInLimits(int FailuresPerAddress)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Sign-in for the pages (cookie) and the API (bearer token) alike: refuses disabled accounts, locks an
/// account for a while after repeated wrong passwords whatever address they come from (Identity's lockout,
/// per account), limits failed attempts per address (<see cref="SignInLimits"/>: only failures count, so an office
/// behind one address signing in all morning is never stopped), and records every sign-in, failure and lock-out in the
/// audit trail.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, GongkaiDbContext db, TimeProvider clock, Infrastructure.AttemptCounter attempts, SignInLimits limits)
{
    public const string WrongPassword = "用户名或密码不正确";
    public const string Locked = "登录失败次数过多，账号已暂时锁定，请15分钟后再试或联系管理员";

    /// <param name="client">The caller's address; its failures are limited.</param>
    public async Task<SignInOutcome> SignInAsync(string userName, string password, string client, string? scheme = null, CancellationToken ct = default)
    {
        // The attempt is counted before the password is checked (atomic, so parallel guesses cannot overtake the limit)
        // and given back when it succeeds. Attempts on user names that exist and on names that do not are counted apart:
        // a stranger trying made-up names from an office's shared address must not lock its staff out. (Both are
        // answered with the same words, so the split reveals nothing.)
        var user = await signIn.UserManager.FindByNameAsync(userName.Trim());
        var strangers = "login-unknown:" + client;
        var key = user is null ? strangers : "login:" + client;
        var throttled = new SignInOutcome(false, false, $"本网络地址登录失败次数过多，请{SignInLimits.Window.TotalMinutes:0}分钟后再试") { Throttled = true };
        if (!await attempts.TakeAsync(key, limits.FailuresPerAddress, SignInLimits.Window, ct))
        {
            if (user is null)
            {
                signIn.UserManager.PasswordHasher.VerifyHashedPassword(new StaffUser(), DecoyHash.Value, password); // same time as a real name
            }
            return throttled;
        }
        // While made-up names have used up this address's allowance, a real name is answered as they are unless its
        // password is right: a 429 for made-up names beside a 401 for real ones would tell which names exist.
        var strangersThrottled = user is not null && await attempts.IsExhaustedAsync(strangers, limits.FailuresPerAddress, SignInLimits.Window, ct);
        var outcome = await CheckAsync(user, userName, password, scheme, ct);
        if (outcome.Succeeded)
        {
            await attempts.GiveBackAsync(key, ct);
            return outcome;
        }
        return strangersThrottled && (outcome.LockedOut || outcome.Message == WrongPassword) ? throttled : outcome;
    }

    /// <summary>A hash to check unknown user names against, so that they take as long to refuse as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), Guid.NewGuid().ToString("N")));

    private async Task<SignInOutcome> CheckAsync(StaffUser? user, string userName, string password, string? scheme, CancellationToken ct)
    {
        if (scheme is not null)
        {
            signIn.AuthenticationScheme = scheme;
        }
        var name = userName.Trim();
        if (user is null)
        {
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new StaffUser(), DecoyHash.Value, password);
            await RecordAsync(null, name, "SignInFailed", $"登录失败：用户名“{Shorten(name)}”不存在", ct);
            return new SignInOutcome(false, false, WrongPassword);
        }
        if (user.Disabled)
        {
            // Only whoever knows the password learns that the account is disabled; anyone else gets the same words as for
            // a wrong password or an unknown name, so accounts cannot be told apart by trying.
            var knowsPassword = await signIn.UserManager.CheckPasswordAsync(user, password);
            await RecordAsync(user, name, "SignInRefused", $"已停用的账号 {user.UserName} 尝试登录{(knowsPassword ? "" : "（密码错误）")}", ct);
            return new SignInOutcome(false, false, knowsPassword ? "该账号已停用，请联系管理员" : WrongPassword);
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await RecordAsync(user, name, "SignIn", $"{user.UserName} 登录", ct);
            return new SignInOutcome(true, false, null, user.MustChangePassword);
        }
        if (result.IsLockedOut)
        {
            await RecordAsync(user, name, "SignInLockedOut", $"{user.UserName} 登录被拒绝：账号因多次密码错误暂时锁定", ct);
            return new SignInOutcome(false, true, Locked);
        }
        await RecordAsync(user, name, "SignInFailed", $"{user.UserName} 登录失败：密码错误（累计{await signIn.UserManager.GetAccessFailedCountAsync(user)}次）", ct);
        return new SignInOutcome(false, false, WrongPassword);
    }

    private async Task RecordAsync(StaffUser? user, string userName, string action, string summary, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await AuditChain.WriteAsync(db, () => Task.FromResult(new AuditEntry
        {
            UserId = user?.Id ?? "", UserName = user?.DisplayName ?? Shorten(userName), AgencyId = user?.AgencyId,
            EntityType = "user", EntityId = user?.Id ?? "", Action = action, Summary = summary,
        }), clock, ct);
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
}

/// <summary>The password policy (<see cref="PasswordPolicy"/>) as Identity's validator, so every password Identity sets obeys it.</summary>
public sealed class PolicyPasswordValidator : IPasswordValidator<StaffUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password) =>
        Task.FromResult(PasswordPolicy.Check(user.UserName, password) is { } error
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = error })
            : IdentityResult.Success);
}
