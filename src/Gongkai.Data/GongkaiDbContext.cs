using System.Text.Json;
using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data.Attachments;
using Gongkai.Data.Audit;
using Gongkai.Data.Calendar;
using Gongkai.Data.Cases;
using Gongkai.Data.Documents;
using Gongkai.Data.Portal;
using Gongkai.Data.Reporting;
using Gongkai.Data.Staff;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gongkai.Data;

/// <summary>
/// The one DbContext. The provider is chosen at run time; each provider has a derived context only so
/// that it can carry its own migrations (<see cref="SqliteGongkaiDbContext"/>, <see cref="PostgresGongkaiDbContext"/>).
/// Data Protection keys live here too, so several web instances share them.
/// </summary>
public abstract class GongkaiDbContext(DbContextOptions options, AuditSeal? auditSeal) : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    /// <summary>Signs each audit entry with the key outside the database; null only in tools that read (design time, a verify without keys).</summary>
    public AuditSeal? AuditSeal { get; } = auditSeal;

    /// <summary>The head an audited write in this unit of work will have once committed; witnessed outside the database then.</summary>
    internal (long Sequence, string Hash)? PendingAuditHead { get; set; }

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<ApplicationCase> Cases => Set<ApplicationCase>();

    public DbSet<TrackingCounter> TrackingCounters => Set<TrackingCounter>();

    public DbSet<CaseAttachment> CaseAttachments => Set<CaseAttachment>();

    public DbSet<RedactionMark> RedactionMarks => Set<RedactionMark>();

    public DbSet<LookupThrottle> LookupThrottles => Set<LookupThrottle>();

    public DbSet<PortalSubmission> PortalSubmissions => Set<PortalSubmission>();

    public DbSet<CaseDocument> CaseDocuments => Set<CaseDocument>();

    public DbSet<DocumentCounter> DocumentCounters => Set<DocumentCounter>();

    public DbSet<AgencyLetterTemplate> LetterTemplates => Set<AgencyLetterTemplate>();

    public DbSet<AgencyPage> AgencyPages => Set<AgencyPage>();

    public DbSet<RegulatoryDocumentRecord> RegulatoryDocuments => Set<RegulatoryDocumentRecord>();

    public DbSet<AdministrativeFiguresRecord> AdministrativeFigures => Set<AdministrativeFiguresRecord>();

    public DbSet<ReviewProceedingRecord> ReviewProceedings => Set<ReviewProceedingRecord>();

    public DbSet<AnnualReportRecord> AnnualReports => Set<AnnualReportRecord>();

    public DbSet<ProactiveEntryRecord> ProactiveEntries => Set<ProactiveEntryRecord>();

    public DbSet<ReportEditionRecord> ReportEditions => Set<ReportEditionRecord>();

    public DbSet<ReportCorrectionRecord> ReportCorrections => Set<ReportCorrectionRecord>();

    public DbSet<DepartmentReportRecord> DepartmentReports => Set<DepartmentReportRecord>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Messages.OutboxMessage> Outbox => Set<Messages.OutboxMessage>();

    public DbSet<DocumentDelivery> Deliveries => Set<DocumentDelivery>();

    public DbSet<CorrectionReply> CorrectionReplies => Set<CorrectionReply>();

    public DbSet<Messages.ScheduledRun> ScheduledRuns => Set<Messages.ScheduledRun>();

    public DbSet<Messages.StaffReminder> StaffReminders => Set<Messages.StaffReminder>();

    public DbSet<Messages.AgencyMessageTemplate> MessageTemplates => Set<Messages.AgencyMessageTemplate>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Agency>(a =>
        {
            a.HasKey(x => x.Id);
            a.Property(x => x.Name).HasMaxLength(100);
            a.Property(x => x.TrackingPrefix).HasMaxLength(20);
            a.Property(x => x.ReviewChain).HasConversion(JsonList<ReviewStage>.Converter, JsonList<ReviewStage>.Comparer);
            a.Ignore(x => x.Chain);
            a.Ignore(x => x.IsRetired);
            a.Property(x => x.LetterCode).HasMaxLength(20);
            a.HasIndex(x => x.ParentId);
            a.HasIndex(x => x.GovernmentId);
            a.HasOne<Agency>().WithMany().HasForeignKey(x => x.GovernmentId).OnDelete(DeleteBehavior.Restrict);
            a.Property(x => x.DisclosureChannels).HasConversion(JsonList<string>.Converter, JsonList<string>.Comparer).HasMaxLength(2000);
            a.Property(x => x.ExternalDepartments).HasConversion(JsonList<string>.Converter, JsonList<string>.Comparer).HasMaxLength(8000);
            a.OwnsOne(x => x.Office, o =>
            {
                o.Property(p => p.Address).HasMaxLength(200).HasColumnName("OfficeAddress");
                o.Property(p => p.Hours).HasMaxLength(200).HasColumnName("OfficeHours");
                o.Property(p => p.Phone).HasMaxLength(60).HasColumnName("OfficePhone");
                o.Property(p => p.Fax).HasMaxLength(60).HasColumnName("OfficeFax");
                o.Property(p => p.Email).HasMaxLength(200).HasColumnName("OfficeEmail");
                o.Property(p => p.Postcode).HasMaxLength(10).HasColumnName("OfficePostcode");
            });
            a.Navigation(x => x.Office).IsRequired();
        });

        builder.Entity<ApplicationCase>(c =>
        {
            c.ToTable("Cases");
            c.HasKey(x => x.Id);
            c.Property(x => x.TrackingNumber).HasMaxLength(40);
            c.HasIndex(x => new { x.AgencyId, x.TrackingNumber }).IsUnique();
            c.HasIndex(x => new { x.AgencyId, x.State });
            c.HasIndex(x => new { x.AgencyId, x.ReceivedOn });
            c.HasIndex(x => new { x.AgencyId, x.ClosedOn });
            c.HasIndex(x => new { x.AgencyId, x.DueOn });
            c.HasIndex(x => new { x.AgencyId, x.FeePaidOn });
            c.Property(x => x.Version).IsConcurrencyToken();
            c.Property(x => x.State).HasConversion<string>().HasMaxLength(30);
            c.Property(x => x.Channel).HasConversion<string>().HasMaxLength(20);
            c.Property(x => x.OutcomeRow).HasMaxLength(10);
            c.Property(x => x.QueryCodeHash).HasMaxLength(120);
            c.Property(x => x.FeeBasis).HasConversion<string>().HasMaxLength(20);
            c.Property(x => x.FeeYuan).HasPrecision(12, 2);
            c.OwnsOne(x => x.Applicant, a =>
            {
                a.Property(p => p.Category).HasConversion<string>().HasMaxLength(40).HasColumnName("ApplicantCategory");
                a.Property(p => p.Name).HasMaxLength(200).HasColumnName("ApplicantName");
                a.Property(p => p.IdType).HasMaxLength(40).HasColumnName("ApplicantIdType");
                a.Property(p => p.ProtectedIdNumber).HasColumnName("ApplicantIdNumberProtected");
                a.Property(p => p.MaskedIdNumber).HasMaxLength(40).HasColumnName("ApplicantIdNumberMasked");
                a.Property(p => p.Phone).HasMaxLength(40).HasColumnName("ApplicantPhone");
                a.Property(p => p.Email).HasMaxLength(200).HasColumnName("ApplicantEmail");
                a.Property(p => p.Address).HasMaxLength(300).HasColumnName("ApplicantAddress");
            });
            c.Navigation(x => x.Applicant).IsRequired();
            c.OwnsMany(x => x.Consultations, p =>
            {
                p.ToTable("CaseConsultations");
                p.WithOwner().HasForeignKey("CaseId");
                p.HasKey(x => x.Id);
                p.Property(x => x.Party).HasMaxLength(200);
            });
            c.Navigation(x => x.Consultations).HasField("consultations").UsePropertyAccessMode(PropertyAccessMode.Field);
            c.Ignore(x => x.Clock);
            c.Property(x => x.ImportedFrom).HasMaxLength(300);
            c.Property(x => x.CorrectionLateReason).HasMaxLength(500);
            c.Property(x => x.SubmittedById).HasMaxLength(450);
            c.Property(x => x.ApprovedByIds).HasMaxLength(4000);
            c.Property(x => x.RegisteredById).HasMaxLength(450);
            c.Property(x => x.CompetentAgency).HasMaxLength(300);
            c.Property(x => x.CorrectionItems).HasMaxLength(4000);
            c.Property(x => x.ExtensionReason).HasMaxLength(1000);
            c.Property(x => x.VoidReason).HasMaxLength(1000);
            // Search terms (Gongkai.Cases.Search.SearchTerms) kept by SaveChanges; SQLite indexes them with FTS5
            // (table CaseSearch, kept by triggers, rowid = SearchRowId), PostgreSQL with a GIN tsvector index.
            c.Property<string>(SearchTermsColumn).IsRequired().HasDefaultValue("");
            c.Property<long>(SearchRowIdColumn);
            c.HasIndex(SearchRowIdColumn).IsUnique();
        });
        ConfigureCaseSearch(builder);

        builder.Entity<CaseAttachment>(a =>
        {
            a.HasKey(x => x.Id);
            a.HasIndex(x => x.CaseId);
            a.Property(x => x.FileName).HasMaxLength(255);
            a.Property(x => x.ContentType).HasMaxLength(100);
            a.Property(x => x.Sha256).HasMaxLength(64);
            a.HasOne<ApplicationCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<RedactionMark>(m =>
        {
            m.HasKey(x => x.Id);
            m.HasIndex(x => new { x.AttachmentId, x.Sequence });
            m.HasIndex(x => x.CaseId);
            m.Property(x => x.Ground).HasMaxLength(40);
            m.Property(x => x.Source).HasMaxLength(200);
            m.Property(x => x.MaskedText).HasMaxLength(200);
            m.Property(x => x.MarkedBy).HasMaxLength(100);
            m.Property(x => x.ChangedBy).HasMaxLength(100);
            m.HasOne<CaseAttachment>().WithMany().HasForeignKey(x => x.AttachmentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseDocument>(d =>
        {
            d.HasKey(x => x.Id);
            d.HasIndex(x => x.CaseId);
            d.HasIndex(x => new { x.AgencyId, x.Year, x.Kind, x.Sequence }).IsUnique();
            d.Property(x => x.Kind).HasMaxLength(40);
            d.Property(x => x.Number).HasMaxLength(60);
            d.HasOne<ApplicationCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Messages.OutboxMessage>(m =>
        {
            m.ToTable("Outbox");
            m.HasKey(x => x.Id);
            m.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
            m.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            m.Property(x => x.Kind).HasMaxLength(40);
            m.Property(x => x.Recipient).HasMaxLength(200);
            m.Property(x => x.Subject).HasMaxLength(300);
            m.Property(x => x.StaffUserId).HasMaxLength(450);
            m.Property(x => x.LastError).HasMaxLength(2000);
            m.Property(x => x.ServerReply).HasMaxLength(500);
            m.Property(x => x.DedupKey).HasMaxLength(200);
            m.Property(x => x.ResentBy).HasMaxLength(100);
            // The sender's one query: what is due now, oldest first.
            m.HasIndex(x => new { x.State, x.NextAttemptAt });
            m.HasIndex(x => x.CaseId);
            m.HasIndex(x => x.LeaseToken);
            m.HasIndex(x => x.DedupKey).IsUnique();
        });

        builder.Entity<DocumentDelivery>(d =>
        {
            d.ToTable("Deliveries");
            d.HasKey(x => x.Id);
            d.HasIndex(x => x.CaseId);
            d.HasIndex(x => x.DocumentId);
            d.Property(x => x.Method).HasConversion<string>().HasMaxLength(20);
            d.Property(x => x.PostalNumber).HasMaxLength(40);
            d.Property(x => x.Note).HasMaxLength(500);
            d.Property(x => x.RecordedBy).HasMaxLength(100);
            d.HasOne<CaseDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CorrectionReply>(r =>
        {
            r.ToTable("CorrectionReplies");
            r.HasKey(x => x.Id);
            // One online reply per 补正 notice, even for two requests racing.
            r.HasIndex(x => new { x.CaseId, x.RequestedOn }).IsUnique();
            r.Property(x => x.Text).HasMaxLength(4000);
            r.Property(x => x.FileNames).HasMaxLength(2000);
            r.Property(x => x.ReceiptNumber).HasMaxLength(60);
            r.HasOne<ApplicationCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Messages.ScheduledRun>(r =>
        {
            r.HasKey(x => new { x.Job, x.Day });
            r.Property(x => x.Job).HasMaxLength(40);
            r.Property(x => x.Instance).HasMaxLength(100);
        });

        builder.Entity<Messages.StaffReminder>(r =>
        {
            r.HasKey(x => x.Id);
            r.HasIndex(x => new { x.StaffUserId, x.Day }).IsUnique();
            r.Property(x => x.StaffUserId).HasMaxLength(450);
        });

        builder.Entity<Messages.AgencyMessageTemplate>(t =>
        {
            t.HasKey(x => new { x.AgencyId, x.Kind });
            t.Property(x => x.Kind).HasMaxLength(40);
            t.Property(x => x.Subject).HasMaxLength(300);
            t.Property(x => x.UpdatedBy).HasMaxLength(100);
            t.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AgencyLetterTemplate>(t =>
        {
            t.HasKey(x => new { x.AgencyId, x.Kind });
            t.Property(x => x.Kind).HasMaxLength(40);
            t.Property(x => x.UpdatedBy).HasMaxLength(100);
            t.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AgencyPage>(p =>
        {
            p.HasKey(x => new { x.AgencyId, x.Kind });
            p.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.UpdatedBy).HasMaxLength(100);
            p.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RegulatoryDocumentRecord>(d =>
        {
            d.ToTable("RegulatoryDocuments");
            d.HasKey(x => x.Id);
            d.HasIndex(x => x.AgencyId);
            d.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            d.Property(x => x.Title).HasMaxLength(300);
            d.Property(x => x.DocumentNumber).HasMaxLength(60);
            d.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AdministrativeFiguresRecord>(f =>
        {
            f.ToTable("AdministrativeFigures");
            f.HasKey(x => new { x.AgencyId, x.Year });
            f.Property(x => x.FeesTenThousandYuan).HasPrecision(18, 4);
            f.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReviewProceedingRecord>(r =>
        {
            r.ToTable("ReviewProceedings");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedNever();
            r.HasIndex(x => new { x.AgencyId, x.FiledOn });
            r.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            r.Property(x => x.Result).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.Body).HasMaxLength(200);
            r.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<ApplicationCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<ReviewProceedingRecord>().WithMany().HasForeignKey(x => x.FollowsId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AnnualReportRecord>(r =>
        {
            r.ToTable("AnnualReports");
            r.HasKey(x => new { x.AgencyId, x.Year });
            r.HasIndex(x => x.PublishedAt);
            r.Property(x => x.UpdatedBy).HasMaxLength(100);
            r.Property(x => x.PublishedBy).HasMaxLength(100);
            r.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReportEditionRecord>(e =>
        {
            e.ToTable("ReportEditions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.AgencyId, x.Year, x.Edition }).IsUnique();
            e.Property(x => x.PublishedBy).HasMaxLength(100);
            e.Property(x => x.CorrectionReason).HasMaxLength(1000);
            e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReportCorrectionRecord>(e =>
        {
            e.ToTable("ReportCorrections");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.AgencyId, x.Year });
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ProactiveEntryRecord>(e =>
        {
            e.ToTable("ProactiveEntries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.AgencyId, x.FromOn });
            e.Property(x => x.Channel).HasMaxLength(40);
            e.Property(x => x.Title).HasMaxLength(300);
            e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DepartmentReportRecord>(r =>
        {
            r.ToTable("DepartmentReports");
            r.HasKey(x => x.Id);
            r.HasIndex(x => new { x.GovernmentId, x.Year, x.Department }).IsUnique();
            r.Property(x => x.Department).HasMaxLength(100);
            r.Property(x => x.FileName).HasMaxLength(200);
            r.Property(x => x.UploadedBy).HasMaxLength(100);
            r.HasOne<Agency>().WithMany().HasForeignKey(x => x.GovernmentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DocumentCounter>(c =>
        {
            c.HasKey(x => new { x.AgencyId, x.Year, x.Kind });
            c.Property(x => x.Kind).HasMaxLength(40);
        });

        builder.Entity<LookupThrottle>(t =>
        {
            t.HasKey(x => x.Key);
            t.Property(x => x.Key).HasMaxLength(120);
        });

        builder.Entity<PortalSubmission>(t =>
        {
            t.HasKey(x => x.Key);
            t.Property(x => x.Key).HasMaxLength(64);
            t.Property(x => x.ProtectedCode).HasMaxLength(400);
            t.Property(x => x.InputHash).HasMaxLength(64);
        });

        builder.Entity<TrackingCounter>(t =>
        {
            t.HasKey(x => new { x.AgencyId, x.Year });
            t.Property(x => x.Version).IsConcurrencyToken();
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => new { x.EntityType, x.EntityId });
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.KeyId).HasMaxLength(40);
            e.Property(x => x.Mac).HasMaxLength(64);
        });

        builder.Entity<AuditHead>(h =>
        {
            h.HasKey(x => x.Id);
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.Version).IsConcurrencyToken();
        });

        builder.Entity<CalendarYear>(y =>
        {
            y.HasKey(x => x.Year);
            y.Property(x => x.Year).ValueGeneratedNever();
        });

        builder.Entity<StaffUser>(u => u.Property(x => x.DisplayName).HasMaxLength(100));
    }

    public const string SearchTermsColumn = "SearchTerms";
    public const string SearchRowIdColumn = "SearchRowId";

    /// <summary>The provider's full-text index over the search terms (PostgreSQL: a GIN index; SQLite: FTS5, created by the migration).</summary>
    protected virtual void ConfigureCaseSearch(ModelBuilder builder)
    {
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefreshSearchTerms();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefreshSearchTerms();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every added or changed case gets its search terms from the text a search looks at: tracking number, applicant, request, answer.</summary>
    private void RefreshSearchTerms()
    {
        foreach (var entry in ChangeTracker.Entries<ApplicationCase>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            var c = entry.Entity;
            var terms = Gongkai.Cases.Search.SearchTerms.For(c.TrackingNumber, c.Applicant.Name, c.Request, c.AnswerText);
            var property = entry.Property<string>(SearchTermsColumn);
            if (property.CurrentValue != terms)
            {
                property.CurrentValue = terms;
            }
            if (entry.State == EntityState.Added)
            {
                entry.Property<long>(SearchRowIdColumn).CurrentValue = SearchRowId(c.ReceivedOn, c.Id);
            }
        }
    }

    /// <summary>
    /// The full-text index's row id for a case: the day of receipt in the high bits and 31 bits of the case id
    /// below, so the index lists matches newest first without sorting them (the case list's default order) and
    /// the key never changes (a case's receipt date and id are fixed; SQLite's own rowids may change on VACUUM).
    /// </summary>
    public static long SearchRowId(DateOnly receivedOn, Guid id) => ((long)receivedOn.DayNumber << 31) | (BitConverter.ToInt64(id.ToByteArray(), 0) & 0x7FFF_FFFF);

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A short list kept as one JSON column (an agency's review chain, channels, external departments).</summary>
    private static class JsonList<T>
    {
        public static readonly ValueConverter<List<T>, string> Converter = new(
            v => JsonSerializer.Serialize(v, JsonOptions),
            v => JsonSerializer.Deserialize<List<T>>(v, JsonOptions) ?? new List<T>());

        public static readonly ValueComparer<List<T>> Comparer = new(
            (x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList());
    }
}

/// <summary>SQLite: the default, a file under the data folder.</summary>
public sealed class SqliteGongkaiDbContext : GongkaiDbContext
{
    public SqliteGongkaiDbContext(DbContextOptions<SqliteGongkaiDbContext> options)
        : base(options, null)
    {
    }

    public SqliteGongkaiDbContext(DbContextOptions<SqliteGongkaiDbContext> options, AuditSeal auditSeal)
        : base(options, auditSeal)
    {
    }

    /// <summary>The FTS5 index's rows, read with a MATCH (<see cref="Cases.CaseSearchIndex"/>); the migration creates the table itself.</summary>
    protected override void ConfigureCaseSearch(ModelBuilder builder) =>
        builder.Entity<Cases.CaseSearchRow>(r =>
        {
            r.HasNoKey();
            r.ToTable("CaseSearch", t => t.ExcludeFromMigrations());
            r.Property(x => x.RowId).HasColumnName("rowid");
        });
}

/// <summary>PostgreSQL: when a connection string is configured.</summary>
public sealed class PostgresGongkaiDbContext : GongkaiDbContext
{
    public PostgresGongkaiDbContext(DbContextOptions<PostgresGongkaiDbContext> options)
        : base(options, null)
    {
    }

    public PostgresGongkaiDbContext(DbContextOptions<PostgresGongkaiDbContext> options, AuditSeal auditSeal)
        : base(options, auditSeal)
    {
    }

    protected override void ConfigureCaseSearch(ModelBuilder builder) =>
        builder.Entity<ApplicationCase>().HasIndex(SearchTermsColumn).HasMethod("GIN").IsTsVectorExpressionIndex("simple").HasDatabaseName("IX_Cases_SearchTerms_fts");
}
