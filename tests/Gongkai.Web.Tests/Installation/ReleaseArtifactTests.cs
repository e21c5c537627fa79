using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Gongkai.Web.Tests.Installation;

/// <summary>
/// What scripts/release.sh made (test.sh builds linux-x64 and linux-arm64 before the installation test; the folder is
/// named by GONGKAI_TEST_RELEASE): every file matches SHA256SUMS, each archive holds both programs for its processor
/// and its version, no development data travel with it, and the arm64 package says so.
/// </summary>
[Trait("Category", "Install")]
public sealed class ReleaseArtifactTests
{
    private static string Folder()
    {
        var folder = Environment.GetEnvironmentVariable("GONGKAI_TEST_RELEASE");
        Assert.True(folder is { Length: > 0 } && File.Exists(Path.Combine(folder, "SHA256SUMS")),
            $"GONGKAI_TEST_RELEASE must name a folder made by scripts/release.sh (it is {folder ?? "unset"}); test.sh does this");
        return folder!;
    }

    private static string Version => Path.GetFileName(Folder().TrimEnd('/'));

    [Fact]
    public void EveryReleaseFile_MatchesItsChecksum()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder(), "SHA256SUMS"));
        Assert.Contains(lines, l => l.EndsWith($"gongkai-{Version}-linux-x64.tar.gz", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith($"gongkai-{Version}-linux-arm64.tar.gz", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("_amd64.deb", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("_arm64.deb", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            var (hash, name) = (line[..64], line[66..]);
            using var file = File.OpenRead(Path.Combine(Folder(), name));
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(file)));
        }
    }

    [Theory]
    [InlineData("linux-x64", 0x3E)]   // EM_X86_64
    [InlineData("linux-arm64", 0xB7)] // EM_AARCH64
    public async Task LinuxArchive_HoldsBothProgramsForItsProcessorAndNoData(string runtime, int machine)
    {
        var root = $"gongkai-{Version}-{runtime}/";
        var entries = new Dictionary<string, byte[]>();
        await using (var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder(), $"gongkai-{Version}-{runtime}.tar.gz")), CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                Assert.StartsWith(root, entry.Name, StringComparison.Ordinal);
                Assert.DoesNotContain("/data/", entry.Name, StringComparison.Ordinal); // a developer's database never ships
                Assert.False(entry.Name.EndsWith(".db", StringComparison.Ordinal), entry.Name);
                if (entry.Name is var n && (n == root + "Gongkai.Web" || n == root + "gongkai" || n == root + "VERSION") && entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    await data.CopyToAsync(copy);
                    entries[n[root.Length..]] = copy.ToArray();
                }
            }
        }
        Assert.Equal(Version, System.Text.Encoding.UTF8.GetString(entries["VERSION"]).Trim());
        foreach (var program in new[] { "Gongkai.Web", "gongkai" })
        {
            var elf = entries[program];
            Assert.Equal("\u007fELF"u8.ToArray(), elf[..4]);
            Assert.Equal(machine, BitConverter.ToUInt16(elf, 18)); // e_machine
        }
    }

    [Fact]
    public async Task X64Archive_CommandLine_PrintsTheReleaseVersion()
    {
        var folder = Directory.CreateTempSubdirectory("gongkai-release-").FullName;
        try
        {
            await using (var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder(), $"gongkai-{Version}-linux-x64.tar.gz")), CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, folder, overwriteFiles: false);
            }
            using var process = Process.Start(new ProcessStartInfo(Path.Combine(folder, $"gongkai-{Version}-linux-x64", "gongkai"), "--version")
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            Assert.StartsWith($"gongkai {Version} (", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Arm64Package_SaysItsArchitectureAndVersion()
    {
        var deb = Directory.GetFiles(Folder(), "*_arm64.deb").Single();
        var start = new ProcessStartInfo("dpkg-deb", ["-f", deb, "Architecture", "Version", "Depends"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var fields = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Contains("Architecture: arm64", fields, StringComparison.Ordinal);
        Assert.Contains($"Version: {Version.Replace('-', '~')}", fields, StringComparison.Ordinal);
        Assert.Contains("fonts-noto-cjk", fields, StringComparison.Ordinal);
    }
}
