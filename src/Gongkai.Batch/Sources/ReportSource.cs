using System.IO.Compression;
using System.Text;

namespace Gongkai.Batch.Sources;

/// <summary>One report to audit: the name it is shown under (a path, or <c>archive.zip!entry</c>) and how to load its bytes.</summary>
public sealed record ReportSource(string Name, Func<byte[]> Load);

/// <summary>
/// Turns what a user gives (files, folders, ZIP archives) into report sources, lazily, in name order. A ZIP is
/// read entry by entry under limits, so that a hostile archive (an entry that inflates without end, a million
/// entries) is refused with a message instead of filling memory.
/// </summary>
public static class ReportSources
{
    /// <summary>The files a folder contributes: what the reader understands.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps",
    };

    /// <summary>More entries than any province publishes in a year.</summary>
    public const int MaxZipEntries = 200_000;

    /// <summary>A report entry larger than the reader accepts is not inflated at all.</summary>
    public const long MaxEntryBytes = Reading.ReportReader.MaxPdfBytes;

    public static bool IsReportFile(string name) => Extensions.Contains(Path.GetExtension(name));

    public static bool IsZip(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Files, folders (recursively) and ZIP archives, expanded in the order given, each folder in name order.</summary>
    public static IEnumerable<ReportSource> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => IsReportFile(f) || IsZip(f)).Order(StringComparer.Ordinal);
                foreach (var source in Expand(files))
                {
                    yield return source;
                }
            }
            else if (IsZip(path) && File.Exists(path))
            {
                foreach (var source in FromZip(path))
                {
                    yield return source;
                }
            }
            else
            {
                // A missing file is kept so that it is reported as unreadable.
                var file = path;
                yield return new ReportSource(file, () => File.ReadAllBytes(file));
            }
        }
    }

    /// <summary>The report entries of a ZIP file on disk. The archive stays open while the sources are enumerated.</summary>
    public static IEnumerable<ReportSource> FromZip(string path)
    {
        ZipArchive archive;
        try
        {
            archive = Open(File.OpenRead(path));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return [new ReportSource(path, () => throw new Reading.ReportReadException($"无法打开压缩包：{ZipProblem(e)}"))];
        }
        return FromArchive(archive, path, disposeAtEnd: true);
    }

    /// <summary>The report entries of an uploaded ZIP.</summary>
    public static IReadOnlyList<ReportSource> FromZip(Stream zip, string name)
    {
        var archive = Open(zip);
        return FromArchive(archive, name, disposeAtEnd: false).ToList();
    }

    private static ZipArchive Open(Stream stream) =>
        // Archives made on Chinese Windows name their entries in GB18030 without the UTF-8 flag.
        new(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: Gb18030.Value);

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    private static IEnumerable<ReportSource> FromArchive(ZipArchive archive, string name, bool disposeAtEnd)
    {
        try
        {
            if (archive.Entries.Count > MaxZipEntries)
            {
                yield return new ReportSource(name, () => throw new Reading.ReportReadException(
                    $"压缩包内有 {archive.Entries.Count} 个文件，超过 {MaxZipEntries} 个的上限，请分批上传"));
                yield break;
            }
            var gate = new object();
            foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0 && IsReportFile(e.FullName)).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var current = entry;
                yield return new ReportSource($"{name}!{entry.FullName}", () =>
                {
                    // ZipArchive is not thread-safe: one entry inflates at a time, the reading runs in parallel.
                    lock (gate)
                    {
                        return ReadEntry(current);
                    }
                });
            }
        }
        finally
        {
            if (disposeAtEnd)
            {
                archive.Dispose();
            }
        }
    }

    /// <summary>Inflates one entry, stopping at the limit whatever its header claims.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        if (entry.Length > MaxEntryBytes)
        {
            throw new Reading.ReportReadException($"压缩包内的文件解压后为 {entry.Length / 1048576.0:0.0} MB，超过 {MaxEntryBytes / 1048576} MB 上限");
        }
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream(entry.Length is > 0 and < MaxEntryBytes ? (int)entry.Length : 4096);
            var chunk = new byte[81920];
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + n > MaxEntryBytes)
                {
                    throw new Reading.ReportReadException($"压缩包内的文件解压后超过 {MaxEntryBytes / 1048576} MB 上限（压缩包可能被篡改）");
                }
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new Reading.ReportReadException($"无法解压：{ZipProblem(e)}");
        }
    }

    private static string ZipProblem(Exception e) => e switch
    {
        InvalidDataException => "文件不是有效的 ZIP 压缩包或已损坏",
        UnauthorizedAccessException => "没有读取权限",
        _ => "读取时出错",
    };
}
