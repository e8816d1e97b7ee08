using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Improve.Metrics;

/// <summary>
/// What the metrics need to know about one work item: its dimensions, when it was opened, delivered and closed, its
/// visits to steps and its waits. Native work and imported history look the same here.
/// </summary>
public sealed record FlowItem(
    long Id,
    string ValueStream,
    string DemandType,
    string? Service,
    DateTimeOffset CreatedAt,
    WorkItemState State,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ClosedAt,
    int? Rating,
    IReadOnlyList<FlowVisit> Visits,
    IReadOnlyList<FlowWait> Waits)
{
    /// <summary>Done, for flow: the last step was completed (value may still wait for confirmation).</summary>
    public bool IsDoneBy(DateTimeOffset instant) => DeliveredAt is { } delivered && delivered <= instant;

    /// <summary>Open at an instant: opened before it, neither delivered nor cancelled by then.</summary>
    public bool IsOpenAt(DateTimeOffset instant) =>
        CreatedAt <= instant
        && !IsDoneBy(instant)
        && !(State == WorkItemState.Cancelled && ClosedAt is { } closed && closed <= instant);

    /// <summary>Waiting at an instant: one of its waits covers it.</summary>
    public bool IsWaitingAt(DateTimeOffset instant) => Waits.Any(w => w.From <= instant && (w.To is null || w.To > instant));
}

/// <summary>One stay at a step, as <see cref="StepVisit"/> records it.</summary>
public sealed record FlowVisit(
    string Step,
    ValueChainActivity Activity,
    string? Team,
    DateTimeOffset EnteredAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LeftAt,
    TimeSpan Waited,
    DateTimeOffset? WaitingSince)
{
    /// <summary>Time at the step up to <paramref name="until"/> (or until it left).</summary>
    public TimeSpan TimeAt(DateTimeOffset until) => Positive((LeftAt ?? until) - EnteredAt);

    /// <summary>Time spent waiting during the visit, counting a wait still open at <paramref name="until"/>.</summary>
    public TimeSpan WaitedBy(DateTimeOffset until) =>
        Waited + (LeftAt is null && WaitingSince is { } since ? Positive(until - since) : TimeSpan.Zero);

    /// <summary>Time someone worked on it: from start to leaving, less the waits. Arrived but not started is queue time.</summary>
    public TimeSpan ActiveTime(DateTimeOffset until) =>
        StartedAt is { } started ? Positive((LeftAt ?? until) - started - WaitedBy(until)) : TimeSpan.Zero;

    public bool IsAt(DateTimeOffset instant) => EnteredAt <= instant && (LeftAt is null || LeftAt > instant);

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;
}

/// <summary>One wait at a step, from the event that began it to the one that ended it (open while <see cref="To"/> is null).</summary>
public sealed record FlowWait(string Step, WaitReason Reason, DateTimeOffset From, DateTimeOffset? To);
