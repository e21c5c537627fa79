using BenchmarkDotNet.Attributes;
using Gongkai.Documents.Docx;
using Gongkai.Documents.Letters;

namespace Gongkai.Benchmarks;

/// <summary>
/// One answer letter: template filled from the case's values, then written as DOCX (GB/T 9704 layout).
/// Target (issue 4): a letter DOCX in under 50 ms.
/// </summary>
[MemoryDiagnoser]
public class LetterBenchmarks
{
    private readonly Dictionary<string, string> values = new()
    {
        ["申请人"] = "张三",
        ["受理编号"] = "XXGA-2026-00012",
        ["收到日期"] = "2026年11月2日",
        ["申请内容"] = "2025年本市道路交通事故统计数据，包括按月份、按区县、按事故类型的起数、死亡人数和受伤人数",
        ["机关"] = "新乡市公安局",
        ["文号"] = "XXGA〔2026〕答12号",
        ["日期"] = "2026年11月24日",
        ["办理结果"] = "不予公开：属于四类过程性信息",
        ["答复内容"] = "经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿，不属于应当公开的政府信息。",
        ["法律依据"] = "《中华人民共和国政府信息公开条例》第十六条第二款",
        ["复议机关"] = "新乡市人民政府",
        ["救济途径"] = DefaultTemplates.Remedies("三.三.6", "新乡市人民政府"),
    };

    [Benchmark(Description = "answer letter: fill + DOCX")]
    public byte[] AnswerLetterDocx() => DocxWriter.Write(Letter.Compose(DefaultTemplates.For(LetterKind.Answer), values));
}

/// <summary>
/// An answer letter's PDF through the kept LibreOffice (issue 13: a download right after issuing in under 1 s).
/// The converter is started once in the set-up, as the application starts it; each operation converts one letter.
/// The one-LibreOffice-per-letter fallback (no python3-uno) is measured beside it.
/// </summary>
public class LetterPdfBenchmarks
{
    private Gongkai.Documents.Pdf.PdfConverter warm = null!;
    private Gongkai.Documents.Pdf.PdfConverter once = null!;
    private byte[] docx = [];

    [GlobalSetup]
    public void Setup()
    {
        docx = new LetterBenchmarks().AnswerLetterDocx();
        warm = new Gongkai.Documents.Pdf.PdfConverter();
        warm.WarmUpAsync().GetAwaiter().GetResult();
        once = new Gongkai.Documents.Pdf.PdfConverter(keepWarm: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        warm.Dispose();
        once.Dispose();
    }

    [Benchmark(Description = "answer letter DOCX → PDF, kept LibreOffice")]
    public byte[] KeptWarm() => warm.ConvertAsync(docx).GetAwaiter().GetResult();

    [Benchmark(Description = "answer letter DOCX → PDF, one LibreOffice per letter")]
    public byte[] StartedEachTime() => once.ConvertAsync(docx).GetAwaiter().GetResult();
}
