using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Flow;

/// <summary>One activity right now: the work at its steps (of which waiting) and the information routed to it.</summary>
public sealed record ActivityLoad(ValueChainActivity Activity, int ActiveWork, int Waiting, int ArtifactsReceived);

/// <summary>Information that went from one activity to another: artifacts produced by one, delivered to the other.</summary>
public sealed record ActivityFlow(ValueChainActivity From, ValueChainActivity To, int Artifacts);

public sealed record ValueChainSnapshot(IReadOnlyList<ActivityLoad> Activities, IReadOnlyList<ActivityFlow> Flows);

/// <summary>The whole value chain at a glance, counted in the database (a handful of grouped queries).</summary>
public sealed class ValueChainOverview(ValueChainDbContext db)
{
    public async Task<ValueChainSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var work = await db.WorkItems.AsNoTracking()
            .Where(w => w.State == WorkItemState.Active && w.CurrentActivity != null)
            .GroupBy(w => new { w.CurrentActivity, Waiting = w.CurrentStepStatus == StepStatus.Waiting })
            .Select(g => new { g.Key.CurrentActivity, g.Key.Waiting, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var received = await db.InboxEntries.AsNoTracking()
            .GroupBy(i => i.Activity)
            .Select(g => new { Activity = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var flows = await db.InboxEntries.AsNoTracking()
            .GroupBy(i => new { i.Artifact!.ProducedBy, i.Activity })
            .Select(g => new { g.Key.ProducedBy, g.Key.Activity, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var activities = ValueChainActivities.All.Select(a => new ActivityLoad(
                a.Activity,
                work.Where(w => w.CurrentActivity == a.Activity).Sum(w => w.Count),
                work.Where(w => w.CurrentActivity == a.Activity && w.Waiting).Sum(w => w.Count),
                received.Where(r => r.Activity == a.Activity).Sum(r => r.Count)))
            .ToList();
        return new ValueChainSnapshot(
            activities,
            [.. flows.Select(f => new ActivityFlow(f.ProducedBy, f.Activity, f.Count)).OrderByDescending(f => f.Artifacts)]);
    }
}
