using Gongkai.Data;
using Gongkai.Data.Setup;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// Until the one-time set-up has created an agency, every request is sent to the set-up page (pages) or
/// refused with a Chinese problem document (API); afterwards the gate only remembers that set-up is done.
/// </summary>
public sealed class SetupGate
{
    private volatile bool done;

    public async Task<bool> IsDoneAsync(GongkaiDbContext db, CancellationToken ct)
    {
        if (!done && await FirstAgencySetup.IsDoneAsync(db, ct))
        {
            done = true;
        }
        return done;
    }

    public void MarkDone() => done = true;

    public static async Task Middleware(HttpContext context, Func<Task> next)
    {
        // Once set-up is done (the usual case), no request opens a database context just to pass the gate.
        var path = context.Request.Path;
        var gate = context.RequestServices.GetRequiredService<SetupGate>();
        if (path.StartsWithSegments("/setup", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/css") || path.StartsWithSegments("/healthz")
            || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/api/version")
            || path.StartsWithSegments("/js") || gate.done
            || await gate.IsDoneAsync(context.RequestServices.GetRequiredService<GongkaiDbContext>(), context.RequestAborted))
        {
            await next();
            return;
        }
        if (path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { title = "系统尚未完成初始设置，请先在浏览器中打开 /setup 创建机关和管理员", status = 503 },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json; charset=utf-8", context.RequestAborted);
            return;
        }
        context.Response.Redirect("/setup");
    }
}
