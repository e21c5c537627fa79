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
            services.AddDbContext<GongkaiDbContext, PostgresGongkaiDbContext>(o => o.UseNpgsql(settings.PostgresConnectionString));
        }
        else
        {
            services.AddDbContext<GongkaiDbContext, SqliteGongkaiDbContext>(o => o.UseSqlite(SqliteConnectionString(settings.SqlitePath)));
        }
        return services;
    }

    /// <summary>A context without a host, for the CLI (audit verify) and tools.</summary>
    public static GongkaiDbContext Open(DatabaseSettings settings) => settings.UsesPostgres
        ? new PostgresGongkaiDbContext(new DbContextOptionsBuilder<PostgresGongkaiDbContext>().UseNpgsql(settings.PostgresConnectionString).Options)
        : new SqliteGongkaiDbContext(new DbContextOptionsBuilder<SqliteGongkaiDbContext>().UseSqlite(SqliteConnectionString(settings.SqlitePath)).Options);

    public static string SqliteConnectionString(string path) => $"Data Source={path};Cache=Shared;Pooling=True";
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
