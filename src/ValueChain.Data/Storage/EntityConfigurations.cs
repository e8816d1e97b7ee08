using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ValueChain.Data.Access;
using ValueChain.Engage;
using ValueChain.Plan;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Storage;

internal sealed class ValueStreamRevisionConfiguration : IEntityTypeConfiguration<ValueStreamRevision>
{
    public void Configure(EntityTypeBuilder<ValueStreamRevision> builder)
    {
        builder.ToTable("ValueStreamVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Key).HasMaxLength(100);
        builder.Property(v => v.Name).HasMaxLength(200);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.Property(v => v.PublishedBy).HasMaxLength(100);
        builder.HasIndex(v => new { v.Key, v.Version }).IsUnique();
        builder.Ignore(v => v.Definition);
    }
}

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>
{
    public void Configure(EntityTypeBuilder<WorkItem> builder)
    {
        builder.ToTable("WorkItems");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Title).HasMaxLength(200);
        builder.Property(w => w.DemandType).HasMaxLength(50);
        builder.Property(w => w.ServiceKey).HasMaxLength(100);
        builder.Property(w => w.Requester).HasMaxLength(200);
        builder.Property(w => w.Channel).HasMaxLength(50);
        builder.Property(w => w.ValueStreamKey).HasMaxLength(100);
        builder.Property(w => w.CurrentStepKey).HasMaxLength(100);
        builder.Property(w => w.CurrentTeam).HasMaxLength(100);
        builder.Property(w => w.Assignee).HasMaxLength(256);
        builder.Property(w => w.ConfirmedBy).HasMaxLength(200);
        builder.Property(w => w.Revision).IsConcurrencyToken();
        builder.Ignore(w => w.CurrentVisit);
        // Work keeps the service it was raised against: a service with work is retired, never deleted.
        builder.HasOne<Service>().WithMany().HasForeignKey(w => w.ServiceKey).OnDelete(DeleteBehavior.Restrict);
        // An agent's inbox: active work at an activity, of one team, newest first; the id ends the key so that the first
        // page is read straight from the index, with no sort.
        builder.HasIndex(w => new { w.State, w.CurrentActivity, w.CurrentTeam, w.Id });
        builder.HasIndex(w => new { w.ValueStreamKey, w.State });
        // Flow reports read the items of a stream still open at the start of a period: not closed, closed or delivered
        // since. Each of these indexes answers one of those ranges with the creation time at hand (see FlowQueries).
        builder.HasIndex(w => new { w.ValueStreamKey, w.ClosedAt, w.CreatedAt });
        builder.HasIndex(w => new { w.ValueStreamKey, w.DeliveredAt, w.CreatedAt });
        builder.HasIndex(w => w.UpdatedAt);
        builder.HasIndex(w => new { w.Assignee, w.State });
        builder.HasIndex(w => new { w.Requester, w.State });

        builder.OwnsMany(w => w.Visits, visit =>
        {
            visit.ToTable("StepVisits");
            visit.WithOwner().HasForeignKey("WorkItemId");
            visit.HasKey("WorkItemId", nameof(StepVisit.Ordinal));
            visit.Property(v => v.Ordinal).ValueGeneratedNever();
            visit.Property(v => v.StepKey).HasMaxLength(100);
            visit.Property(v => v.Team).HasMaxLength(100);
        });
        builder.Navigation(w => w.Visits).HasField("_visits").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class WorkItemEventConfiguration : IEntityTypeConfiguration<WorkItemEvent>
{
    public void Configure(EntityTypeBuilder<WorkItemEvent> builder)
    {
        builder.ToTable("Events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(50);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.ValueStreamKey).HasMaxLength(100);
        builder.Property(e => e.StepKey).HasMaxLength(100);
        builder.Property(e => e.FromStatus).HasMaxLength(32);
        builder.Property(e => e.ToStatus).HasMaxLength(32);
        builder.HasOne(e => e.WorkItem).WithMany().HasForeignKey(e => e.WorkItemId).OnDelete(DeleteBehavior.Restrict);

        // A second writer that slipped past the concurrency token still cannot append the same revision twice.
        builder.HasIndex(e => new { e.WorkItemId, e.Sequence }).IsUnique();
        builder.HasIndex(e => e.OccurredAt);
        // The few events that put a step on wait or take it off, for the waits of flow reports: a partial index, so
        // that a report reads them without visiting every event of every item.
        builder.HasIndex([nameof(WorkItemEvent.WorkItemId), nameof(WorkItemEvent.Sequence)], "IX_Events_Waits")
            .HasFilter("\"ToStatus\" = 'waiting' OR \"FromStatus\" = 'waiting'");
    }
}

internal sealed class ArtifactConfiguration : IEntityTypeConfiguration<Artifact>
{
    public void Configure(EntityTypeBuilder<Artifact> builder)
    {
        builder.ToTable("Artifacts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(100);
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.StepKey).HasMaxLength(100);
        builder.HasOne(a => a.WorkItem).WithMany().HasForeignKey(a => a.WorkItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.WorkItemId);
        builder.HasIndex(a => new { a.Kind, a.CreatedAt });
        builder.HasIndex(a => a.CreatedAt);
    }
}

internal sealed class InboxEntryConfiguration : IEntityTypeConfiguration<InboxEntry>
{
    public void Configure(EntityTypeBuilder<InboxEntry> builder)
    {
        builder.ToTable("InboxEntries");
        builder.HasKey(i => i.Id);
        builder.HasOne(i => i.Artifact).WithMany().HasForeignKey(i => i.ArtifactId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.Activity, i.DeliveredAt });
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ToTable("Services");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.OwnerTeamKey).HasMaxLength(100);
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.Ignore(s => s.Moves);
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.OwnerTeamKey).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("Teams");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(100);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Revision).IsConcurrencyToken();
    }
}

internal sealed class StakeholderConfiguration : IEntityTypeConfiguration<Stakeholder>
{
    public void Configure(EntityTypeBuilder<Stakeholder> builder)
    {
        builder.ToTable("Stakeholders");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Email).HasMaxLength(200);
        builder.Property(s => s.Organization).HasMaxLength(200);
        builder.Property(s => s.Revision).IsConcurrencyToken();
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("Accounts");
        builder.Property(a => a.DisplayName).HasMaxLength(200);
    }
}

internal sealed class IdentityTableNames :
    IEntityTypeConfiguration<IdentityRole>,
    IEntityTypeConfiguration<IdentityUserRole<string>>,
    IEntityTypeConfiguration<IdentityUserClaim<string>>,
    IEntityTypeConfiguration<IdentityUserLogin<string>>,
    IEntityTypeConfiguration<IdentityUserToken<string>>,
    IEntityTypeConfiguration<IdentityRoleClaim<string>>
{
    // Identity's own names (AspNetUsers, ...) say where the tables come from; ours say what they hold.
    public void Configure(EntityTypeBuilder<IdentityRole> builder) => builder.ToTable("Roles");

    public void Configure(EntityTypeBuilder<IdentityUserRole<string>> builder) => builder.ToTable("AccountRoles");

    public void Configure(EntityTypeBuilder<IdentityUserClaim<string>> builder) => builder.ToTable("AccountClaims");

    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> builder) => builder.ToTable("AccountLogins");

    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> builder) => builder.ToTable("AccountTokens");

    public void Configure(EntityTypeBuilder<IdentityRoleClaim<string>> builder) => builder.ToTable("RoleClaims");
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.AccountId).HasMaxLength(450);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(12);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.Prefix);
        builder.HasIndex(t => t.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
