using BenchmarkDotNet.Attributes;
using Gongkai.Reading;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Benchmarks;

/// <summary>
/// Reading and checking the seed reports, one report per operation, on one thread.
/// Target (issue 2): at least 2,000 text reports per second on one core (≤ 500 µs per report),
/// at most 200 KB allocated per report.
/// </summary>
[MemoryDiagnoser]
public class ReadAndCheckBenchmarks
{
    private byte[] bytes = [];
    private AnnualReport report = null!;

    [Params("000", "001", "002", "003", "004")]
    public string Seed { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "seeds");
        bytes = File.ReadAllBytes(Directory.GetFiles(dir, Seed + "_*.txt").Single());
        report = ReportReader.Read(bytes, "seed.txt").Report;
    }

    [Benchmark(Description = "read + check")]
    public int ReadAndCheck()
    {
        var result = ReportReader.Read(bytes, "seed.txt");
        return result.Findings.Count + ReportChecker.Check(result.Report).Count;
    }

    [Benchmark(Description = "read")]
    public AnnualReport Read() => ReportReader.Read(bytes, "seed.txt").Report;

    [Benchmark(Description = "check")]
    public int Check() => ReportChecker.Check(report).Count;
}
