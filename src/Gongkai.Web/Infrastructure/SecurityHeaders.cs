namespace Gongkai.Web.Infrastructure;

/// <summary>
/// Headers every response carries, pages, API, files and errors alike: no MIME sniffing, no referrer (a status page's
/// address holds a tracking number), framing only by Gongkai itself, no plugins, forms posting only to Gongkai.
/// A script policy (nonces for the pages' few inline scripts) is still to come (issue 13).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static async Task Middleware(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            if (string.IsNullOrEmpty(headers.XFrameOptions))
            {
                headers.XFrameOptions = "SAMEORIGIN";
            }
            return Task.CompletedTask;
        });
        await next();
    }
}
