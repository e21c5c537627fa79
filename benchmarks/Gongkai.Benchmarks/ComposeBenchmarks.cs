using BenchmarkDotNet.Attributes;
using Gongkai.Data;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Benchmarks;

/// <summary>
/// Issue 5 target: composing the annual report (tables 二, 三 and 四 from the data, and every check) for an
/// agency with about 100,000 cases in the year in under 1 s. Uses <see cref="CaseQueryBenchmarks"/>'
/// database (1,000,000 cases over ten years, about 100,000 in 2025), brought up to the current schema.
/// </summary>
[MemoryDiagnoser]
public class ComposeBenchmarks
{
    private DatabaseSettings settings = null!;
    private readonly Dictionary<string, string> sections = new()
    {
        ["一"] = "2025年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。（一）主动公开。（二）依申请公开。（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。",
        ["五"] = "存在的主要问题：公开工作仍有不足。",
        ["六"] = "本年度未收取信息处理费。",
    };

    [GlobalSetup]
    public void Setup()
    {
        new CaseQueryBenchmarks().Setup();
        settings = new DatabaseSettings(null, CaseQueryBenchmarks.DatabasePath);
        using var db = DataServices.Open(settings);
        db.Database.Migrate();
    }

    [Benchmark(Description = "compose + check 2025, ~100,000 cases in the year")]
    public async Task<int> Compose()
    {
        await using var db = DataServices.Open(settings);
        var composed = await new AnnualReportService(db, TimeProvider.System).ComposeAsync(1, 2025, sections);
        return composed.Findings.Count;
    }
}
