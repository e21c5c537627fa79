using System.IO.Compression;
using System.Text;
using Gongkai.Batch.Sources;

namespace Gongkai.Batch.Tests;

/// <summary>The five seed reports (tests/fixtures/seeds) and temporary folders and archives made of them.</summary>
internal static class BatchFixtures
{
    public static string Seeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    public static string Seed(string id) => Directory.GetFiles(Seeds, id + "_*.txt").Single();

    public static string TempFolder() => Directory.CreateTempSubdirectory("gongkai-batch-").FullName;

    public static BatchResult AuditSeeds() => BatchAudit.Run(ReportSources.Expand([Seeds]));

    /// <summary>A ZIP file in a new temporary folder, its entries named as <see cref="Zip"/> names them.</summary>
    public static string ZipFile(string name, params (string Name, byte[] Content)[] entries)
    {
        var path = Path.Combine(TempFolder(), name);
        File.WriteAllBytes(path, Zip(entries));
        return path;
    }

    /// <summary>A ZIP whose entries are named in GB18030 without the UTF-8 flag, as Chinese Windows makes them.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.GetEncoding("GB18030")))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
