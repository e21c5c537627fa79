using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Data;

/// <summary>Where the data lives: PostgreSQL when a connection string is given, else a SQLite file.</summary>
public sealed record DatabaseSettings(string? PostgresConnectionString, string SqlitePath)
{
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public string Describe() => UsesPostgres ? "PostgreSQL" : $"SQLite（{SqlitePath}）";
}

public static class DataServices
{
    public static IServiceCollection AddGongkaiData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        if (settings.UsesPostgres)
        {
            services.AddDbContext<GongkaiDbContext, PostgresGongkaiDbContext>(o => o.UseNpgsql(settings.PostgresConnectionString).AddInterceptors(Audit.AuditHeadInterceptor.Instance));
        }
        else
        {
            services.AddDbContext<GongkaiDbContext, SqliteGongkaiDbContext>(o => o.UseSqlite(SqliteConnectionString(settings.SqlitePath)).AddInterceptors(SqliteDurability.Instance, SqliteCollations.Instance, Audit.AuditHeadInterceptor.Instance));
        }
        return services;
    }

    /// <summary>A context without a host, for the CLI (audit verify) and tools.</summary>
    public static GongkaiDbContext Open(DatabaseSettings settings, Audit.AuditSeal? seal = null) => settings.UsesPostgres
        ? seal is null
            ? new PostgresGongkaiDbContext(new DbContextOptionsBuilder<PostgresGongkaiDbContext>().UseNpgsql(settings.PostgresConnectionString).Options)
            : new PostgresGongkaiDbContext(new DbContextOptionsBuilder<PostgresGongkaiDbContext>().UseNpgsql(settings.PostgresConnectionString).AddInterceptors(Audit.AuditHeadInterceptor.Instance).Options, seal)
        : seal is null
            ? new SqliteGongkaiDbContext(SqliteOptions(settings))
            : new SqliteGongkaiDbContext(SqliteOptions(settings), seal);

    private static DbContextOptions<SqliteGongkaiDbContext> SqliteOptions(DatabaseSettings settings) =>
        new DbContextOptionsBuilder<SqliteGongkaiDbContext>().UseSqlite(SqliteConnectionString(settings.SqlitePath)).AddInterceptors(SqliteDurability.Instance, SqliteCollations.Instance, Audit.AuditHeadInterceptor.Instance).Options;

    public static string SqliteConnectionString(string path) => $"Data Source={path};Pooling=True";
}

/// <summary>
/// SQLite runs in write-ahead mode (WAL: readers never wait for the writer, and a commit is one append;
/// set once on the file by <see cref="UseWriteAheadLogAsync"/>), and every connection syncs each commit to
/// disk before it returns (synchronous=FULL), so an acknowledged change survives a crash or power loss.
/// Connections use private caches: a shared cache would make readers wait on the writer's table locks.
/// </summary>
public sealed class SqliteDurability : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL;";
        command.ExecuteNonQuery();
    }

    /// <summary>Puts the database file in WAL mode (it stays so); run once at start-up, before any other connection writes.</summary>
    public static async Task UseWriteAheadLogAsync(GongkaiDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}

/// <summary>Design-time factories so `dotnet ef migrations add` can build each provider's context.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteGongkaiDbContext>
{
    public SqliteGongkaiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGongkaiDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresGongkaiDbContext>
{
    public PostgresGongkaiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGongkaiDbContext>().UseNpgsql("Host=127.0.0.1;Database=gongkai_design").Options);
}
