using System.IO.Compression;
using System.Net;
using System.Text;
using Gongkai.Web.Features.Admin;
using Gongkai.Web.Features.AnnualReports;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Tests;

/// <summary>
/// Workbooks built to hurt the server (issue 20): a 1.5 KB file whose second row is row 99,999,999 made every import lay
/// out the empty rows between (13 GB), and a first row whose cells repeat the same references answered HTTP 500. Each
/// is refused with a Chinese message, in bounded memory, through every door that takes a workbook.
/// </summary>
public sealed class HostileWorkbookTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    /// <summary>A minimal, valid .xlsx whose only sheet is <paramref name="sheetData"/> (inline strings, as some exporters write).</summary>
    public static byte[] Workbook(string sheetData, string? dimension = null, string sheetPart = "xl/worksheets/sheet1.xml")
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{{sheetTarget}}"/></Relationships>""".Replace("{{sheetTarget}}", sheetPart.StartsWith('/') ? sheetPart : "/" + sheetPart, StringComparison.Ordinal));
            var dim = dimension is null ? "" : $"""<dimension ref="{dimension}"/>""";
            Part(sheetPart, $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheetData}</sheetData></worksheet>""");
        }
        return stream.ToArray();
    }

    private static string Cell(string reference, string text) => $"""<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>""";

    private static string HeaderRow(IEnumerable<string> columns) =>
        "<row r=\"1\">" + string.Concat(columns.Select((c, i) => Cell($"{(char)('A' + i)}1", c))) + "</row>";

    /// <summary>The attack as found: the template's heading row, then one cell in row 99,999,999.</summary>
    public static byte[] FarRow(IEnumerable<string> columns) =>
        Workbook(HeaderRow(columns) + "<row r=\"99999999\">" + Cell("A99999999", "x") + "</row>");

    /// <summary>A first row of 16,000 cells cycling through A1…Z1.</summary>
    public static byte[] RepeatedReferences() =>
        Workbook("<row r=\"1\">" + string.Concat(Enumerable.Range(0, 16_000).Select(i => Cell($"{(char)('A' + i % 26)}1", "列" + i))) + "</row>");

    public static TheoryData<string> Doors => ["ledger", "agencies", "proactive", "figures"];

    private static IReadOnlyList<string> ColumnsOf(string door) => door switch
    {
        "ledger" => LedgerImport.RequiredColumns,
        "agencies" => AgencyService.ImportColumns,
        "proactive" => ProactiveRegister.ProactiveColumns,
        _ => Table2Registers.FigureColumns,
    };

    /// <summary>Uploads <paramref name="workbook"/> through the page a person would use for <paramref name="door"/>.</summary>
    private async Task<(HttpStatusCode Status, string Html)> UploadAsync(string door, byte[] workbook)
    {
        var (user, url, handler, field) = door switch
        {
            "ledger" => ("registrar", "/Cases/Import", "", "file"),
            "agencies" => ("administrator", "/Admin/Agencies", "Import", "file"),
            "proactive" => ("handler", "/AnnualReports/Registers?Year=2024", "ImportProactive", "Workbook"),
            _ => ("handler", "/AnnualReports/Registers?Year=2024", "Import", "Workbook"),
        };
        var client = await PageClient.SignedIn(factory, user);
        var page = await client.GetStringAsync(url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageClient.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(workbook), field, "导入.xlsx" },
        };
        var target = handler.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
        var response = await client.PostAsync(target, form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task Upload_OfAWorkbookReachingRow99999999_IsRefusedWithTheRowNamed(string door)
    {
        var (status, html) = await UploadAsync(door, FarRow(ColumnsOf(door)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("工作表引用了第99999999行，超过导入上限", html, StringComparison.Ordinal);
        await using var db = factory.OpenDb();
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task Upload_OfAFirstRowRepeatingItsCellReferences_IsRefusedNotAServerError(string door)
    {
        var (status, html) = await UploadAsync(door, RepeatedReferences());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("工作表第1行的单元格“A1”重复出现或顺序颠倒", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FarRow_IsRefusedWithoutLayingOutTheEmptyRows()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (rows, error) = ExcelWorkbook.Read(new MemoryStream(FarRow(LedgerImport.RequiredColumns)), LedgerImport.RequiredColumns);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(rows);
        Assert.StartsWith("工作表引用了第99999999行", error, StringComparison.Ordinal);
        // The old reader allocated gigabytes here; the check streams the sheet once.
        Assert.True(allocated < 50L * 1024 * 1024, $"分配了 {allocated / 1048576} MB");
    }

    [Theory]
    [InlineData("/xl/worksheets/sheet1.xml")]
    [InlineData("xl/data/table.bin")]
    public void Read_FarRowInASheetStoredUnderAnotherName_IsRefusedAllTheSame(string sheetPart)
    {
        // Found in the trial: a leading slash kept the sheet out of the check while the reader still read it (18 s a file).
        var sheet = HeaderRow(["年度"]) + "<row r=\"99999999\">" + Cell("A99999999", "x") + "</row>";
        var (_, error) = ExcelWorkbook.Read(new MemoryStream(Workbook(sheet, sheetPart: sheetPart)), ["年度"]);
        Assert.StartsWith("工作表引用了第99999999行", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ADimensionClaimingTheWholeGrid_IsRefused()
    {
        var (_, error) = ExcelWorkbook.Read(new MemoryStream(Workbook(HeaderRow(["年度"]), "A1:XFD1048576")), ["年度"]);
        Assert.Equal("工作表声明的范围“A1:XFD1048576”超过导入上限（最多20000行、64列），已拒绝导入", error);
    }

    [Fact]
    public void Read_RowsOutOfOrder_AreRefused()
    {
        var (_, error) = ExcelWorkbook.Read(new MemoryStream(Workbook(HeaderRow(["年度"]) + "<row r=\"3\">" + Cell("A3", "2024") + "</row><row r=\"2\">" + Cell("A2", "2023") + "</row>")), ["年度"]);
        Assert.StartsWith("工作表第2行在文件中重复出现或顺序颠倒", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ACellPastTheColumnLimit_IsRefused()
    {
        var (_, error) = ExcelWorkbook.Read(new MemoryStream(Workbook(HeaderRow(["年度"]) + "<row r=\"2\">" + Cell("XFD2", "x") + "</row>")), ["年度"]);
        Assert.Equal("工作表第2行用到第16384列（XFD2），超过导入上限64列，已拒绝导入", error);
    }

    [Fact]
    public void Read_AHandBuiltSheetWithAFewBlankRows_IsRead()
    {
        // Within the limits the same hand-built file (inline strings, absent rows) is read as usual.
        var sheet = HeaderRow(["年度", "行政许可"]) + "<row r=\"2\">" + Cell("A2", "2023") + Cell("B2", "5") + "</row>"
            + "<row r=\"40\">" + Cell("A40", "2024") + Cell("B40", "7") + "</row>";
        var (rows, error) = ExcelWorkbook.Read(new MemoryStream(Workbook(sheet)), ["年度", "行政许可"]);
        Assert.Null(error);
        Assert.Equal([(2, "2023", "5"), (40, "2024", "7")], rows.Select(r => (r.Line, r.Text("年度"), r.Text("行政许可"))));
    }

    [Fact]
    public void Read_AWorksheetWithADocumentTypeDeclaration_IsRefused()
    {
        var bytes = Workbook(HeaderRow(["年度"]));
        // Put a DTD with an entity expansion ("billion laughs") in front of the sheet.
        var patched = new MemoryStream();
        patched.Write(bytes);
        using (var zip = new ZipArchive(patched, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>""");
        }
        var (_, error) = ExcelWorkbook.Read(new MemoryStream(patched.ToArray()), ["年度"]);
        Assert.NotNull(error);
        Assert.Contains("文档类型声明", error, StringComparison.Ordinal);
    }
}
