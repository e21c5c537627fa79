using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Data.Setup;

/// <summary>What the one-time set-up asks for: the top agency, its disclosure office and its first administrator.</summary>
public sealed record FirstAgencyInput(
    string? Name, string? Kind, string? TrackingPrefix, DisclosureOffice Office,
    string? AdminUserName, string? AdminDisplayName, string? AdminPassword);

/// <summary>The set-up's result: the agency and the administrator, or the Chinese messages per field (nothing saved).</summary>
public sealed record SetupOutcome(int? AgencyId, string? AdminUserName, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// A real agency's first start: on a database without any agency, creates the top agency and its first
/// administrator, audited, in one serialised write — refused once any agency exists, so the set-up can run
/// only once. Used by the web app's set-up page and by <c>gongkai setup</c>.
/// </summary>
public static class FirstAgencySetup
{
    /// <summary>Whether the set-up has been done (any agency exists).</summary>
    public static Task<bool> IsDoneAsync(GongkaiDbContext db, CancellationToken ct = default) => db.Agencies.AnyAsync(ct);

    /// <summary>Identity's roles, one per <see cref="StaffRole"/>; created when missing.</summary>
    public static async Task EnsureRolesAsync(GongkaiDbContext db, CancellationToken ct = default)
    {
        var existing = (await db.Roles.Select(r => r.Name).ToListAsync(ct)).OfType<string>().ToList();
        foreach (var role in Enum.GetValues<StaffRole>().Select(StaffUser.RoleName).Except(existing))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <param name="oneTimePassword">True when the password was generated for the administrator (command line without --password): it must be changed at first sign-in.</param>
    public static async Task<SetupOutcome> RunAsync(GongkaiDbContext db, FirstAgencyInput input, TimeProvider clock, bool oneTimePassword, CancellationToken ct = default)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return new SetupOutcome(null, null, errors);
        }
        await EnsureRolesAsync(db, ct);
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        if (await IsDoneAsync(db, ct))
        {
            return new SetupOutcome(null, null, new Dictionary<string, string> { [""] = "已完成初始设置（已有机关），不能再次设置；请由管理员登录后在“机关管理”中添加机关" });
        }
        var agency = new Agency(input.Name!.Trim(), Agency.ParseKind(input.Kind)!.Value, null, input.TrackingPrefix!.Trim().ToUpperInvariant(),
            [new ReviewStage("法制审核", StaffRole.Reviewer), new ReviewStage("保密审查", StaffRole.Reviewer), new ReviewStage("领导审批", StaffRole.Approver)]);
        agency.ConfigureOffice(Clean(input.Office));
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(ct);

        var userName = input.AdminUserName!.Trim();
        var user = new StaffUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = input.AdminDisplayName!.Trim(),
            AgencyId = agency.Id,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            MustChangePassword = oneTimePassword,
        };
        user.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(user, input.AdminPassword!);
        db.Users.Add(user);
        var adminRole = await db.Roles.SingleAsync(r => r.Name == StaffUser.RoleName(StaffRole.Administrator), ct);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = adminRole.Id });
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = "setup", UserName = "初始设置", AgencyId = agency.Id, EntityType = "agency", EntityId = agency.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Action = "Setup", Summary = $"初始设置：创建机关“{agency.Name}”（{Agency.KindLabel(agency.Kind)}，受理编号前缀 {agency.TrackingPrefix}）和管理员账号 {userName}",
            After = System.Text.Json.JsonSerializer.Serialize(new { agency.Name, Kind = agency.Kind.ToString(), agency.TrackingPrefix, Admin = userName }, AuditJson.Options),
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SetupOutcome(agency.Id, userName, new Dictionary<string, string>());
    }

    /// <summary>Field → Chinese message for the form; the same checks as 机关管理 and 账号管理 make.</summary>
    public static Dictionary<string, string> Validate(FirstAgencyInput input)
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, message) in AgencyRules.Check(input.Name, input.Kind, input.TrackingPrefix, input.Office))
        {
            errors[field] = message;
        }
        if (string.IsNullOrWhiteSpace(input.AdminUserName) || !AgencyRules.IsUserName(input.AdminUserName.Trim()))
        {
            errors[nameof(input.AdminUserName)] = "管理员用户名只能包含英文字母、数字、“.”、“_”和“-”，1至50个字符";
        }
        if (string.IsNullOrWhiteSpace(input.AdminDisplayName) || input.AdminDisplayName.Trim().Length > 50)
        {
            errors[nameof(input.AdminDisplayName)] = "请填写管理员姓名（不超过50个字）";
        }
        if (PasswordPolicy.Check(input.AdminUserName, input.AdminPassword) is { } bad)
        {
            errors[nameof(input.AdminPassword)] = bad;
        }
        return errors;
    }

    public static DisclosureOffice Clean(DisclosureOffice o) => new(Trim(o.Address), Trim(o.Hours), Trim(o.Phone), Trim(o.Fax), Trim(o.Email), Trim(o.Postcode));

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The checks an agency's own fields must pass, wherever they are typed (set-up, 机关管理, Excel import).</summary>
public static class AgencyRules
{
    /// <summary>(field, Chinese message) for each bad field.</summary>
    public static IEnumerable<(string Field, string Message)> Check(string? name, string? kind, string? prefix, DisclosureOffice office)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            yield return ("Name", "请填写机关名称（不超过100个字）");
        }
        if (Agency.ParseKind(kind) is null)
        {
            yield return ("Kind", $"机关类别“{kind}”无法识别，应为：市局、分局/县局、部门/警种/派出所、人民政府");
        }
        if (string.IsNullOrWhiteSpace(prefix) || !IsPrefix(prefix.Trim()))
        {
            yield return ("TrackingPrefix", "受理编号前缀应为2至12个英文字母或数字（如 XXGA），用于受理编号和文书编号");
        }
        if (!string.IsNullOrWhiteSpace(office.Email) && !IsEmail(office.Email.Trim()))
        {
            yield return ("Email", $"电子邮箱“{office.Email.Trim()}”格式不正确（应如 gongkai@example.gov.cn）");
        }
        if (office.Postcode is { Length: > 0 } postcode && !string.IsNullOrWhiteSpace(postcode) && !(postcode.Trim().Length == 6 && postcode.Trim().All(char.IsAsciiDigit)))
        {
            yield return ("Postcode", $"邮政编码“{postcode}”应为6位数字");
        }
        foreach (var (field, value) in new[] { ("Phone", office.Phone), ("Fax", office.Fax) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !value.Trim().All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' ' or '(' or ')' or '、' or ',' or '，' or '转'))
            {
                yield return (field, $"{(field == "Phone" ? "联系电话" : "传真")}“{value}”只能包含数字、“-”“+”和括号");
            }
        }
    }

    /// <summary>
    /// An address the 公开指南 can print as the office's 互联网联系方式 (条例 第十二条): one “@”, a local part and a domain
    /// of at least two dot-separated labels, no spaces. “jj@” or “a@b” are typing slips, not addresses.
    /// </summary>
    public static bool IsEmail(string email)
    {
        if (email.Length > 200 || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || email.Count(c => c == '@') != 1)
        {
            return false;
        }
        var (local, domain) = (email[..email.IndexOf('@', StringComparison.Ordinal)], email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..]);
        var labels = domain.Split('.');
        return local.Length is >= 1 and <= 64 && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal)
            && labels.Length >= 2
            && labels.All(l => l.Length is >= 1 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsLetterOrDigit(c) || c == '-'))
            && labels[^1].All(char.IsLetter)
            && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;
    }

    /// <summary>Longest 机关代字 accepted: the codes in use (新公信, 豫公开, 京政信公开) are two to five characters.</summary>
    public const int MaxLetterCodeLength = 10;

    /// <summary>
    /// A 机关代字 for letter numbers such as 新公信〔2026〕答1号: 1 to 10 Chinese characters or letters. Digits and the
    /// brackets 〔〕 belong to the year and number the letter adds, so a code holding them would print a broken number.
    /// </summary>
    public static bool IsLetterCode(string code) =>
        code.Length is >= 1 and <= MaxLetterCodeLength && code.All(c => char.IsAsciiLetter(c) || c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF');

    /// <summary>The Chinese message for a bad 机关代字 (null when blank or good), naming what is wrong with it.</summary>
    public static string? CheckLetterCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || IsLetterCode(code.Trim()))
        {
            return null;
        }
        var trimmed = code.Trim();
        var why = trimmed.Length > MaxLetterCodeLength ? $"有{trimmed.Length}个字，最多{MaxLetterCodeLength}个"
            : trimmed.Any(c => c is '〔' or '〕' or '[' or ']' or '［' or '］') ? "不能含“〔〕”等括号（年份的括号由文书编号自动加上）"
            : trimmed.Any(char.IsDigit) ? "不能含数字（年份和序号由文书编号自动加上）"
            : "只能是汉字或英文字母";
        return $"机关代字“{trimmed}”{why}；应为1至{MaxLetterCodeLength}个汉字或字母，如“新公信”";
    }

    public static bool IsPrefix(string prefix) => prefix.Length is >= 2 and <= 12 && prefix.All(char.IsAsciiLetterOrDigit);

    public static bool IsUserName(string userName) => userName.Length is >= 1 and <= 50 && userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}

/// <summary>JSON for audit snapshots: Chinese kept readable.</summary>
public static class AuditJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
