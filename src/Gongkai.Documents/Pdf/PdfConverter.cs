using System.Diagnostics;

namespace Gongkai.Documents.Pdf;

/// <summary>Raised when LibreOffice is missing or fails; the message is Chinese, for staff.</summary>
public sealed class PdfConversionException(string message) : Exception(message);

/// <summary>
/// Turns a DOCX into PDF with LibreOffice headless (Debian's libreoffice-writer-nogui). The DOCX stays the
/// document of record; the PDF is made from those same bytes on demand.
/// <para>
/// Agencies name their fonts 仿宋_GB2312 and 方正小标宋简体 (GB/T 9704), which a Linux server does not have;
/// without help LibreOffice falls back to a sans font. Each conversion runs with its own fontconfig file
/// that includes the system configuration and aliases those names to Noto Serif CJK SC (fonts-noto-cjk),
/// so the server needs no root-installed font configuration.
/// </para>
/// <para>
/// Starting LibreOffice costs seconds (three to four here, twenty when cold on a busy machine), so it is kept
/// running: one headless LibreOffice listening on a private pipe, driven by a small Python helper (Debian's
/// python3-uno, <c>uno_convert.py</c>) that stays connected; a conversion is then a fraction of a second. Either
/// process dying is noticed on the next conversion, both are restarted and the conversion is tried once more.
/// Without python3-uno each conversion starts LibreOffice itself (<c>--convert-to</c>), as before.
/// Conversions are serialised: LibreOffice converts one document at a time per profile.
/// </para>
/// </summary>
public sealed class PdfConverter : IDisposable
{
    /// <summary>Font names GB/T 9704 documents use, each mapped to the Noto CJK face that renders here.</summary>
    public static readonly IReadOnlyDictionary<string, string> FontAliases = new Dictionary<string, string>
    {
        ["仿宋_GB2312"] = "Noto Serif CJK SC",
        ["仿宋"] = "Noto Serif CJK SC",
        ["FangSong"] = "Noto Serif CJK SC",
        ["方正小标宋简体"] = "Noto Serif CJK SC",
        ["方正小标宋_GBK"] = "Noto Serif CJK SC",
        ["宋体"] = "Noto Serif CJK SC",
        ["SimSun"] = "Noto Serif CJK SC",
        ["楷体_GB2312"] = "Noto Serif CJK SC",
        ["黑体"] = "Noto Sans CJK SC",
        ["SimHei"] = "Noto Sans CJK SC",
    };

    /// <summary>The meter counting conversions (<c>gongkai.pdf.conversions</c>, by outcome), exported at /metrics.</summary>
    public const string MeterName = "Gongkai.Pdf";
    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    private static readonly System.Diagnostics.Metrics.Counter<long> Conversions =
        Meter.CreateCounter<long>("gongkai.pdf.conversions", "{conversion}", "Word 文书转换为 PDF 的次数（outcome：ok、failed）");

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string workDirectory;
    private readonly string executable;
    private readonly TimeSpan timeout;
    private readonly bool keepWarm;
    private Process? office;
    private Process? helper;
    private bool warmUnavailable;

    /// <summary>Debian's Python, which has the uno module when python3-uno is installed (a pyenv or venv python usually has not).</summary>
    private const string Python = "/usr/bin/python3";

