using System.Globalization;
using System.IO.Compression;

namespace Gongkai.Reading.Docx;

/// <summary>
/// A Word package is a ZIP, and a ZIP can hold a "bomb": a few MB that inflate to gigabytes. Before the package is
/// opened, every entry is inflated once under caps — what it really inflates to, not what its header claims — so a
/// hostile file is refused in a moment with a Chinese message instead of exhausting memory.
/// </summary>
public static class PackageLimits
{
    /// <summary>A report's package holds a few dozen parts.</summary>
    public const int MaxEntries = 2_000;

    /// <summary>Text, styles and a few images: far less than this.</summary>
    public const long MaxInflatedBytes = 128L * 1024 * 1024;

    /// <summary>XML compresses about tenfold; a part inflating a thousandfold is built to.</summary>
    public const long MaxRatio = 1_000;

    /// <param name="kind">What the package is, for the message: “Word 文档”, “OFD 文件”.</param>
    public static void Check(byte[] package, string kind = "Word 文档")
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                    $"{kind}内含 {zip.Entries.Count} 个部件，超过 {MaxEntries} 个上限，不是正常的文件"));
            }
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                long inflated = 0;
                using var stream = entry.Open();
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    inflated += n;
                    total += n;
                    if (total > MaxInflatedBytes || inflated > Math.Max(entry.CompressedLength, 1024) * MaxRatio)
                    {
                        throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                            $"{kind}解压后过大（部件“{entry.FullName}”压缩 {entry.CompressedLength} 字节，解压超过 {inflated / 1048576.0:0.#} MB），可能是恶意构造的压缩文件，已拒绝读取"));
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ReportReadException($"这是压缩文件，但已损坏，不是可以读取的 {kind}");
        }
    }
}
