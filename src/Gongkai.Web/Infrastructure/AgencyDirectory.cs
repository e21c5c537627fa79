using Gongkai.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Infrastructure;

/// <summary>An agency's name and tracking-number prefix, and whether it is retired (takes no new applications).</summary>
public sealed record AgencyEntry(int Id, string Name, string TrackingPrefix, bool Retired = false)
{
    /// <summary>Why a retired agency takes no application, for the applicant and for staff alike.</summary>
    public string RetiredMessage => $"“{Name}”已停用（撤销），不再受理政府信息公开申请；请向承接其职能的机关提出申请";
}

/// <summary>
/// Every agency's name and prefix, kept for a minute: every form view, online submission and registration
/// needs them, and they change only when agencies are set up. The database context is taken from the request's
/// services only when the list must be read again, so showing a public form opens none.
/// </summary>
public sealed class AgencyDirectory(IServiceProvider services, IMemoryCache cache)
{
    public async Task<IReadOnlyList<AgencyEntry>> AllAsync(CancellationToken ct = default) =>
        (await cache.GetOrCreateAsync("agency-directory", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return (IReadOnlyList<AgencyEntry>)await services.GetRequiredService<GongkaiDbContext>().Agencies.AsNoTracking().OrderBy(a => a.Id)
                .Select(a => new AgencyEntry(a.Id, a.Name, a.TrackingPrefix, a.RetiredOn != null)).ToListAsync(ct);
        }))!;

    /// <summary>Drops the cached list after an agency is created or changed (this instance; others refresh within a minute).</summary>
    public void Forget() => cache.Remove("agency-directory");

    /// <summary>The agencies that take applications: every one not retired.</summary>
    public async Task<IReadOnlyList<AgencyEntry>> ActiveAsync(CancellationToken ct = default) => (await AllAsync(ct)).Where(a => !a.Retired).ToList();

    public async Task<AgencyEntry?> FindAsync(int id, CancellationToken ct = default) => (await AllAsync(ct)).FirstOrDefault(a => a.Id == id);
}
