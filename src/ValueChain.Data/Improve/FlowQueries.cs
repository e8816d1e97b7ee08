using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Engage;
using ValueChain.Improve.Metrics;
using ValueChain.Improve.Mining;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve;

/// <summary>
/// Loads the history the flow metrics and process mining need: the work items open at some point of a period, with
/// their visits and their waits (read from the events that began and ended them), in three queries whatever the count.
/// </summary>
public sealed class FlowQueries(ValueChainDbContext db, TimeProvider clock)
{
    /// <summary>The activity that ends a case in ValueChain's own log: the last step was done and value delivered.</summary>
    public const string ValueStreamEnd = "value";

    private const string Waiting = "waiting";

    /// <summary>The flow report of the items <paramref name="filter"/> takes, over <paramref name="period"/>.</summary>
    public async Task<FlowReport> ReportAsync(
        MetricsPeriod period, MetricsFilter filter, MetricsDimension by = MetricsDimension.ValueStream, CancellationToken cancellationToken = default)
    {
        var history = await HistoryAsync(period, filter, cancellationToken);
        return FlowCalculator.Report(history, period, clock.GetUtcNow(), filter, by);
    }

    /// <summary>
    /// Every item opened before the period ends and not closed before it begins, with its visits and waits. The team
    /// and activity filters are applied by the calculator, which also narrows the visits.
    /// </summary>
    public async Task<IReadOnlyList<FlowItem>> HistoryAsync(MetricsPeriod period, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        // The items first, by id: each of the three ways an item can still be open at the period's start (not closed,
        // closed since, delivered since) is a range of its own index, where one condition with ORs would read the
        // stream's every item. Then the rows of those items only, each table once, with the ids as one parameter (an
        // array or JSON), however many there are.
        var ids = await OpenIn(period, filter).OrderBy(id => id).ToListAsync(cancellationToken);
        var heads = await db.WorkItems.AsNoTracking()
            .Where(w => EF.Parameter(ids).Contains(w.Id))
            .Select(w => new { w.Id, w.ValueStreamKey, w.DemandType, w.ServiceKey, w.CreatedAt, w.State, w.DeliveredAt, w.ClosedAt, w.Rating })
            .ToListAsync(cancellationToken);
        var visits = (await db.WorkItems.AsNoTracking()
            .Where(w => EF.Parameter(ids).Contains(w.Id))
            .SelectMany(w => w.Visits, (w, v) => new { w.Id, v.Ordinal, v.StepKey, v.Activity, v.Team, v.EnteredAt, v.StartedAt, v.LeftAt, v.Waited, v.WaitingSince })
            .ToListAsync(cancellationToken))
            .GroupBy(v => v.Id)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FlowVisit>)[.. g.OrderBy(v => v.Ordinal)
                .Select(v => new FlowVisit(v.StepKey, v.Activity, v.Team, v.EnteredAt, v.StartedAt, v.LeftAt, v.Waited, v.WaitingSince))]);
        var waitEvents = await db.Events.AsNoTracking()
            .Where(e => EF.Parameter(ids).Contains(e.WorkItemId) && (e.ToStatus == Waiting || e.FromStatus == Waiting))
            .OrderBy(e => e.WorkItemId).ThenBy(e => e.Sequence)
            .Select(e => new WaitEvent(e.WorkItemId, e.OccurredAt, e.StepKey, e.FromStatus, e.ToStatus, e.Data))
            .ToListAsync(cancellationToken);
        var waits = waitEvents.GroupBy(e => e.WorkItemId).ToDictionary(g => g.Key, g => Waits(g));

        return [.. heads.OrderBy(h => h.Id).Select(h => new FlowItem(
            h.Id, h.ValueStreamKey, h.DemandType, h.ServiceKey, h.CreatedAt, h.State, h.DeliveredAt, h.ClosedAt, h.Rating,
            visits.GetValueOrDefault(h.Id, []),
            waits.GetValueOrDefault(h.Id, [])))];
    }

    /// <summary>
    /// ValueChain's own event log, for process mining: one event per visit (the step, when it was entered) and a
    /// <c>value</c> event when the last step was done, for the items the filter takes that were opened in the period.
    /// </summary>
    public async Task<IReadOnlyList<LogEvent>> EventLogAsync(MetricsPeriod period, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        var items = Opened(period, filter);
        var visits = await items
            .SelectMany(w => w.Visits, (w, v) => new { w.Id, v.Ordinal, v.StepKey, v.EnteredAt, v.Team })
            .ToListAsync(cancellationToken);
        var delivered = await items.Where(w => w.DeliveredAt != null).Select(w => new { w.Id, w.DeliveredAt }).ToListAsync(cancellationToken);

        var events = visits
            .Select(v => (v.Id, v.Ordinal, Event: new LogEvent(Case(v.Id), v.StepKey, v.EnteredAt, v.Team)))
            .Concat(delivered.Select(d => (d.Id, Ordinal: int.MaxValue, Event: new LogEvent(Case(d.Id), ValueStreamEnd, d.DeliveredAt!.Value))))
            .OrderBy(e => e.Id).ThenBy(e => e.Ordinal);
        return [.. events.Select(e => e.Event)];
    }

    private static string Case(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The ids of the items opened before the period ends and not closed before it begins.</summary>
    private IQueryable<long> OpenIn(MetricsPeriod period, MetricsFilter filter)
    {
        var before = db.WorkItems.AsNoTracking().Where(w => w.CreatedAt < period.To);
        return Filtered(before.Where(w => w.ClosedAt == null), filter).Select(w => w.Id)
            .Union(Filtered(before.Where(w => w.ClosedAt >= period.From), filter).Select(w => w.Id))
            .Union(Filtered(before.Where(w => w.DeliveredAt >= period.From), filter).Select(w => w.Id));
    }

    private IQueryable<WorkItem> Opened(MetricsPeriod period, MetricsFilter filter) =>
        Filtered(db.WorkItems.AsNoTracking().Where(w => w.CreatedAt >= period.From && w.CreatedAt < period.To), filter);

    private static IQueryable<WorkItem> Filtered(IQueryable<WorkItem> items, MetricsFilter filter)
    {
        items = items.OfStreamServiceAndType(filter);
        if (filter.Team is { } team)
        {
            items = items.Where(w => w.Visits.Any(v => v.Team == team));
        }

        if (filter.Activity is { } activity)
        {
            items = items.Where(w => w.Visits.Any(v => v.Activity == activity));
        }

        return items;
    }

    /// <summary>
    /// Pairs the event that put the item on wait with the next one that took it off (resumed, looped back, cancelled);
    /// events in between that leave it waiting (a comment, an assignment) change nothing.
    /// </summary>
    private static List<FlowWait> Waits(IEnumerable<WaitEvent> events)
    {
        var waits = new List<FlowWait>();
        (DateTimeOffset From, string Step, WaitReason Reason)? open = null;
        foreach (var e in events)
        {
            var begins = e.ToStatus == Waiting && e.FromStatus != Waiting;
            var ends = e.FromStatus == Waiting && e.ToStatus != Waiting;
            if (ends && open is { } closing)
            {
                waits.Add(new FlowWait(closing.Step, closing.Reason, closing.From, e.OccurredAt));
                open = null;
            }

            if (begins)
            {
                open = (e.OccurredAt, e.StepKey ?? "", Reason(e.Data));
            }
        }

        if (open is { } still)
        {
            waits.Add(new FlowWait(still.Step, still.Reason, still.From, null));
        }

        return waits;
    }

    private static WaitReason Reason(string? data)
    {
        if (data is null)
        {
            return WaitReason.Other;
        }

        using var json = JsonDocument.Parse(data);
        return json.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
            && Words.TryParse<WaitReason>(reason.GetString(), out var parsed)
            ? parsed
            : WaitReason.Other;
    }

    private sealed record WaitEvent(long WorkItemId, DateTimeOffset OccurredAt, string? StepKey, string? FromStatus, string? ToStatus, string? Data);
}
