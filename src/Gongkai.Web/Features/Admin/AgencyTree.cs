using Gongkai.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>An administrator manages their own agency and every agency below it (分局、大队、派出所、政府的部门).</summary>
public static class AgencyTree
{
    /// <summary>The agency and its descendants, parents before children.</summary>
    public static async Task<IReadOnlyList<int>> SubtreeAsync(GongkaiDbContext db, int rootId, CancellationToken ct = default)
    {
        var tree = await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.ParentId }).ToListAsync(ct);
        var result = new List<int> { rootId };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(tree.Where(t => t.ParentId == result[i] && !result.Contains(t.Id)).Select(t => t.Id).Order());
        }
        return result;
    }
}
