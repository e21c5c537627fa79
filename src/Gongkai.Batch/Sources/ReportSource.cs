using System.IO.Compression;
using System.Text;
using Gongkai.Reading;

namespace Gongkai.Batch.Sources;

/// <summary>
/// One report to audit: the name it is shown under (a path, or <c>archive.zip!entry</c>) and how to read it. Reading
/// works whenever it is called, from any thread, however long after the source was made: a source never depends on the
/// enumeration that produced it. A file that cannot be read raises <see cref="ReportReadException"/> with a Chinese reason.
/// </summary>
public sealed record ReportSource(string Name, Func<ReadResult> Read)
{
    /// <summary>
    /// The source's path relative to what was given — inside the folder (with '/' between folders), a ZIP's entry
    /// after <c>!</c>, a file given by itself by its file name — the same on every machine wherever the folder lies:
    /// what <see cref="Shard"/> hashes. The name by default.
    /// </summary>
    public string RelativePath
    {
        get => relativePath ?? Name;
        init => relativePath = value;
    }

    private readonly string? relativePath;

    /// <summary>A file on disk, read with its size checked before it is loaded.</summary>
    /// <param name="name">The name it is shown under and whose extension tells its format; the path by default.</param>
    public static ReportSource FromFile(string path, string? name = null) =>
        new(name ?? path, () => ReportReader.ReadFile(path, name));

    /// <summary>A report given as bytes; <paramref name="name"/>'s extension tells HTML from text.</summary>
    public static ReportSource FromBytes(string name, byte[] bytes) => new(name, () => ReportReader.Read(bytes, name));

    /// <summary>Something given that holds no readable report, listed with the reason so that it is not silently skipped.</summary>
    public static ReportSource Refused(string name, string reason) => new(name, () => throw new ReportReadException(reason));
}

/// <summary>
/// Turns what a user gives (files, folders, ZIP archives) into report sources, lazily, in name order — the one way
/// <c>gongkai check</c>, <c>extract</c>, <c>audit</c> and the web page 批量检查 take their input. A ZIP is read entry by
/// entry under limits, so that a hostile archive (an entry that inflates without end, a million entries) is refused
/// with a message instead of filling memory. Nothing given is skipped silently: a ZIP without any report, a ZIP inside
/// a ZIP (not expanded) or a damaged ZIP each becomes a source that cannot be read, with its reason.
/// </summary>
public static class ReportSources
{
    /// <summary>The files a folder contributes: what the reader understands.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps",
    };

    /// <summary>The readable extensions as a user is told them.</summary>
    public const string ExtensionList = ".txt .md .html .htm .docx .pdf .doc .wps";

    /// <summary>More entries than any province publishes in a year.</summary>
    public const int MaxZipEntries = 200_000;

    /// <summary>A report entry larger than the reader accepts is not inflated at all.</summary>
    public const long MaxEntryBytes = ReportReader.MaxPdfBytes;

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
                foreach (var file in files)
                {
                    foreach (var source in ExpandFile(file, Path.GetRelativePath(path, file).Replace(Path.DirectorySeparatorChar, '/')))
                    {
                        yield return source;
                    }
                }
            }
            else
            {
                foreach (var source in ExpandFile(path, Path.GetFileName(path)))
                {
                    yield return source;
                }
            }
        }
    }

    /// <param name="relative">The file's path relative to what was given; a ZIP's entries add <c>!entry</c> to it.</param>
    private static IEnumerable<ReportSource> ExpandFile(string path, string relative)
    {
        if (IsZip(path) && File.Exists(path))
        {
            // Entries are named "{path}!{entry}", the archive itself (refused) "{path}".
            return FromZip(path).Select(s => s with { RelativePath = relative + s.Name[path.Length..] });
        }
        // A missing file is kept so that it is reported as unreadable.
        return [ReportSource.FromFile(path) with { RelativePath = relative }];
    }

    /// <summary>The report entries of a ZIP file on disk, each named <c>{name}!{entry}</c>.</summary>
    /// <param name="name">The name the archive is shown under (an upload's own name); the path by default.</param>
    public static IReadOnlyList<ReportSource> FromZip(string path, string? name = null) => ZipFileEntries.Sources(path, name ?? path);

    /// <summary>Why a ZIP could not be opened or inflated, in Chinese.</summary>
    internal static string ZipProblem(Exception e) => e switch
    {
        InvalidDataException => "文件不是有效的 ZIP 压缩包或已损坏",
        UnauthorizedAccessException => "没有读取权限",
        _ => "读取时出错",
    };

    internal static ZipArchive OpenZip(string path) =>
        // Archives made on Chinese Windows name their entries in GB18030 without the UTF-8 flag.
        new(File.OpenRead(path), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: Gb18030.Value);

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });
}

