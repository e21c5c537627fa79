using System.Diagnostics;

namespace Gongkai.Reading.Legacy;

/// <summary>
/// Word 97–2003 (.doc) and WPS (.wps) files — both OLE compound documents — read by having LibreOffice headless save
/// them as .docx, which <see cref="Docx.DocxText"/> then reads. Without LibreOffice the user is told how to proceed.
/// Each conversion has its own LibreOffice profile, so a batch can convert on all cores.
/// </summary>
public static class LegacyWord
{
    /// <summary>A conversion that takes longer is a hostile or broken file; it is stopped.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The OLE compound-document signature both .doc and .wps start with.</summary>
    public static bool IsCompoundDocument(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);

    /// <summary>.doc, .dot and .wps: a compound document under another name (an .xls) is not sent to the word processor.</summary>
    public static bool IsWordName(string name) =>
        Path.GetExtension(name).ToLowerInvariant() is ".doc" or ".dot" or ".wps";

    public static string? Executable { get; set; } =
        new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);

    public static byte[] ToDocx(ReadOnlySpan<byte> bytes, string? name)
    {
        var kind = name?.EndsWith(".wps", StringComparison.OrdinalIgnoreCase) == true ? "WPS 文字（.wps）" : "Word 97-2003（.doc）";
        if (Executable is null)
        {
            throw new ReportReadException($"这是{kind}文件，需要安装 LibreOffice 才能读取（Debian：apt-get install libreoffice-writer-nogui）；也可以另存为 .docx 或 PDF 后再检查");
        }
        var job = Directory.CreateTempSubdirectory("gongkai-doc-").FullName;
        try
        {
            var input = Path.Combine(job, name?.EndsWith(".wps", StringComparison.OrdinalIgnoreCase) == true ? "report.wps" : "report.doc");
            File.WriteAllBytes(input, bytes.ToArray());
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = job,
            };
            foreach (var arg in new[]
            {
                "--headless", "--norestore", "--nolockcheck", "--nodefault",
                "-env:UserInstallation=file://" + Path.Combine(job, "profile"),
                "--convert-to", "docx:MS Word 2007 XML", "--outdir", job, input,
            })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["HOME"] = job;
            using var process = Process.Start(start) ?? throw new ReportReadException("无法启动 LibreOffice");
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new ReportReadException($"{kind}文件转换超时（{Timeout.TotalSeconds:0} 秒），文件可能已损坏");
            }
            var output = Path.ChangeExtension(input, ".docx");
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                throw new ReportReadException($"{kind}文件无法打开，可能已损坏或加密（LibreOffice：{stderr.Result.Trim()}）".Replace("（LibreOffice：）", "", StringComparison.Ordinal));
            }
            return File.ReadAllBytes(output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ReportReadException($"这是{kind}文件，需要 LibreOffice 才能读取，但无法启动它");
        }
        finally
        {
            try
            {
                Directory.Delete(job, recursive: true);
            }
            catch (IOException)
            {
                // A LibreOffice child still closing its profile; the system cleans the temp folder.
            }
        }
    }
}
