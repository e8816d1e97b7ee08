using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NpgsqlTypes;
using ValueChain.Data.Access;
using ValueChain.Data.Integrations;
using ValueChain.Data.Jobs;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Plan;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Storage;

/// <summary>
/// The one model of ValueChain's data. Each database provider has a subclass only so that it can carry its own
/// migrations; code everywhere else asks for this type.
/// </summary>
public abstract class ValueChainDbContext(DbContextOptions options) : IdentityDbContext<Account>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in cookies and antiforgery tokens, shared by every server node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ValueStreamRevision> ValueStreams => Set<ValueStreamRevision>();

    public DbSet<WorkItem> WorkItems => Set<WorkItem>();

    public DbSet<WorkItemEvent> Events => Set<WorkItemEvent>();

    public DbSet<Artifact> Artifacts => Set<Artifact>();

    public DbSet<InboxEntry> InboxEntries => Set<InboxEntry>();

    public DbSet<Service> Services => Set<Service>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Stakeholder> Stakeholders => Set<Stakeholder>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<Cursor> Cursors => Set<Cursor>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ValueChain.Data.Engage.AgreementVersion> AgreementVersions => Set<ValueChain.Data.Engage.AgreementVersion>();

    public DbSet<ValueChain.Data.Engage.EscalationRecord> Escalations => Set<ValueChain.Data.Engage.EscalationRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are added.
        configurationBuilder.Properties<ValueChainActivity>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<WorkItemState>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<StepStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<VisitOutcome>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<WaitReason>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Priority>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ServiceLifecycle>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<StakeholderKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<JobState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TimeSpan>().HaveConversion<TimeSpanToTicksConverter>();

        if (Database.IsSqlite())
        {
            // SQLite has no date type; a sortable integer keeps range filters and ordering in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else
        {
            // PostgreSQL keeps instants in UTC and refuses any other offset; instants computed in a calendar's time
            // zone are brought to UTC on the way in.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ValueChainDbContext).Assembly);
    }
}

/// <summary>The embedded default: one SQLite file in the data folder.</summary>
public sealed class SqliteValueChainDbContext(DbContextOptions<SqliteValueChainDbContext> options) : ValueChainDbContext(options);

/// <summary>PostgreSQL, for production and for several server nodes on one database.</summary>
public sealed class PostgresValueChainDbContext(DbContextOptions<PostgresValueChainDbContext> options) : ValueChainDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Full-text search on title and description: a generated tsvector with a GIN index. The 'simple'
        // configuration lowercases words without stemming, like SQLite's FTS5 table does (see WorkItemSearch).
        modelBuilder.Entity<WorkItem>()
            .Property<NpgsqlTsVector>(WorkItemSearch.VectorColumn)
            .HasComputedColumnSql("""to_tsvector('simple', coalesce("Title", '') || ' ' || coalesce("Description", ''))""", stored: true);
        modelBuilder.Entity<WorkItem>().HasIndex(WorkItemSearch.VectorColumn).HasMethod("GIN");
    }
}
