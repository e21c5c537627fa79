using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Infrastructure;

/// <summary>Applies migrations on start and, on an empty database, creates the demo agency, staff and cases.</summary>
public static class DatabaseSetup
{
    public sealed record DemoAccount(string UserName, string DisplayName, StaffRole[] Roles, string[] Stages, string Agency);

    /// <summary>
    /// At start, the head file kept outside the database against the database's head. A file ahead of the database (or
    /// naming another entry at its place) means entries were cut off or rewritten while Gongkai was down: the file is kept
    /// as a dated checkpoint, so that the evidence survives the next writes and <c>gongkai audit verify</c> names the
    /// missing entries, and the log says so. Then the file records the current head (a restored installation gets one).
    /// </summary>
    private static async Task CompareHeadFileAsync(GongkaiDbContext db, AuditSeal seal, ILogger log)
    {
        if (seal.HeadFolder is not { } folder)
        {
            return;
        }
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1);
        var witnessed = AuditCheckpoints.ReadHead(folder);
        if (witnessed is not null)
        {
            var hashThere = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == witnessed.Sequence).Select(e => e.Hash).SingleOrDefaultAsync();
            if (hashThere != witnessed.Hash)
            {
                var kept = Path.Combine(folder, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"audit-{witnessed.At:yyyyMMddTHHmmssfff}Z-{witnessed.Sequence:D8}.json"));
                File.Copy(Path.Combine(folder, AuditCheckpoints.HeadFileName), kept, overwrite: false);
                DataFiles.RestrictFile(kept);
                log.LogCritical("审计日志与链头文件不符：链头文件记录了第 {Sequence} 条，数据库{State}。末尾记录可能在停机期间被删除或改写；链头文件已另存为检查点 {Kept}，请运行 gongkai audit verify 核查",
                    witnessed.Sequence, hashThere is null ? $"只到第 {head?.LastSequence ?? 0} 条" : "中该条的内容不同", kept);
            }
        }
        if (head is { LastSequence: > 0 })
        {
            seal.WitnessHead(head.LastSequence, head.LastHash);
        }
    }

    /// <summary>
    /// A key file created on this start, over a database whose entries were signed by keys it does not hold: the key file
    /// was lost or left behind (a restore without it). Starting would sign from now on with a new key and leave every
    /// old signature, and every ID number sealed by the old key, beyond reach — so Gongkai refuses, removes the key it
    /// just made, and says how to go on: put the old file back, or start a new key on purpose
    /// (<c>Gongkai__StartNewMasterKey=true</c>), which is audited and marks the old entries as unverifiable.
    /// </summary>
    internal static async Task GuardAgainstALostKeyAsync(GongkaiDbContext db, MasterKeyStartup startup, Gongkai.Data.Keys.MasterKeyRing keys, bool startNewKey, TimeProvider clock)
    {
        if (!startup.CreatedNow)
        {
            return;
        }
        var signers = await db.AuditEntries.AsNoTracking().Where(e => e.Mac != null && e.KeyId != null).Select(e => e.KeyId!).Distinct().ToListAsync();
        var lost = signers.Where(id => keys.Find(id) is null).Order(StringComparer.Ordinal).ToList();
        if (lost.Count == 0)
        {
            return;
        }
        if (!startNewKey)
        {
            File.Delete(keys.Source);
            throw new Gongkai.Data.Keys.MasterKeyException(
                $"找不到主密钥文件 {keys.Source}，但数据库中的审计记录由主密钥 {string.Join("、", lost)} 签名：这是没有带上密钥文件的恢复或迁移。"
                + "请把原来的密钥文件放回该位置后再启动；如确认原密钥已丢失，可设置 Gongkai__StartNewMasterKey=true 启用新密钥"
                + "（此操作记入审计日志，此前的记录将无法再验证签名，原密钥加密的证件号码将无法解密）。Gongkai 未启动。");
        }
        await AuditChain.WriteAsync(db, () => Task.FromResult(new AuditEntry
        {
            UserId = "system", UserName = "系统", EntityType = "master-key", EntityId = keys.Current.Id, Action = AuditChain.StartNewMasterKeyAction,
            Summary = $"原主密钥（{string.Join("、", lost)}）已丢失，按管理员设置（Gongkai__StartNewMasterKey）启用新主密钥 {keys.Current.Id}；此前由原密钥签名的记录无法再验证签名",
            Before = string.Join(",", lost), After = keys.Current.Id,
        }), clock);
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<GongkaiDbContext>();
        // Cases saved before search existed get their terms once, right after the migration that added them
        // (a check on every start would scan every case: SearchTerms has no index of its own).
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        var addsSearch = pending.Any(m => m.EndsWith("_AdoptionReady", StringComparison.Ordinal));
        // A new database that will get the demo: its accounts' passwords are hashed (PBKDF2, a second of CPU) on the other
        // cores while the schema is created, instead of after it.
        var newDatabase = applied.Count == 0;
        var skipDemo = app.Configuration.GetValue("Gongkai:SkipDemoData", false);
        // A fixed demo password is for automated runs (browser tests, crash harness); people get one-time passwords.
        var fixedPassword = app.Configuration["Gongkai:DemoPassword"];
        Task<List<(DemoAccount, string, string)>> HashPasswords() =>
            Task.Run(() => HashDemoPasswords(services.GetRequiredService<IPasswordHasher<StaffUser>>(), fixedPassword));
        var demoPasswords = newDatabase && !skipDemo ? HashPasswords() : null;
        var settings = services.GetRequiredService<DatabaseSettings>();
        // An existing database with pending migrations is an upgrade: backed up first (SQLite) and said so in the log.
        var upgradeLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gongkai.Upgrade");
        var backup = await DatabaseUpgrade.PrepareAsync(settings, applied, pending, app.Configuration["Gongkai:Backup:Directory"], upgradeLog);
        await DatabaseUpgrade.MigrateAsync(db, settings, pending, backup, upgradeLog);
        await Gongkai.Data.SqliteDurability.UseWriteAheadLogAsync(db);
        if (!settings.UsesPostgres)
        {
            DataFiles.RestrictFile(settings.SqlitePath);
        }
        // Keys stored in plain text by a release before the master key: encrypted now (before anything else reads them),
        // once, on the start that creates the key file. Later, a plain key can only have been written into the database
        // by someone else: it is never sealed, and SealedKeyRepository leaves it unused. A new database has neither such
        // keys nor entries to sign.
        if (!newDatabase && services.GetRequiredService<MasterKeyStartup>().CreatedNow)
        {
            await PlaintextKeySealing.SealAsync(db, new MasterKeyXmlEncryptor(services.GetRequiredService<Gongkai.Data.Keys.MasterKeyRing>()));
        }
        if (!newDatabase)
        {
            await GuardAgainstALostKeyAsync(db, services.GetRequiredService<MasterKeyStartup>(), services.GetRequiredService<Gongkai.Data.Keys.MasterKeyRing>(),
                app.Configuration.GetValue("Gongkai:StartNewMasterKey", false), services.GetRequiredService<TimeProvider>());
        }
        if (!newDatabase && services.GetRequiredService<MasterKeyStartup>().CreatedNow && db.AuditSeal is { } seal)
        {
            // The key file is new (a new installation, or an upgrade from before signing): what the chain holds now is signed once.
            await AuditChain.SealUnsignedAsync(db, seal);
        }
        // Create the Data Protection key ring now, outside any write transaction (see CaseService.RegisterAsync).
        Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(
            services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("Gongkai.Startup"), "ready");
        await using (var tx = await AuditChain.BeginWriteAsync(db))
        {
            await tx.CommitAsync(); // creates the audit chain head on a new database
        }
        await CompareHeadFileAsync(db, services.GetRequiredService<AuditSeal>(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gongkai.Audit"));
        await Gongkai.Data.Setup.FirstAgencySetup.EnsureRolesAsync(db);
        if (addsSearch)
        {
            await Gongkai.Data.Cases.CaseSearchIndex.BackfillAsync(db);
        }
        if (await db.Agencies.AnyAsync())
        {
            return;
        }
        if (skipDemo)
        {
            // A real agency's first start: the set-up page is all that is served until it has created the agency. An
            // installed system asks there for the code only the server's administrator can read (SetupCode).
            var setupCode = services.GetRequiredService<Gongkai.Web.Features.Setup.SetupCode>();
            var code = setupCode.Required ? setupCode.Ensure() : null;
            var publicUrl = app.Configuration["Gongkai:PublicUrl"] is { Length: > 0 } u ? u.TrimEnd('/') : null;
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                // Behind nginx (RequireHttps) the address Kestrel listens on only redirects: name the HTTPS one.
                var where = publicUrl ?? (app.Configuration.GetValue("Gongkai:RequireHttps", false) ? "https://本机的域名或地址" : addresses.FirstOrDefault() ?? "http://127.0.0.1:5000");
                Console.WriteLine();
                Console.WriteLine($"Gongkai 已启动（数据库：{settings.Describe()}），尚未设置机关。");
                Console.WriteLine($"请在浏览器中打开 {where}/setup 创建本机关和第一个管理员，或运行 gongkai setup。");
                if (code is not null)
                {
                    Console.WriteLine($"初始设置码：{code}（页面上须填写；也保存在 {setupCode.Path}，设置完成后删除）");
                }
                Console.WriteLine();
            });
            return;
        }
        List<(DemoAccount, string)> accounts;
        // One transaction for the whole demo (registrations, transitions, the 2023 ledger, each audited): they join it
        // instead of each committing and syncing alone.
        var seedDb = services.GetRequiredService<GongkaiDbContext>();
        await using (var bulk = await AuditChain.BeginBulkWriteAsync(seedDb))
        {
            accounts = await SeedDemoAsync(services, fixedPassword, await (demoPasswords ?? HashPasswords()));
            await bulk.CommitAsync();
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine($"Gongkai 已启动：{string.Join("  ", addresses)}（数据库：{settings.Describe()}）");
            Console.WriteLine("已创建演示机关和演示账号。以下密码只显示这一次，请妥善保存并在首次登录后修改：");
            foreach (var (account, password) in accounts)
            {
                Console.WriteLine($"  {account.UserName,-10} {password}  {account.DisplayName}（{string.Join("、", account.Roles.Select(r => r.Label()))}，{account.Agency}）");
            }
            Console.WriteLine();
        });
    }

    public static IReadOnlyList<DemoAccount> DemoAccounts { get; } =
    [
        new("admin", "系统管理员", [StaffRole.Administrator], [], "新乡市公安局"),
        new("dengji", "王登记", [StaffRole.Registrar], [], "新乡市公安局"),
        new("chengban", "李承办", [StaffRole.Handler], [], "新乡市公安局"),
        .. ReviewChain.SixStage.Stages.Where(s => s.Role == StaffRole.Reviewer).Select((s, i) =>
            new DemoAccount($"shenhe{i + 1}", $"审核人{i + 1}", [StaffRole.Reviewer], [s.Name], "新乡市公安局")),
        new("lingdao", "赵局长", [StaffRole.Approver], [], "新乡市公安局"),
        new("jiandu", "钱监督", [StaffRole.Supervisor], [], "新乡市公安局"),
        new("hongqi", "孙承办", [StaffRole.Registrar, StaffRole.Handler], [], "红旗分局"),
        new("zhengfu", "周公开", [StaffRole.Administrator, StaffRole.Handler], [], "新乡市人民政府"),
    ];

    /// <summary>Each demo account's password (a one-time one, or the fixed one of automated runs) and its hash, made on every core at once.</summary>
    private static List<(DemoAccount Account, string Password, string Hash)> HashDemoPasswords(IPasswordHasher<StaffUser> hasher, string? fixedPassword)
    {
        var passwords = DemoAccounts.Select(a => (a, string.IsNullOrEmpty(fixedPassword) ? Gongkai.Data.Staff.PasswordPolicy.OneTime() : fixedPassword)).ToList();
        var hashes = new string[passwords.Count];
        // The default hasher does not read the user (PBKDF2 of the password with a new salt).
        Parallel.For(0, passwords.Count, i => hashes[i] = hasher.HashPassword(new StaffUser(), passwords[i].Item2));
        return passwords.Select((p, i) => (p.a, p.Item2, hashes[i])).ToList();
    }

    private static async Task<List<(DemoAccount, string)>> SeedDemoAsync(IServiceProvider services, string? fixedPassword,
        List<(DemoAccount Account, string Password, string Hash)> passwords)
    {
        var db = services.GetRequiredService<GongkaiDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var city = new Agency("新乡市公安局", AgencyKind.CityBureau, null, "XXGA", ReviewChain.SixStage.Stages);
        db.Agencies.Add(city);
        await db.SaveChangesAsync();
        // The city government combines its departments' reports (条例 第四十九条); the bureau is one of them.
        var government = new Agency("新乡市人民政府", AgencyKind.Government, null, "XXSZF",
            [new ReviewStage("法制审核", StaffRole.Reviewer), new ReviewStage("领导审批", StaffRole.Approver)]);
        government.ConfigureExternalDepartments(["新乡市教育局", "新乡市卫生健康委员会"]);
        db.Agencies.Add(government);
        await db.SaveChangesAsync();
        city.ReportTo(government.Id);
        await db.SaveChangesAsync();
        var hongqi = new Agency("红旗分局", AgencyKind.DistrictBureau, city.Id, "HQFJ",
            [new ReviewStage("法制大队审核", StaffRole.Reviewer), new ReviewStage("分局领导审批", StaffRole.Approver)]);
        db.Agencies.AddRange(hongqi, new Agency("法制支队", AgencyKind.Unit, city.Id, "FZZD", []));
        await db.SaveChangesAsync();
        var agencyIds = new Dictionary<string, int> { [city.Name] = city.Id, [hongqi.Name] = hongqi.Id, [government.Name] = government.Id };

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var created = new List<(DemoAccount, string)>();
        foreach (var (account, password, hash) in passwords)
        {
            var user = new StaffUser
            {
                UserName = account.UserName,
                DisplayName = account.DisplayName,
                AgencyId = agencyIds[account.Agency],
                ReviewStages = string.Join("|", account.Stages),
                PasswordHash = hash,
                // People get one-time passwords and must replace them; automated runs with a fixed password need not.
                MustChangePassword = string.IsNullOrEmpty(fixedPassword),
            };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("；", result.Errors.Select(e => e.Description)));
            }
            await users.AddToRolesAsync(user, account.Roles.Select(StaffUser.RoleName));
            await using var tx = await AuditChain.BeginWriteAsync(db);
            await AuditChain.AppendAsync(db, new AuditEntry
            {
                UserId = "system", UserName = "系统初始化", AgencyId = user.AgencyId, EntityType = "user", EntityId = user.Id,
                Action = "CreateUser", Summary = $"创建演示账号 {account.UserName}（{string.Join("、", account.Roles.Select(r => r.Label()))}）",
                After = account.UserName,
            }, clock);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            created.Add((account, password));
        }
        var staff = await users.Users.ToListAsync();
        await DemoCases.SeedAsync(services, city.Id, staff);
        await Demo.DemoAnnualReport.SeedAsync(services, city.Id, staff);
        return created;
    }
}
