using System.Security.Claims;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gongkai.Web.Infrastructure;

/// <summary>Puts the staff member's agency, display name and review stages into the sign-in claims.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    public const string AgencyClaim = "gk:agency";
    public const string StagesClaim = "gk:stages";
    public const string DisplayNameClaim = "gk:name";
    public const string MustChangePasswordClaim = "gk:must-change-password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AgencyClaim, user.AgencyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(StagesClaim, user.ReviewStages));
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }
        return identity;
    }
}

/// <summary>The signed-in staff member as the case workflow sees them, and the agencies they may read.</summary>
public sealed class CurrentStaff(IHttpContextAccessor accessor, GongkaiDbContext db)
{

    private IReadOnlySet<int>? readable;

    public Actor Actor => FromPrincipal(accessor.HttpContext?.User ?? new ClaimsPrincipal());

    public static Actor FromPrincipal(ClaimsPrincipal user)
    {
        var roles = user.FindAll(ClaimTypes.Role)
            .Select(c => Enum.TryParse<StaffRole>(c.Value, out var r) ? r : (StaffRole?)null)
            .OfType<StaffRole>().ToHashSet();
        var agency = int.TryParse(user.FindFirstValue(StaffClaimsFactory.AgencyClaim), out var a) ? a : -1;
        var stages = (user.FindFirstValue(StaffClaimsFactory.StagesClaim) ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return new Actor(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.FindFirstValue(StaffClaimsFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "",
            agency, roles, stages);
    }

    /// <summary>An agency's configured review chain.</summary>
    public async Task<ReviewChain> ChainOfAsync(int agencyId, CancellationToken ct = default)
    {
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agencyId, ct);
        return agency?.Chain ?? new ReviewChain([]);
    }

    /// <summary>The staff member's own agency and every agency below it: a supervising agency reads its subordinates' cases.</summary>
    public async Task<IReadOnlySet<int>> ReadableAgenciesAsync(CancellationToken ct = default)
    {
        if (readable is not null)
        {
            return readable;
        }
        var tree = await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.ParentId }).ToListAsync(ct);
        var result = new HashSet<int> { Actor.AgencyId };
        var frontier = new Queue<int>(result);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var child in tree.Where(t => t.ParentId == parent && result.Add(t.Id)))
            {
                frontier.Enqueue(child.Id);
            }
        }
        return readable = result;
    }
}

/// <summary>Identity's messages in Chinese.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少需要{length}个字符" };

    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码需要包含数字" };

    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码需要包含小写字母" };

    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "密码需要包含大写字母" };

    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已被使用" };

    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "密码不正确" };
}

