using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Gongkai.Web.Tests.Installation;

/// <summary>
/// The Debian package installed on this machine for real (root, as CI runs), started the way its systemd unit starts it,
/// behind Debian's nginx with the shipped site configuration and a self-signed certificate made here. Without systemd
/// (a CI container) the service runs as the unit's user with the unit's working directory, environment and command
/// line, read from the installed unit file; the unit's sandboxing needs systemd and is then only checked as text.
/// </summary>
internal sealed class InstalledSystem : IAsyncDisposable
{
    public const string DataDirectory = "/var/lib/gongkai";
    public const string Host = "gongkai.test";
    public const int HttpPort = 18080;
    public const int HttpsPort = 18443;
    public const string Backend = "http://127.0.0.1:5080";
    private const string Marker = ".gongkai-install-test";

    private readonly string work = Directory.CreateTempSubdirectory("gongkai-install-").FullName;
    private Process? service;
    private Process? nginx;
    private string? certificateThumbprint;

    public string ServiceLog => Path.Combine(work, "service.log");

    public static bool SystemdRuns => Directory.Exists("/run/systemd/system");

    /// <summary>The package file CI built (scripts/release.sh), named by GONGKAI_TEST_DEB.</summary>
    public static string Package()
    {
        var deb = Environment.GetEnvironmentVariable("GONGKAI_TEST_DEB");
        Assert.True(deb is { Length: > 0 } && File.Exists(deb),
            $"GONGKAI_TEST_DEB must name the .deb built by scripts/release.sh (it is {deb ?? "unset"}); test.sh does this");
        Assert.True(Environment.UserName == "root", "installing a package needs root (CI runs as root)");
        return Path.GetFullPath(deb!);
    }

