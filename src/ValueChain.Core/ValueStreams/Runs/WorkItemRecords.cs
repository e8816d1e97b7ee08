using ValueChain.ServiceValueSystem;

namespace ValueChain.ValueStreams.Runs;

/// <summary>Where a work item stands as a whole.</summary>
public enum WorkItemState
{
    /// <summary>At a step of its value stream.</summary>
    Active,
    /// <summary>The last step is done; the value waits for the consumer's confirmation.</summary>
    Delivered,
    /// <summary>The consumer confirmed the outcome: the stream ended in value.</summary>
    ValueRealized,
    Cancelled,
}

/// <summary>Where the current step of an active work item stands.</summary>
public enum StepStatus
{
    /// <summary>Arrived at the step; nobody has started it.</summary>
    Pending,
    InProgress,
    /// <summary>Paused for someone else (a customer, a supplier, an approval, ...).</summary>
    Waiting,
}

/// <summary>How a visit to a step ended.</summary>
public enum VisitOutcome
{
    Completed,
    LoopedBack,
    Cancelled,
}

/// <summary>What an event records; the names are stable because integrations and process mining read them.</summary>
public static class EventTypes
{
    public const string DemandOpened = "demand-opened";
    public const string StepStarted = "step-started";
    public const string StepWaiting = "step-waiting";
    public const string StepResumed = "step-resumed";
    public const string StepCompleted = "step-completed";
    public const string LoopedBack = "looped-back";
    public const string Cancelled = "cancelled";
    public const string ValueConfirmed = "value-confirmed";
    public const string Assigned = "assigned";
    public const string Commented = "commented";
    public const string PriorityChanged = "priority-changed";

    /// <summary>Delivered work the consumer did not accept goes back to a step it completed (see the event's <c>to</c> and <c>reason</c>).</summary>
    public const string Reopened = "reopened";

    /// <summary>A service level clock reached a warning, breached, or escalated (see the event's <c>action</c>).</summary>
    public const string ServiceLevel = "service-level";

    public static IReadOnlyList<string> All { get; } =
        [DemandOpened, StepStarted, StepWaiting, StepResumed, StepCompleted, LoopedBack, Cancelled, ValueConfirmed, Assigned, Commented, PriorityChanged, Reopened, ServiceLevel];
}

/// <summary>One stay of a work item at a step; a step visited again (rework) gets a new visit.</summary>
public sealed class StepVisit
{
    private StepVisit()
    {
        StepKey = string.Empty;
    }

    internal StepVisit(int ordinal, StepDefinition step, DateTimeOffset enteredAt)
    {
        Ordinal = ordinal;
        StepKey = step.Key;
        Activity = step.Activity;
        Team = step.Team;
        EnteredAt = enteredAt;
    }

    public int Ordinal { get; private set; }

    public string StepKey { get; private set; }

    public ValueChainActivity Activity { get; private set; }

    public string? Team { get; private set; }

    public DateTimeOffset EnteredAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? WaitingSince { get; private set; }

    /// <summary>Time spent waiting during this visit, closed waits only.</summary>
    public TimeSpan Waited { get; private set; }

    public DateTimeOffset? LeftAt { get; private set; }

    public VisitOutcome? Outcome { get; private set; }

    internal void Start(DateTimeOffset at) => StartedAt ??= at;

    internal void BeginWait(DateTimeOffset at) => WaitingSince = at;

    internal TimeSpan EndWait(DateTimeOffset at)
    {
        var waited = WaitingSince is { } since && at > since ? at - since : TimeSpan.Zero;
        Waited += waited;
        WaitingSince = null;
        return waited;
    }

    internal void Leave(DateTimeOffset at, VisitOutcome outcome)
    {
        if (WaitingSince is not null)
        {
            EndWait(at);
        }

        LeftAt = at;
        Outcome = outcome;
    }
}

/// <summary>An immutable record of one change to a work item, appended in the same transaction as the change.</summary>
public sealed class WorkItemEvent
{
    private WorkItemEvent()
    {
        Type = Actor = ValueStreamKey = string.Empty;
    }

    internal WorkItemEvent(WorkItem item, string type, string actor, DateTimeOffset at, StepVisit? visit, string? fromStatus, string? toStatus, string? data)
    {
        WorkItem = item;
        Sequence = item.Revision;
        Type = type;
        Actor = actor;
        OccurredAt = at;
        ValueStreamKey = item.ValueStreamKey;
        StepKey = visit?.StepKey;
        Activity = visit?.Activity;
        FromStatus = fromStatus;
        ToStatus = toStatus;
        Data = data;
    }

    public long Id { get; private set; }

    public long WorkItemId { get; private set; }

    /// <summary>Set only while the event is new, so that storage can link it to a work item not yet saved.</summary>
    public WorkItem? WorkItem { get; private set; }

    /// <summary>The work item's revision this event produced: 1 for opening, then one more per transition.</summary>
    public int Sequence { get; private set; }

    public string Type { get; private set; }

    public string Actor { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string ValueStreamKey { get; private set; }

    public string? StepKey { get; private set; }

    public ValueChainActivity? Activity { get; private set; }

    public string? FromStatus { get; private set; }

    public string? ToStatus { get; private set; }

    /// <summary>Transition details as JSON (reason, next step, artifacts, outcome...).</summary>
    public string? Data { get; private set; }
}

/// <summary>A piece of information a step produced, e.g. a change request or performance information.</summary>
public sealed class Artifact
{
    private Artifact()
    {
        Kind = Title = StepKey = string.Empty;
    }

    internal Artifact(WorkItem item, StepVisit visit, string kind, string title, string? content, DateTimeOffset at)
    {
        WorkItem = item;
        Kind = kind;
        Title = title;
        Content = content;
        ProducedBy = visit.Activity;
        StepKey = visit.StepKey;
        CreatedAt = at;
    }

    public long Id { get; private set; }

    public long WorkItemId { get; private set; }

    public WorkItem? WorkItem { get; private set; }

    public string Kind { get; private set; }

    public string Title { get; private set; }

    public string? Content { get; private set; }

    public ValueChainActivity ProducedBy { get; private set; }

    public string StepKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>An artifact delivered to the inbox of an activity that receives its kind.</summary>
public sealed class InboxEntry
{
    private InboxEntry()
    {
    }

    internal InboxEntry(Artifact artifact, ValueChainActivity activity, DateTimeOffset at)
    {
        Artifact = artifact;
        Activity = activity;
        DeliveredAt = at;
    }

    public long Id { get; private set; }

    public ValueChainActivity Activity { get; private set; }

    public long ArtifactId { get; private set; }

    public Artifact? Artifact { get; private set; }

    public DateTimeOffset DeliveredAt { get; private set; }
}

/// <summary>An artifact a step produces when it completes.</summary>
public sealed record ArtifactOutput(string Kind, string Title, string? Content = null);

/// <summary>What one transition created: its event, and for a completed step the artifacts and their deliveries.</summary>
public sealed record Transition(WorkItemEvent Event, IReadOnlyList<Artifact> Artifacts, IReadOnlyList<InboxEntry> Deliveries)
{
    internal Transition(WorkItemEvent @event)
        : this(@event, [], [])
    {
    }
}

/// <summary>What a requester or channel hands in to open a work item.</summary>
public sealed record DemandDetails(
    string DemandType,
    string Title,
    string? Description = null,
    string? ServiceKey = null,
    string? Requester = null,
    Engage.Priority Priority = Engage.Priority.Medium,
    string? Channel = null);
