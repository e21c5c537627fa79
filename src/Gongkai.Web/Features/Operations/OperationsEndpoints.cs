using Gongkai.Data.Installation;

namespace Gongkai.Web.Features.Operations;

/// <summary>
/// The doors an IT office's monitoring uses: <c>/healthz</c> (the process answers), <c>/readyz</c> (fit to serve, in JSON),
/// <c>/metrics</c> (Prometheus) and <c>/api/version</c>. Readiness and metrics are for the machine itself and the
/// configured monitoring networks only (<see cref="OperationsSettings.MayWatch"/>); behind nginx the address checked is
/// the client's, so they are not reachable from outside through the proxy either.
/// </summary>
public static class OperationsEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string ReadinessPath = "/readyz";

    public static void MapOperationsEndpoints(this WebApplication app)
    {
        // Liveness for load balancers; also the baseline the submission load test is measured beside.
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapGet(ReadinessPath, async (SystemHealth health, CancellationToken ct) =>
        {
            var report = await health.CheckAsync(ct);
            return Results.Json(new
            {
                status = report.Ready ? "ready" : "not-ready",
                version = ReleaseVersion.Number,
                checks = new
                {
                    database = report.Database,
                    pdf = report.Pdf,
                    disk = report.Disk,
                    backup = report.Backup,
                },
            }, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        if (app.Services.GetRequiredService<OperationsSettings>().MetricsEnabled)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
        app.MapGet("/api/version", () => Results.Json(new VersionInfo(ReleaseVersion.Number, ReleaseVersion.Commit)))
            .WithSummary("Gongkai 的版本号").WithTags("系统");
    }

    /// <summary>The running release; <paramref name="Commit"/> is the source commit it was built from, when known.</summary>
    public sealed record VersionInfo(string Version, string? Commit);

    /// <summary>What monitors ask of an instance directly, over plain HTTP on its own port: never redirected to HTTPS.</summary>
    public static bool IsMonitoring(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(ReadinessPath) || path.StartsWithSegments(MetricsPath)
        || path.StartsWithSegments("/api/version");

    /// <summary>Readiness and metrics answer 404 to anyone outside the machine and the monitoring networks.</summary>
    public static async Task WatchersOnly(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path;
        if ((path.StartsWithSegments(MetricsPath) || path.StartsWithSegments(ReadinessPath))
            && !context.RequestServices.GetRequiredService<OperationsSettings>().MayWatch(context.Connection.RemoteIpAddress))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next();
    }
}
