using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve;

/// <summary>Which part of a stream's history a map looks at: visits entered in [From, To), optionally for one service.</summary>
public sealed record MapPeriod(DateTimeOffset From, DateTimeOffset To, string? Service = null);

/// <summary>
/// One step on the value stream map. Work in progress is now; the times are of the visits entered in the period:
/// the median time at the step (entered to left, completed visits), and the share of the step's time spent waiting.
/// </summary>
public sealed record StepFlow(
    string Step,
    ValueChainActivity Activity,
    int WorkInProgress,
    int Waiting,
    int Visits,
    TimeSpan? MedianTime,
    TimeSpan TotalTime,
    double WaitingShare,
    double ShareOfTime,
    bool Bottleneck);

/// <summary>A value stream's flow over a period: its steps, and what came out of it.</summary>
public sealed record ValueStreamMap(
    string ValueStream,
    MapPeriod Period,
    IReadOnlyList<StepFlow> Steps,
    int Delivered,
    TimeSpan? MedianLeadTime,
    int ValueRealized,
    double? AverageRating);

public sealed class ValueStreamMapQueries(ValueChainDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The map of <paramref name="stepOrder"/> (the stream's steps, in the order to draw them). The bottleneck is the step
    /// with the largest share of all time spent at steps in the period; a tie goes to the step with more work waiting.
    /// </summary>
    public async Task<ValueStreamMap> MapAsync(string valueStream, IReadOnlyList<(string Key, ValueChainActivity Activity)> stepOrder, MapPeriod period, CancellationToken cancellationToken = default)
    {
        var items = db.WorkItems.AsNoTracking().Where(w => w.ValueStreamKey == valueStream);
        if (period.Service is { } service)
        {
            items = items.Where(w => w.ServiceKey == service);
        }

        var visits = await items
            .SelectMany(w => w.Visits, (w, v) => new { v.StepKey, v.EnteredAt, v.LeftAt, v.Waited, v.WaitingSince, Active = w.State == WorkItemState.Active })
            .Where(v => (v.EnteredAt >= period.From && v.EnteredAt < period.To) || (v.LeftAt == null && v.Active))
            .ToListAsync(cancellationToken);
        var closed = await items
            .Where(w => w.DeliveredAt >= period.From && w.DeliveredAt < period.To)
            .Select(w => new { w.CreatedAt, w.DeliveredAt, w.State, w.Rating })
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var flows = new List<StepFlow>();
        foreach (var (key, activity) in stepOrder)
        {
            var atStep = visits.Where(v => v.StepKey == key).ToList();
            var open = atStep.Where(v => v.LeftAt is null && v.Active).ToList();
            var inPeriod = atStep.Where(v => v.EnteredAt >= period.From && v.EnteredAt < period.To).ToList();
            var times = inPeriod.Select(v => ((v.LeftAt ?? now) - v.EnteredAt, v.Waited + (v.LeftAt is null && v.WaitingSince is { } since ? now - since : TimeSpan.Zero))).ToList();
            var total = times.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Item1);
            var waited = times.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Item2);
            var completed = inPeriod.Where(v => v.LeftAt is not null).Select(v => v.LeftAt!.Value - v.EnteredAt).ToList();
            flows.Add(new StepFlow(
                key, activity, open.Count, open.Count(v => v.WaitingSince is not null), inPeriod.Count,
                Median(completed), total, total > TimeSpan.Zero ? Math.Min(1, waited / total) : 0, 0, false));
        }

        var all = flows.Aggregate(TimeSpan.Zero, (sum, f) => sum + f.TotalTime);
        flows = [.. flows.Select(f => f with { ShareOfTime = all > TimeSpan.Zero ? f.TotalTime / all : 0 })];
        var bottleneck = flows.Where(f => f.TotalTime > TimeSpan.Zero || f.WorkInProgress > 0)
            .OrderByDescending(f => f.ShareOfTime).ThenByDescending(f => f.WorkInProgress).FirstOrDefault();
        if (bottleneck is not null)
        {
            flows = [.. flows.Select(f => f.Step == bottleneck.Step ? f with { Bottleneck = true } : f)];
        }

        var ratings = closed.Where(c => c.Rating is not null).Select(c => c.Rating!.Value).ToList();
        return new ValueStreamMap(
            valueStream, period, flows,
            closed.Count,
            Median([.. closed.Select(c => c.DeliveredAt!.Value - c.CreatedAt)]),
            closed.Count(c => c.State == WorkItemState.ValueRealized),
            ratings.Count == 0 ? null : ratings.Average());
    }

    /// <summary>The middle value; of an even count, the mean of the two middle values.</summary>
    internal static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
