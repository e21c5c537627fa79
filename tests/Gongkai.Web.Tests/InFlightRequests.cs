using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gongkai.Web.Tests;

/// <summary>
/// The requests a test server is working on, with their age: what a browser test that timed out reports, so that a
/// stall says whether the server was still answering (and what) or had answered and the browser was waiting elsewhere.
/// </summary>
public sealed class InFlightRequests : IStartupFilter
{
    private readonly ConcurrentDictionary<long, (string Request, long Started)> open = new();
    private readonly ConcurrentQueue<string> slow = new();
    private long next;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            var id = Interlocked.Increment(ref this.next);
            var started = Stopwatch.GetTimestamp();
            open[id] = ($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", started);
            try
            {
                await inner(context);
            }
            finally
            {
                open.TryRemove(id, out _);
                var took = Stopwatch.GetElapsedTime(started);
                if (took > TimeSpan.FromSeconds(5))
                {
                    slow.Enqueue($"{context.Request.Method} {context.Request.Path} → {context.Response.StatusCode} in {took.TotalSeconds:0.0} s");
                }
            }
        });
        next(app);
    };

    /// <summary>One line per request still open, and per request that took over 5 s, for a failure message.</summary>
    public string Describe()
    {
        var now = Stopwatch.GetTimestamp();
        var lines = open.Values.OrderBy(r => r.Started)
            .Select(r => $"still open: {r.Request} for {Stopwatch.GetElapsedTime(r.Started, now).TotalSeconds:0.0} s")
            .Concat(slow.TakeLast(10).Select(s => "slow: " + s))
            .ToList();
        return lines.Count == 0 ? "no request open, none slow" : string.Join("; ", lines);
    }
}
