using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Xml.Linq;
using Gongkai.Data.Audit;
using Gongkai.Data.Keys;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>Issue 13: keys outside the database, files only the service reads, tokens that die with their account.</summary>
public sealed class KeyAndTokenTests : IDisposable
{
    private readonly GongkaiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private string KeyFile => Path.Combine(factory.DataDirectory, "keys", "master.keys");

    private async Task<XElement> StoredDataProtectionKeyAsync()
    {
        await factory.SeedAsync();
        await using var db = factory.OpenDb();
        var xml = (await db.DataProtectionKeys.AsNoTracking().FirstAsync()).Xml!;
        return XElement.Parse(xml);
    }

    [Fact]
    public async Task DataProtectionKey_InTheDatabase_IsEncryptedWithTheMasterKey()
    {
        var stored = await StoredDataProtectionKeyAsync();
        var encrypted = stored.Descendants("encryptedKey").Single();
        Assert.Equal(MasterKeyRing.Load(KeyFile).Current.Id, (string?)encrypted.Element("masterKeyId"));
        // The key's secret itself (<masterKey><value>) is nowhere in the stored text.
        Assert.Empty(stored.Descendants("masterKey"));
    }

    [Fact]
    public async Task DataProtectionKey_WithoutTheMasterKey_CannotBeOpened()
    {
        var encrypted = (await StoredDataProtectionKeyAsync()).Descendants("encryptedKey").Single();
        var otherRing = MasterKeyRing.Parse($"{MasterKeyRing.Load(KeyFile).Current.Id} 2026-01-01T00:00:00Z {Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}", "攻击者猜的密钥");
        var attacker = new MasterKeyXmlDecryptor(new ServiceCollection().AddSingleton(otherRing).BuildServiceProvider());
        Assert.ThrowsAny<CryptographicException>(() => attacker.Decrypt(encrypted));
        var owner = new MasterKeyXmlDecryptor(factory.Services);
        Assert.Equal("masterKey", owner.Decrypt(encrypted).Name.LocalName);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataFiles_AreTheServiceAccountsAlone()
    {
        await factory.SeedAsync();
        if (factory.UsesPostgres)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
            return;
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(factory.DataDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(factory.DataDirectory, "gongkai.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        // Issue 20: the write-ahead log and shared-memory files, the checkpoint folder and its files, from the first start.
        await Api.Register(await factory.ApiAs("registrar"));
        await factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DailyHousekeeping>().Single().RunOnceAsync();
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        foreach (var file in new[] { "gongkai.db-wal", "gongkai.db-shm" }.Select(f => Path.Combine(factory.DataDirectory, f))
            .Concat(Directory.GetFiles(Path.Combine(factory.DataDirectory, "audit-checkpoints"))))
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal((file, owner), (file, File.GetUnixFileMode(file)));
        }
        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(factory.DataDirectory, "audit-checkpoints")));
        Assert.Contains(Directory.GetFiles(Path.Combine(factory.DataDirectory, "audit-checkpoints")), f => f.EndsWith(AuditCheckpoints.HeadFileName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditChain_RewrittenWithRecomputedHashes_IsFoundByTheSignatures()
    {
        await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.InProgress);
        await using var db = factory.OpenDb();
        Assert.Empty(await AuditChain.Verify(db));
        var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        var previous = AuditChain.Genesis;
        foreach (var e in entries)
        {
            if (e.Sequence == 2)
            {
                e.Summary = "被改写的记录";
            }
            e.PreviousHash = previous;
            e.Hash = AuditChain.ComputeHash(e);
            previous = e.Hash;
        }
        (await db.AuditHeads.SingleAsync()).LastHash = previous;
        await db.SaveChangesAsync();
        Assert.Empty(await AuditChain.Verify(db, seal: null));
        var problems = await AuditChain.Verify(db);
        Assert.Contains(problems, p => p.Sequence == 2 && p.Message.Contains("密钥签名不符", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upgrade_EntriesWrittenBeforeTheKeyExisted_AreSignedOnceWhenItIsCreated()
    {
        using var upgraded = GongkaiFactory.OnSqlite();
        Directory.CreateDirectory(upgraded.DataDirectory);
        // A database of the release before signing: entries with hashes only, and no key file.
        await using (var old = Gongkai.Data.DataServices.Open(new Gongkai.Data.DatabaseSettings(null, Path.Combine(upgraded.DataDirectory, "gongkai.db"))))
        {
            await old.Database.MigrateAsync();
            for (var i = 0; i < 3; i++)
            {
                await AuditChain.AppendAsync(old, new AuditEntry { UserId = "u", UserName = "旧版本", EntityType = "case", EntityId = "c", Action = "Old", Summary = $"旧记录{i}" }, TimeProvider.System);
                await old.SaveChangesAsync();
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // …and a Data Protection key as that release stored it: its secret in plain text.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var now = DateTimeOffset.UtcNow;
        var plaintext = $"<key id=\"{Guid.NewGuid()}\" version=\"1\"><creationDate>{now.AddDays(-1):O}</creationDate><activationDate>{now.AddDays(-1):O}</activationDate>"
            + $"<expirationDate>{now.AddDays(60):O}</expirationDate><descriptor deserializerType=\"Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60\">"
            + "<descriptor><encryption algorithm=\"AES_256_CBC\" /><validation algorithm=\"HMACSHA256\" />"
            + $"<masterKey p4:requiresEncryption=\"true\" xmlns:p4=\"http://schemas.asp.net/2015/03/dataProtection\"><value>{secret}</value></masterKey></descriptor></descriptor></key>";
        await using (var old = Gongkai.Data.DataServices.Open(new Gongkai.Data.DatabaseSettings(null, Path.Combine(upgraded.DataDirectory, "gongkai.db"))))
        {
            old.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "old", Xml = plaintext });
            await old.SaveChangesAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await upgraded.SeedAsync(); // starts the new release on it
        await using var db = upgraded.OpenDb();
        Assert.All(await db.AuditEntries.Where(e => e.Action == "Old").ToListAsync(), e => Assert.NotNull(e.Mac));
        Assert.Empty(await AuditChain.Verify(db));
        Assert.True(File.Exists(Path.Combine(upgraded.DataDirectory, "keys", "master.keys")));
        var stored = XElement.Parse((await db.DataProtectionKeys.AsNoTracking().SingleAsync(k => k.FriendlyName == "old")).Xml!);
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
        var opened = new MasterKeyXmlDecryptor(upgraded.Services).Decrypt(stored.Descendants("encryptedKey").Single());
        Assert.Equal(secret, (string?)opened.Element("value"));
    }

    [Fact]
    public async Task Housekeeping_WritesASignedCheckpointOfTheHead()
    {
        await CaseDriver.DriveTo(factory, Gongkai.Cases.Cases.CaseState.InProgress);
        await factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DailyHousekeeping>().Single().RunOnceAsync();
        var folder = Path.Combine(factory.DataDirectory, "audit-checkpoints");
        await using var db = factory.OpenDb();
        var head = await db.AuditHeads.SingleAsync();
        var newest = AuditCheckpoints.Read(folder).Select(c => c.Checkpoint).OfType<AuditCheckpoint>().MaxBy(c => c.Sequence)!;
        Assert.Equal((head.LastSequence, head.LastHash), (newest.Sequence, newest.Hash));
        var (problems, compared) = await AuditCheckpoints.VerifyAsync(db, folder, factory.Services.GetRequiredService<AuditSeal>());
        Assert.Empty(problems);
        Assert.True(compared >= 1);
    }

    [Fact]
    public async Task Publication_WritesASignedCheckpointNamingTheReport()
    {
        var (scope, admin) = await factory.ActorAsync("administrator", Gongkai.Cases.Cases.StaffRole.Administrator);
        using (scope)
        {
            var reports = scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.AnnualReports.AnnualReportService>();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Gongkai.Web.Features.AnnualReports.Table2Registers>().SaveFiguresAsync(admin, 2023, 12, 34, 5, 1.5m));
            var tables = await reports.ComposeAsync(factory.CityId, 2023, new Dictionary<string, string>());
            var sections = new Dictionary<string, string>(Gongkai.Web.Features.AnnualReports.AgencyReportData.Drafts(tables.Report, await reports.DraftFactsAsync(factory.CityId, 2023))) { ["五"] = "无。" };
            Assert.Null(await reports.SaveDraftAsync(admin, 2023, sections));
            Assert.Null((await reports.PublishAsync(admin, 2023, confirmWarnings: true)).Error);
        }
        var checkpoints = AuditCheckpoints.Read(Path.Combine(factory.DataDirectory, "audit-checkpoints")).Select(c => c.Checkpoint).OfType<AuditCheckpoint>().ToList();
        var published = Assert.Single(checkpoints, c => c.Reason == $"publish {factory.CityId}/2023");
        await using var db = factory.OpenDb();
        var entry = await db.AuditEntries.SingleAsync(e => e.Sequence == published.Sequence);
        Assert.Equal(("PublishReport", entry.Hash), (entry.Action, published.Hash));
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("locked")]
    [InlineData("restamped")]
    public async Task ApiToken_OfAnAccountDisabledLockedOrRestamped_IsRefused(string change)
    {
        var client = await factory.ApiAs("handler");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cases")).StatusCode);
        await using (var db = factory.OpenDb())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "handler");
            switch (change)
            {
                case "disabled": user.Disabled = true; break;
                case "locked": user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15); break;
                default: user.SecurityStamp = Guid.NewGuid().ToString("N"); break;
            }
            await db.SaveChangesAsync();
        }
        var refused = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("登录已失效", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The attack of issue 20 as found: with write access to the database, insert a key made by stock ASP.NET Data
    /// Protection (application name "Gongkai", secret in plain text), then present a bearer ticket protected with it,
    /// carrying the administrator's id and security stamp and every role.
    /// </summary>
    [Fact]
    public async Task ForgedKey_WrittenIntoTheDatabase_IsNeverUsed_SoAForgedTicketIsRefused()
    {
        await factory.SeedAsync();
        var attackerKeys = Directory.CreateTempSubdirectory("gongkai-attacker-").FullName;
        var attacker = new ServiceCollection().AddLogging();
        Microsoft.AspNetCore.DataProtection.DataProtectionBuilderExtensions.PersistKeysToFileSystem(
            Microsoft.AspNetCore.DataProtection.DataProtectionBuilderExtensions.SetApplicationName(attacker.AddDataProtection(), "Gongkai"), new DirectoryInfo(attackerKeys));
        using var attackerServices = attacker.BuildServiceProvider();
        var protector = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.CreateProtector(attackerServices.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
                "Microsoft.AspNetCore.Authentication.BearerToken", Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme, "BearerToken");
        string token;
        await using (var db = factory.OpenDb())
        {
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "administrator");
            var identity = new System.Security.Claims.ClaimsIdentity(Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme);
            identity.AddClaim(new(System.Security.Claims.ClaimTypes.NameIdentifier, admin.Id));
            identity.AddClaim(new(System.Security.Claims.ClaimTypes.Name, admin.UserName!));
            identity.AddClaim(new("AspNet.Identity.SecurityStamp", admin.SecurityStamp!));
            foreach (var role in Enum.GetNames<Gongkai.Cases.Cases.StaffRole>())
            {
                identity.AddClaim(new(System.Security.Claims.ClaimTypes.Role, role));
            }
            var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity),
                new Microsoft.AspNetCore.Authentication.AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme);
            token = new Microsoft.AspNetCore.Authentication.TicketDataFormat(protector).Protect(ticket);
            var forged = File.ReadAllText(Directory.GetFiles(attackerKeys, "key-*.xml").Single());
            db.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "forged", Xml = forged });
            await db.SaveChangesAsync();
        }
        // The next start of Gongkai over the same database.
        using var restarted = GongkaiFactory.SecondInstance(factory);
        var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/cases", System.Net.Http.Json.JsonContent.Create(new { }))).StatusCode);
        // A ticket Gongkai issued still works on the same server: the refusal is the key's, not the server's.
        Assert.Equal(HttpStatusCode.OK, (await (await restarted.ApiAs("administrator")).GetAsync("/api/cases")).StatusCode);
        await using (var db = factory.OpenDb())
        {
            var kept = await db.DataProtectionKeys.AsNoTracking().SingleAsync(k => k.FriendlyName == "forged");
            Assert.Contains("<value>", kept.Xml, StringComparison.Ordinal); // left as it was, for the administrator
            Assert.Equal(0, await db.Cases.CountAsync());
        }
        Assert.Contains("不是 Gongkai 用主密钥加密保存的", restarted.Log.Describe(200), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiToken_OfARoleTakenAwayInTheDatabase_LosesThatRoleAtOnce()
    {
        var client = await factory.ApiAs("registrar");
        await Api.Register(client);
        await using (var db = factory.OpenDb())
        {
            // Roles changed behind Identity's back (no new security stamp): the ticket still names the old role.
            var user = await db.Users.SingleAsync(u => u.UserName == "registrar");
            db.UserRoles.RemoveRange(db.UserRoles.Where(r => r.UserId == user.Id));
            await db.SaveChangesAsync();
        }
        var refused = await client.PostAsJsonAsync("/api/cases", Api.Registration());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public void SealedKeyRepository_AcceptsOnlyKeysSealedWithTheMasterKey()
    {
        var sealedByGongkai = XElement.Parse($"<key id=\"1\"><descriptor deserializerType=\"Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection\"><descriptor><encryptedSecret xmlns=\"http://schemas.asp.net/2015/03/dataProtection\" decryptorType=\"{typeof(MasterKeyXmlDecryptor).AssemblyQualifiedName}\"><encryptedKey/></encryptedSecret></descriptor></descriptor></key>");
        Assert.True(SealedKeyRepository.IsSealedByGongkai(sealedByGongkai));
        var plain = XElement.Parse("<key id=\"2\"><descriptor deserializerType=\"Microsoft.AspNetCore.DataProtection.X\"><descriptor><masterKey><value>c2VjcmV0</value></masterKey></descriptor></descriptor></key>");
        Assert.False(SealedKeyRepository.IsSealedByGongkai(plain));
        var otherDecryptor = XElement.Parse(sealedByGongkai.ToString().Replace(typeof(MasterKeyXmlDecryptor).FullName!, "Attacker.NullDecryptor", StringComparison.Ordinal));
        Assert.False(SealedKeyRepository.IsSealedByGongkai(otherDecryptor));
        var foreignDescriptor = XElement.Parse(sealedByGongkai.ToString().Replace("Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption", "Attacker.Gadget", StringComparison.Ordinal));
        Assert.False(SealedKeyRepository.IsSealedByGongkai(foreignDescriptor));
    }

    [Fact]
    public async Task Restart_WithoutTheKeyFileThatSignedTheTrail_RefusesToStartAndLeavesNoNewKey()
    {
        await Api.Register(await factory.ApiAs("registrar")); // signed entries: a sign-in and a registration
        File.Delete(KeyFile);
        using var restarted = GongkaiFactory.SecondInstance(factory);
        Assert.ThrowsAny<Exception>(() => restarted.CreateClient());
        Assert.False(File.Exists(KeyFile), "the key made on the refused start must not stay to be used by the next one");
    }

    [Fact]
    public async Task LostKeyGuard_WithoutConsent_SaysHowToGoOn()
    {
        await Api.Register(await factory.ApiAs("registrar")); // signed entries: a sign-in and a registration
        File.Delete(KeyFile);
        var fresh = MasterKeyRing.LoadOrCreate(KeyFile, null, out var created);
        Assert.True(created);
        await using var db = factory.OpenDb();
        var e = await Assert.ThrowsAsync<MasterKeyException>(() => DatabaseSetup.GuardAgainstALostKeyAsync(db, new MasterKeyStartup(true), fresh, startNewKey: false, TimeProvider.System));
        Assert.StartsWith($"找不到主密钥文件 {KeyFile}，但数据库中的审计记录由主密钥", e.Message, StringComparison.Ordinal);
        Assert.Contains("Gongkai__StartNewMasterKey=true", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task LostKeyGuard_WithConsent_RecordsTheNewKeyAndMarksOldEntriesUnverifiableNotTampered()
    {
        await Api.Register(await factory.ApiAs("registrar")); // signed entries: a sign-in and a registration
        File.Delete(KeyFile);
        var fresh = MasterKeyRing.LoadOrCreate(KeyFile, null, out _);
        // As the next start has it: the new key signs.
        await using var db = Gongkai.Data.DataServices.Open(factory.Services.GetRequiredService<Gongkai.Data.DatabaseSettings>(), new AuditSeal(fresh));
        await DatabaseSetup.GuardAgainstALostKeyAsync(db, new MasterKeyStartup(true), fresh, startNewKey: true, TimeProvider.System);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(x => x.Action == AuditChain.StartNewMasterKeyAction);
        Assert.Contains("已丢失", entry.Summary, StringComparison.Ordinal);
        var problems = await AuditChain.Verify(db, new AuditSeal(fresh));
        var note = Assert.Single(problems);
        Assert.True(note.Unverifiable);
        Assert.Contains("签名无法再验证", note.Message, StringComparison.Ordinal);
    }
}