    /// <param name="keepWarm">Keep one LibreOffice running between conversions (when python3-uno is there); false starts one per conversion.</param>
    public PdfConverter(string? executable = null, TimeSpan? timeout = null, bool keepWarm = true)
    {
        this.executable = executable ?? FindExecutable() ?? "soffice";
        this.timeout = timeout ?? TimeSpan.FromSeconds(90);
        this.keepWarm = keepWarm && File.Exists(Python);
        workDirectory = Path.Combine(Path.GetTempPath(), "gongkai-pdf-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(workDirectory);
        File.WriteAllText(Path.Combine(workDirectory, "fonts.conf"), FontConfig());
    }

    /// <summary>True when a LibreOffice executable is on this machine.</summary>
    public static bool IsAvailable => FindExecutable() is not null;

    public async Task<byte[]> ConvertAsync(byte[] docx, CancellationToken ct = default)
    {
        // LibreOffice would turn any bytes into a PDF (as plain text); only a DOCX (a ZIP package) is converted.
        if (docx.Length < 4 || !docx.AsSpan(0, 4).SequenceEqual("PK\u0003\u0004"u8))
        {
            throw new PdfConversionException("不是有效的 DOCX 文件，无法转换为 PDF");
        }
        await gate.WaitAsync(ct);
        try
        {
            var pdf = await ConvertUnderGateAsync(docx, ct);
            Conversions.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
            return pdf;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Conversions.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<byte[]> ConvertUnderGateAsync(byte[] docx, CancellationToken ct)
    {
        if (keepWarm && !warmUnavailable)
        {
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                try
                {
                    return await ConvertWarmAsync(docx, ct);
                }
                catch (WarmConverterException) when (attempt == 1)
                {
                    StopWarm(); // LibreOffice or the helper died or hung: start both again and retry once
                }
                catch (WarmConverterException)
                {
                    StopWarm();
                    break; // fall back to one LibreOffice per conversion for this document
                }
            }
        }
        return await ConvertOnceAsync(docx, ct);
    }

    /// <summary>Starts the kept LibreOffice now (at application start), so the first document does not wait for it.</summary>
    public async Task WarmUpAsync(CancellationToken ct = default)
    {
        if (!keepWarm || !IsAvailable)
        {
            return;
        }
        await gate.WaitAsync(ct);
        try
        {
            if (!warmUnavailable)
            {
                await EnsureWarmAsync(ct);
            }
        }
        catch (WarmConverterException)
        {
            StopWarm();
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed class WarmConverterException(string message) : Exception(message);

    private async Task<byte[]> ConvertWarmAsync(byte[] docx, CancellationToken ct)
    {
        await EnsureWarmAsync(ct);
        var job = Path.Combine(workDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(job);
        try
        {
            var input = Path.Combine(job, "letter.docx");
            var output = Path.Combine(job, "letter.pdf");
            await File.WriteAllBytesAsync(input, docx, ct);
            await helper!.StandardInput.WriteLineAsync($"{input}\t{output}".AsMemory(), ct);
            await helper.StandardInput.FlushAsync(ct);
            var reply = await ReadLineAsync(helper, timeout, ct);
            if (reply == "ok" && File.Exists(output))
            {
                return await File.ReadAllBytesAsync(output, ct);
            }
            if (reply is not null && reply.StartsWith("error ", StringComparison.Ordinal) && office is { HasExited: false })
            {
                // LibreOffice is alive and refused this document: the document is at fault, not the converter.
                throw new PdfConversionException($"LibreOffice 无法转换该文档：{reply[6..]}");
            }
            throw new WarmConverterException(reply ?? "no reply");
        }
        finally
        {
            Directory.Delete(job, recursive: true);
        }
    }

    private async Task EnsureWarmAsync(CancellationToken ct)
    {
        if (office is { HasExited: false } && helper is { HasExited: false })
        {
            return;
        }
        StopWarm();
        var pipe = "gongkai-" + Guid.NewGuid().ToString("N")[..12];
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDirectory };
        foreach (var arg in new[]
        {
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=file://" + Path.Combine(workDirectory, "profile"),
            $"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["FONTCONFIG_FILE"] = Path.Combine(workDirectory, "fonts.conf");
        start.Environment["HOME"] = workDirectory;
        office = StartOrExplain(start);
        _ = office.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = office.StandardError.ReadToEndAsync(CancellationToken.None);

        var script = Path.Combine(workDirectory, "uno_convert.py");
        if (!File.Exists(script))
        {
            await using var resource = typeof(PdfConverter).Assembly.GetManifestResourceStream("uno_convert.py")!;
            await using var file = File.Create(script);
            await resource.CopyToAsync(file, ct);
        }
        var run = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, pipe, timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            run.ArgumentList.Add(arg);
        }
        run.Environment["HOME"] = workDirectory;
        helper = Process.Start(run) ?? throw new WarmConverterException("无法启动 PDF 转换助手");
        var errors = helper.StandardError.ReadToEndAsync(CancellationToken.None);
        // LibreOffice's first start builds its profile and font caches: generous on a busy machine.
        var ready = await ReadLineAsync(helper, timeout, ct);
        if (ready != "ready")
        {
            if (helper.HasExited && (await errors).Contains("No module named 'uno'", StringComparison.Ordinal))
            {
                warmUnavailable = true; // no python3-uno: one LibreOffice per conversion from now on
            }
            throw new WarmConverterException("PDF 转换助手未就绪");
        }
    }

    private static async Task<string?> ReadLineAsync(Process process, TimeSpan limit, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(limit);
        try
        {
            return await process.StandardOutput.ReadLineAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private void StopWarm()
    {
        foreach (var p in new[] { helper, office })
        {
            if (p is null)
            {
                continue;
            }
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            p.Dispose();
        }
        helper = office = null;
    }

    /// <summary>The process id of the kept LibreOffice, for tests that kill it; null when none runs.</summary>
    internal int? WarmProcessId => office is { HasExited: false } ? office.Id : null;

    /// <summary>One LibreOffice for this conversion (<c>--convert-to</c>): the fallback without python3-uno.</summary>
    private async Task<byte[]> ConvertOnceAsync(byte[] docx, CancellationToken ct)
    {
        {
            var job = Path.Combine(workDirectory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(job);
            try
            {
                var input = Path.Combine(job, "letter.docx");
                await File.WriteAllBytesAsync(input, docx, ct);
                var start = new ProcessStartInfo(executable)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    WorkingDirectory = job,
                };
                foreach (var arg in new[]
                {
                    "--headless", "--norestore", "--nolockcheck", "--nodefault",
                    "-env:UserInstallation=file://" + Path.Combine(workDirectory, "profile"),
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", job, input,
                })
                {
                    start.ArgumentList.Add(arg);
                }
                start.Environment["FONTCONFIG_FILE"] = Path.Combine(workDirectory, "fonts.conf");
                start.Environment["HOME"] = workDirectory;
                using var process = StartOrExplain(start);
                var stderr = process.StandardError.ReadToEndAsync(ct);
                var stdout = process.StandardOutput.ReadToEndAsync(ct);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(timeout);
                try
                {
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    ct.ThrowIfCancellationRequested();
                    throw new PdfConversionException($"LibreOffice 转换 PDF 超时（{timeout.TotalSeconds:0} 秒）");
                }
                var output = Path.Combine(job, "letter.pdf");
                if (process.ExitCode != 0 || !File.Exists(output))
                {
                    throw new PdfConversionException($"LibreOffice 转换 PDF 失败（退出码 {process.ExitCode}）：{(await stderr).Trim()} {(await stdout).Trim()}".Trim());
                }
                return await File.ReadAllBytesAsync(output, ct);
            }
            finally
            {
                Directory.Delete(job, recursive: true);
            }
        }
    }

    /// <summary>The fontconfig file each conversion runs with: the system's, plus the GB/T 9704 font aliases.</summary>
    public static string FontConfig()
    {
        var aliases = string.Concat(FontAliases.Select(a =>
            $"  <alias binding=\"same\"><family>{a.Key}</family><prefer><family>{a.Value}</family></prefer></alias>\n"));
        // Every lookup is for Simplified Chinese: Noto CJK ships one file with the Japanese, Korean and Chinese faces,
        // and without a language fontconfig may pick the Japanese glyphs (different forms of 门, 关, 说 …).
        const string simplified = "  <match target=\"pattern\"><edit name=\"lang\" mode=\"assign\" binding=\"strong\"><string>zh-cn</string></edit></match>\n" +
            "  <alias binding=\"strong\"><family>serif</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>\n" +
            "  <alias binding=\"strong\"><family>sans-serif</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>\n";
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n" +
               "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n" + simplified + aliases + "</fontconfig>\n";
    }

    public void Dispose()
    {
        StopWarm();
        gate.Dispose();
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A LibreOffice child still closing its profile; the temp folder is cleaned by the system.
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new PdfConversionException("无法启动 LibreOffice");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The install command is for the administrator (README, scripts/system-packages.sh), not for whoever pressed the button.
            throw new PdfConversionException("服务器未安装 PDF 转换组件（LibreOffice），暂时无法生成 PDF");
        }
    }

    private static string? FindExecutable() =>
        new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);
}
