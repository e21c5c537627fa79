using System.Text;
using Gongkai.Batch.Sources;
using static Gongkai.Batch.Tests.BatchFixtures;

namespace Gongkai.Batch.Tests;

public class ReportSourcesTests
{
    [Fact]
    public void FromZip_Gb18030EntryNames_AreReadAsChinese()
    {
        var zip = Zip(("报告/新乡市公安局2023年报告.txt", File.ReadAllBytes(Seed("001"))), ("说明.xlsx", [1, 2, 3]));
        var sources = ReportSources.FromZip(new MemoryStream(zip), "上传.zip");
        var source = Assert.Single(sources);
        Assert.Equal("上传.zip!报告/新乡市公安局2023年报告.txt", source.Name);
        var batch = BatchAudit.Run(sources);
        Assert.Equal("新乡市公安局", batch.Reports[0].Read!.Report.Agency);
    }

    [Fact]
    public void FromZip_EntryInflatingPastTheLimit_IsRefusedAndTheOthersAreRead()
    {
        var bomb = new byte[ReportSources.MaxEntryBytes + 1024];
        var zip = Zip(("bomb.txt", bomb), ("good.txt", File.ReadAllBytes(Seed("001"))));
        Assert.True(zip.Length < 1024 * 1024, "the test archive itself is small");
        var batch = BatchAudit.Run(ReportSources.FromZip(new MemoryStream(zip), "a.zip"));
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
}
