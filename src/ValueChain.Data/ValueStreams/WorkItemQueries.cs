using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.ValueStreams;

/// <summary>Which work items to list, in which order; every criterion is optional.</summary>
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

    /// <summary>The value of <see cref="Assignee"/> that asks for work nobody has taken.</summary>
    public const string Unassigned = "none";

    public string? Requester { get; init; }

    /// <summary>A user name, or <see cref="Unassigned"/>.</summary>
    public string? Assignee { get; init; }

    public Priority? Priority { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public DateTimeOffset? UpdatedFrom { get; init; }

    public DateTimeOffset? UpdatedTo { get; init; }

    /// <summary>Words that must all start words of the title or description (see <see cref="WorkItemSearch"/>).</summary>
    public IReadOnlyList<string> SearchTerms { get; init; } = [];

    public WorkItemSort Sort { get; init; } = WorkItemSort.Newest;

    /// <summary>
    /// A cursor: list only the items after this id in the order of <see cref="Sort"/>, which must be in id order
    /// (<see cref="WorkItemSortExtensions.PagesById"/>) with no offset. A later page then costs a page, where an offset
    /// reads and skips every row before it.
    /// </summary>
    public long? After { get; init; }
}

/// <summary>How work item lists count their matches.</summary>
public sealed record WorkItemListSettings
{
    /// <summary>
    /// Lists count at most this many matches and then say there are more (<see cref="Page{T}.TotalIsLowerBound"/>).
    /// Counting reads every match, and on PostgreSQL rechecks each in the table, so a count of a common word at a
    /// million items cost more than the page; nobody pages through a thousand items either, they narrow the search.
    /// </summary>
    public int CountBound { get; init; } = 1000;
}

/// <summary>Orders of a work item list; each breaks ties by id, so pages never overlap.</summary>
public enum WorkItemSort
{
    Newest,
    Oldest,
    RecentlyUpdated,
    LeastRecentlyUpdated,
    MostUrgent,
    LeastUrgent,
    Title,
    TitleDescending,
}

public static class WorkItemSortExtensions
{
    /// <summary>Whether the order is the items' ids, so that a page can continue after an id (<see cref="WorkItemFilter.After"/>).</summary>
    public static bool PagesById(this WorkItemSort sort) => sort is WorkItemSort.Newest or WorkItemSort.Oldest;
}

/// <summary>One page of a list: the items, how many match in all, and where the page starts.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit)
{
    /// <summary>Whether counting stopped at <see cref="Total"/> and more match.</summary>
    public bool TotalIsLowerBound { get; init; }

    /// <summary>Whether more items follow this page.</summary>
    public bool More { get; init; }

    /// <summary>The cursor of the next page (the last item's id) when the list is in id order and more items follow.</summary>
    public long? Next { get; init; }
}

/// <summary>Which events to read from the log, after a cursor (an event id); every criterion is optional.</summary>
public sealed record EventFilter(long After = 0, int Limit = 100)
{
    public const int MaxLimit = 1000;

    public long? WorkItemId { get; init; }

    /// <summary>Event types (see <see cref="EventTypes"/>); any of them matches.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    public string? ValueStream { get; init; }

    public ValueChainActivity? Activity { get; init; }

    public string? Actor { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }
}

/// <summary>One message of the conversation about a work item: a comment, or the requester's answer to a wait.</summary>
public sealed record ConversationEntry(long EventId, string Author, DateTimeOffset At, string Text, bool Answer);

