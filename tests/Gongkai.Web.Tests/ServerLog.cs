using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gongkai.Web.Tests;

/// <summary>
/// The test server's warnings and errors, kept in memory: a browser test that timed out adds the latest to its
/// failure message, since the test run prints no server log.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The last <paramref name="count"/> warnings and errors, oldest first.</summary>
    public string Describe(int count = 8)
    {
        var last = entries.TakeLast(count).ToList();
        return last.Count == 0 ? "no warning or error logged" : string.Join(" || ", last);
    }

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        entries.Enqueue(entry);
        while (entries.Count > 200 && entries.TryDequeue(out _))
        {
        }
    }

    /// <summary>Kestrel's Debug events of every healthy connection: left out so that the unusual ones stay in view.</summary>
    private static readonly HashSet<string> RoutineConnectionEvents =
    [
        "ConnectionStart", "ConnectionStop", "ConnectionKeepAlive", "ConnectionDisconnect", "ConnectionReadFin", "ConnectionWriteFin",
        "ConnectionPause", "ConnectionResume", "RequestBodyStart", "RequestBodyDone", "ConnectionAccepted", "ConnectionStarted", "ConnectionStopped",
    ];

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // Migration warnings (PRAGMA outside a transaction) come with every new database and say nothing about a stall.
        // Kestrel says at Debug level when it drops a connection (a client too slow to send or read, a bad request).
        // What an upgrade says before its migrations (the backup's place) is information, and kept for the upgrade tests.
        public bool IsEnabled(LogLevel logLevel) =>
            category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) ? logLevel >= LogLevel.Debug
            : category == "Gongkai.Upgrade" ? logLevel >= LogLevel.Information
            : logLevel >= LogLevel.Warning && !category.StartsWith("Microsoft.EntityFrameworkCore.Migrations", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || (logLevel < LogLevel.Warning && RoutineConnectionEvents.Contains(eventId.Name ?? "")))
            {
                return;
            }
            var message = formatter(state, exception).ReplaceLineEndings(" ");
            log.Add($"{DateTime.UtcNow:HH:mm:ss.f} {logLevel} {category}: {message[..Math.Min(message.Length, 400)]}"
                + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message[..Math.Min(exception.Message.Length, 300)]}]"));
        }
    }
}
