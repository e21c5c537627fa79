namespace Gongkai.Web.Infrastructure;

/// <summary>
/// Headers every response carries, pages, API, files and errors alike: scripts only from Gongkai's own files (no inline
/// script anywhere, so an injected &lt;script&gt; cannot run), no MIME sniffing, no referrer (a status page's address holds a
/// tracking number), framing only by Gongkai itself, no plugins, forms posting only to Gongkai. Inline style attributes
/// stay allowed: they cannot run code. A response that sets its own policy (the batch-audit dashboard, whose scripts are
/// allowed by hash) keeps it.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static async Task Middleware(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }
            if (string.IsNullOrEmpty(headers.XFrameOptions))
            {
                headers.XFrameOptions = "SAMEORIGIN";
            }
            return Task.CompletedTask;
        });
        await next();
    }

    /// <summary>
    /// The policy for a generated, self-contained HTML file (the batch-audit dashboard): its own inline scripts allowed by
    /// their SHA-256, nothing fetched, and sandboxed so that even a script there runs without Gongkai's origin or cookies.
    /// </summary>
    public static string ForStandaloneHtml(string html)
    {
        var hashes = new List<string>();
        var at = 0;
        while ((at = html.IndexOf("<script", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var open = html.IndexOf('>', at);
            var close = html.IndexOf("</script>", open + 1, StringComparison.OrdinalIgnoreCase);
            if (open < 0 || close < 0)
            {
                break;
            }
            var body = html[(open + 1)..close];
            hashes.Add("'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body))) + "'");
            at = close;
        }
        return $"default-src 'none'; script-src {(hashes.Count == 0 ? "'none'" : string.Join(' ', hashes.Distinct()))}; style-src 'unsafe-inline'; img-src data:; " +
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-scripts allow-downloads allow-popups";
    }
}
