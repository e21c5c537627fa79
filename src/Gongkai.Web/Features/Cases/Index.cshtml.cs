using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

public sealed class IndexModel(GongkaiDbContext db, CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CaseState? State { get; set; }

    public IReadOnlyList<ApplicationCase> Rows { get; private set; } = [];

    public IReadOnlyDictionary<int, string> AgencyNames { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var readable = await staff.ReadableAgenciesAsync(ct);
        var query = db.Cases.AsNoTracking().Where(c => readable.Contains(c.AgencyId));
        if (State is { } s)
        {
            query = query.Where(c => c.State == s);
        }
        Rows = await query.OrderByDescending(c => c.ReceivedOn).ThenByDescending(c => c.TrackingNumber).Take(100).ToListAsync(ct);
        AgencyNames = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
    }
}
