using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Attachments;
using Gongkai.Data.Portal;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Portal;

/// <summary>What an applicant may see of their case.</summary>
public sealed record PublicStatus(Guid CaseId, string TrackingNumber, string Agency, string Stage, DateOnly ReceivedOn, DateOnly? DueOn, bool DueProvisional,
    IReadOnlyList<string> DeadlineExplanation, string? Outcome, DateOnly? AnsweredOn, string? AnswerText, decimal? FeeYuan = null, DateOnly? PaymentDueOn = null)
{
    /// <summary>While a 补正 is awaited: the last day to send it (条例 第三十条).</summary>
    public DateOnly? CorrectionDueOn { get; init; }

    /// <summary>Why the answer period is not running now (a fee wait), in words for the applicant; null while it runs.</summary>
    public string? ClockPaused { get; init; }

    /// <summary>The date of the 补正 notice the applicant may answer online; null unless one is awaited.</summary>
    public DateOnly? CorrectionRequestedOn { get; init; }

    /// <summary>The items the 补正 notice asks for, as recorded.</summary>
    public string? CorrectionItems { get; init; }

    /// <summary>Still open: the applicant may withdraw it (撤回).</summary>
    public bool Open { get; init; }

    /// <summary>Closed by the applicant's withdrawal: the day.</summary>
    public DateOnly? WithdrawnOn { get; init; }
}

/// <summary>A 规章 or 行政规范性文件 as the 公开目录 lists it, with its status on the day shown.</summary>
public sealed record CatalogueDocument(string Kind, string Title, string Number, DateOnly IssuedOn, DateOnly? AbolishedOn, DateOnly Today)
{
    public bool Abolished => AbolishedOn is { } gone && gone <= Today;

    /// <summary>现行有效, 已废止 with its date, or 现行有效 with the date it will be abolished.</summary>
    public string Status => AbolishedOn is not { } gone ? "现行有效"
        : gone <= Today ? $"已废止（{gone:yyyy-MM-dd}）" : $"现行有效（{gone:yyyy-MM-dd}起废止）";
}