public sealed class WorkItemQueries(ValueChainDbContext db, WorkItemListSettings settings)
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

        if (filter.Requester is { } requester)
        {
            query = query.Where(w => w.Requester == requester);
        }

        if (filter.Assignee is { } assignee)
        {
            query = assignee == WorkItemFilter.Unassigned ? query.Where(w => w.Assignee == null) : query.Where(w => w.Assignee == assignee);
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(w => w.Priority == priority);
        }

        query = Within(query, filter);
        var searchOnly = filter.SearchTerms.Count > 0 && filter == new WorkItemFilter(Offset: filter.Offset, Limit: filter.Limit)
        {
            SearchTerms = filter.SearchTerms,
            Sort = filter.Sort,
            After = filter.After,
        };
        var limit = Math.Clamp(filter.Limit, 1, WorkItemFilter.MaxLimit);
        var offset = Math.Max(0, filter.Offset);
        if (filter.After is not null && (!filter.Sort.PagesById() || offset > 0))
        {
            throw new ArgumentException("A cursor continues a list in id order, without an offset.", nameof(filter));
        }

        var search = await WorkItemSearch.PrepareAsync(db, filter.SearchTerms, cancellationToken);
        query = query.Matching(db, search);
        var page = searchOnly && filter.Sort == WorkItemSort.Newest
            ? db.WorkItems.AsNoTracking().NewestMatching(db, search, offset + limit + 1, filter.After)
            : filter.After switch
            {
                null => query,
                { } after when filter.Sort == WorkItemSort.Oldest => query.Where(w => w.Id > after),
                { } after => query.Where(w => w.Id < after),
            };
        // One more than the page says whether another follows, without a count.
        var items = await Sorted(page, filter.Sort).Skip(offset).Take(limit + 1).ToListAsync(cancellationToken);
        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(limit);
        }

        var result = new Page<WorkItem>(items, items.Count, offset, limit) { More = more, Next = more && filter.Sort.PagesById() ? items[^1].Id : null };
        if (offset == 0 && filter.After is null && !more)
        {
            // The first page holds every match: that is the count.
            return result;
        }

        // A search and nothing else is counted in the search index itself: every entry there is one work item, and
        // joining thousands of matches back to their rows only to count them costs more than the page. Either count
        // stops one past the bound.
        var bound = Math.Max(1, settings.CountBound);
        var counted = searchOnly
            ? await WorkItemSearch.CountAsync(db, search, bound + 1, cancellationToken)
            : await query.Take(bound + 1).CountAsync(cancellationToken);
        return counted > bound
            ? result with { Total = Math.Max(bound, offset + items.Count), TotalIsLowerBound = true }
            : result with { Total = counted };
    }

    /// <summary>Created and updated ranges: from is inclusive, to is exclusive, so that adjacent ranges do not overlap.</summary>
    private static IQueryable<WorkItem> Within(IQueryable<WorkItem> query, WorkItemFilter filter)
    {
        if (filter.CreatedFrom is { } createdFrom)
        {
            query = query.Where(w => w.CreatedAt >= createdFrom);
        }

        if (filter.CreatedTo is { } createdTo)
        {
            query = query.Where(w => w.CreatedAt < createdTo);
        }

        if (filter.UpdatedFrom is { } updatedFrom)
        {
            query = query.Where(w => w.UpdatedAt >= updatedFrom);
        }

        if (filter.UpdatedTo is { } updatedTo)
        {
            query = query.Where(w => w.UpdatedAt < updatedTo);
        }

        return query;
    }

    private static IOrderedQueryable<WorkItem> Sorted(IQueryable<WorkItem> query, WorkItemSort sort) => sort switch
    {
        // Ids grow with creation, so they order by creation time and break ties in one go.
        WorkItemSort.Oldest => query.OrderBy(w => w.Id),
        WorkItemSort.RecentlyUpdated => query.OrderByDescending(w => w.UpdatedAt).ThenByDescending(w => w.Id),
        WorkItemSort.LeastRecentlyUpdated => query.OrderBy(w => w.UpdatedAt).ThenBy(w => w.Id),
        WorkItemSort.MostUrgent => query.OrderBy(Urgency).ThenBy(w => w.Id),
        WorkItemSort.LeastUrgent => query.OrderByDescending(Urgency).ThenByDescending(w => w.Id),
        WorkItemSort.Title => query.OrderBy(w => w.Title).ThenBy(w => w.Id),
        WorkItemSort.TitleDescending => query.OrderByDescending(w => w.Title).ThenByDescending(w => w.Id),
        _ => query.OrderByDescending(w => w.Id),
    };

    /// <summary>Priorities are stored by name; this ranks them in SQL, most urgent first.</summary>
    private static readonly Expression<Func<WorkItem, int>> Urgency = w =>
        w.Priority == Priority.Critical ? 0 : w.Priority == Priority.High ? 1 : w.Priority == Priority.Medium ? 2 : 3;

    /// <summary>One work item with its step visits, untracked.</summary>
    public Task<WorkItem?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        ItemById.For(db)(db, id, cancellationToken);

    public async Task<IReadOnlyList<Artifact>> ArtifactsAsync(long workItemId, CancellationToken cancellationToken = default)
    {
        var artifacts = new List<Artifact>();
        await foreach (var artifact in ArtifactsOf.For(db)(db, workItemId).WithCancellation(cancellationToken))
        {
            artifacts.Add(artifact);
        }

        return artifacts;
    }

    // The work item page, and the answer to every transition, read these two: compiled, they skip EF Core's
    // translation cache lookup (hashing the expression tree) on each call.
    private static readonly CompiledPerModel<Func<ValueChainDbContext, long, CancellationToken, Task<WorkItem?>>> ItemById = new(() =>
        EF.CompileAsyncQuery((ValueChainDbContext db, long id, CancellationToken _) =>
            db.WorkItems.AsNoTracking().FirstOrDefault(w => w.Id == id)));

    private static readonly CompiledPerModel<Func<ValueChainDbContext, long, IAsyncEnumerable<Artifact>>> ArtifactsOf = new(() =>
        EF.CompileAsyncQuery<ValueChainDbContext, long, Artifact>((db, workItemId) =>
            db.Artifacts.AsNoTracking().Where(a => a.WorkItemId == workItemId).OrderBy(a => a.Id)));

    /// <summary>The comments and answers of one work item, oldest first, read from its events.</summary>
    public async Task<IReadOnlyList<ConversationEntry>> ConversationAsync(long workItemId, CancellationToken cancellationToken = default)
    {
        var events = await db.Events.AsNoTracking()
            .Where(e => e.WorkItemId == workItemId && (e.Type == EventTypes.Commented || e.Type == EventTypes.StepResumed))
            .OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Actor, e.OccurredAt, e.Type, e.Data })
            .ToListAsync(cancellationToken);
        var entries = new List<ConversationEntry>();
        foreach (var e in events)
        {
            if (e.Data is null)
            {
                continue;
            }

            using var document = System.Text.Json.JsonDocument.Parse(e.Data);
            var field = e.Type == EventTypes.Commented ? "text" : "answer";
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var text) && text.GetString() is { } message)
            {
                entries.Add(new ConversationEntry(e.Id, e.Actor, e.OccurredAt, message, e.Type == EventTypes.StepResumed));
            }
        }

        return entries;
    }

    /// <summary>Where the artifacts of one work item were delivered: each artifact and the activities whose inbox received it.</summary>
    public async Task<IReadOnlyList<(long ArtifactId, ValueChainActivity Activity)>> DeliveriesAsync(long workItemId, CancellationToken cancellationToken = default) =>
        (await db.InboxEntries.AsNoTracking().Where(i => i.Artifact!.WorkItemId == workItemId)
            .Select(i => new { i.ArtifactId, i.Activity }).ToListAsync(cancellationToken))
        .Select(i => (i.ArtifactId, i.Activity)).ToList();

    /// <summary>Events in the order they were appended, after <paramref name="afterId"/> (a cursor), optionally for one work item.</summary>
    public Task<IReadOnlyList<WorkItemEvent>> EventsAsync(long? workItemId, long afterId, int limit, CancellationToken cancellationToken = default) =>
        EventsAsync(new EventFilter(afterId, limit) { WorkItemId = workItemId }, cancellationToken);

    /// <summary>Events in the order they were appended that match <paramref name="filter"/>, after its cursor.</summary>
    public async Task<IReadOnlyList<WorkItemEvent>> EventsAsync(EventFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Events.AsNoTracking().Where(e => e.Id > filter.After);
        if (filter.WorkItemId is { } id)
        {
            query = query.Where(e => e.WorkItemId == id);
        }

        if (filter.Types.Count > 0)
        {
            var types = filter.Types;
            query = query.Where(e => types.Contains(e.Type));
        }

        if (filter.ValueStream is { } stream)
        {
            query = query.Where(e => e.ValueStreamKey == stream);
        }

        if (filter.Activity is { } activity)
        {
            query = query.Where(e => e.Activity == activity);
        }

        if (filter.Actor is { } actor)
        {
            query = query.Where(e => e.Actor == actor);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        // One more than the largest page, so that a caller can ask for a page and one to tell whether the log goes on.
        return await query.OrderBy(e => e.Id).Take(Math.Clamp(filter.Limit, 1, EventFilter.MaxLimit + 1)).ToListAsync(cancellationToken);
    }
}
