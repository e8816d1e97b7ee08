using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Flow;

/// <summary>What an activity has to attend to: work at its steps, and information routed to it.</summary>
public sealed record Inbox(ValueChainActivity Activity, IReadOnlyList<WorkItem> Work, IReadOnlyList<InboxEntry> Artifacts);

public sealed class InboxQueries(ValueChainDbContext db)
{
    public async Task<Inbox> ForActivityAsync(ValueChainActivity activity, int limit = 100, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, 500);
        var work = await db.WorkItems.AsNoTracking()
            .Where(w => w.State == WorkItemState.Active && w.CurrentActivity == activity)
            .OrderBy(w => w.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var artifacts = await db.InboxEntries.AsNoTracking()
            .Include(i => i.Artifact)
            .Where(i => i.Activity == activity)
            .OrderByDescending(i => i.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return new Inbox(activity, work, artifacts);
    }
}