/// <summary>
/// The report entries of one ZIP file on disk, shared by their sources. The archive is opened when the first entry is
/// read, kept open while an entry is still to be read and closed once every entry has been read (reading one again opens
/// it again). The sources therefore stay readable after the enumeration that listed them has ended — the archive's
/// lifetime follows its readers, not the listing — and a folder of thousands of ZIPs, listed in full before reading,
/// holds open only the few being read.
/// </summary>
internal sealed class ZipFileEntries
{
    private readonly string path;
    private readonly Lock gate = new();
    private readonly bool[] done;
    private ZipArchive? archive;
    private int unread;

    private ZipFileEntries(string path, int count)
    {
        this.path = path;
        done = new bool[count];
        unread = count;
    }

    public static IReadOnlyList<ReportSource> Sources(string path, string name)
    {
        ZipArchive archive;
        try
        {
            archive = ReportSources.OpenZip(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return [ReportSource.Refused(name, $"无法打开压缩包：{ReportSources.ZipProblem(e)}")];
        }
        try
        {
            if (archive.Entries.Count > ReportSources.MaxZipEntries)
            {
                return [ReportSource.Refused(name, $"压缩包内有 {archive.Entries.Count} 个文件，超过 {ReportSources.MaxZipEntries} 个的上限，请分批上传")];
            }
            var files = archive.Entries.Select((entry, index) => (Entry: entry, Index: index))
                .Where(e => e.Entry.Name.Length > 0)
                .OrderBy(e => e.Entry.FullName, StringComparer.Ordinal)
                .ToList();
            var reports = files.Where(e => ReportSources.IsReportFile(e.Entry.FullName)).ToList();
            var nested = files.Where(e => ReportSources.IsZip(e.Entry.FullName)).ToList();
            var sources = new List<ReportSource>(reports.Count + nested.Count);
            if (reports.Count > 0)
            {
                var entries = new ZipFileEntries(path, reports.Count);
                sources.AddRange(reports.Select((e, slot) =>
                {
                    var (index, entryName) = (e.Index, e.Entry.FullName);
                    return new ReportSource($"{name}!{entryName}", () => ReportReader.Read(entries.Inflate(slot, index, entryName), entryName));
                }));
            }
            sources.AddRange(nested.Select(e => ReportSource.Refused($"{name}!{e.Entry.FullName}",
                "压缩包内的压缩包不会展开：请先解压，再检查其中的文件")));
            if (sources.Count == 0)
            {
                sources.Add(ReportSource.Refused(name, $"压缩包中没有年度报告文件（{ReportSources.ExtensionList}）"));
            }
            // Name order across reports and nested archives, as a folder lists its files.
            return [.. sources.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return [ReportSource.Refused(name, $"无法打开压缩包：{ReportSources.ZipProblem(e)}")];
        }
        finally
        {
            // Listed; each entry's source opens the archive again when it is read.
            archive.Dispose();
        }
    }

    /// <summary>Inflates one entry (one at a time: ZipArchive is not thread-safe), closing the archive after the last first read.</summary>
    private byte[] Inflate(int slot, int index, string entryName)
    {
        lock (gate)
        {
            try
            {
                archive ??= ReportSources.OpenZip(path);
                var entry = archive.Entries.Count > index ? archive.Entries[index] : null;
                if (entry is null || entry.FullName != entryName)
                {
                    throw new ReportReadException("压缩包在读取期间被修改，请重新检查");
                }
                return ReadEntry(entry);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new ReportReadException($"无法解压：{ReportSources.ZipProblem(e)}");
            }
            finally
            {
                if (!done[slot])
                {
                    done[slot] = true;
                    unread--;
                }
                if (unread == 0)
                {
                    archive?.Dispose();
                    archive = null;
                }
            }
        }
    }

    /// <summary>Inflates one entry, stopping at the limit whatever its header claims.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        const long limit = ReportSources.MaxEntryBytes;
        if (entry.Length > limit)
        {
            throw new ReportReadException($"压缩包内的文件解压后为 {entry.Length / 1048576.0:0.0} MB，超过 {limit / 1048576} MB 上限");
        }
        using var stream = entry.Open();
        using var buffer = new MemoryStream(entry.Length is > 0 and < limit ? (int)entry.Length : 4096);
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                throw new ReportReadException($"压缩包内的文件解压后超过 {limit / 1048576} MB 上限（压缩包可能被篡改）");
            }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
