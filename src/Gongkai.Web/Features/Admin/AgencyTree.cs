using Gongkai.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

/// <summary>An administrator manages their own agency and every agency below it (分局、大队、派出所、政府的部门).</summary>
public static class AgencyTree
{
    /// <summary>
    /// The agency and its descendants in tree order: each agency followed by its children (oldest first), each child
    /// followed by its own children, and so on — the order an indented list reads naturally in. Parents always come
    /// before their children.
    /// </summary>
    public static async Task<IReadOnlyList<int>> SubtreeAsync(GongkaiDbContext db, int rootId, CancellationToken ct = default)
    {
        var tree = await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.ParentId }).ToListAsync(ct);
        var children = tree.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!.Value, t => t.Id);
        var result = new List<int>();
        var seen = new HashSet<int>();
        var stack = new Stack<int>([rootId]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id))
            {
                continue; // a damaged tree (a cycle) must not loop forever
            }
            result.Add(id);
            foreach (var child in children[id].OrderDescending())
            {
                stack.Push(child);
            }
        }
        return result;
    }
}
