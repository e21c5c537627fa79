namespace Gongkai.Cases.Cases;

/// <summary>
/// The applicant (条例 第二十九条第一项: 姓名或者名称、身份证明、联系方式). The ID number is held only
/// encrypted (<see cref="ProtectedIdNumber"/>) and masked (<see cref="MaskedIdNumber"/>); the plain number
/// is never stored.
/// </summary>
public sealed record Applicant(
    ApplicantCategory Category,
    string Name,
    string IdType,
    string ProtectedIdNumber,
    string MaskedIdNumber,
    string Phone,
    string? Email,
    string? Address)
{
    /// <param name="protect">Encrypts the ID number for storage (the web app uses ASP.NET Core Data Protection).</param>
    public static Applicant Create(ApplicantCategory category, string name, string idType, string idNumber, string phone,
        string? email, string? address, Func<string, string> protect) =>
        new(category, name, idType, protect(idNumber), Mask(idNumber), phone, email, address);

    /// <summary>First 4 and last 4 characters kept, e.g. 4101**********1234.</summary>
    public static string Mask(string id) =>
        id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];
}
