using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace Gongkai.Web.Tests.Upgrades;

/// <summary>
/// A database made by the previous release (tests/fixtures/upgrade/NAME, made by scripts/make-upgrade-fixture.sh), copied
/// into a data folder of the test's own with its key file and audit checkpoints, and the counts recorded when it was made.
/// </summary>
public sealed class UpgradeFixture
{
    /// <summary>The release before this one: the state after issue 21 (tests/fixtures/upgrade/README.md).</summary>
    public const string Previous = "v0.21";

    private readonly JsonElement expected;

    private UpgradeFixture(string name, bool postgres)
    {
        Folder = Path.Combine(AppContext.BaseDirectory, "upgrade", name);
        UsesPostgres = postgres;
        var all = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;
        Password = all.GetProperty("password").GetString()!;
        expected = all.GetProperty(postgres ? "postgres" : "sqlite");
    }

    /// <summary>The previous release's fixture on the database the run tests: PostgreSQL when GONGKAI_TEST_POSTGRES is set.</summary>
    public static UpgradeFixture ForThisRun() => new(Previous, GongkaiFactory.PostgresConnection() is not null);

    public static UpgradeFixture Sqlite() => new(Previous, postgres: false);

    public string Folder { get; }

    public bool UsesPostgres { get; }

    /// <summary>Every staff account's password in the fixture (the demo's fixed password of automated runs).</summary>
    public string Password { get; }

    public IReadOnlyList<string> Migrations => Strings("migrations");

    public IReadOnlyList<string> StaffUserNames => Strings("staffUserNames");

    public long Count(string name) => expected.GetProperty(name).GetInt64();

    public IReadOnlyDictionary<string, long> Counts(string name) =>
        expected.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    public IReadOnlyList<(string Agency, int AgencyId, int Year, string MarkdownSha256)> PublishedReports =>
        expected.GetProperty("publishedReports").EnumerateArray()
            .Select(r => (r.GetProperty("agency").GetString()!, r.GetProperty("agencyId").GetInt32(), r.GetProperty("year").GetInt32(), r.GetProperty("markdownSha256").GetString()!))
            .ToList();

    private List<string> Strings(string name) => expected.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>A new data folder (0700) holding the fixture's key file and checkpoints and, on SQLite, its database.</summary>
    public string CopyInto(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        Restrict(dataDir, directory: true);
        var keys = Path.Combine(dataDir, "keys");
        Directory.CreateDirectory(keys);
        Restrict(keys, directory: true);
        File.Copy(Path.Combine(Folder, UsesPostgres ? "postgres-keys" : "keys", "master.keys"), Path.Combine(keys, "master.keys"));
        Restrict(Path.Combine(keys, "master.keys"), directory: false);
        var checkpoints = Path.Combine(dataDir, "audit-checkpoints");
        Directory.CreateDirectory(checkpoints);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Folder, UsesPostgres ? "postgres-audit-checkpoints" : "audit-checkpoints")))
        {
            File.Copy(file, Path.Combine(checkpoints, Path.GetFileName(file)));
            Restrict(Path.Combine(checkpoints, Path.GetFileName(file)), directory: false);
        }
        if (!UsesPostgres)
        {
            var database = Path.Combine(dataDir, "gongkai.db");
            var plain = Path.Combine(Folder, "gongkai.db");
            if (File.Exists(plain))
            {
                File.Copy(plain, database);
            }
            else
            {
                // A large fixture database is kept compressed.
                using var source = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
                using var target = File.Create(database);
                source.CopyTo(target);
            }
            Restrict(database, directory: false);
        }
        return dataDir;
    }

    /// <summary>
    /// The fixture's pg_dump restored with psql into a new database on the GONGKAI_TEST_POSTGRES server; returns its
    /// connection string (the factory over it drops it when disposed).
    /// </summary>
    public async Task<string> RestorePostgresAsync()
    {
        var connection = GongkaiFactory.PostgresConnection() ?? throw new InvalidOperationException("GONGKAI_TEST_POSTGRES is not set");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        var database = builder.Database!;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false };
        await using (var server = new Npgsql.NpgsqlConnection(admin.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = server.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{database}\"";
            await create.ExecuteNonQueryAsync();
        }
        var sql = Path.Combine(Path.GetTempPath(), $"gongkai-upgrade-{Guid.NewGuid():N}.sql");
        try
        {
            await using (var source = new GZipStream(File.OpenRead(Path.Combine(Folder, "postgres.sql.gz")), CompressionMode.Decompress))
            await using (var target = File.Create(sql))
            {
                await source.CopyToAsync(target);
            }
            var info = new ProcessStartInfo(Psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", builder.Username ?? "postgres", "-d", database, "-f", sql])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (builder.Password is { } password)
            {
                info.Environment["PGPASSWORD"] = password;
            }
            using var psql = Process.Start(info)!;
            var output = psql.StandardOutput.ReadToEndAsync();
            var errors = psql.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await psql.WaitForExitAsync(patience.Token);
            Assert.True(psql.ExitCode == 0, $"psql exited with {psql.ExitCode}: {await errors} {await output}");
        }
        finally
        {
            File.Delete(sql);
        }
        return connection;
    }

    /// <summary>psql on the PATH, or the newest of Debian's PostgreSQL installations.</summary>
    private static string Psql()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "psql")).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).Where(File.Exists)
                .OrderBy(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var major) ? major : 0).LastOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException("psql not found (PATH, /usr/lib/postgresql/*/bin)");
    }

    private static void Restrict(string path, bool directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, directory
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
