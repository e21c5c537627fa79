using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gongkai.Web.Tests;

/// <summary>
/// The web app over a fresh database: SQLite in a temporary folder, or, when GONGKAI_TEST_POSTGRES holds a
/// server's connection string, a new PostgreSQL database on that server. Two agencies under a city bureau
/// and one unrelated agency, with a user per role.
/// </summary>
public sealed class GongkaiFactory : WebApplicationFactory<Program>
{
    public const string Password = "Lantern-vow-81";

    private readonly string dataDir;
    private readonly string? postgres;

    public GongkaiFactory()
        : this(Path.Combine(Path.GetTempPath(), "gongkai-tests-" + Guid.NewGuid().ToString("N")), PostgresConnection())
    {
    }

    /// <summary>On SQLite whatever GONGKAI_TEST_POSTGRES says: for what only a SQLite installation has (its file backup).</summary>
    public static GongkaiFactory OnSqlite() => new(Path.Combine(Path.GetTempPath(), "gongkai-tests-" + Guid.NewGuid().ToString("N")), null);

    /// <summary>
    /// The app over a data folder prepared by the test (an upgrade fixture's copy) and, with <paramref name="postgres"/>, the
    /// database it names. With <paramref name="ownsData"/> false the folder outlives the server, for a second start over it.
    /// </summary>
    public static GongkaiFactory OnDataDirectory(string dataDir, string? postgres, bool ownsData) => new(dataDir, postgres) { ownsData = ownsData };

    /// <summary>A second instance over the same database as <paramref name="first"/>, as behind a load balancer, on the same clock.</summary>
    /// <param name="scheduleReminders">Whether this instance runs the daily reminder scheduler (<see cref="ScheduleReminders"/>).</param>
    public static GongkaiFactory SecondInstance(GongkaiFactory first, bool scheduleReminders = false) => new(first.dataDir, first.postgres)
    {
        CityId = first.CityId,
        DistrictId = first.DistrictId,
        OtherCityId = first.OtherCityId,
        GovernmentId = first.GovernmentId,
        ownsData = false,
        Clock = first.Clock,
        ScheduleReminders = scheduleReminders,
    };

    private GongkaiFactory(string dataDir, string? postgres)
    {
        this.dataDir = dataDir;
        this.postgres = postgres;
    }

    private bool ownsData = true;

    /// <summary>The app's data folder: the SQLite file, the master key file, the audit checkpoints.</summary>
    public string DataDirectory => dataDir;

    public int CityId { get; private set; }

    public int DistrictId { get; private set; }

    public int OtherCityId { get; private set; }

    /// <summary>测试市人民政府: a people's government whose department is the city bureau.</summary>
    public int GovernmentId { get; private set; }

    public static ReviewChain Chain { get; } = new([new ReviewStage("法制审核", StaffRole.Reviewer), new ReviewStage("领导审批", StaffRole.Approver)]);

    public bool UsesPostgres => postgres is not null;

    /// <summary>Failed sign-ins allowed per address in 15 minutes; high by default, since all test clients share one address.</summary>
    public int LoginFailuresPerAddress { get; init; } = 10_000;

    /// <summary>Converts letters to PDF in the background as they are issued, as the application does by default.</summary>
    public bool ConvertPdfOnIssue { get; init; }

    /// <summary>Loads the demo data the README's run command loads (agencies, staff, cases, the 2023 report) instead of the test agencies.</summary>
    public bool WithDemoData { get; init; }

    /// <summary>The application's clock instead of the system's (a test moving time: <see cref="ManualClock"/>).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// Runs the daily reminder scheduler, as the application does by default. Off otherwise: a scheduler in every test
    /// server would claim the day's run, and write digests, in databases whose tests do not expect them.
    /// </summary>
    public bool ScheduleReminders { get; init; }

