using ValueChain.Engage;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Improve.Metrics;

/// <summary>The period a report looks at: [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record MetricsPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;
}

/// <summary>Which items a report looks at; a null filter takes all.</summary>
public sealed record MetricsFilter(
    string? ValueStream = null,
    string? Service = null,
    string? DemandType = null,
    string? Team = null,
    ValueChainActivity? Activity = null);

/// <summary>How a report's item groups are cut.</summary>
public enum MetricsDimension
{
    ValueStream,
    Service,
    DemandType,
}

/// <summary>Percentiles of a duration, interpolated between ranks (as spreadsheets and SQL's <c>quantile_cont</c> do).</summary>
public sealed record DurationPercentiles(int Count, TimeSpan P50, TimeSpan P85, TimeSpan P95, TimeSpan Mean);

/// <summary>Items in progress at the end of the period: active (being worked on or queued) or waiting.</summary>
public sealed record FlowLoad(int Total, int Active, int Waiting);

public sealed record DistributionShare(string DemandType, int Completed, double Share);

/// <summary>Items completed in one bucket of the period (a day, a week from Monday, or a calendar month).</summary>
public sealed record ThroughputBucket(DateTimeOffset Start, int Completed);

/// <summary>
/// Flow at a step, an activity or a team, over the visits entered in the period: their time (completed visits), the
/// share of that time spent waiting, rework (a step entered again by the same item), the work there at the end of the
/// period and how much of it waits, and the queue at both ends of the period (arrived but not started, or waiting).
/// </summary>
public sealed record FlowStage(
    string Key,
    ValueChainActivity? Activity,
    int Visits,
    DurationPercentiles? Time,
    TimeSpan TotalTime,
    TimeSpan WaitingTime,
    double WaitingShare,
    double ShareOfTime,
    int Rework,
    int WorkInProgress,
    int WaitingAtEnd,
    int QueueAtStart,
    int QueueAtEnd);

/// <summary>Waits begun in the period for one reason.</summary>
public sealed record WaitingByReason(WaitReason Reason, int Waits, TimeSpan Total, TimeSpan? Median);

/// <summary>Value confirmed in the period: the outcomes, their ratings (1–5), and the same per service.</summary>
public sealed record ValueRealized(int Confirmed, int Rated, double? AverageRating, IReadOnlyList<ServiceValue> Services);

public sealed record ServiceValue(string Service, int Confirmed, int Rated, double? AverageRating);

/// <summary>The item-level figures of a group of items (all of them, or one value stream, service or demand type).</summary>
public sealed record FlowSummary(
    string Key,
    int Completed,
    double VelocityPerWeek,
    DurationPercentiles? FlowTime,
    DurationPercentiles? LeadTime,
    double? FlowEfficiency,
    FlowLoad Load,
    int ValueConfirmed,
    double? AverageRating);

/// <summary>
/// A flow report: the Flow Framework metrics (velocity, time, efficiency, load, distribution) for the items the filter
/// takes, with lead time, throughput trend, waiting by reason, rework and ping-pong, the flow at each step, activity
/// and team, the bottleneck and the value realized.
/// </summary>
public sealed record FlowReport(
    MetricsPeriod Period,
    MetricsFilter Filter,
    FlowSummary Overall,
    IReadOnlyList<DistributionShare> Distribution,
    IReadOnlyList<ThroughputBucket> Throughput,
    string ThroughputBucketSize,
    IReadOnlyList<FlowStage> Steps,
    IReadOnlyList<FlowStage> Activities,
    IReadOnlyList<FlowStage> Teams,
    IReadOnlyList<WaitingByReason> Waiting,
    int Rework,
    int PingPong,
    string? Bottleneck,
    string? GrowingQueue,
    ValueRealized Value,
    MetricsDimension GroupedBy,
    IReadOnlyList<FlowSummary> Groups);
