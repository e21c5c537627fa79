using OpenTelemetry.Metrics;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Gongkai.Data;
using Gongkai.Data.Staff;
using Gongkai.Web.Features.Account;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Features.Statistics;
using Gongkai.Web.Features.WorkList;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.WebEncoders;

namespace Gongkai.Web.Infrastructure;

/// <summary>The application's parts, in the order a reader wants them: a table of contents of Add/Use calls.</summary>
public static class Setup
{
    public const string PortalRateLimit = "portal";

    public static void AddGongkai(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        DataFiles.CreateOwnerOnly();
        var dataDir = config["Gongkai:DataDirectory"] is { Length: > 0 } configured ? configured : Path.Combine(builder.Environment.ContentRootPath, "data");
        Directory.CreateDirectory(dataDir);
        DataFiles.RestrictToOwner(dataDir);
        // Under systemd (the Debian package's Type=notify unit) the service is "started" once it listens, and logs go to the journal.
        builder.Host.UseSystemd();
        // Structured logs for a log collector (Gongkai:Logging:Format=json): one JSON object per line, UTC timestamps.
        if (string.Equals(config["Gongkai:Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.IncludeScopes = true;
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        services.AddGongkaiData(new DatabaseSettings(config.GetConnectionString("Postgres"), Path.Combine(dataDir, "gongkai.db")));

        // The master keys live outside the database (a file only the service account reads, or a setting): they sign the
        // audit trail and encrypt the Data Protection keys. Several instances share one file.
        var keyFile = config["Gongkai:MasterKeyFile"] is { Length: > 0 } k ? k : Path.Combine(dataDir, "keys", "master.keys");
        var keys = Gongkai.Data.Keys.MasterKeyRing.LoadOrCreate(keyFile, config["Gongkai:MasterKeys"], out var keysCreated);
        services.AddSingleton(keys);
        services.AddSingleton(new MasterKeyStartup(keysCreated));
        var checkpoints = config["Gongkai:AuditCheckpointDirectory"] is { Length: > 0 } c ? c : Path.Combine(dataDir, "audit-checkpoints");
        // The chain's signed head moves outside the database with every write (audit-head.json beside the checkpoints).
        services.AddSingleton(new Gongkai.Data.Audit.AuditSeal(keys) { HeadFolder = checkpoints });
        services.AddSingleton(new AuditCheckpointSettings(checkpoints));
        services.AddScoped<AuditCheckpointer>();
        services.AddHostedService<DailyHousekeeping>();

        // Keys in the database, so every instance behind a load balancer can read every cookie and protected ID number;
        // each encrypted with the master key, so the database alone opens none of them.
        // Only keys Gongkai sealed are used (SealedKeyRepository): a key written into the table by someone else is ignored.
        services.AddDataProtection().SetApplicationName("Gongkai");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
            {
                o.XmlEncryptor = new MasterKeyXmlEncryptor(keys);
                o.XmlRepository = new SealedKeyRepository(
                    new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<GongkaiDbContext>(sp, sp.GetRequiredService<ILoggerFactory>()),
                    sp.GetRequiredService<ILogger<SealedKeyRepository>>());
            }));

        services.AddIdentity<StaffUser, IdentityRole>(o =>
            {
                // The policy itself is PasswordPolicy (length, letters and digits, not the user name, not a common password).
                o.Password.RequiredLength = Gongkai.Data.Staff.PasswordPolicy.MinLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // Per account, whatever address the attempts come from.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<GongkaiDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<Gongkai.Web.Features.Account.PolicyPasswordValidator>();
        // PasswordPolicy is the one password rule: Identity's own validator would refuse a short password a second
        // time in its own words ("密码至少需要10个字符" beside the policy's "密码至少需要10个字符，实为6个").
        services.Remove(services.Single(d => d.ServiceType == typeof(IPasswordValidator<StaffUser>) && d.ImplementationType == typeof(PasswordValidator<StaffUser>)));
        // A disabled account or a reset password changes the security stamp; signed-in cookies notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme);
        services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, StaffClaimsRefresh>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/Denied";
            o.Cookie.Name = "gongkai";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = config.GetValue("Gongkai:RequireHttps", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorization();
        // Over TLS (directly, or behind a proxy that says so): HSTS for a year, HTTP redirected, cookies Secure always.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.ExcludedHosts.Clear(); // an operator who sets RequireHttps means it for every host name, localhost included
        });
        // A plain-HTTP request is redirected to the same address over HTTPS — port 443 unless Gongkai:HttpsPort says
        // otherwise. Without a port the redirection silently did nothing, and the form then failed (500) on its
        // Secure-only anti-forgery cookie. 308 keeps the method, so a form or API POST is not turned into a GET.
        services.AddHttpsRedirection(o =>
        {
            o.HttpsPort = config.GetValue<int?>("Gongkai:HttpsPort") ?? 443;
            o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
        });
        var cookieSecurity = config.GetValue("Gongkai:RequireHttps", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = cookieSecurity);
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = cookieSecurity);
        if (config["Gongkai:ReverseProxy:KnownProxies"] is { Length: > 0 } proxies)
        {
            services.AddSingleton(ProxySettings.Parse(proxies));
        }

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToFolder("/Portal");
        });
        // Razor escapes non-ASCII text unless every Unicode range is allowed.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        // The API's error convention (problem documents, one status per kind of failure) and the OpenAPI document stating it.
        services.AddApiErrors();

