using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Flow;

/// <summary>
/// Which artifacts to list; every criterion is optional. <paramref name="ProducedAfter"/> and
/// <paramref name="ProducedBefore"/> are exclusive bounds.
/// </summary>
public sealed record ArtifactFilter(
    string? Kind = null,
    long? WorkItemId = null,
    ValueChainActivity? ProducedBy = null,
    DateTimeOffset? ProducedAfter = null,
    DateTimeOffset? ProducedBefore = null,
    int Offset = 0,
    int Limit = 50);

/// <summary>An artifact and the activities the information-flow map delivered it to.</summary>
public sealed record ArtifactRecord(Artifact Artifact, IReadOnlyList<ValueChainActivity> DeliveredTo);

/// <summary>The information steps produced, across all work: for audits, reports and following a kind of output.</summary>
public sealed class ArtifactQueries(ValueChainDbContext db)
{
    /// <summary>Artifacts newest first.</summary>
    public async Task<(IReadOnlyList<Artifact> Items, int Total)> ListAsync(ArtifactFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Artifacts.AsNoTracking();
        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        if (filter.WorkItemId is { } workItem)
        {
            query = query.Where(a => a.WorkItemId == workItem);
        }

        if (filter.ProducedBy is { } activity)
        {
            query = query.Where(a => a.ProducedBy == activity);
        }

        // PostgreSQL stores instants in UTC and refuses other offsets; SQLite compares the stored UTC ticks.
        if (filter.ProducedAfter?.ToUniversalTime() is { } after)
        {
            query = query.Where(a => a.CreatedAt > after);
        }

        if (filter.ProducedBefore?.ToUniversalTime() is { } before)
        {
            query = query.Where(a => a.CreatedAt < before);
        }

        var (offset, limit) = Edits.Paging(filter.Offset, filter.Limit);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<ArtifactRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var artifact = await db.Artifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (artifact is null)
        {
            return null;
        }

        var deliveredTo = await db.InboxEntries.AsNoTracking().Where(i => i.ArtifactId == id).OrderBy(i => i.Id)
            .Select(i => i.Activity).ToListAsync(cancellationToken);
        return new ArtifactRecord(artifact, deliveredTo);
    }
}
