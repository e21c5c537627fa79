using Gongkai.Reading.Legacy;

namespace Gongkai.Reading.Tests;

/// <summary>.doc and .wps through LibreOffice (installed by scripts/system-packages.sh). One class: the tests that change
/// <see cref="LegacyWord.Executable"/> must not run beside the others.</summary>
public class LegacyWordTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "doc", name);

    [Fact]
    public void Read_DocWithWordTables_HasEveryCellOfTheSeed()
    {
        var read = ReportReader.ReadFile(Fixture("seed001-from-html.doc"));
        Assert.Equal("DOC", read.Encoding);
        Assert.Equal("新乡市公安局", read.Report.Agency);
        Assert.Equal(2023, read.Report.Year);
        Seeds.AssertSameCells(Seeds.Read("001").Report, read.Report);
    }

    [Fact]
    public void Read_DocWithTabSeparatedTables_HasEveryCellOfTheSeed()
    {
        var read = ReportReader.ReadFile(Fixture("seed002-from-text.doc"));
        Assert.Equal("平顶山市公安局", read.Report.Agency);
        Seeds.AssertSameCells(Seeds.Read("002").Report, read.Report);
    }

    [Fact]
    public void Read_WpsName_IsReadLikeADoc()
    {
        var read = ReportReader.Read(File.ReadAllBytes(Fixture("seed001-from-html.doc")), "新乡市公安局2023年报告.wps");
        Assert.Equal("WPS", read.Encoding);
        Assert.Equal("新乡市公安局", read.Report.Agency);
    }

    [Fact]
    public void Read_DocWithoutLibreOffice_SaysWhatToInstallOrDo()
    {
        var saved = LegacyWord.Executable;
        LegacyWord.Executable = null;
        try
        {
            var e = Assert.Throws<ReportReadException>(() => ReportReader.ReadFile(Fixture("seed001-from-html.doc")));
            Assert.Contains("LibreOffice", e.Message, StringComparison.Ordinal);
            Assert.Contains("另存为 .docx 或 PDF", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            LegacyWord.Executable = saved;
        }
    }

    [Fact]
    public void Read_TruncatedDoc_IsRefusedAsDamaged()
    {
        var bytes = File.ReadAllBytes(Fixture("seed001-from-html.doc"))[..4096];
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(bytes, "broken.doc"));
        Assert.Contains("无法打开", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SpreadsheetOfTheSameFamily_IsNotSentToTheWordProcessor()
    {
        var bytes = File.ReadAllBytes(Fixture("seed001-from-html.doc"));
        var e = Assert.Throws<ReportReadException>(() => ReportReader.Read(bytes, "ledger.xls"));
        Assert.Contains("Office 97-2003", e.Message, StringComparison.Ordinal);
    }
}
