using Gongkai.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Infrastructure;

/// <summary>An agency's name and tracking-number prefix.</summary>
public sealed record AgencyEntry(int Id, string Name, string TrackingPrefix);

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
                .Select(a => new AgencyEntry(a.Id, a.Name, a.TrackingPrefix)).ToListAsync(ct);
        }))!;

    /// <summary>Drops the cached list after an agency is created or changed (this instance; others refresh within a minute).</summary>
    public void Forget() => cache.Remove("agency-directory");

    public async Task<AgencyEntry?> FindAsync(int id, CancellationToken ct = default) => (await AllAsync(ct)).FirstOrDefault(a => a.Id == id);
}
