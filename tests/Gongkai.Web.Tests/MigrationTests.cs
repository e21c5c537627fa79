using Gongkai.Cases.Agencies;
using Gongkai.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>A database made by an earlier release is brought up to date without losing or breaking its rows.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"gongkai-migrate-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AgencyFromTheFirstRelease_GetsTheUsualChannelsAndNoGovernment()
    {
        var settings = new DatabaseSettings(null, path);
        await using (var db = DataServices.Open(settings))
        {
            var first = db.Database.GetMigrations().First();
            await db.GetService<IMigrator>().MigrateAsync(first);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Agencies\" (\"Name\", \"Kind\", \"ParentId\", \"TrackingPrefix\", \"ReviewChain\") VALUES ('旧版本的机关', 0, NULL, 'OLD', '[]')");
        }
        await using (var db = DataServices.Open(settings))
        {
            await db.Database.MigrateAsync();
            var agency = await db.Agencies.SingleAsync();
            Assert.Equal(Agency.DefaultDisclosureChannels, agency.DisclosureChannels);
            Assert.Empty(agency.ExternalDepartments);
            Assert.Null(agency.GovernmentId);
            Assert.Equal(new DateOnly(2025, 1, 31), agency.ReportDueOn(2024));
        }
    }
}
