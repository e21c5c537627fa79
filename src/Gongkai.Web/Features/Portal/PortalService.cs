using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Portal;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Portal;

/// <summary>An arithmetic question and its signed answer: an anti-automation check that needs no outside service.</summary>
public sealed record Challenge(string Question, string Token);

/// <summary>What an applicant may see of their case.</summary>
public sealed record PublicStatus(Guid CaseId, string TrackingNumber, string Agency, string Stage, DateOnly ReceivedOn, DateOnly? DueOn, bool DueProvisional,
    IReadOnlyList<string> DeadlineExplanation, string? Outcome, DateOnly? AnsweredOn, string? AnswerText, decimal? FeeYuan = null, DateOnly? PaymentDueOn = null);

/// <summary>
/// The public side: online applications (条例 第二十九条) and status lookup by tracking number and query
/// code. The code is shown once and stored only as a salted PBKDF2 hash; wrong codes reveal nothing and,
/// repeated, lock the tracking number's lookups for a while.
/// </summary>
public sealed class PortalService(GongkaiDbContext db, CaseService cases, CalendarService calendars, IDataProtectionProvider protection, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(30);
    private readonly IDataProtector challenges = protection.CreateProtector("Gongkai.Portal.Challenge");

    public Challenge NewChallenge()
    {
        var a = RandomNumberGenerator.GetInt32(2, 10);
        var b = RandomNumberGenerator.GetInt32(2, 10);
        var expires = clock.GetUtcNow().Add(ChallengeLifetime).UtcTicks;
        return new Challenge($"{a} 加 {b} 等于几？", challenges.Protect(string.Create(CultureInfo.InvariantCulture, $"{a + b}|{expires}")));
    }

    /// <summary>Null when the answer is right; otherwise a Chinese message.</summary>
    public string? CheckChallenge(string? token, string? answer)
    {
        try
        {
            var parts = challenges.Unprotect(token ?? "").Split('|');
            if (new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero) < clock.GetUtcNow())
            {
                return "验证题已过期，请重新作答";
            }
            return answer?.Trim() == parts[0] ? null : "验证题答案不正确";
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return "验证题无效，请重新作答";
        }
    }

    public async Task<IReadOnlyList<(int Id, string Name)>> AgenciesAsync(CancellationToken ct = default) =>
        (await db.Agencies.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).ToListAsync(ct)).Select(a => (a.Id, a.Name)).ToList();

    /// <summary>Registers an online application for the chosen agency; returns the case and the query code to show once.</summary>
    public async Task<(CaseResult<ApplicationCase> Result, string? QueryCode)> SubmitAsync(int agencyId, RegisterInput input, CancellationToken ct = default)
    {
        if (!await db.Agencies.AnyAsync(a => a.Id == agencyId, ct))
        {
            return (new(ResultKind.Invalid, Message: "请选择受理申请的机关", Errors: new Dictionary<string, string> { ["AgencyId"] = "请选择受理申请的机关" }), null);
        }
        var code = QueryCode();
        // 条例 第三十一条第三项: an application over the internet is received on the day both sides confirm it,
        // which the receipt page does at once.
        var online = input with { Channel = nameof(Channel.Online), ReceivedOn = calendars.Today };
        var actor = new Actor("portal", "网上申请", agencyId, new HashSet<StaffRole> { StaffRole.Registrar }, new HashSet<string>());
        var result = await cases.RegisterAsync(actor, online, ct, queryCodeHash: Hash(code));
        return (result, result.IsOk ? code : null);
    }

    /// <summary>The status, or a Chinese message that does not say whether the number exists.</summary>
    public async Task<(PublicStatus? Status, string? Error)> LookupAsync(string? trackingNumber, string? code, CancellationToken ct = default)
    {
        const string Generic = "受理编号或查询码不正确";
        var number = (trackingNumber ?? "").Trim().ToUpperInvariant();
        if (number.Length is 0 or > 40 || string.IsNullOrWhiteSpace(code))
        {
            return (null, "请填写受理编号和查询码");
        }
        var now = clock.GetUtcNow();
        var throttle = await db.LookupThrottles.FindAsync([number], ct);
        if (throttle is not null && now - throttle.WindowStart < FailureWindow && throttle.Failures >= MaxFailures)
        {
            return (null, $"该受理编号的查询错误次数过多，请{FailureWindow.TotalMinutes:0}分钟后再试");
        }
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.TrackingNumber == number && x.QueryCodeHash != null, ct);
        if (c is null || !Verify(code.Trim().ToUpperInvariant(), c.QueryCodeHash!))
        {
            if (throttle is null)
            {
                throttle = new LookupThrottle { Key = number, WindowStart = now };
                db.LookupThrottles.Add(throttle);
            }
            else if (now - throttle.WindowStart >= FailureWindow)
            {
                throttle.WindowStart = now;
                throttle.Failures = 0;
            }
            throttle.Failures++;
            await db.SaveChangesAsync(ct);
            return (null, Generic);
        }
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c.AgencyId, ct);
        var calendar = await calendars.CurrentAsync(ct);
        var deadline = Gongkai.Cases.Deadlines.DeadlineCalculator.Compute(c.Clock, calendar, calendars.Today);
        var answered = c.State is CaseState.Answered or CaseState.Archived;
        var awaitingPayment = c.State == CaseState.AwaitingPayment;
        return (new PublicStatus(c.Id, c.TrackingNumber, agency.Name, PublicStage(c.State), c.ReceivedOn,
            c.State.IsOpen() ? deadline.AnswerDueOn : null, c.State.IsOpen() && deadline.Provisional, c.State.IsOpen() ? deadline.Explanation : [],
            answered ? CaseView.DescribeOutcome(c.OutcomeRow) : null, answered ? c.ClosedOn : null, answered ? c.AnswerText : null,
            awaitingPayment ? c.FeeYuan : null, awaitingPayment ? c.PaymentDueOn(calendar) : null), null);
    }

    private static string PublicStage(CaseState state) => state switch
    {
        CaseState.Registered => "已收到，等待受理",
        CaseState.AwaitingCorrection => "需要补正，请按补正告知书补充后提交",
        CaseState.InProgress => "办理中",
        CaseState.Consulting => "正在征求意见（此期间不计入答复期限）",
        CaseState.AwaitingPayment => "待缴费：请按收费通知书缴纳信息处理费（等待缴费期间不计入答复期限）",
        CaseState.InReview or CaseState.ReadyToAnswer => "答复审核中",
        CaseState.Answered => "已答复",
        CaseState.Archived => "已答复并归档",
        CaseState.Withdrawn => "已撤回",
    };

    private static string QueryCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 8));
    }

    private static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(Derive(code, salt));
    }

    private static bool Verify(string code, string stored)
    {
        var parts = stored.Split(':');
        return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(parts[1]), Derive(code, Convert.FromBase64String(parts[0])));
    }

    private static byte[] Derive(string code, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), salt, 20_000, HashAlgorithmName.SHA256, 32);
}
