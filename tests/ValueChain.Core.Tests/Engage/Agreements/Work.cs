using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>
/// Writes a work item's history as clock events, one timed action per line. The steps: <c>log</c> (service desk),
/// <c>fix</c> and <c>await-parts</c> (network team), <c>approve</c> (change board), <c>confirm</c> (service desk).
/// </summary>
internal sealed class Work
{
    private static readonly Dictionary<string, StepRef> Steps = new(StringComparer.Ordinal)
    {
        ["log"] = new("log", "service-desk", ValueChainActivity.Engage),
        ["fix"] = new("fix", "network", ValueChainActivity.DeliverAndSupport),
        ["await-parts"] = new("await-parts", "network", ValueChainActivity.ObtainBuild),
        ["approve"] = new("approve", "change-board", ValueChainActivity.DesignAndTransition),
        ["confirm"] = new("confirm", "service-desk", ValueChainActivity.Engage),
    };

    private readonly List<ClockEvent> _events = [];
    private StepRef? _step;
    private WaitReason? _waitingFor;

    public IReadOnlyList<ClockEvent> Events => _events;

    public static Work Opened(string at, Priority priority = Priority.Medium, string step = "log")
    {
        var work = new Work { _step = Steps[step] };
        return work.Add(new(EventTypes.DemandOpened, At(at), work._step, Priority: priority));
    }

    public Work Started(string at) => Add(new(EventTypes.StepStarted, At(at), _step));

    public Work Waiting(string at, WaitReason reason)
    {
        _waitingFor = reason;
        return Add(new(EventTypes.StepWaiting, At(at), _step, WaitReason: reason));
    }

    public Work Resumed(string at)
    {
        var reason = _waitingFor;
        _waitingFor = null;
        return Add(new(EventTypes.StepResumed, At(at), _step, WaitReason: reason));
    }

    /// <summary>Completes the current step and moves to <paramref name="next"/>; no next step delivers the work.</summary>
    public Work Completed(string at, string? next = null) => Move(EventTypes.StepCompleted, at, next);

    public Work LoopedBack(string at, string to) => Move(EventTypes.LoopedBack, at, to);

    public Work Reopened(string at, string to) => Move(ClockEventTypes.Reopened, at, to);

    public Work PriorityChanged(string at, Priority priority) => Add(new(ClockEventTypes.PriorityChanged, At(at), _step, Priority: priority));

    public Work Assigned(string at) => Add(new(EventTypes.Assigned, At(at), _step));

    public Work Confirmed(string at) => Add(new(EventTypes.ValueConfirmed, At(at)));

    public Work Cancelled(string at) => Add(new(EventTypes.Cancelled, At(at), _step));

    private Work Move(string type, string at, string? next)
    {
        var from = _step;
        _step = next is null ? null : Steps[next];
        _waitingFor = null;
        return Add(new(type, At(at), from, _step));
    }

    private Work Add(ClockEvent e)
    {
        _events.Add(e);
        return this;
    }
}

/// <summary>Targets the clock tests share.</summary>
internal static class Targets
{
    /// <summary>From opening to the first step started: critical 15m, high 30m, medium 1h, low 2h.</summary>
    public static AgreementTarget FirstResponse { get; } = new(
        "first-response",
        [EventTypes.DemandOpened],
        [EventTypes.StepStarted],
        PriorityDurations.Each(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2)));

    /// <summary>
    /// From opening until delivered, resumed when the work is reopened; paused while waiting for the customer or a
    /// supplier; critical 1h, high 2h, medium 4h, low 8h; warnings at 50 % and 75 %.
    /// </summary>
    public static AgreementTarget Resolution { get; } = new(
        "resolution",
        [EventTypes.DemandOpened],
        [ClockEventTypes.Delivered],
        PriorityDurations.Each(TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8)),
        Resume: [ClockEventTypes.Reopened],
        Pause: new PauseWhile(WaitingFor: [WaitReason.Customer, WaitReason.Supplier]),
        WarnAt: [50, 75]);

    /// <summary>The network team's OLA: while the work is at a network step, 2h at every priority, paused only for suppliers.</summary>
    public static AgreementTarget NetworkFix { get; } = new(
        "fix",
        [new SpanCondition(ClockEventTypes.StepEntered, Team: "network")],
        [new SpanCondition(ClockEventTypes.StepLeft, Team: "network")],
        PriorityDurations.All(TimeSpan.FromHours(2)),
        Pause: new PauseWhile(WaitingFor: [WaitReason.Supplier]),
        WarnAt: [75]);

    public static ClockStatus Evaluate(AgreementTarget target, Work work, string now, BusinessCalendar? calendar = null) =>
        ServiceClock.Evaluate(target, calendar ?? BerlinOffice, work.Events, At(now));

    public static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);
}
