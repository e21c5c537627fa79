using System.Diagnostics;
using MimeKit;

namespace Gongkai.Web.Tests;

/// <summary>
/// A real SMTP server on 127.0.0.1 (Debian's python3-aiosmtpd, Tools/smtp_sink.py) that keeps every message it accepts
/// as a file; the tests read them back with MimeKit. Stopped when disposed (its stdin closes).
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process process;

    public string Folder { get; } = Directory.CreateTempSubdirectory("gongkai-smtp-").FullName;

    public int Port { get; }

    private SmtpSink(int port)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Tools", "smtp_sink.py");
        process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), Folder])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var line = process.StandardOutput.ReadLineAsync().WaitAsync(BrowserFixture.Patience).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("SMTP test server (python3-aiosmtpd) did not start: " + process.StandardError.ReadToEnd());
        }
        Port = int.Parse(line["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Starts a server on a free port, or on <paramref name="port"/>.</summary>
    public static SmtpSink Start(int port = 0) => new(port);

    /// <summary>A port nobody listens on now (to start a sink on later, or to fail against).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The settings that point Gongkai at this server.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(int port) =>
    [
        new("Gongkai:Smtp:Host", "127.0.0.1"), new("Gongkai:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Gongkai:Smtp:From", "gongkai@gk.example.gov.cn"), new("Gongkai:Outbox:PollSeconds", "0.2"),
    ];

    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();

    /// <summary>Polls until a message to <paramref name="to"/> whose subject contains <paramref name="subject"/> has arrived.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string subject)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < BrowserFixture.Patience)
        {
            if (Messages().FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to) && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no e-mail to {to} with “{subject}” within {BrowserFixture.Patience.TotalSeconds:0} s; received: "
            + string.Join(" | ", Messages().Select(m => $"{m.To} {m.Subject}")));
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        try
        {
            Directory.Delete(Folder, true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }
}
