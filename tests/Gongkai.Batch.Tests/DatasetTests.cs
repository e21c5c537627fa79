using System.Text;
using Gongkai.Batch.Dataset;
using MiniExcelLibs;
using Parquet;
using static Gongkai.Batch.Tests.BatchFixtures;

namespace Gongkai.Batch.Tests;

public class DatasetTests
{
    private static readonly Lazy<(BatchResult Batch, AuditDataset Dataset, string Folder)> Written = new(() =>
    {
        var batch = AuditSeeds();
        var dataset = AuditDataset.Build(batch);
        var folder = TempFolder();
        DatasetWriter.WriteAll(dataset, folder);
        return (batch, dataset, folder);
    });

    private static string Path(string name) => System.IO.Path.Combine(Written.Value.Folder, name);

    [Fact]
    public void WriteAll_WritesTheFiveFiles()
    {
        foreach (var name in DatasetWriter.FileNames)
        {
            Assert.True(new FileInfo(Path(name)).Length > 100, name);
        }
    }

    [Fact]
    public void ReportsCsv_HasOneRowPerReportAndTheCellsKeyedAsExtractKeysThem()
    {
        var lines = File.ReadAllLines(Path("reports.csv"), Encoding.UTF8);
        Assert.Equal(6, lines.Length);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.Contains("新乡市公安局2023", StringComparison.Ordinal)).Split(',');
        Assert.Equal("57", row[Array.IndexOf(header, "applications.一.自然人")]);
        Assert.Equal("2023", row[Array.IndexOf(header, "year")]);
        Assert.Equal("2021", row[Array.IndexOf(header, "format")]);
        Assert.Equal("", row[Array.IndexOf(header, "proactive.政府集中采购.采购项目数量")]);
    }

    [Fact]
    public void ReportsCsv_StartsWithAByteOrderMarkForExcel()
    {
        var bytes = File.ReadAllBytes(Path("reports.csv"));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
    }

    [Fact]
    public void FindingsCsv_HasEveryFindingOfTheBatch()
    {
        var lines = File.ReadAllLines(Path("findings.csv"), Encoding.UTF8);
        Assert.Equal(Written.Value.Batch.Reports.Sum(r => r.Findings.Count) + 1, lines.Length);
        Assert.Equal("file,agency,year,rule,category,severity,message,location", lines[0]);
    }

    [Fact]
    public void Xlsx_ReportsSheet_HoldsTheSameValuesAsTheCsv()
    {
        var rows = MiniExcel.Query(Path("dataset.xlsx"), useHeaderRow: true, sheetName: DatasetWriter.ReportsSheet)
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(5, rows.Count);
        var xinxiang = rows.Single(r => (string?)r["agency"] == "新乡市公安局");
        Assert.Equal(57m, Convert.ToDecimal(xinxiang["applications.一.自然人"], System.Globalization.CultureInfo.InvariantCulture));
        var findings = MiniExcel.Query(Path("dataset.xlsx"), useHeaderRow: true, sheetName: DatasetWriter.FindingsSheet).Count();
        Assert.Equal(Written.Value.Dataset.FindingCount, findings);
    }

    [Fact]
    public void Xlsx_KeepsTheHeaderFrozen_WritesTextAsInlineStrings_AndLeavesAbsentCellsOut()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path("dataset.xlsx"));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = reader.ReadToEnd();
        Assert.Contains("state=\"frozen\"", sheet, StringComparison.Ordinal);
        // Text is never a formula: no <f> element, every string inline.
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        Assert.Contains("t=\"inlineStr\"><is><t xml:space=\"preserve\">新乡市公安局</t>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<v></v>", sheet, StringComparison.Ordinal);
        // A 2021-format report has no trial-format cells: the sheet has fewer cells than rows × columns.
        var cells = System.Text.RegularExpressions.Regex.Count(sheet, "<c r=");
        Assert.True(cells < (Written.Value.Dataset.ReportCount + 1) * AuditDataset.ReportColumns.Count, $"{cells} cells written");
    }

    [Fact]
    public async Task Parquet_Reports_HoldsTheCellsAsNumbersAndTheNamesAsText()
    {
        await using var file = File.OpenRead(Path("reports.parquet"));
        await using var reader = await ParquetReader.CreateAsync(file);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(AuditDataset.ReportColumns.Select(c => c.Key), fields.Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(5, group.RowCount);
        var agencies = new string?[5];
        await group.ReadAsync(fields.Single(f => f.Name == "agency"), agencies.AsMemory(), null);
        var natural = new double?[5];
        await group.ReadAsync<double>(fields.Single(f => f.Name == "applications.一.自然人"), natural.AsMemory(), null);
        Assert.Equal(57d, natural[Array.IndexOf(agencies, "新乡市公安局")]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    public void Quote_FormulaLikeOrSeparatorText_CannotRunOrSplit(string text, string expected) =>
        Assert.Equal(expected, DatasetWriter.Quote(text));
}
