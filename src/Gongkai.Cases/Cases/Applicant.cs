namespace Gongkai.Cases.Cases;

/// <summary>The applicant (条例 第二十九条第一项: 姓名或者名称、身份证明、联系方式).</summary>
public sealed record Applicant(
    ApplicantCategory Category,
    string Name,
    string IdType,
    string IdNumber,
    string Phone,
    string? Email,
    string? Address)
{
    /// <summary>The ID number masked for display: first 4 and last 4 characters kept, e.g. 4101**********1234.</summary>
    public string MaskedIdNumber => Mask(IdNumber);

    public static string Mask(string id) =>
        id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];
}
