using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

/// <summary>
/// Which desk an application reaches and where a case may be handed on. An application addressed to an agency with nobody
/// to receive it (no active account with the 登记员 role — a 派出所 without Gongkai users) would be receipted with its
/// legal clock running and nobody to act: it lands with the nearest parent that has a registrar instead, marked so.
/// </summary>
public sealed class CaseRouting(GongkaiDbContext db)
{
    /// <summary>The agency that receives an application addressed to <paramref name="addressedId"/>: itself when it has a registrar, else its nearest parent that has one.</summary>
    public async Task<int> ReceivingAgencyAsync(int addressedId, CancellationToken ct = default)
    {
        // Every online application passes here: the usual case (the agency has a registrar) costs one indexed query,
        // and only a misdirected one walks the tree.
        if (await RegistrarsOf(addressedId).AnyAsync(ct))
        {
            return addressedId;
        }
        var parents = await ParentsAsync(ct);
        var staffed = await AgenciesWithRegistrarsAsync(ct);
        for (int? at = addressedId; at is { } current; at = parents.GetValueOrDefault(current))
        {
            if (staffed.Contains(current))
            {
                return current;
            }
        }
        return addressedId;
    }

    /// <summary>
    /// The agency a case of <paramref name="fromAgencyId"/> may be transferred to: one of the same tree (sharing its
    /// top agency), not retired, with a registrar to receive it — or why not.
    /// </summary>
    public async Task<(Agency? Agency, CaseResult<object>? Refusal)> TransferTargetAsync(int fromAgencyId, int? toAgencyId, CancellationToken ct = default)
    {
        if (toAgencyId is not { } to)
        {
            return (null, new(ResultKind.Invalid, Message: "请选择接收机关", Errors: new Dictionary<string, string> { ["AgencyId"] = "请选择接收该申请的机关" }));
        }
        var target = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == to, ct);
        var parents = await ParentsAsync(ct);
        if (target is null || Root(parents, to) != Root(parents, fromAgencyId))
        {
            return (null, new(ResultKind.Invalid, Message: "接收机关不在本机关所在的机关体系内",
                Errors: new Dictionary<string, string> { ["AgencyId"] = "只能转交给本系统中同一机关体系内的机关；其他机关负责公开的，请以“本机关不掌握相关政府信息”答复并告知负责机关（条例第三十六条第五项）" }));
        }
        if (target.RetiredOn is not null)
        {
            return (null, new(ResultKind.Refused, Message: $"{target.Name}已撤销，不再接收申请；请转交承接其职责的机关"));
        }
        if (!(await AgenciesWithRegistrarsAsync(ct)).Contains(to))
        {
            return (null, new(ResultKind.Refused, Message: $"{target.Name}没有在用的登记员账号，转交后无人接收；请先为其开设登记员账号，或转交其上级机关"));
        }
        return (target, null);
    }

    /// <summary>Agencies of the same tree as <paramref name="agencyId"/> a case may go to, by name, for the transfer form.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> TransferTargetsAsync(int agencyId, CancellationToken ct = default)
    {
        var parents = await ParentsAsync(ct);
        var staffed = await AgenciesWithRegistrarsAsync(ct);
        var root = Root(parents, agencyId);
        return (await db.Agencies.AsNoTracking().Where(a => a.RetiredOn == null).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
            .Where(a => a.Id != agencyId && staffed.Contains(a.Id) && Root(parents, a.Id) == root)
            .OrderBy(a => a.Id).Select(a => (a.Id, a.Name)).ToList();
    }

    private async Task<HashSet<int>> AgenciesWithRegistrarsAsync(CancellationToken ct) =>
        (await RegistrarsOf(null).Select(u => u.AgencyId).Distinct().ToListAsync(ct)).ToHashSet();

    /// <summary>Active (not disabled) accounts with the 登记员 role, of one agency or of all.</summary>
    private IQueryable<Gongkai.Data.Staff.StaffUser> RegistrarsOf(int? agencyId) =>
        db.Users.AsNoTracking().Where(u => !u.Disabled && (agencyId == null || u.AgencyId == agencyId)
            && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(role => role.Id == r.RoleId && role.Name == nameof(StaffRole.Registrar))));

    private async Task<Dictionary<int, int?>> ParentsAsync(CancellationToken ct) =>
        await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.ParentId }).ToDictionaryAsync(a => a.Id, a => a.ParentId, ct);

    private static int Root(Dictionary<int, int?> parents, int id)
    {
        var at = id;
        for (var depth = 0; depth < 64 && parents.GetValueOrDefault(at) is { } parent; depth++)
        {
            at = parent;
        }
        return at;
    }
}