        // Public endpoints are rate-limited per client address; limits are configurable so a load test can measure the endpoint itself.
        services.AddSingleton(new Gongkai.Web.Features.Account.SignInLimits(config.GetValue("Gongkai:RateLimits:LoginFailuresPerAddress", 20)));
        services.AddScoped<AttemptCounter>();
        var portalPerMinute = config.GetValue("Gongkai:RateLimits:PortalPerMinute", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "application/problem+json; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("{\"title\":\"请求过于频繁，请一分钟后再试\",\"status\":429}", ct);
            };
            o.AddPolicy(PortalRateLimit, http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = portalPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        // Watching it: readiness, the backup and disk checks, Prometheus metrics (Features/Operations).
        var operations = Gongkai.Web.Features.Operations.OperationsSettings.Read(config, dataDir);
        services.AddSingleton(operations);
        services.AddScoped<Gongkai.Web.Features.Operations.SystemHealth>();
        services.AddSingleton<Gongkai.Web.Features.Operations.GongkaiMetrics>();
        if (operations.MetricsEnabled)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
                    Gongkai.Web.Features.Operations.GongkaiMetrics.MeterName, Gongkai.Documents.Pdf.PdfConverter.MeterName)
                .AddPrometheusExporter());
        }

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<CalendarService>();
        services.AddScoped<CaseService>();
        services.AddScoped<CaseRouting>();
        services.AddScoped<CaseCorrections>();
        services.AddScoped<Gongkai.Web.Features.Redactions.RedactionService>();
        services.AddScoped<Gongkai.Web.Features.Redactions.RedactionQueries>();
        services.AddScoped<Gongkai.Web.Features.Cases.LedgerImport>();
        services.AddScoped<Gongkai.Web.Features.Cases.CaseSearch>();
        services.AddScoped<WorkListQuery>();
        services.AddScoped<Table3Query>();
        services.AddScoped<CurrentStaff>();
        services.AddSingleton<SetupGate>();
        services.AddSingleton(new Gongkai.Web.Features.Setup.SetupCode(config.GetValue("Gongkai:Setup:RequireCode", false), dataDir));
        services.AddScoped<Gongkai.Web.Features.Account.StaffSignIn>();
        services.AddScoped<Gongkai.Web.Features.Admin.AdminService>();
        services.AddScoped<Gongkai.Web.Features.Admin.AccountService>();
        services.AddScoped<Gongkai.Web.Features.Admin.AgencyService>();
        services.AddScoped<Gongkai.Web.Features.Admin.AuditLog>();
        services.AddScoped<Gongkai.Web.Features.Account.PasswordChange>();
        services.AddScoped<Gongkai.Web.Features.Portal.PortalService>();
        services.AddSingleton<Gongkai.Web.Features.Portal.PortalChallenges>();
        services.AddScoped<Gongkai.Web.Features.Portal.LookupGuard>();
        services.AddMemoryCache();
        services.AddScoped<AgencyDirectory>();
        services.AddSingleton<Gongkai.Web.Features.Portal.SubmissionQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<Gongkai.Web.Features.Portal.SubmissionQueue>());
        services.AddScoped<Gongkai.Web.Features.Documents.DocumentService>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.AnnualReportService>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.ReportRegisterWrites>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.Table2Registers>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.ProactiveRegister>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.ProceedingRegister>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.CombinedReportService>();
        services.AddScoped<Gongkai.Web.Features.Audits.ReportAuditService>();
        services.AddSingleton(new Gongkai.Web.Features.Audits.ReportAuditStore(Path.Combine(dataDir, "report-audits")));
        services.AddScoped<Gongkai.Web.Features.AnnualReports.PublishedYears>();
        services.AddScoped<Gongkai.Web.Features.AnnualReports.ReportCorrectionService>();
        services.AddSingleton<Gongkai.Documents.Pdf.PdfConverter>(_ => new Gongkai.Documents.Pdf.PdfConverter());
        services.AddSingleton(new Gongkai.Web.Features.Documents.PdfSettings(
            config.GetValue("Gongkai:Pdf:ConvertOnIssue", true), config.GetValue("Gongkai:Pdf:WarmUpAtStart", true)));
        services.AddSingleton<Gongkai.Web.Features.Documents.PdfStore>();
        services.AddHostedService(sp => sp.GetRequiredService<Gongkai.Web.Features.Documents.PdfStore>());
        services.AddScoped<Gongkai.Web.Features.Documents.DeliveryService>();
        services.AddScoped<Gongkai.Web.Features.Portal.ApplicantSide>();

        // Messages: written with the change that causes them (Outbox), sent in the background (OutboxSender) by e-mail and SMS.
        services.AddSingleton(Gongkai.Web.Features.Messages.SmtpSettings.Read(config));
        services.AddSingleton(Gongkai.Web.Features.Messages.SmsSettings.Read(config));
        services.AddSingleton(Gongkai.Web.Features.Messages.OutboxSettings.Read(config));
        services.AddHttpClient("sms");
        services.AddScoped<Gongkai.Web.Features.Messages.Outbox>();
        services.AddScoped<Gongkai.Web.Features.Messages.EmailChannel>();
        services.AddScoped<Gongkai.Web.Features.Messages.SmsChannel>();
        services.AddScoped<Gongkai.Web.Features.Messages.OutboxAdmin>();
        services.AddScoped<Gongkai.Web.Features.Messages.MessageTemplateStore>();
        services.AddSingleton<Gongkai.Web.Features.Messages.OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<Gongkai.Web.Features.Messages.OutboxSender>());

        // Reminders: each working day's digests for handlers and leaders (ReminderDigests), made once across instances by ReminderScheduler.
        services.AddSingleton(Gongkai.Web.Features.Reminders.ReminderSettings.Read(config));
        services.AddScoped<Gongkai.Web.Features.Reminders.ReminderDigests>();
        services.AddScoped<Gongkai.Web.Features.Reminders.MyReminders>();
        services.AddScoped<Gongkai.Web.Features.Account.StaffSettings>();
        services.AddSingleton<Gongkai.Web.Features.Reminders.ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<Gongkai.Web.Features.Reminders.ReminderScheduler>());
    }

    public static void UseGongkai(this WebApplication app)
    {
        // Behind a reverse proxy that terminates TLS, the client's address and scheme come from its X-Forwarded-* headers
        // (Gongkai:ReverseProxy:KnownProxies — only those addresses are believed): limits count the real client, and
        // cookies are Secure when the browser's connection is.
        if (app.Services.GetService<ProxySettings>() is { } proxy)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.KnownProxies)
            {
                forwarded.KnownProxies.Add(address);
            }
            app.UseForwardedHeaders(forwarded);
        }
        app.Use(SecurityHeaders.Middleware);
        app.Use(Gongkai.Web.Features.Operations.OperationsEndpoints.WatchersOnly);
        if (app.Configuration.GetValue("Gongkai:RequireHttps", false))
        {
            app.UseHsts();
            // Monitoring asks the instance itself over plain HTTP on the machine or its network (behind nginx); the rest goes to HTTPS.
            app.UseWhen(c => !Gongkai.Web.Features.Operations.OperationsEndpoints.IsMonitoring(c.Request.Path), https => https.UseHttpsRedirection());
        }
        // Under /api every error is a problem document, in every environment: an unexpected one (500), an empty one.
        app.UseApiErrorPages();
        if (!app.Environment.IsDevelopment())
        {
            // An unexpected error on a page: a Chinese page.
            app.UseWhen(c => !ApiErrors.IsApi(c), pages => pages.UseExceptionHandler("/Error"));
        }
        // An empty error response on a page gets a Chinese page.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/status-code/{0}"));
        app.UseStaticFiles();
        app.Use(SetupGate.Middleware);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use(BearerTokenGate.Middleware);
        app.Use(PasswordChangeGate.Middleware);
        app.UseAuthorization();
        app.Use(ControlCharacters.Middleware);
        app.Use(ApiErrors.Middleware);
        app.MapRazorPages();
        app.MapOpenApi(ApiErrors.OpenApiPath);
        Gongkai.Web.Features.Operations.OperationsEndpoints.MapOperationsEndpoints(app);
        // The gauges exist from the start, not from the first registration that happens to resolve the meter.
        _ = app.Services.GetRequiredService<Gongkai.Web.Features.Operations.GongkaiMetrics>();
        var api = app.MapGroup("/api");
        api.MapAccountEndpoints();
        var staff = api.MapGroup("").RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        staff.MapCaseEndpoints();
        Gongkai.Web.Features.Documents.DocumentEndpoints.MapDocumentEndpoints(staff);
        Gongkai.Web.Features.Redactions.RedactionEndpoints.MapRedactionEndpoints(staff);
        staff.MapWorkListEndpoints();
        staff.MapStatisticsEndpoints();
        staff.MapOwnAccountEndpoints();
        Gongkai.Web.Features.Admin.AdminEndpoints.MapAdminEndpoints(staff);
        Gongkai.Web.Features.Messages.OutboxEndpoints.MapOutboxEndpoints(staff);
        Gongkai.Web.Features.Messages.MessageTemplateEndpoints.MapMessageTemplateEndpoints(staff);
    }
}
