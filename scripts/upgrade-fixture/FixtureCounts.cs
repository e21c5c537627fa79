// Counts what an upgrade fixture holds, straight from its database with plain SQL (no Gongkai code, so the numbers
// are the old release's own): cases by state, documents, attachments, published reports, audit entries, staff.
// Also checkpoints a SQLite file's write-ahead log into the database, so that the file is self-contained.
// Run by scripts/make-upgrade-fixture.sh from a temporary folder (outside the solution's build settings):
//   dotnet run FixtureCounts.cs -- sqlite FILE | postgres CONNECTION
#:package Microsoft.Data.Sqlite.Core@10.0.15
#:package SQLitePCLRaw.bundle_e_sqlite3@2.1.13
#:package Npgsql@10.0.3
#:property PublishAot=false
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

var (kind, target) = (args[0], args[1]);
DbConnection connection;
if (kind == "sqlite")
{
    SQLitePCL.Batteries_V2.Init();
    connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=False");
}
else
{
    connection = new Npgsql.NpgsqlConnection(target);
}
await using (connection)
{
    await connection.OpenAsync();
    if (kind == "sqlite")
    {
        // Everything the write-ahead log holds goes into the database file; closing the last connection removes the log.
        await ScalarAsync("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    var result = new JsonObject
    {
        ["migrations"] = new JsonArray((await RowsAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"")).Select(r => (JsonNode)JsonValue.Create(r[0])!).ToArray()),
        ["agencies"] = await CountAsync("\"Agencies\""),
        ["staffAccounts"] = await CountAsync("\"AspNetUsers\""),
        ["staffUserNames"] = new JsonArray((await RowsAsync("SELECT \"UserName\" FROM \"AspNetUsers\" ORDER BY \"UserName\"")).Select(r => (JsonNode)JsonValue.Create(r[0])!).ToArray()),
        ["cases"] = await CountAsync("\"Cases\""),
        ["casesByState"] = Map(await RowsAsync("SELECT \"State\", COUNT(*) FROM \"Cases\" GROUP BY \"State\" ORDER BY \"State\"")),
        ["documents"] = await CountAsync("\"CaseDocuments\""),
        ["documentsByKind"] = Map(await RowsAsync("SELECT \"Kind\", COUNT(*) FROM \"CaseDocuments\" GROUP BY \"Kind\" ORDER BY \"Kind\"")),
        ["attachments"] = await CountAsync("\"CaseAttachments\""),
        ["auditEntries"] = await CountAsync("\"AuditEntries\""),
        ["auditLastSequence"] = long.Parse(await ScalarAsync("SELECT COALESCE(MAX(\"Sequence\"), 0) FROM \"AuditEntries\"") ?? "0"),
        ["publishedReports"] = new JsonArray((await RowsAsync(
            "SELECT a.\"Name\", r.\"AgencyId\", r.\"Year\", r.\"PublishedMarkdown\" FROM \"AnnualReports\" r JOIN \"Agencies\" a ON a.\"Id\" = r.\"AgencyId\" WHERE r.\"PublishedAt\" IS NOT NULL ORDER BY r.\"AgencyId\", r.\"Year\""))
            .Select(r => (JsonNode)new JsonObject
            {
                ["agency"] = r[0], ["agencyId"] = int.Parse(r[1]!), ["year"] = int.Parse(r[2]!),
                ["markdownSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r[3] ?? ""))),
            }).ToArray()),
    };
    Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
}

async Task<long> CountAsync(string table) => long.Parse((await ScalarAsync($"SELECT COUNT(*) FROM {table}"))!);

async Task<string?> ScalarAsync(string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
}

async Task<List<string?[]>> RowsAsync(string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    await using var reader = await command.ExecuteReaderAsync();
    var rows = new List<string?[]>();
    while (await reader.ReadAsync())
    {
        rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
    return rows;
}

static JsonObject Map(List<string?[]> rows)
{
    var map = new JsonObject();
    foreach (var r in rows)
    {
        map[r[0]!] = long.Parse(r[1]!);
    }
    return map;
}
