using System.Diagnostics.Metrics;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Operations;

/// <summary>
/// Gongkai's own measurements, exported with ASP.NET Core's request metrics at <c>/metrics</c> (Prometheus, through
/// OpenTelemetry): applications received (a counter, by agency prefix and channel), and — read from the database at
/// most every 15 seconds however often it is scraped — cases open and overdue by agency, the outbox backlog by state,
/// the newest good backup's age and the data disk's free space. PDF conversions are counted by
/// <see cref="Gongkai.Documents.Pdf.PdfConverter"/>'s own meter.
/// </summary>
public sealed class GongkaiMetrics : IDisposable
{
    public const string MeterName = "Gongkai";
    private static readonly TimeSpan SnapshotFor = TimeSpan.FromSeconds(15);
    private static readonly CaseState[] OpenStates = Enum.GetValues<CaseState>().Where(s => s.IsOpen()).ToArray();

    private readonly Meter meter = new(MeterName, Gongkai.Data.Installation.ReleaseVersion.Number);

    /// <summary>This instance's meter (tests read its gauges alone: several test hosts in one process share the meter's name).</summary>
    internal Meter Meter => meter;
    private readonly Counter<long> received;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private Snapshot? last;

    private sealed record Snapshot(DateTimeOffset At, List<(string Agency, int Open, int Overdue)> Cases, List<(string State, int Count)> Outbox, double? BackupAge, long? FreeDisk);

    public GongkaiMetrics(IServiceScopeFactory scopes, TimeProvider clock)
    {
        this.scopes = scopes;
        this.clock = clock;
        received = meter.CreateCounter<long>("gongkai.applications.received", "{application}", "收到的政府信息公开申请");
        meter.CreateObservableGauge("gongkai.cases.open", () => Current().Cases.Select(c => new Measurement<int>(c.Open, new KeyValuePair<string, object?>("agency", c.Agency))),
            "{case}", "办理中的申请");
        meter.CreateObservableGauge("gongkai.cases.overdue", () => Current().Cases.Select(c => new Measurement<int>(c.Overdue, new KeyValuePair<string, object?>("agency", c.Agency))),
            "{case}", "已超过答复期限仍未办结的申请");
        meter.CreateObservableGauge("gongkai.outbox.messages", () => Current().Outbox.Select(o => new Measurement<int>(o.Count, new KeyValuePair<string, object?>("state", o.State))),
            "{message}", "待发送和发送失败的邮件、短信");
        meter.CreateObservableGauge("gongkai.backup.age", () => Current().BackupAge is { } age ? [new Measurement<double>(age)] : Array.Empty<Measurement<double>>(),
            "s", "最近一次成功定时备份距今的秒数（尚无备份时从安装起算）");
        meter.CreateObservableGauge("gongkai.disk.free", () => Current().FreeDisk is { } free ? [new Measurement<long>(free)] : Array.Empty<Measurement<long>>(),
            "By", "数据目录所在磁盘的剩余空间");
    }

    /// <summary>Called once an application's registration is committed.</summary>
    public void ApplicationReceived(string agencyPrefix, Channel channel) =>
        received.Add(1, new KeyValuePair<string, object?>("agency", agencyPrefix), new KeyValuePair<string, object?>("channel", channel.ToString().ToLowerInvariant()));

    /// <summary>The next read goes to the database (tests, which cannot wait out the 15 seconds).</summary>
    internal void Forget()
    {
        lock (gate)
        {
            last = null;
        }
    }

    private Snapshot Current()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (last is null || now - last.At > SnapshotFor)
            {
                last = Take(now);
            }
            return last;
        }
    }

    /// <summary>One read of the database for every gauge (the exporter calls each gauge's callback in turn).</summary>
    private Snapshot Take(DateTimeOffset now)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
        var health = scope.ServiceProvider.GetRequiredService<SystemHealth>();
        var today = Gongkai.Web.Infrastructure.ChinaTime.Today(clock);
        var open = db.Cases.AsNoTracking().Where(c => OpenStates.Contains(c.State))
            .GroupBy(c => c.AgencyId).Select(g => new { Agency = g.Key, Open = g.Count(), Overdue = g.Count(c => c.DueOn < today) }).ToList();
        var prefixes = db.Agencies.AsNoTracking().Select(a => new { a.Id, a.TrackingPrefix }).ToDictionary(a => a.Id, a => a.TrackingPrefix);
        var outbox = db.Outbox.AsNoTracking().Where(m => m.State == MessageState.Pending || m.State == MessageState.Failed || m.State == MessageState.NotConfigured)
            .GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToList();
        var report = health.CheckAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new Snapshot(now,
            prefixes.Select(p => (p.Value, open.FirstOrDefault(o => o.Agency == p.Key)?.Open ?? 0, open.FirstOrDefault(o => o.Agency == p.Key)?.Overdue ?? 0)).ToList(),
            [.. new[] { MessageState.Pending, MessageState.Failed, MessageState.NotConfigured }.Select(s => (s.ToString().ToLowerInvariant(), outbox.FirstOrDefault(o => o.Key == s)?.Count ?? 0))],
            report.BackupAgeSeconds, report.FreeDiskBytes);
    }

    public void Dispose() => meter.Dispose();
}
