using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Gongkai.Documents.Pdf;
using Gongkai.Documents.Redaction;

namespace Gongkai.Benchmarks;

/// <summary>
/// Redacting a 100-page PDF (issue 25, target under 30 s on this machine): a register of 100 pages printed by
/// LibreOffice, each page holding names, ID and phone numbers in prose and a table. Measured whole, as a request does
/// it: open, search every page for every ready pattern and two names, make the copy (every page with marks rendered
/// at 150 dpi with the boxes burned in). “Ten marked pages”: the searches hit only the first ten pages.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RedactionBenchmarks
{
    private static readonly string[] Searches = ["居民身份证号", "手机号", "固定电话", "车牌号", "银行卡号", "电子邮箱", "张三丰", "李四光"];

    private byte[] everyPage = [];
    private byte[] tenPages = [];

    [GlobalSetup]
    public void Setup()
    {
        using var converter = new PdfConverter();
        everyPage = converter.ConvertAsync(Register(100, sensitivePages: 100)).GetAwaiter().GetResult();
        tenPages = converter.ConvertAsync(Register(100, sensitivePages: 10)).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "100 pages, marks on every page")]
    public int EveryPage() => Redact(everyPage);

    [Benchmark(Description = "100 pages, marks on ten pages")]
    public int TenPages() => Redact(tenPages);

    private static int Redact(byte[] pdf)
    {
        var file = RedactionFile.OpenAsync("register.pdf", pdf, _ => throw new InvalidOperationException()).GetAwaiter().GetResult();
        var marks = file.Find(Searches, WithholdingGround.Find("个人隐私")!);
        return file.Redact(marks).Content.Length + marks.Count;
    }

    private static byte[] Register(int pages, int sensitivePages)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            for (var p = 1; p <= pages; p++)
            {
                var sensitive = p <= sensitivePages;
                body.Append(Para($"户籍登记信息摘录（第{p}页）"));
                for (var line = 0; line < 6; line++)
                {
                    body.Append(Para(sensitive
                        ? $"申请人张三丰，居民身份证号11010119900307{1000 + p:D4}，联系电话138{p:D4}{line:D4}，车辆豫G{10000 + p}，电子邮箱user{p}@example.com。"
                        : "本页记载的是户籍管理工作的一般情况说明，不含个人信息，供申请人参阅。相关统计数据按年度汇总。"));
                }
                var table = new Table(new TableProperties(new TableBorders(new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 })));
                for (var r = 0; r < 8; r++)
                {
                    table.Append(new TableRow(
                        new TableCell(Para(sensitive ? "李四光" : "（无）")),
                        new TableCell(Para(sensitive ? $"32010219851212{r:D3}8" : "—")),
                        new TableCell(Para(sensitive ? $"0373-305{p:D2}{r:D2}" : "—"))));
                }
                body.Append(table);
                if (p < pages)
                {
                    body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                }
            }
            document.AddMainDocumentPart().Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
}
