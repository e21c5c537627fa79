using BenchmarkDotNet.Attributes;
using Gongkai.Cases.Agencies;
using Gongkai.Data;
using Gongkai.Data.Reporting;
using Gongkai.Web.Features.AnnualReports;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Benchmarks;

/// <summary>
/// Issue 5 target: composing the annual report (tables 二, 三 and 四 from the data, and every check) for an
/// agency with about 100,000 cases in the year in under 1 s. Uses <see cref="CaseQueryBenchmarks"/>'
/// database (1,000,000 cases over ten years, about 100,000 in 2025), brought up to the current schema.
/// The combined report of a government whose departments are that agency and 20 others that sent their
/// published reports (seed 001 rewritten as 2025 reports) is measured beside it.
/// </summary>
[MemoryDiagnoser]
public class ComposeBenchmarks
{
    private const int ExternalDepartments = 20;
    private DatabaseSettings settings = null!;
    private int governmentId;
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
        governmentId = db.Agencies.Where(a => a.Kind == AgencyKind.Government).Select(a => a.Id).FirstOrDefault();
        if (governmentId == 0)
        {
            var government = new Agency("基准测试市人民政府", AgencyKind.Government, null, "BMZF", []);
            var names = Enumerable.Range(1, ExternalDepartments).Select(i => $"基准测试部门{i:00}").ToList();
            government.ConfigureExternalDepartments(names);
            db.Agencies.Add(government);
            db.SaveChanges();
            governmentId = government.Id;
            db.Agencies.Single(a => a.Id == 1).ReportTo(governmentId);
            var seed = Gongkai.Reading.ReportReader.Read(File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single()), "001.txt").Report;
            foreach (var name in names)
            {
                seed.Agency = name;
                seed.Year = 2025;
                seed.Title = $"{name}2025年政府信息公开工作年度报告";
                db.DepartmentReports.Add(new DepartmentReportRecord
                {
                    GovernmentId = governmentId, Year = 2025, Department = name, FileName = name + ".md",
                    Content = System.Text.Encoding.UTF8.GetBytes(Gongkai.Reports.Writing.MarkdownWriter.Write(seed)), UploadedAt = DateTimeOffset.UtcNow, UploadedBy = "基准测试",
                });
            }
            db.SaveChanges();
        }
    }

    /// <summary>A fresh cache each time: the uploaded reports are read and checked on every operation (the cold case).</summary>
    private static AnnualReportService Service(GongkaiDbContext db)
    {
        var cache = new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());
        var writes = new ReportRegisterWrites(db, TimeProvider.System, cache);
        return new(db, new CombinedReportService(db, cache, TimeProvider.System), cache, TimeProvider.System,
            new Gongkai.Web.Infrastructure.AuditCheckpointer(db, new Gongkai.Data.Audit.AuditSeal(BenchmarkKeys), new(Path.Combine(Path.GetTempPath(), "gongkai-bench-checkpoints")), TimeProvider.System),
            writes, new Table2Registers(db, new PublishedYears(db, cache), writes));
    }

    private static readonly Gongkai.Data.Keys.MasterKeyRing BenchmarkKeys = Gongkai.Data.Keys.MasterKeyRing.Parse(
        "bench 2026-01-01T00:00:00Z " + Convert.ToBase64String(new byte[32]), "benchmark");

    [Benchmark(Description = "compose + check 2025, ~100,000 cases in the year")]
    public async Task<int> Compose()
    {
        await using var db = DataServices.Open(settings);
        var composed = await Service(db).ComposeAsync(1, 2025, sections);
        return composed.Findings.Count;
    }

    [Benchmark(Description = "government: that agency + 20 uploaded reports read, checked, summed")]
    public async Task<int> ComposeGovernment()
    {
        await using var db = DataServices.Open(settings);
        var composed = await Service(db).ComposeAsync(governmentId, 2025, sections);
        return composed.Combined!.Departments.Count(d => d.Included);
    }
}
