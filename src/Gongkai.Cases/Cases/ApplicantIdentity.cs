using System.Text.RegularExpressions;

namespace Gongkai.Cases.Cases;

/// <summary>A kind of identity document (条例 第二十九条第一项 身份证明) and how its number is checked.</summary>
/// <param name="Shape">The number's shape in words, for the message when it does not fit.</param>
public sealed record IdDocumentKind(string Name, string Shape, Func<string, bool> Fits);

/// <summary>
/// Which identity documents each applicant category may give, and the checks on their numbers: a natural person
/// (自然人) proves identity with a personal document, a 法人或其他组织 with its 统一社会信用代码 (GB 32100-2015);
/// only the catch-all 其他 organisations (e.g. foreign ones without a code) may give another document.
/// </summary>
public static partial class ApplicantIdentity
{
    public const string ResidentId = "居民身份证";
    public const string CreditCode = "统一社会信用代码";
    public const string OtherDocument = "其他证件";

    public static IReadOnlyList<IdDocumentKind> Kinds { get; } =
    [
        new(ResidentId, "18位，且校验位正确（前17位为数字，最后一位为数字或X）", IsResidentId),
        new("港澳台居民居住证", "18位，以81、82或83开头，校验码正确", id => id.Length == 18 && id[..2] is "81" or "82" or "83" && IsResidentId(id)),
        new("护照", "5至17位字母或数字", id => Passport().IsMatch(id)),
        new("港澳居民来往内地通行证", "H或M开头，后接8位或10位数字", id => MainlandTravelPermit().IsMatch(id)),
        new("台湾居民来往大陆通行证", "8位数字（或旧版10位数字，可带1位字母）", id => TaiwanTravelPermit().IsMatch(id)),
        new("外国人永久居留身份证", "15位（3位国籍字母代码加12位数字），或以9开头的18位号码且校验码正确", id => ForeignPermanentOld().IsMatch(id) || id.Length == 18 && id[0] == '9' && IsResidentId(id)),
        new(CreditCode, "18位，由数字和除I、O、S、V、Z外的大写字母组成，最后一位为校验码（GB 32100-2015）", IsUnifiedSocialCreditCode),
        new(OtherDocument, "2至40位字母、数字或“-”", id => OtherShape().IsMatch(id)),
    ];

    private static readonly string[] PersonDocuments = ["居民身份证", "港澳台居民居住证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", OtherDocument];

    /// <summary>The documents an applicant of the category may identify with, in the order the form offers them.</summary>
    public static IReadOnlyList<string> AllowedFor(ApplicantCategory category) => category switch
    {
        ApplicantCategory.NaturalPerson => PersonDocuments,
        ApplicantCategory.Other => [CreditCode, OtherDocument],
        _ => [CreditCode],
    };

    public static IdDocumentKind? Kind(string? name) => Kinds.FirstOrDefault(k => k.Name == name);

    /// <summary>Null when the document fits the category and its number the document; otherwise the field and a Chinese message naming it.</summary>
    public static (string Field, string Message)? Check(ApplicantCategory category, string? idType, string? number)
    {
        if (Kind(idType) is not { } kind)
        {
            return ("IdType", $"请选择证件类型（{string.Join("、", AllowedFor(category))}）");
        }
        if (!AllowedFor(category).Contains(kind.Name))
        {
            var who = category == ApplicantCategory.NaturalPerson ? "自然人" : "法人或其他组织（" + category.ColumnKey() + "）";
            return ("IdType", $"{who}不能以“{kind.Name}”作为身份证明，应为：{string.Join("、", AllowedFor(category))}");
        }
        return CheckNumber(kind, number) is { } message ? ("IdNumber", message) : null;
    }

    /// <summary>Null when the number (trimmed, upper-cased) fits the document; otherwise what it should be, in Chinese.</summary>
    public static string? CheckNumber(IdDocumentKind kind, string? number)
    {
        var id = (number ?? "").Trim().ToUpperInvariant();
        return id.Length == 0 || kind.Fits(id) ? null
            : $"{kind.Name}{(kind.Name.EndsWith("代码", StringComparison.Ordinal) ? "" : "号码")}应为{kind.Shape}；填写的“{number!.Trim()}”不符";
    }

    /// <summary>The full code for 17 characters of the GB 32100 alphabet: they and their check character.</summary>
    public static string CompleteCreditCode(string first17)
    {
        var sum = 0;
        var weight = 1;
        foreach (var c in first17)
        {
            sum += CreditCodeAlphabet.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }
        return first17 + CreditCodeAlphabet[(31 - sum % 31) % 31];
    }

    /// <summary>GB 11643-1999: 17 digits and a check character (ISO 7064 MOD 11-2).</summary>
    public static bool IsResidentId(string id)
    {
        if (id.Length != 18 || !id[..17].All(char.IsAsciiDigit))
        {
            return false;
        }
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * weights[i];
        }
        return "10X98765432"[sum % 11] == char.ToUpperInvariant(id[17]);
    }

    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>
    /// GB 32100-2015 统一社会信用代码: 18 characters of the 31-character alphabet (no I, O, S, V, Z); weights
    /// 3^(i−1) mod 31 over the first 17; the 18th is the character of 31 − (Σ mod 31), 31 read as 0.
    /// </summary>
    public static bool IsUnifiedSocialCreditCode(string code)
    {
        if (code.Length != 18)
        {
            return false;
        }
        var sum = 0;
        var weight = 1;
        for (var i = 0; i < 17; i++)
        {
            var value = CreditCodeAlphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }
            sum += value * weight;
            weight = weight * 3 % 31;
        }
        var check = (31 - sum % 31) % 31;
        return CreditCodeAlphabet[check] == code[17];
    }

    [GeneratedRegex("^[A-Z0-9]{5,17}$")]
    private static partial Regex Passport();

    [GeneratedRegex(@"^[HM]\d{8}(\d{2})?$")]
    private static partial Regex MainlandTravelPermit();

    [GeneratedRegex(@"^(\d{8}|\d{10}[A-Z]?)$")]
    private static partial Regex TaiwanTravelPermit();

    [GeneratedRegex(@"^[A-Z]{3}\d{12}$")]
    private static partial Regex ForeignPermanentOld();

    [GeneratedRegex("^[A-Z0-9-]{2,40}$")]
    private static partial Regex OtherShape();
}
