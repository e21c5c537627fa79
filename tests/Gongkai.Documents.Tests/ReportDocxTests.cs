using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Gongkai.Documents.Reports;
using Gongkai.Reading;
using Gongkai.Reports.Model;

namespace Gongkai.Documents.Tests;

/// <summary>The annual report as DOCX: read back by the report core's reader, it is the same report.</summary>
public class ReportDocxTests
{
    public static TheoryData<string> Seeds() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "*.txt").Select(Path.GetFileName).Order()!);

    private static AnnualReport Read(string file) => ReportReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "seeds", file)), file).Report;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seed_WrittenAsDocxAndReadBack_HasTheSameTablesAndSections(string file)
    {
        var seed = Read(file);
        var back = ReportReader.Read(ReportDocxWriter.Write(seed), "report.docx").Report;
        Assert.Equal(seed.Agency, back.Agency);
        Assert.Equal(seed.Year, back.Year);
        Assert.Equal(seed.Format, back.Format);
        foreach (var table in seed.Tables)
        {
            foreach (var (row, column, cell) in table.Cells())
            {
                Assert.True(cell?.Value == back.Table(table.Schema).Value(row.Key, column.Key),
                    $"{table.Schema.Title} {row.Key} {column.Key}: {cell?.Value} → {back.Table(table.Schema).Value(row.Key, column.Key)}");
            }
        }
        foreach (var (key, section) in seed.Sections)
        {
            Assert.Equal(section.Text.Replace("\n", "", StringComparison.Ordinal), back.SectionText(key).Replace("\n", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Docx_TableThreeHeader_MergesAsTheFormatPrintsIt()
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(ReportDocxWriter.Write(Read(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Select(Path.GetFileName).Single()!))), false);
        var tables = doc.MainDocumentPart!.Document.Body!.Elements<Table>().ToList();
        Assert.Equal(3, tables.Count);
        var header = tables[1].Elements<TableRow>().First();
        // 本列数据的勾稽关系… spans the label columns and rows; 申请人情况 spans the applicant columns.
        Assert.Contains(header.Elements<TableCell>(), c => c.TableCellProperties?.GridSpan?.Val?.Value == 7 && c.InnerText == "申请人情况");
        Assert.Contains(header.Elements<TableCell>(), c => c.TableCellProperties?.VerticalMerge?.Val?.Value == MergedCellValues.Restart);
        var section = doc.MainDocumentPart.Document.Body.Elements<SectionProperties>().Single();
        Assert.Equal(11906u, section.GetFirstChild<PageSize>()!.Width!.Value);
    }
}
