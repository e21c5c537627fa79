using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// How the annual report's registers and drafts change: who may change them, and one audited write per change that
/// also drops the agency's cached dashboard reminder (<see cref="AnnualReportService.CachedReminderAsync"/>).
/// </summary>
public sealed class ReportRegisterWrites(GongkaiDbContext db, TimeProvider clock, IMemoryCache cache)
{
    public static string? Refused(Actor actor) =>
        actor.Has(StaffRole.Administrator) || actor.Has(StaffRole.Handler) ? null : $"只有管理员或承办人可以维护年度报告的登记数据，您的角色是：{actor.RoleNames}";

    public Task WriteAsync(Actor actor, string entityType, string entityId, string action, string summary, Action change, CancellationToken ct) =>
        WriteAsync(actor, entityType, entityId, action, summary, () =>
        {
            change();
            return Task.CompletedTask;
        }, ct);

    public async Task WriteAsync(Actor actor, string entityType, string entityId, string action, string summary, Func<Task> change, CancellationToken ct)
    {
        await AuditChain.WriteAsync(db, async () =>
        {
            await change();
            return AuditEntry.By(actor, entityType, entityId, action, summary, after: summary);
        }, clock, ct);
        cache.Remove(AnnualReportService.ReminderKey(actor.AgencyId));
    }

    /// <summary>An edit of an existing entry: the audit entry keeps the entry as it was and as it became (JSON).</summary>
    public async Task EditAsync(Actor actor, string entityType, string entityId, string action, string summary, object before, object after, Action change, CancellationToken ct)
    {
        var (was, becomes) = (System.Text.Json.JsonSerializer.Serialize(before, Gongkai.Data.Setup.AuditJson.Options),
            System.Text.Json.JsonSerializer.Serialize(after, Gongkai.Data.Setup.AuditJson.Options));
        await AuditChain.WriteAsync(db, () =>
        {
            change();
            return Task.FromResult(AuditEntry.By(actor, entityType, entityId, action, summary, was, becomes));
        }, clock, ct);
        cache.Remove(AnnualReportService.ReminderKey(actor.AgencyId));
    }
}
