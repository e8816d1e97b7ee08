using ValueChain.Improve.Metrics;
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

/// <summary>
/// The map is a view of the flow report of one stream (<see cref="FlowQueries"/>), so the map and the metrics always
/// show the same numbers: the steps in the stream's order, and what came out of the work delivered in the period.
/// </summary>
public sealed class ValueStreamMapQueries(FlowQueries flows, TimeProvider clock)
{
    /// <summary>
    /// The map of <paramref name="stepOrder"/> (the stream's steps, in the order to draw them). The bottleneck is the step
    /// with the largest share of all time spent at steps in the period; a tie goes to the step with more work in progress.
    /// </summary>
    public async Task<ValueStreamMap> MapAsync(string valueStream, IReadOnlyList<(string Key, ValueChainActivity Activity)> stepOrder, MapPeriod period, CancellationToken cancellationToken = default)
    {
        var metricsPeriod = new MetricsPeriod(period.From, period.To);
        var filter = new MetricsFilter(ValueStream: valueStream, Service: period.Service);
        var history = await flows.HistoryAsync(metricsPeriod, filter, cancellationToken);
        var report = FlowCalculator.Report(history, metricsPeriod, clock.GetUtcNow(), filter);

        var stages = report.Steps.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var steps = stepOrder.Select(step => stages.TryGetValue(step.Key, out var stage)
            ? new StepFlow(step.Key, step.Activity, stage.WorkInProgress, stage.WaitingAtEnd, stage.Visits, stage.Time?.P50, stage.TotalTime,
                stage.WaitingShare, stage.ShareOfTime, stage.Key == report.Bottleneck)
            : new StepFlow(step.Key, step.Activity, 0, 0, 0, null, TimeSpan.Zero, 0, 0, false));

        // What came of the work delivered in the period: how much of it has its value confirmed, and how it was rated.
        var delivered = history.Where(i => i.DeliveredAt >= period.From && i.DeliveredAt < period.To).ToList();
        var ratings = delivered.Where(i => i.Rating is not null).Select(i => i.Rating!.Value).ToList();
        return new ValueStreamMap(
            valueStream, period, [.. steps],
            report.Overall.Completed,
            report.Overall.FlowTime?.P50,
            delivered.Count(i => i.State == WorkItemState.ValueRealized),
            ratings.Count == 0 ? null : ratings.Average());
    }
}
