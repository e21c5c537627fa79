using Gongkai.Cases.Cases;
using Microsoft.AspNetCore.Identity;

namespace Gongkai.Data.Staff;

/// <summary>A staff account: which agency it belongs to and, for reviewers, the review stages it acts on.</summary>
public sealed class StaffUser : IdentityUser
{
    public int AgencyId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Review stage names, separated by '|'.</summary>
    public string ReviewStages { get; set; } = "";

    /// <summary>Set with a one-time password (new account, administrator's reset): nothing but the password change until it is replaced.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>停用: cannot sign in. Accounts are disabled, never deleted, so the audit trail keeps who did what.</summary>
    public bool Disabled { get; set; }

    /// <summary>Wants the daily reminder digest by e-mail (to <see cref="IdentityUser.Email"/>); the 工作台 shows it either way.</summary>
    public bool WantsDigest { get; set; } = true;

    public IReadOnlySet<string> ReviewStageSet => ReviewStages.Split('|', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    public static string RoleName(StaffRole role) => role.ToString();
}