/// <summary>
/// The public side: online applications (条例 第二十九条) and status lookup by tracking number and query
/// code. The code is shown once and stored only as a salted hash; wrong codes reveal nothing and,
/// repeated, lock the tracking number's lookups for a while.
/// </summary>
public sealed class PortalService(GongkaiDbContext db, CaseService cases, CalendarService calendars, SubmissionQueue submissions, IDataProtectionProvider protection, TimeProvider clock,
    Infrastructure.AgencyDirectory agencies, LookupGuard guard, CaseRouting routing)
{
    private readonly IDataProtector receipts = protection.CreateProtector("Gongkai.Portal.Receipt");

    /// <summary>The agencies that take applications; a retired one is not shown on the portal.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> AgenciesAsync(CancellationToken ct = default) =>
        (await agencies.ActiveAsync(ct)).Select(a => (a.Id, a.Name)).ToList();

    /// <summary>Why the agency cannot take an application (none chosen, unknown, or retired), or null.</summary>
    private async Task<string?> AgencyRefusalAsync(int agencyId, CancellationToken ct) =>
        await agencies.FindAsync(agencyId, ct) switch
        {
            null => "请选择受理申请的机关",
            { Retired: true } retired => retired.RetiredMessage,
            _ => null,
        };

    /// <summary>Every field's problem on an online application, as a submission would report them, without saving anything.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(int agencyId, RegisterInput input, CancellationToken ct = default)
    {
        var errors = (input with { Channel = nameof(Channel.Online), ReceivedOn = calendars.Today }).Validate(calendars.Today);
        if (await AgencyRefusalAsync(agencyId, ct) is { } refused)
        {
            errors["AgencyId"] = refused;
        }
        return errors;
    }

    /// <summary>At most this many files on one online application; each within <see cref="AttachmentRules"/>.</summary>
    public const int MaxPublicFiles = 5;

    /// <summary>
    /// Registers an online application for the chosen agency with its attachments, all in one transaction; returns the
    /// case and the query code to show once. Files are checked before anything is saved, so a bad file registers nothing.
    /// <paramref name="submissionKey"/> (from <see cref="PortalChallenges.Check"/>) makes a retry idempotent: the same form sent
    /// again — its receipt never arrived — returns the first receipt; other content under a used key is refused.
    /// </summary>
    public async Task<(CaseResult<ApplicationCase> Result, string? QueryCode)> SubmitAsync(int agencyId, RegisterInput input,
        IReadOnlyList<(string Name, byte[] Content)>? files, string submissionKey, CancellationToken ct = default)
    {
        files ??= [];
        var inputHash = InputHash(agencyId, input, files);
        if (await EarlierReceiptAsync(submissionKey, inputHash, ct) is { } earlier)
        {
            return earlier;
        }
        if (await AgencyRefusalAsync(agencyId, ct) is { } unavailable)
        {
            return (Invalid("AgencyId", unavailable), null);
        }
        if (files.Count > MaxPublicFiles)
        {
            return (Invalid("Files", $"最多上传{MaxPublicFiles}个附件，您选择了{files.Count}个"), null);
        }
        for (var i = 0; i < files.Count; i++)
        {
            if (AttachmentCheck.Check(files[i].Name, files[i].Content, i).Error is { } error)
            {
                return (Invalid("Files", error + "。其他填写内容已保留，请重新选择附件"), null);
            }
        }
        var code = QueryCode();
        // 条例 第三十一条第三项: an application over the internet is received on the day both sides confirm it,
        // which the receipt page does at once.
        var online = input with { Channel = nameof(Channel.Online), ReceivedOn = calendars.Today };
        // Addressed to an agency nobody staffs (no active 登记员), the application lands with its nearest staffed parent.
        var receiving = await routing.ReceivingAgencyAsync(agencyId, ct);
        var actor = new Actor("portal", "网上申请", receiving, new HashSet<StaffRole> { StaffRole.Registrar }, new HashSet<string>());
        var (pending, refused) = await cases.PrepareAsync(actor, online, Hash(code), ct);
        if (refused is not null)
        {
            return (refused, null);
        }
        if (receiving != agencyId)
        {
            pending = pending! with { AddressedAgencyId = agencyId };
        }
        var submission = new PortalSubmission { Key = submissionKey, ProtectedCode = receipts.Protect(code), InputHash = inputHash, CreatedAt = clock.GetUtcNow() };
        try
        {
            var result = await submissions.RegisterAsync(pending! with { Files = files, Submission = submission }, ct);
            return result.IsOk ? (result, code) : (result, null);
        }
        catch (DbUpdateException)
        {
            // The same form sent twice at once: the other request registered it.
            if (await EarlierReceiptAsync(submissionKey, inputHash, ct) is { } raced)
            {
                return raced;
            }
            throw;
        }
    }

    private async Task<(CaseResult<ApplicationCase>, string?)?> EarlierReceiptAsync(string key, string inputHash, CancellationToken ct)
    {
        var earlier = await db.PortalSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct);
        if (earlier is null)
        {
            return null;
        }
        if (earlier.InputHash != inputHash)
        {
            return (Invalid("Answer", "该验证题已使用过，请重新作答后再提交"), null);
        }
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == earlier.CaseId, ct);
        return (CaseResult<ApplicationCase>.Ok(c), receipts.Unprotect(earlier.ProtectedCode));
    }

    private static string InputHash(int agencyId, RegisterInput input, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { agencyId, input })));
        foreach (var (name, content) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(SHA256.HashData(content));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static CaseResult<ApplicationCase> Invalid(string field, string message) =>
        new(ResultKind.Invalid, Message: message, Errors: new Dictionary<string, string> { [field] = message });

    /// <summary>
    /// The status, or a Chinese message that does not say whether the number exists. <paramref name="client"/> is the
    /// caller's address: attempts are limited per number and address (<see cref="LookupGuard"/>).
    /// </summary>
    public async Task<(PublicStatus? Status, string? Error)> LookupAsync(string? trackingNumber, string? code, string client, CancellationToken ct = default)
    {
        const string Generic = "受理编号或查询码不正确";
        var number = (trackingNumber ?? "").Trim().ToUpperInvariant();
        if (number.Length is 0 or > 40 || string.IsNullOrWhiteSpace(code))
        {
            return (null, "请填写受理编号和查询码");
        }
        if (await guard.TakeAttemptAsync(number, client, ct) is { } tooMany)
        {
            return (null, tooMany);
        }
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.TrackingNumber == number && x.QueryCodeHash != null, ct);
        if (c is null || !Verify(code, c.QueryCodeHash!))
        {
            return (null, Generic);
        }
        await guard.ForgiveAsync(number, client, ct);
        return (await StatusOfAsync(c, ct), null);
    }

    /// <summary>The status of a case already looked up with its code (after the applicant changed it on the same page).</summary>
    public async Task<PublicStatus> StatusAsync(Guid caseId, CancellationToken ct = default) =>
        await StatusOfAsync(await db.Cases.AsNoTracking().SingleAsync(x => x.Id == caseId, ct), ct);

    private async Task<PublicStatus> StatusOfAsync(ApplicationCase c, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c.AgencyId, ct);
        var calendar = await calendars.CurrentAsync(ct);
        var deadline = Gongkai.Cases.Deadlines.DeadlineCalculator.Compute(c.Clock, calendar, calendars.Today);
        var answered = c.State is CaseState.Answered or CaseState.Archived;
        var awaitingPayment = c.State == CaseState.AwaitingPayment;
        var awaitingCorrection = c.State == CaseState.AwaitingCorrection;
        // While the applicant is to pay, the answer period is paused (国办函〔2020〕109号): a running date beside the
        // last day to pay would mislead, so the page says it is paused instead.
        var running = c.State.IsOpen() && !awaitingPayment;
        return new PublicStatus(c.Id, c.TrackingNumber, agency.Name, PublicStage(c.State), c.ReceivedOn,
            running ? deadline.AnswerDueOn : null, running && deadline.Provisional, running ? PublicExplanation(deadline.Explanation) : [],
            answered ? CaseView.PublicOutcome(c.OutcomeRow) : null, answered ? c.ClosedOn : null, answered ? c.AnswerText : null,
            awaitingPayment ? c.FeeYuan : null, awaitingPayment ? c.PaymentDueOn(calendar) : null)
        {
            CorrectionDueOn = awaitingCorrection ? deadline.CorrectionPeriodEndsOn : null,
            ClockPaused = awaitingPayment ? "等待缴费期间答复期限暂停计算，缴费后继续计算（国办函〔2020〕109号）" : null,
            CorrectionRequestedOn = awaitingCorrection ? c.CorrectionRequestedOn : null,
            CorrectionItems = awaitingCorrection ? c.CorrectionItems : null,
            Open = c.State.IsOpen(),
            WithdrawnOn = c.State == CaseState.Withdrawn ? c.ClosedOn : null,
        };
    }

    /// <summary>
    /// The deadline's explanation without what only staff act on (when a 补正 notice is due, whether it was late):
    /// the applicant sees how their answer period runs.
    /// </summary>
    public static IReadOnlyList<string> PublicExplanation(IReadOnlyList<string> lines) =>
        lines.Where(l => !l.StartsWith("如需补正", StringComparison.Ordinal) && !l.StartsWith("补正告知晚于", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The disclosed files staff attached to the answer (随答复提供), offered to the applicant once the case is
    /// answered; before that, and for internal attachments, nothing.
    /// </summary>
    public async Task<IReadOnlyList<Gongkai.Data.Attachments.CaseAttachment>> DisclosedFilesAsync(PublicStatus status, CancellationToken ct = default) =>
        status.AnsweredOn is null ? [] : (await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == status.CaseId && a.ForApplicant && a.WithdrawnAt == null)
            .Select(a => new Gongkai.Data.Attachments.CaseAttachment { Id = a.Id, CaseId = a.CaseId, FileName = a.FileName, ContentType = a.ContentType, Size = a.Size, UploadedAt = a.UploadedAt })
            .ToListAsync(ct)).OrderBy(a => a.UploadedAt).ToList();

    /// <summary>One disclosed file with its content, under the same conditions as <see cref="DisclosedFilesAsync"/>.</summary>
    public async Task<Gongkai.Data.Attachments.CaseAttachment?> DisclosedFileAsync(PublicStatus status, Guid fileId, CancellationToken ct = default) =>
        status.AnsweredOn is null ? null : await db.CaseAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.CaseId == status.CaseId && a.Id == fileId && a.ForApplicant && a.WithdrawnAt == null, ct);

    /// <summary>An agency's 公开指南或公开目录 as it last saved it, or the starting text Gongkai writes until it does; null for an unknown agency.</summary>
    /// <summary>The agency's page with its disclosure office's contact details (the 指南 prints them, 条例 第十二条).</summary>
    public async Task<(string Agency, string Text, DateTimeOffset? UpdatedAt, Gongkai.Cases.Agencies.DisclosureOffice Office)?> PageAsync(int agencyId, AgencyPageKind kind, CancellationToken ct = default)
    {
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => new { a.Name, a.Office }).SingleOrDefaultAsync(ct);
        if (agency is null)
        {
            return null;
        }
        var page = await db.AgencyPages.AsNoTracking().SingleOrDefaultAsync(p => p.AgencyId == agencyId && p.Kind == kind, ct);
        return (agency.Name, page?.Text ?? DefaultPage(agency.Name, kind), page?.UpdatedAt, agency.Office);
    }

    /// <summary>
    /// The agency's 规章 and 行政规范性文件 from its register, for the 公开目录 (条例 第二十条第二项 lists them among what is
    /// published proactively), in force first and newest first, each with its status on <paramref name="today"/>.
    /// </summary>
    public async Task<IReadOnlyList<CatalogueDocument>> DocumentsAsync(int agencyId, DateOnly today, CancellationToken ct = default)
    {
        var documents = await db.RegulatoryDocuments.AsNoTracking().Where(d => d.AgencyId == agencyId).ToListAsync(ct);
        return documents
            .Select(d => new CatalogueDocument(d.Kind == Gongkai.Cases.Reporting.RegulatoryDocumentKind.Rule ? "规章" : "行政规范性文件",
                d.Title, d.DocumentNumber ?? "", d.IssuedOn, d.AbolishedOn, today))
            .OrderBy(d => d.Abolished).ThenBy(d => d.Kind == "规章" ? 0 : 1).ThenByDescending(d => d.IssuedOn).ThenBy(d => d.Title, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The starting text of a page, from the 条例 itself, for the agency to complete.</summary>
    public static string DefaultPage(string agency, AgencyPageKind kind) => kind switch
    {
        AgencyPageKind.Guide => $"""
            # 一、主动公开
            {agency}依照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定主动公开政府信息，自信息形成或者变更之日起20个工作日内通过本机关门户网站等途径公开（第二十六条）。
            # 二、依申请公开
            公民、法人或者其他组织可以向本机关申请获取相关政府信息（第二十七条）。申请应当向本机关的政府信息公开工作机构提出，采用书面形式（第二十九条）；可用的提交方式见本页“提交申请的方式”。
            申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径（第二十九条）。
            # 三、办理期限
            能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日（第三十三条）。申请内容不明确的，本机关在7个工作日内一次性告知补正（第三十条）。
            # 四、收费
            依申请提供政府信息不收费；申请数量、频次明显超过合理范围的，可以依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费（第四十二条）。
            # 五、救济途径
            认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（第五十一条）。
            """,
        AgencyPageKind.Catalogue => $"""
            # {agency}政府信息公开目录
            机构职能：机构职能、机构设置、办公地址、办公时间、联系方式、负责人姓名（条例第二十条第一项）
            法规文件：规章、行政规范性文件（第二十条第二项）
            规划计划：国民经济和社会发展规划、专项规划、区域规划及相关政策（第二十条第三项）
            统计信息：国民经济和社会发展统计信息（第二十条第四项）
            行政许可、行政处罚、行政强制：办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；实施行政处罚、行政强制的依据、条件、程序以及本机关认为具有一定社会影响的行政处罚决定（第二十条第五项、第六项）
            财政信息：财政预算、决算信息（第二十条第七项）
            收费信息：行政事业性收费项目及其依据、标准（第二十条第八项）
            政府信息公开年度报告（第四十九条）
            """,
    };

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
        CaseState.Voided => "该登记已作废（登记有误）；如有疑问请联系受理机关",
    };

    /// <summary>
    /// 12 characters from a 32-letter alphabet without look-alikes (60 random bits), shown in groups of four.
    /// Being random and long, the code needs no slow hash (unlike a password a person chooses): a salted
    /// SHA-256 leaves an offline search of 2^59 guesses on average per code, while a slow hash would cost
    /// every online application milliseconds of CPU. Online guessing is stopped by the lock-out.
    /// </summary>
    private static string QueryCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var code = RandomNumberGenerator.GetItems<char>(alphabet, 12);
        return $"{new string(code, 0, 4)}-{new string(code, 4, 4)}-{new string(code, 8, 4)}";
    }

    /// <summary>What the applicant typed, as stored: upper case, without the group separators or spaces.</summary>
    private static string Normalise(string code) =>
        new(code.Where(c => c is not ('-' or ' ' or '－' or '\u3000')).Select(char.ToUpperInvariant).ToArray());

    private static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return "s256:" + Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(Digest(Normalise(code), salt));
    }

    private static bool Verify(string code, string stored)
    {
        var parts = stored.Split(':');
        return parts.Length == 3 && parts[0] == "s256"
            && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(parts[2]), Digest(Normalise(code), Convert.FromBase64String(parts[1])));
    }

    private static byte[] Digest(string code, byte[] salt) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(code)]);
}
