using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Gongkai.Benchmarks;

/// <summary>
/// Issue 10 target: importing a ledger (台账) of 10,000 rows — reading the workbook, checking every cell,
/// creating the cases with their deadlines, per-case and summary audit entries, one commit — in under 10 s,
/// into a new SQLite database each time (durable commits, the full-text index kept by its triggers).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class LedgerImportBenchmarks
{
    private const int Rows = 10_000;
    private byte[] workbook = [];
    private string path = "";

    [GlobalSetup]
    public void Setup()
    {
        var rows = new List<Dictionary<string, object?>>();
        var random = new Random(7);
        string[] states = ["已答复", "已答复", "已答复", "办理中", "补正中"];
        for (var i = 0; i < Rows; i++)
        {
            var received = new DateOnly(2025, 1, 2).AddDays(i % 330);
            var state = states[random.Next(states.Length)];
            rows.Add(new Dictionary<string, object?>
            {
                ["受理编号"] = string.Create(CultureInfo.InvariantCulture, $"TZ-{i:00000}"), ["收到日期"] = received.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["申请方式"] = "邮寄", ["申请人类别"] = i % 7 == 0 ? "商业企业" : "自然人", ["申请人姓名或名称"] = "申请人" + i.ToString(CultureInfo.InvariantCulture),
                ["证件类型"] = "", ["证件号码"] = "", ["联系电话"] = "13800000000", ["申请内容"] = "2024年本市道路交通事故统计数据及相关处理情况",
                ["获取方式"] = "邮寄", ["承办人"] = "", ["状态"] = state, ["办理结果"] = state == "已答复" ? "予以公开" : "",
                ["答复日期"] = state == "已答复" ? received.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
                ["告知补正日期"] = state == "补正中" ? received.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "", ["收到补正日期"] = "",
                ["延期工作日"] = "", ["征求意见日期"] = "", ["意见回复日期"] = "", ["征求意见对象"] = "",
            });
        }
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        workbook = stream.ToArray();
    }

    [IterationSetup]
    public void NewDatabase()
    {
        path = Path.Combine(Path.GetTempPath(), "gongkai-bench", $"import-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var db = DataServices.Open(new DatabaseSettings(null, path));
        db.Database.Migrate();
        SqliteDurability.UseWriteAheadLogAsync(db).GetAwaiter().GetResult();
        db.Agencies.Add(new Agency("基准测试局", AgencyKind.CityBureau, null, "BM", []));
        db.SaveChanges();
    }

    [IterationCleanup]
    public void Remove()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Benchmark(Description = "import 10,000 ledger rows (SQLite)")]
    public async Task<int> Import()
    {
        await using var db = DataServices.Open(new DatabaseSettings(null, path));
        var import = new LedgerImport(db, new CalendarService(db, TimeProvider.System), TimeProvider.System, DataProtectionProvider.Create("Gongkai.Benchmarks"), new Gongkai.Web.Features.AnnualReports.PublishedYears(db, new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions())));
        var actor = new Actor("bench", "基准", 1, new HashSet<StaffRole> { StaffRole.Administrator }, new HashSet<string>());
        var result = await import.ImportAsync(actor, new MemoryStream(workbook), "台账.xlsx");
        return result.Value?.Created ?? throw new InvalidOperationException(result.Error);
    }
}