    /// <summary>Refuses to touch a machine where a real installation keeps data (only this test's own leftovers are cleared).</summary>
    public static async Task ClearEarlierTestInstallationAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "gongkai.db")) && !File.Exists(Path.Combine(DataDirectory, Marker)))
        {
            Assert.Fail($"{DataDirectory} holds a Gongkai database that this test did not make; refusing to install over it");
        }
        await Run("dpkg", "--purge", "gongkai");
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    public static async Task<string> InstallAsync(string deb)
    {
        // apt resolves the package's dependencies (LibreOffice, fonts, ICU) from Debian, as an administrator's install does.
        var output = await Run("apt-get", "install", "-y", "--no-install-recommends", deb);
        File.WriteAllText(Path.Combine(DataDirectory, Marker), "made by InstalledPackageTests; removed by it");
        return output;
    }

    /// <summary>Starts the service as its unit says (systemd when it runs, else the unit's user, directory, environment and command).</summary>
    public async Task StartServiceAsync()
    {
        if (SystemdRuns)
        {
            await Run("systemctl", "restart", "gongkai.service");
        }
        else
        {
            service = StartUnit("/lib/systemd/system/gongkai.service", ServiceLog);
        }
        using var http = new HttpClient();
        var ready = await Poll.UntilAsync(async () =>
        {
            if (service is { HasExited: true })
            {
                Assert.Fail($"the service stopped (exit {service.ExitCode}): {await File.ReadAllTextAsync(ServiceLog)}");
            }
            try
            {
                return (await http.GetAsync(Backend + "/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(4));
        Assert.True(ready, "the installed service did not answer /healthz within 4 minutes: " + (File.Exists(ServiceLog) ? File.ReadAllText(ServiceLog) : ""));
    }

    /// <summary>Runs a oneshot unit (the backup) to its end and returns what it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunOneshotAsync(string unit)
    {
        if (SystemdRuns)
        {
            var (code, output) = await RunAllowingFailure("systemctl", "start", unit);
            return (code, output + await Run("journalctl", "-u", unit, "-n", "20", "--no-pager"));
        }
        var log = Path.Combine(work, unit + ".log");
        using var process = StartUnit("/lib/systemd/system/" + unit, log);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await File.ReadAllTextAsync(log));
    }

    public async Task StopServiceAsync()
    {
        if (SystemdRuns)
        {
            await Run("systemctl", "stop", "gongkai.service");
            return;
        }
        if (service is { HasExited: false })
        {
            // SIGTERM, as systemd stops a service; then wait for the clean shutdown.
            await Run("kill", "-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await service.WaitForExitAsync(limit.Token);
        }
    }

    /// <summary>
    /// Debian's nginx with the shipped example, changed only where a test must: the certificate made here, the server
    /// name, and unprivileged ports on 127.0.0.1 (the redirect follows the HTTPS port).
    /// </summary>
    public async Task StartNginxAsync()
    {
        var key = Path.Combine(work, "gongkai.key");
        var crt = Path.Combine(work, "gongkai.crt");
        await Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + Host,
            "-addext", "subjectAltName=DNS:" + Host, "-keyout", key, "-out", crt);
        certificateThumbprint = X509CertificateLoader.LoadCertificateFromFile(crt).Thumbprint;
        var site = (await File.ReadAllTextAsync("/usr/share/doc/gongkai/nginx-gongkai.conf"))
            .Replace("listen [::]:80;", "", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", "", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{HttpPort};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{HttpsPort} ssl http2;", StringComparison.Ordinal)
            .Replace("return 301 https://$host$request_uri;", $"return 301 https://$host:{HttpsPort}$request_uri;", StringComparison.Ordinal)
            .Replace("gongkai.example.gov.cn", Host, StringComparison.Ordinal)
            .Replace("/etc/gongkai/tls/gongkai.crt", crt, StringComparison.Ordinal)
            .Replace("/etc/gongkai/tls/gongkai.key", key, StringComparison.Ordinal);
        Assert.Contains($"listen 127.0.0.1:{HttpsPort} ssl", site, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(work, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(work, "nginx.conf"), $$"""
            pid {{work}}/nginx.pid;
            error_log {{work}}/nginx-error.log;
            events { worker_connections 256; }
            http {
                access_log {{work}}/nginx-access.log;
                client_body_temp_path {{work}}/body;
                proxy_temp_path {{work}}/proxy;
                fastcgi_temp_path {{work}}/fastcgi;
                uwsgi_temp_path {{work}}/uwsgi;
                scgi_temp_path {{work}}/scgi;
                include {{work}}/site.conf;
            }
            """);
        await Run("nginx", "-t", "-c", Path.Combine(work, "nginx.conf"));
        nginx = Process.Start(new ProcessStartInfo("nginx", ["-c", Path.Combine(work, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        using var probe = Client(null, allowRedirects: false);
        Assert.True(await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await probe.GetAsync($"https://{Host}:{HttpsPort}/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(1)), "nginx did not answer over HTTPS: " + (File.Exists(Path.Combine(work, "nginx-error.log")) ? File.ReadAllText(Path.Combine(work, "nginx-error.log")) : ""));
    }

    /// <summary>
    /// A client for https://gongkai.test:18443 that connects to 127.0.0.1 (from <paramref name="from"/>, another loopback
    /// address, when given) and trusts exactly the certificate made here.
    /// </summary>
    public HttpClient Client(IPAddress? from, bool allowRedirects = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = allowRedirects,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), certificateThumbprint, StringComparison.OrdinalIgnoreCase),
            },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (from is not null)
                    {
                        socket.Bind(new IPEndPoint(from, 0));
                    }
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Host}:{HttpsPort}"), Timeout = TimeSpan.FromMinutes(3) };
    }

    public async ValueTask DisposeAsync()
    {
        await StopServiceAsync();
        if (nginx is { HasExited: false })
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
        }
        nginx?.Dispose();
        service?.Dispose();
        // Leave the machine as it was: this test's installation, data and account are gone.
        await RunAllowingFailure("dpkg", "--purge", "gongkai");
        if (Directory.Exists(DataDirectory) && File.Exists(Path.Combine(DataDirectory, Marker)))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        await RunAllowingFailure("userdel", "gongkai");
        Directory.Delete(work, recursive: true);
    }

    /// <summary>The unit file's User, WorkingDirectory, Environment and ExecStart, run as systemd would run them.</summary>
    private static Process StartUnit(string unitFile, string log)
    {
        var lines = File.ReadAllLines(unitFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        var start = new ProcessStartInfo("runuser")
        {
            WorkingDirectory = lines.Any(l => l.StartsWith("WorkingDirectory=", StringComparison.Ordinal)) ? Value("WorkingDirectory") : "/",
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-u", Value("User"), "--", "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + DataDirectory, "LANG=C.UTF-8" })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var variable in lines.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add(variable["Environment=".Length..]);
        }
        foreach (var arg in Value("ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    writer.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (gate) { writer.Flush(); } };
        return process;
    }

    public static async Task<string> Run(string file, params string[] args)
    {
        var (code, output) = await RunAllowingFailure(file, args);
        if (code != 0 && !(file == "dpkg" && args is ["--purge", ..]))
        {
            Assert.Fail($"{file} {string.Join(' ', args)} exited {code}: {output}");
        }
        return output;
    }

    public static async Task<(int, string)> RunAllowingFailure(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
