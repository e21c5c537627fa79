using System.Globalization;
using System.Security.Claims;
using Gongkai.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// What a signed-in person may do is read from the database on every request, never trusted from the ticket: roles,
/// agency, review stages and name are replaced by the account's current ones, and a ticket whose account is gone,
/// disabled or locked counts as no sign-in at all. A cookie or token that
/// claims roles its account does not hold — forged, or merely old — gains nothing by it.
/// </summary>
public sealed class StaffClaimsRefresh(GongkaiDbContext db, TimeProvider clock) : IClaimsTransformation
{
    /// <summary>Marks a principal already refreshed in this request (authentication may run more than once per request).</summary>
    private const string RefreshedClaim = "gk:refreshed";

    private static readonly HashSet<string> FromDatabase =
    [
        ClaimTypes.Role, StaffClaimsFactory.AgencyClaim, StaffClaimsFactory.StagesClaim, StaffClaimsFactory.DisplayNameClaim,
        StaffClaimsFactory.MustChangePasswordClaim,
    ];

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } signedIn || principal.HasClaim(c => c.Type == RefreshedClaim))
        {
            return principal;
        }
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.AgencyId, u.ReviewStages, u.DisplayName, u.Disabled, u.MustChangePassword, u.LockoutEnd })
            .SingleOrDefaultAsync();
        // The security stamp is not compared here: a password change re-issues the cookie by authenticating the old one
        // first. Stamps are checked by Identity's validator for cookies and by BearerTokenGate for tokens.
        if (user is null || user.Disabled || user.LockoutEnd > clock.GetUtcNow())
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        var roles = await (from ur in db.UserRoles.AsNoTracking()
                           join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id
                           where ur.UserId == id
                           select r.Name).ToListAsync();
        var fresh = new ClaimsIdentity(signedIn.Claims.Where(c => !FromDatabase.Contains(c.Type)), signedIn.AuthenticationType, signedIn.NameClaimType, signedIn.RoleClaimType);
        fresh.AddClaims(roles.OfType<string>().Select(r => new Claim(ClaimTypes.Role, r)));
        fresh.AddClaim(new Claim(StaffClaimsFactory.AgencyClaim, user.AgencyId.ToString(CultureInfo.InvariantCulture)));
        fresh.AddClaim(new Claim(StaffClaimsFactory.StagesClaim, user.ReviewStages));
        fresh.AddClaim(new Claim(StaffClaimsFactory.DisplayNameClaim, user.DisplayName));
        if (user.MustChangePassword)
        {
            fresh.AddClaim(new Claim(StaffClaimsFactory.MustChangePasswordClaim, "true"));
        }
        fresh.AddClaim(new Claim(RefreshedClaim, "1"));
        return new ClaimsPrincipal(fresh);
    }
}
