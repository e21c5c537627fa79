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
            // AgencyRetireAndLetterCode: an agency from before works on, its letters numbered with the tracking prefix.
            Assert.Null(agency.LetterCode);
            Assert.False(agency.IsRetired);
        }
    }

    [Fact]
    public async Task CasesFromThePreviousRelease_GetSearchKeysAndTerms_AndAreFound()
    {
        var settings = new DatabaseSettings(null, path);
        await using (var db = DataServices.Open(settings))
        {
            // The release before search keys: the last migration before AdoptionReady.
            var previous = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_AdoptionReady", StringComparison.Ordinal)).Last();
            await db.GetService<IMigrator>().MigrateAsync(previous);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Agencies\" (\"Name\", \"Kind\", \"ParentId\", \"TrackingPrefix\", \"ReviewChain\", \"DisclosureChannels\", \"ExternalDepartments\") VALUES ('旧版本的机关', 0, NULL, 'OLD', '[]', '[]', '[]')");
            foreach (var (n, day, name) in new[] { (1, "2025-03-02", "欧阳明华"), (2, "2025-03-02", "张三"), (3, "2024-07-01", "李四") })
            {
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "Cases" ("Id","AgencyId","TrackingNumber","ApplicantCategory","ApplicantName","ApplicantIdType","ApplicantIdNumberProtected",
                      "ApplicantIdNumberMasked","ApplicantPhone","Channel","ReceivedOn","Request","DeliveryForm","State","ReviewStage",
                      "ExtensionWorkingDays","FeeQuantity","FeeYuan","DueProvisional","Version")
                    VALUES ({0},1,{1},'NaturalPerson',{2},'居民身份证','p','4101**********1234','138','Online',{3},'红旗区道路改造批复','邮寄','InProgress',0,0,0,0,0,{4})
                    """, Guid.NewGuid().ToString().ToUpperInvariant(), $"OLD-2025-0000{n}", name, day, Guid.NewGuid().ToString().ToUpperInvariant()); // as EF writes Guids on SQLite
            }
        }
        await using (var db = DataServices.Open(settings))
        {
            await db.Database.MigrateAsync();
            Assert.Equal(3, await Gongkai.Data.Cases.CaseSearchIndex.BackfillAsync(db));
            var keys = await db.Cases.OrderBy(c => c.TrackingNumber).Select(c => new { c.ReceivedOn, Key = EF.Property<long>(c, GongkaiDbContext.SearchRowIdColumn) }).ToListAsync();
            Assert.Equal(3, keys.Select(k => k.Key).Distinct().Count());
            Assert.All(keys, k => Assert.Equal(k.ReceivedOn.DayNumber, (int)(k.Key >> 31)));
            var found = await Gongkai.Data.Cases.CaseSearchIndex.Matching(db, db.Cases, "欧阳明华").Select(h => h.Case.TrackingNumber).ToListAsync();
            Assert.Equal(["OLD-2025-00001"], found);
            Assert.Equal(3, await Gongkai.Data.Cases.CaseSearchIndex.Matching(db, db.Cases, "道路改造").CountAsync());
        }
    }
}
