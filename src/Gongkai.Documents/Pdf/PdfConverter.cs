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
/// LibreOffice allows one running instance per user profile, so conversions are serialised on one
/// profile kept for the process (a cold start costs about a second; later conversions reuse its caches).
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

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string workDirectory;
    private readonly string executable;
    private readonly TimeSpan timeout;

    public PdfConverter(string? executable = null, TimeSpan? timeout = null)
    {
        this.executable = executable ?? FindExecutable() ?? "soffice";
        this.timeout = timeout ?? TimeSpan.FromSeconds(90);
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
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The fontconfig file each conversion runs with: the system's, plus the GB/T 9704 font aliases.</summary>
    public static string FontConfig()
    {
        var aliases = string.Concat(FontAliases.Select(a =>
            $"  <alias binding=\"same\"><family>{a.Key}</family><prefer><family>{a.Value}</family></prefer></alias>\n"));
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n" +
               "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n" + aliases + "</fontconfig>\n";
    }

    public void Dispose()
    {
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
            throw new PdfConversionException("本机未安装 LibreOffice，无法生成 PDF（Debian：apt-get install libreoffice-writer-nogui fonts-noto-cjk）");
        }
    }

    private static string? FindExecutable() =>
        new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);
}