    public static string? PostgresConnection()
    {
        var server = Environment.GetEnvironmentVariable("GONGKAI_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(server) ? null : $"{server};Database=gongkai_test_{Guid.NewGuid():N}";
    }

    /// <summary>Further settings for this server (an SMTP server, the sender's retry pace …), set before it starts.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Gongkai:DataDirectory", dataDir);
        builder.UseSetting("Gongkai:SkipDemoData", WithDemoData ? "false" : "true");
        builder.UseSetting("ConnectionStrings:Postgres", postgres ?? "");
        builder.UseSetting("Gongkai:RateLimits:LoginFailuresPerAddress", LoginFailuresPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gongkai:RateLimits:PortalPerMinute", "10000");
        // A LibreOffice per test server would crowd a small machine: PDFs are made when downloaded, except where a test turns this on.
        builder.UseSetting("Gongkai:Pdf:ConvertOnIssue", ConvertPdfOnIssue ? "true" : "false");
        builder.UseSetting("Gongkai:Pdf:WarmUpAtStart", "false");
        builder.UseSetting("Gongkai:Reminders:Enabled", ScheduleReminders ? "true" : "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter>(Requests);
            if (Clock is not null)
            {
                services.AddSingleton(Clock);
            }
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Log).AddFilter<ServerLog>("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Debug));
    }

    /// <summary>The server's warnings and errors (for the failure message of a browser test that timed out).</summary>
    public ServerLog Log { get; } = new();

    /// <summary>What the server is working on now (for the failure message of a browser test that timed out).</summary>
    public InFlightRequests Requests { get; } = new();

    /// <summary>Creates the agencies and one user per role (user names: role name, plus "other-" and "district-" prefixes).</summary>
    public async Task SeedAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
        if (await db.Agencies.AnyAsync())
        {
            return;
        }
        var city = new Agency("测试市公安局", AgencyKind.CityBureau, null, "CS", Chain.Stages);
        var other = new Agency("另一市公安局", AgencyKind.CityBureau, null, "LY", Chain.Stages);
        db.Agencies.AddRange(city, other);
        await db.SaveChangesAsync();
        // The city bureau reports to the city government, which combines its departments' reports.
        var government = new Agency("测试市人民政府", AgencyKind.Government, null, "ZF", Chain.Stages);
        db.Agencies.Add(government);
        await db.SaveChangesAsync();
        city.ReportTo(government.Id);
        await db.SaveChangesAsync();
        var district = new Agency("测试区分局", AgencyKind.DistrictBureau, city.Id, "QF", Chain.Stages);
        db.Agencies.Add(district);
        await db.SaveChangesAsync();
        (CityId, DistrictId, OtherCityId, GovernmentId) = (city.Id, district.Id, other.Id, government.Id);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        foreach (var (prefix, agency) in new[] { ("", city.Id), ("other-", other.Id), ("district-", district.Id), ("gov-", government.Id) })
        {
            foreach (var role in Enum.GetValues<StaffRole>())
            {
                var user = new StaffUser
                {
                    UserName = prefix + role.ToString().ToLowerInvariant(),
                    DisplayName = prefix + role.Label(),
                    AgencyId = agency,
                    ReviewStages = role == StaffRole.Reviewer ? "法制审核" : "",
                };
                var created = await users.CreateAsync(user, Password);
                Assert.True(created.Succeeded, string.Join(";", created.Errors.Select(e => e.Description)));
                await users.AddToRoleAsync(user, role.ToString());
            }
        }
    }

    private readonly Dictionary<string, string> tokens = [];

    /// <summary>An HTTP client signed in to the API as the given user.</summary>
    public async Task<HttpClient> ApiAs(string userName)
    {
        await SeedAsync();
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        if (!tokens.TryGetValue(userName, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            tokens[userName] = token;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A service scope and a seeded user acting in the given role, for calling the services directly.</summary>
    public async Task<(IServiceScope Scope, Actor Actor)> ActorAsync(string userName, StaffRole role)
    {
        await SeedAsync();
        var scope = Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<GongkaiDbContext>().Users.SingleAsync(u => u.UserName == userName);
        return (scope, new Actor(user.Id, user.DisplayName, user.AgencyId, new HashSet<StaffRole> { role }, new HashSet<string>()));
    }

    public GongkaiDbContext OpenDb() => Services.CreateScope().ServiceProvider.GetRequiredService<GongkaiDbContext>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsData)
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
            DropPostgresDatabase();
        }
    }

    /// <summary>Each factory made its own PostgreSQL database; drop it so runs do not pile them up.</summary>
    private void DropPostgresDatabase()
    {
        if (postgres is null)
        {
            return;
        }
        using (var own = new Npgsql.NpgsqlConnection(postgres))
        {
            Npgsql.NpgsqlConnection.ClearPool(own);
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
        var database = builder.Database;
        builder.Database = "postgres";
        using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
