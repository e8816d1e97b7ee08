using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.ValueStreams;

/// <summary>Which work items to list; every criterion is optional.</summary>
public sealed record WorkItemFilter(
    WorkItemState? State = null,
    string? ValueStream = null,
    ValueChainActivity? Activity = null,
    string? Step = null,
    string? Team = null,
    string? Service = null,
    string? DemandType = null,
    int Offset = 0,
    int Limit = 50)
{
    public const int MaxLimit = 500;
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);

public sealed class WorkItemQueries(ValueChainDbContext db)
{
    public async Task<Page<WorkItem>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.WorkItems.AsNoTracking();
        if (filter.State is { } state)
        {
            query = query.Where(w => w.State == state);
        }

        if (filter.ValueStream is { } stream)
        {
            query = query.Where(w => w.ValueStreamKey == stream);
        }

        if (filter.Activity is { } activity)
        {
            query = query.Where(w => w.CurrentActivity == activity);
        }

        if (filter.Step is { } step)
        {
            query = query.Where(w => w.CurrentStepKey == step);
        }

        if (filter.Team is { } team)
        {
            query = query.Where(w => w.CurrentTeam == team);
        }

        if (filter.Service is { } service)
        {
            query = query.Where(w => w.ServiceKey == service);
        }

        if (filter.DemandType is { } demandType)
        {
            query = query.Where(w => w.DemandType == demandType);
        }

        var limit = Math.Clamp(filter.Limit, 1, WorkItemFilter.MaxLimit);
        var offset = Math.Max(0, filter.Offset);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(w => w.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return new Page<WorkItem>(items, total, offset, limit);
    }

    public Task<WorkItem?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        db.WorkItems.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Artifact>> ArtifactsAsync(long workItemId, CancellationToken cancellationToken = default) =>
        await db.Artifacts.AsNoTracking().Where(a => a.WorkItemId == workItemId).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Events in the order they were appended, after <paramref name="afterId"/> (a cursor), optionally for one work item.</summary>
    public async Task<IReadOnlyList<WorkItemEvent>> EventsAsync(long? workItemId, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        var query = db.Events.AsNoTracking().Where(e => e.Id > afterId);
        if (workItemId is { } id)
        {
            query = query.Where(e => e.WorkItemId == id);
        }

        return await query.OrderBy(e => e.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
    }
}
