using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ValueChain.Data.Integrations;
using ValueChain.Data.Jobs;

namespace ValueChain.Data.Storage;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("Jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.LeaseToken).HasMaxLength(32);
        builder.Property(j => j.LastError).HasMaxLength(2000);
        // Claiming scans by state and due time; finishing finds the claim by its token.
        builder.HasIndex(j => new { j.State, j.RunAfter });
        builder.HasIndex(j => j.LeaseToken);
    }
}

internal sealed class CursorConfiguration : IEntityTypeConfiguration<Cursor>
{
    public void Configure(EntityTypeBuilder<Cursor> builder)
    {
        builder.ToTable("Cursors");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Secret).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(500);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.Revision).IsConcurrencyToken();
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.NodeId).HasMaxLength(200);
        builder.Property(d => d.Error).HasMaxLength(2000);
        builder.HasIndex(d => new { d.SubscriptionId, d.Id });
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgreementVersionConfiguration : IEntityTypeConfiguration<ValueChain.Data.Engage.AgreementVersion>
{
    public void Configure(EntityTypeBuilder<ValueChain.Data.Engage.AgreementVersion> builder)
    {
        builder.ToTable("AgreementVersions");
        builder.HasKey(v => v.Id);
        // One row per version: two nodes publishing at once cannot both become version N.
        builder.HasIndex(v => v.Version).IsUnique();
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.Property(v => v.PublishedBy).HasMaxLength(256);
    }
}

internal sealed class EscalationRecordConfiguration : IEntityTypeConfiguration<ValueChain.Data.Engage.EscalationRecord>
{
    public void Configure(EntityTypeBuilder<ValueChain.Data.Engage.EscalationRecord> builder)
    {
        builder.ToTable("Escalations");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(400);
        builder.HasIndex(e => e.WorkItemId);
    }
}
