using ValueChain.ServiceValueSystem;

namespace ValueChain.Engage.Agreements;

/// <summary>Who an agreement is with.</summary>
public enum AgreementKind
{
    /// <summary>Service level agreement: with a customer, about the service they receive.</summary>
    Sla,
    /// <summary>Operational level agreement: with an internal team, about its part of the work.</summary>
    Ola,
    /// <summary>Underpinning contract: with a supplier, about what it delivers to the service.</summary>
    Uc,
}

/// <summary>
/// The work items an agreement applies to. Each list narrows it; an empty or missing list leaves that dimension open.
/// When several agreements of one kind and party apply to an item, the most specific wins: the one that names more
/// dimensions, and among as many, the one naming the customer, then the service, then the demand type, then the
/// priority. Two agreements that name the same dimensions and can both apply are refused by validation.
/// </summary>
public sealed record AgreementScope(
    IReadOnlyList<string>? Services = null,
    IReadOnlyList<string>? Customers = null,
    IReadOnlyList<string>? DemandTypes = null,
    IReadOnlyList<Priority>? Priorities = null)
{
    public static AgreementScope Everything { get; } = new();

    /// <summary>Which dimensions the scope names, as bits weighted by precedence: customer, service, demand type, priority.</summary>
    public int Dimensions =>
        (Named(Customers) ? 8 : 0) | (Named(Services) ? 4 : 0) | (Named(DemandTypes) ? 2 : 0) | (Named(Priorities) ? 1 : 0);

    /// <summary>Orders scopes from least to most specific.</summary>
    public int Specificity => (System.Numerics.BitOperations.PopCount((uint)Dimensions) * 16) + Dimensions;

    public bool Matches(AgreementSubject subject, Priority priority) =>
        Allows(Services, subject.Service) && Allows(Customers, subject.Customer) && Allows(DemandTypes, subject.DemandType)
        && (!Named(Priorities) || Priorities!.Contains(priority));

    /// <summary>Whether some work item could fall in both scopes.</summary>
    public bool Overlaps(AgreementScope other) =>
        Meet(Services, other.Services) && Meet(Customers, other.Customers) && Meet(DemandTypes, other.DemandTypes)
        && (!Named(Priorities) || !Named(other.Priorities) || Priorities!.Intersect(other.Priorities!).Any());

    private static bool Named<T>(IReadOnlyList<T>? list) => list is { Count: > 0 };

    private static bool Allows(IReadOnlyList<string>? list, string? value) =>
        !Named(list) || (value is not null && list!.Contains(value, StringComparer.OrdinalIgnoreCase));

    private static bool Meet(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        !Named(a) || !Named(b) || a!.Intersect(b!, StringComparer.OrdinalIgnoreCase).Any();
}

/// <summary>What agreements are matched against: the work item's classification (its priority travels in its events).</summary>
public sealed record AgreementSubject(string DemandType, string? Service = null, string? Customer = null);

/// <summary>
/// A commitment on service levels: with a customer (SLA), an internal team (OLA) or a supplier (UC). It applies to the
/// work items in <see cref="AppliesTo"/> and sets <see cref="Targets"/> on them, counted on the calendar named by the
/// target or else the agreement; no calendar means calendar time.
/// </summary>
/// <param name="Party">The team an OLA is with, the supplier a UC is with; an SLA names its customers in its scope.</param>
public sealed record Agreement(
    string Key,
    string Name,
    AgreementKind Kind,
    AgreementScope AppliesTo,
    IReadOnlyList<AgreementTarget> Targets,
    string? Party = null,
    string? CalendarKey = null,
    string? Description = null);

/// <summary>
/// One service level target: which span of the value stream it times, how long that span may take at each priority,
/// when its clock pauses, and what happens as it runs out.
/// </summary>
/// <param name="Name">A key such as <c>first-response</c> or <c>resolution</c>; it names the clock.</param>
/// <param name="Start">The clock starts at the first event matching any of these.</param>
/// <param name="Stop">The clock stops at the first event matching any of these; the target is met when that is no later than it falls due.</param>
/// <param name="Durations">How much (business) time the span may take, for every priority.</param>
/// <param name="Resume">
/// After a stop, the same clock runs again at an event matching any of these (a reopened item); none given means
/// <see cref="Start"/>. Elapsed and paused time carry on; they never restart from zero.
/// </param>
/// <param name="WarnAt">Percentages of the duration at which to warn, each below 100.</param>
public sealed record AgreementTarget(
    string Name,
    IReadOnlyList<SpanCondition> Start,
    IReadOnlyList<SpanCondition> Stop,
    IReadOnlyDictionary<Priority, TimeSpan> Durations,
    IReadOnlyList<SpanCondition>? Resume = null,
    PauseWhile? Pause = null,
    IReadOnlyList<int>? WarnAt = null,
    IReadOnlyList<Escalation>? Escalations = null,
    string? CalendarKey = null)
{
    public IReadOnlyList<SpanCondition> ResumeConditions => Resume is { Count: > 0 } ? Resume : Start;

    public TimeSpan DurationFor(Priority priority) => Durations.TryGetValue(priority, out var duration)
        ? duration
        : throw new InvalidOperationException($"Target '{Name}' has no duration for {priority} priority.");

    /// <summary>Every percentage the clock reports on: the warnings, the escalations and 100 (the breach), ascending.</summary>
    public IReadOnlyList<int> Thresholds =>
        [.. (WarnAt ?? []).Concat((Escalations ?? []).Select(e => e.AtPercent)).Append(100).Distinct().Order()];
}

/// <summary>The same duration at every priority, or one each.</summary>
public static class PriorityDurations
{
    public static IReadOnlyDictionary<Priority, TimeSpan> All(TimeSpan duration) =>
        Enum.GetValues<Priority>().ToDictionary(p => p, _ => duration);

    public static IReadOnlyDictionary<Priority, TimeSpan> Each(TimeSpan critical, TimeSpan high, TimeSpan medium, TimeSpan low) =>
        new Dictionary<Priority, TimeSpan> { [Priority.Critical] = critical, [Priority.High] = high, [Priority.Medium] = medium, [Priority.Low] = low };
}

/// <summary>
/// An event of a work item that starts, stops or resumes a clock. <see cref="Event"/> is a work item event type
/// (<see cref="ValueStreams.Runs.EventTypes"/>) or one of the derived types in <see cref="ClockEventTypes"/>, such as
/// <c>step-entered</c>. The other fields narrow it: the step's key, team or activity (for <c>step-entered</c> the step
/// entered, otherwise the step the event is about) and the wait reason of <c>step-waiting</c> and <c>step-resumed</c>.
/// </summary>
public sealed record SpanCondition(string Event, string? Step = null, string? Team = null, ValueChainActivity? Activity = null, WaitReason? Reason = null)
{
    public static implicit operator SpanCondition(string eventType) => new(eventType);

    internal bool Matches(string type, StepRef? step, WaitReason? reason) =>
        string.Equals(Event, type, StringComparison.Ordinal)
        && (Step is null || string.Equals(Step, step?.Key, StringComparison.Ordinal))
        && (Team is null || string.Equals(Team, step?.Team, StringComparison.Ordinal))
        && (Activity is null || Activity == step?.Activity)
        && (Reason is null || Reason == reason);
}

/// <summary>
/// When a running clock pauses: while the work waits for one of <see cref="WaitingFor"/>, while it is at one of
/// <see cref="Steps"/>, or, with <see cref="Delivered"/>, while delivered work awaits the consumer's confirmation.
/// Waiting for a reason not listed (an internal team, an approval) keeps the clock running.
/// </summary>
public sealed record PauseWhile(IReadOnlyList<WaitReason>? WaitingFor = null, IReadOnlyList<string>? Steps = null, bool Delivered = false)
{
    public static PauseWhile Never { get; } = new();
}

/// <summary>What to do as a clock runs out.</summary>
public enum EscalationAction
{
    /// <summary>Tell <see cref="Escalation.To"/> (a user, team or role).</summary>
    Notify,
    /// <summary>Raise the work item's priority to <see cref="Escalation.To"/> (a priority).</summary>
    RaisePriority,
    /// <summary>Hand the work to the team <see cref="Escalation.To"/>.</summary>
    Reassign,
}

/// <summary>An action due when the clock has used <see cref="AtPercent"/> of its duration (100 = at the breach; more = after it).</summary>
public sealed record Escalation(int AtPercent, EscalationAction Action, string To);
