using System.Text;
using Gongkai.Batch.Sources;
using static Gongkai.Batch.Tests.BatchFixtures;

namespace Gongkai.Batch.Tests;

public class ReportSourcesTests
{
    [Fact]
    public void FromZip_Gb18030EntryNames_AreReadAsChinese()
    {
        (string, byte[])[] zip = [("报告/新乡市公安局2023年报告.txt", File.ReadAllBytes(Seed("001"))), ("说明.xlsx", [1, 2, 3])];
        var sources = ReportSources.FromZip(ZipFile("upload.zip", zip), "上传.zip");
        var source = Assert.Single(sources);
        Assert.Equal("上传.zip!报告/新乡市公安局2023年报告.txt", source.Name);
        var batch = BatchAudit.Run(sources);
        Assert.Equal("新乡市公安局", batch.Reports[0].Read!.Report.Agency);
    }

    [Fact]
    public void FromZip_EntryInflatingPastTheLimit_IsRefusedAndTheOthersAreRead()
    {
        var bomb = new byte[ReportSources.MaxEntryBytes + 1024];
        var zip = ZipFile("a.zip", ("bomb.txt", bomb), ("good.txt", File.ReadAllBytes(Seed("001"))));
        Assert.True(new FileInfo(zip).Length < 1024 * 1024, "the test archive itself is small");
        var batch = BatchAudit.Run(ReportSources.FromZip(zip, "a.zip"));
        Assert.Contains("MB 上限", batch.Reports.Single(r => r.Name == "a.zip!bomb.txt").Error);
        Assert.NotNull(batch.Reports.Single(r => r.Name == "a.zip!good.txt").Read);
    }

    [Fact]
    public void Expand_CorruptZipFile_IsOneUnreadableSourceWithAReason()
    {
        var folder = TempFolder();
        var path = Path.Combine(folder, "broken.zip");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("PK\u0003\u0004 not really a zip"));
        var batch = BatchAudit.Run(ReportSources.Expand([path]));
        Assert.Contains("压缩包", Assert.Single(batch.Reports).Error);
    }

    [Fact]
    public void Expand_Folder_TakesReportFilesAndZipsAndSkipsOthers()
    {
        var folder = TempFolder();
        File.Copy(Seed("001"), Path.Combine(folder, "a.txt"));
        File.WriteAllText(Path.Combine(folder, "notes.xlsx"), "x");
        File.WriteAllBytes(Path.Combine(folder, "b.zip"), Zip(("c.txt", File.ReadAllBytes(Seed("002")))));
        var names = ReportSources.Expand([folder]).Select(s => Path.GetFileName(s.Name)).ToList();
        Assert.Equal(["a.txt", "b.zip!c.txt"], names);
    }

    [Fact]
    public void FromZip_SourcesReadAfterTheListingEnded_ReadEveryEntry()
    {
        var zip = ZipFile("two.zip", ("001.txt", File.ReadAllBytes(Seed("001"))), ("002.txt", File.ReadAllBytes(Seed("002"))));
        // The list is complete before any entry is read, as gongkai check and audit make it (to show progress).
        var sources = ReportSources.Expand([zip]).ToList();
        var batch = BatchAudit.Run(sources, new BatchOptions { Parallelism = 2 });
        Assert.Equal(["新乡市公安局", "平顶山市公安局"], batch.Reports.Select(r => r.Read?.Report.Agency ?? r.Error));
    }

    [Fact]
    public void Expand_FolderHoldingAZip_ReadsTheEntriesAfterTheListingEnded()
    {
        var folder = TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllBytes(Path.Combine(folder, "sub", "two.zip"), Zip(("001.txt", File.ReadAllBytes(Seed("001"))), ("002.txt", File.ReadAllBytes(Seed("002")))));
        var sources = ReportSources.Expand([folder]).ToList();
        Assert.All(sources, s => Assert.NotNull(s.Read().Report.Agency));
    }

    [Fact]
    public void FromZip_EntryReadAgainAfterEveryEntryWasRead_IsReadAgain()
    {
        var zip = ZipFile("two.zip", ("001.txt", File.ReadAllBytes(Seed("001"))), ("002.txt", File.ReadAllBytes(Seed("002"))));
        var sources = ReportSources.FromZip(zip);
        var first = sources.Select(s => s.Read().Report.Agency).ToList();
        Assert.Equal(first, sources.Select(s => s.Read().Report.Agency));
    }

    [Fact]
    public void FromZip_EveryEntryRead_ClosesTheArchive()
    {
        var zip = ZipFile("two.zip", ("001.txt", File.ReadAllBytes(Seed("001"))), ("002.txt", File.ReadAllBytes(Seed("002"))));
        var sources = ReportSources.FromZip(zip);
        BatchAudit.Run(sources);
        // Open for writing with no sharing: refused while any handle (ours) still has the file open.
        using (File.Open(zip, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
        GC.KeepAlive(sources);
    }

    [Fact]
    public void Expand_FolderOfZipsListedInFull_HoldsNoneOpenBeforeReading()
    {
        var folder = TempFolder();
        foreach (var name in new[] { "a.zip", "b.zip" })
        {
            File.WriteAllBytes(Path.Combine(folder, name), Zip(("001.txt", File.ReadAllBytes(Seed("001")))));
        }
        var sources = ReportSources.Expand([folder]).ToList();
        foreach (var name in new[] { "a.zip", "b.zip" })
        {
            using (File.Open(Path.Combine(folder, name), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }
        }
        Assert.Equal(2, BatchAudit.Run(sources).Read);
    }

    [Fact]
    public void FromZip_ZipInsideAZip_IsUnreadableAndSaysItIsNotExpanded()
    {
        var zip = ZipFile("outer.zip", ("inner.zip", Zip(("001.txt", File.ReadAllBytes(Seed("001"))))));
        var batch = BatchAudit.Run(ReportSources.FromZip(zip, "outer.zip"));
        var report = Assert.Single(batch.Reports);
        Assert.Equal("outer.zip!inner.zip", report.Name);
        Assert.Contains("压缩包内的压缩包不会展开", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromZip_WithoutAnyReport_IsOneUnreadableSourceSayingSo()
    {
        var zip = ZipFile("notes.zip", ("说明.xlsx", [1, 2, 3]));
        var report = Assert.Single(BatchAudit.Run(ReportSources.FromZip(zip, "notes.zip")).Reports);
        Assert.Equal("notes.zip", report.Name);
        Assert.Contains("压缩包中没有年度报告文件", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_UploadSavedWithoutExtension_IsReadByTheNameItWasGiven()
    {
        var path = Path.Combine(TempFolder(), "0");
        File.WriteAllText(path, "<html><body>" + string.Concat(File.ReadLines(Seed("001")).Select(l => $"<p>{System.Net.WebUtility.HtmlEncode(l)}</p>")) + "</body></html>");
        var source = ReportSource.FromFile(path, "report.html");
        Assert.Equal("report.html", source.Name);
        Assert.Equal(Reading.SourceFormat.Html, source.Read().Format);
    }
}
