using System.Globalization;
using BenchmarkDotNet.Attributes;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Features.Statistics;
using Gongkai.Web.Features.WorkList;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Benchmarks;

/// <summary>
/// Issue 3 targets on SQLite with 1,000,000 cases of one agency over ten years (about 100,000 a year, 3 %
/// still open): table 三 for a year in under 1 s and within 1.5× of a bare GROUP BY over the same table;
/// the work list's first page (sorted by deadline) in under 50 ms. The database is generated once
/// (about a minute) into the temp folder and reused.
/// </summary>
[MemoryDiagnoser]
public class CaseQueryBenchmarks
{
    private const int CaseCount = 1_000_000;
    private const int Agency = 1;
    public static string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "gongkai-bench", $"cases-{CaseCount}.db");

    private static string DbPath => DatabasePath;
    private DatabaseSettings settings = null!;
    private Actor actor = null!;

    [GlobalSetup]
    public void Setup()
    {
        settings = new DatabaseSettings(null, DbPath);
        if (!File.Exists(DbPath))
        {
            Generate();
        }
        actor = new Actor("handler-7", "承办人", Agency, new HashSet<StaffRole> { StaffRole.Handler }, new HashSet<string>());
    }

    [Benchmark(Description = "table 三, one year (EF, two GROUP BY queries)")]
    public async Task<decimal?> Table3()
    {
        await using var db = DataServices.Open(settings);
        var table = await Table3Query.ComputeAsync(db, new HashSet<int> { Agency }, 2025);
        return table.Value("三.七", "总计");
    }

    [Benchmark(Baseline = true, Description = "bare GROUP BY (category, outcome)")]
    public long BareGroupBy()
    {
        using var connection = new SqliteConnection(DataServices.SqliteConnectionString(DbPath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"ApplicantCategory\", \"OutcomeRow\", COUNT(*) FROM \"Cases\" WHERE \"AgencyId\" = 1 GROUP BY \"ApplicantCategory\", \"OutcomeRow\"";
        using var reader = command.ExecuteReader();
        long total = 0;
        while (reader.Read())
        {
            total += reader.GetInt64(2);
        }
        return total;
    }

    [Benchmark(Description = "work list, first page by deadline")]
    public async Task<int> WorkListFirstPage()
    {
        await using var db = DataServices.Open(settings);
        return (await WorkListQuery.PageAsync(db, actor, new ReviewChain([]), mine: false, dueBefore: null, page: 1)).Count;
    }

    [Benchmark(Description = "work list, mine, first page")]
    public async Task<int> WorkListMine()
    {
        await using var db = DataServices.Open(settings);
        return (await WorkListQuery.PageAsync(db, actor, new ReviewChain([]), mine: true, dueBefore: null, page: 1)).Count;
    }

    /// <summary>Cases spread evenly over 2016–2025; 97 % answered within 40 days; the rest open with a deadline.</summary>
    private void Generate()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        using (var db = DataServices.Open(settings))
        {
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("INSERT INTO \"Agencies\" (\"Name\", \"Kind\", \"ParentId\", \"TrackingPrefix\", \"ReviewChain\", \"DisclosureChannels\", \"ExternalDepartments\") VALUES ('基准测试局', 0, NULL, 'BM', '[]', '[\"门户网站\"]', '[]')");
        }
        using var connection = new SqliteConnection(DataServices.SqliteConnectionString(DbPath));
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO "Cases" ("Id","AgencyId","TrackingNumber","ApplicantCategory","ApplicantName","ApplicantIdType","ApplicantIdNumberProtected",
              "ApplicantIdNumberMasked","ApplicantPhone","Channel","ReceivedOn","Request","DeliveryForm","State","HandlerId","ReviewStage","OutcomeRow",
              "ExtensionWorkingDays","FeeQuantity","FeeYuan","ClosedOn","DueOn","DueProvisional","Version")
            VALUES ($id,1,$tracking,$category,'申请人','居民身份证','protected','4101**********1234','13800000000','Online',$received,'某信息','电子邮件',
              $state,$handler,0,$outcome,0,0,0,$closed,$due,0,$version)
            """;
        string[] names = ["id", "tracking", "category", "received", "state", "handler", "outcome", "closed", "due", "version"];
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter("$" + n, null)));
        insert.Prepare();
        var random = new Random(42);
        var outcomes = ApplicationCase.OutcomeRows.Select(r => r.Key).ToArray();
        var start = new DateOnly(2016, 1, 1);
        for (var i = 0; i < CaseCount; i++)
        {
            var received = start.AddDays((int)(i * 3653L / CaseCount));
            var category = random.Next(100) < 85 ? ApplicantCategory.NaturalPerson : (ApplicantCategory)random.Next(1, 6);
            var open = random.Next(100) < 3 && received.Year >= 2025;
            p["id"].Value = Guid.NewGuid().ToString();
            p["tracking"].Value = string.Create(CultureInfo.InvariantCulture, $"BM-{received.Year}-{i:0000000}");
            p["category"].Value = category.ToString();
            p["received"].Value = received.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p["state"].Value = open ? CaseState.InProgress.ToString() : CaseState.Answered.ToString();
            p["handler"].Value = "handler-" + random.Next(20).ToString(CultureInfo.InvariantCulture);
            p["outcome"].Value = open ? DBNull.Value : outcomes[random.Next(outcomes.Length)];
            p["closed"].Value = open ? DBNull.Value : received.AddDays(random.Next(1, 40)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p["due"].Value = open ? received.AddDays(28 + random.Next(0, 10)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
            p["version"].Value = Guid.NewGuid().ToString();
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }
}
