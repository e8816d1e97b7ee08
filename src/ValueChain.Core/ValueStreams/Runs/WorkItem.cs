using System.Text.Json;
using System.Text.Json.Serialization;
using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ServiceValueSystem;

namespace ValueChain.ValueStreams.Runs;

/// <summary>
/// One run of a value stream: demand that moves step by step through value chain activities until it ends in
/// value (or is cancelled). Every method that changes it either returns the <see cref="Transition"/> it made,
/// with the event to append, or a <see cref="DomainError"/> and leaves the item as it was.
/// </summary>
public sealed partial class WorkItem
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly List<StepVisit> _visits = [];

    private WorkItem()
    {
        Title = DemandType = ValueStreamKey = string.Empty;
    }

    public long Id { get; private set; }

    public string Title { get; private set; }

    public string? Description { get; private set; }

    public string DemandType { get; private set; }

    public string? ServiceKey { get; private set; }

    public string? Requester { get; private set; }

    public Priority Priority { get; private set; }

    public string? Channel { get; private set; }

    public string ValueStreamKey { get; private set; }

    /// <summary>The version of the value stream this item started on; it keeps it even when the stream is edited.</summary>
    public int ValueStreamVersion { get; private set; }

    public WorkItemState State { get; private set; }

    public string? CurrentStepKey { get; private set; }

    public ValueChainActivity? CurrentActivity { get; private set; }

    public StepStatus? CurrentStepStatus { get; private set; }

    public WaitReason? CurrentWaitReason { get; private set; }

    public string? CurrentTeam { get; private set; }

    /// <summary>Who works the current step; cleared when the work moves to a step of another team.</summary>
    public string? Assignee { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? Outcome { get; private set; }

    public string? ConfirmedBy { get; private set; }

    public int? Rating { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>Counts the changes; storage uses it as the optimistic concurrency token.</summary>
    public int Revision { get; private set; }

    public IReadOnlyList<StepVisit> Visits => _visits;

    public StepVisit? CurrentVisit => State == WorkItemState.Active ? _visits.MaxBy(v => v.Ordinal) : null;

    public static Result<(WorkItem Item, Transition Opened)> Open(
        ValueStreamDefinition stream, int version, DemandDetails demand, string actor, DateTimeOffset at)
    {
        if (CheckDemand(stream, demand) is { } refused)
        {
            return refused;
        }

        var item = Create(stream, version, demand, at);
        var visit = item.Enter(stream.Step(stream.StartStepKey), at);
        return (item, item.RecordOpened(actor, at, visit));
    }

    private static DomainError? CheckDemand(ValueStreamDefinition stream, DemandDetails demand)
    {
        if (DemandTypes.Find(demand.DemandType) is null)
        {
            return DomainError.Validation("unknown-demand-type", $"Unknown demand type '{demand.DemandType}'. Known types: {DemandTypes.KeyList}.", "type");
        }

        if (string.IsNullOrWhiteSpace(demand.Title))
        {
            return DomainError.Validation("title-required", "Demand needs a title that says what is needed.", "title");
        }

        // The limit is on the title the item keeps, which is trimmed below.
        if (demand.Title.Trim().Length > 200)
        {
            return DomainError.Validation("title-too-long", "A title has at most 200 characters; put details in the description.", "title");
        }

        if (!stream.DemandTypes.Contains(demand.DemandType, StringComparer.OrdinalIgnoreCase))
        {
            return DomainError.Validation("stream-does-not-serve-demand",
                $"Value stream '{stream.Key}' does not serve demand of type '{demand.DemandType}'.", "valueStream");
        }

        return null;
    }

    private static WorkItem Create(ValueStreamDefinition stream, int version, DemandDetails demand, DateTimeOffset at) =>
        new()
        {
            Title = demand.Title.Trim(),
            Description = demand.Description,
            DemandType = demand.DemandType.ToLowerInvariant(),
            ServiceKey = demand.ServiceKey,
            Requester = demand.Requester,
            Priority = demand.Priority,
            Channel = demand.Channel,
            ValueStreamKey = stream.Key,
            ValueStreamVersion = version,
            State = WorkItemState.Active,
            CreatedAt = at,
        };

    private Transition RecordOpened(string actor, DateTimeOffset at, StepVisit visit) =>
        Record(EventTypes.DemandOpened, actor, at, visit, null, StepStatus.Pending,
            new { DemandType, Title, ServiceKey, Requester, Priority, Channel, valueStreamVersion = ValueStreamVersion });

    public Result<Transition> Start(ValueStreamDefinition stream, string actor, DateTimeOffset at) =>
        Guard(stream, StepStatus.Pending, "start").Then<Transition>(visit =>
        {
            visit.Start(at);
            return Move(EventTypes.StepStarted, actor, at, visit, StepStatus.InProgress, null);
        });

    public Result<Transition> Wait(ValueStreamDefinition stream, WaitReason reason, string? note, string actor, DateTimeOffset at) =>
        Guard(stream, StepStatus.InProgress, "put on wait").Then<Transition>(visit =>
        {
            visit.BeginWait(at);
            CurrentWaitReason = reason;
            return Move(EventTypes.StepWaiting, actor, at, visit, StepStatus.Waiting, new { reason, note });
        });

    public Result<Transition> Resume(ValueStreamDefinition stream, string? note, string actor, DateTimeOffset at) =>
        Guard(stream, StepStatus.Waiting, "resume").Then<Transition>(visit =>
        {
            var reason = CurrentWaitReason;
            var waited = visit.EndWait(at);
            CurrentWaitReason = null;
            return Move(EventTypes.StepResumed, actor, at, visit, StepStatus.InProgress,
                new { reason, waitedMinutes = Math.Round(waited.TotalMinutes, 2), note });
        });

    /// <summary>
    /// Completes the current step with the artifacts it produced and moves to <paramref name="next"/> (a step key
    /// or <c>value</c>); with one way forward, <paramref name="next"/> may be left out. Each artifact is delivered
    /// to the inboxes of the activities that receive its kind in <paramref name="flowMap"/>.
    /// </summary>
    public Result<Transition> Complete(
        ValueStreamDefinition stream, IReadOnlyList<ArtifactOutput> outputs, string? next, InformationFlowMap flowMap, string actor, DateTimeOffset at)
    {
        var guarded = Guard(stream, StepStatus.InProgress, "complete");
        if (!guarded.IsSuccess)
        {
            return guarded.Error!;
        }

        var visit = guarded.Value;
        var step = stream.Step(visit.StepKey);
        var target = ChooseNext(step, next);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        foreach (var output in outputs)
        {
            if (!step.Produces.Contains(output.Kind, StringComparer.OrdinalIgnoreCase))
            {
                var declared = step.Produces.Count == 0 ? "nothing" : string.Join(", ", step.Produces);
                return DomainError.Validation("artifact-not-produced-here",
                    $"Step '{step.Key}' does not produce '{output.Kind}'; it produces {declared}.", "artifacts");
            }

            if (string.IsNullOrWhiteSpace(output.Title))
            {
                return DomainError.Validation("artifact-title-required", $"The '{output.Kind}' artifact needs a title.", "artifacts");
            }
        }

        var artifacts = new List<Artifact>();
        var deliveries = new List<InboxEntry>();
        foreach (var output in outputs)
        {
            var kind = flowMap.Find(output.Kind)
                ?? throw new InvalidOperationException($"Artifact kind '{output.Kind}' is declared by a validated stream but missing from the flow map.");
            var artifact = new Artifact(this, visit, kind.Key, output.Title.Trim(), output.Content, at);
            artifacts.Add(artifact);
            deliveries.AddRange(flowMap.Route(kind, visit.Activity).Select(receiver => new InboxEntry(artifact, receiver, at)));
        }

        var data = new
        {
            next = target.Value,
            artifacts = artifacts.Select(a => new { a.Kind, a.Title }),
            deliveredTo = deliveries.Select(d => d.Activity.Key()).Distinct(),
        };
        var completed = Leave(stream, visit, target.Value, data, actor, at);
        return new Transition(completed.Event, artifacts, deliveries);
    }

    /// <summary>Completes the current visit and moves to <paramref name="target"/>: a step, or value.</summary>
    private Transition Leave(ValueStreamDefinition stream, StepVisit visit, string target, object data, string actor, DateTimeOffset at)
    {
        visit.Leave(at, VisitOutcome.Completed);
        if (target == ValueStreamDefinition.ValueTarget)
        {
            State = WorkItemState.Delivered;
            DeliveredAt = at;
            ClearCurrent();
            return Record(EventTypes.StepCompleted, actor, at, visit, StepStatus.InProgress, null, data);
        }

        Enter(stream.Step(target), at);
        return Record(EventTypes.StepCompleted, actor, at, visit, StepStatus.InProgress, StepStatus.Pending, data);
    }

    /// <summary>Sends the work back to a step it has already been through (rework), for a stated reason.</summary>
    public Result<Transition> LoopBack(ValueStreamDefinition stream, string toStepKey, string reason, string actor, DateTimeOffset at)
    {
        var guarded = Guard(stream, null, "loop back");
        if (!guarded.IsSuccess)
        {
            return guarded.Error!;
        }

        var visit = guarded.Value;
        if (string.IsNullOrWhiteSpace(reason))
        {
            return DomainError.Validation("reason-required", "Say why the work goes back, so the rework can be understood later.", "reason");
        }

        if (stream.FindStep(toStepKey) is not { } target)
        {
            return DomainError.Validation("unknown-step", $"Value stream '{stream.Key}' has no step '{toStepKey}'.", "to");
        }

        if (!_visits.Any(v => v.StepKey == target.Key && v.Outcome == VisitOutcome.Completed))
        {
            return DomainError.InvalidTransition("step-not-visited",
                $"Work can only loop back to a step it has completed before; '{target.Key}' is not one of them.");
        }

        var from = CurrentStepStatus;
        visit.Leave(at, VisitOutcome.LoopedBack);
        CurrentWaitReason = null;
        Enter(target, at);
        return Record(EventTypes.LoopedBack, actor, at, visit, from, StepStatus.Pending, new { to = target.Key, reason });
    }

    /// <summary>
    /// Opens delivered work again when the consumer does not accept it: the work goes back to a step it completed
    /// (the last one when <paramref name="toStepKey"/> is blank), for a stated reason, and counts as rework there.
    /// Work whose value was confirmed stays closed; anything more is new demand.
    /// </summary>
    public Result<Transition> Reopen(ValueStreamDefinition stream, string? toStepKey, string reason, string actor, DateTimeOffset at)
    {
        if (CheckStream(stream) is { } mismatch)
        {
            return mismatch;
        }

        if (State != WorkItemState.Delivered)
        {
            return DomainError.InvalidTransition("not-delivered", State == WorkItemState.Active
                ? $"Work item {Id} is still at step '{CurrentStepKey}'; only delivered work is reopened. To redo a step, send the work back."
                : $"Work item {Id} is {Describe(State)} and stays closed; open new demand for anything more.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return DomainError.Validation("reason-required", "Say why the delivered work is not accepted, so the rework can be understood later.", "reason");
        }

        StepDefinition target;
        if (string.IsNullOrWhiteSpace(toStepKey))
        {
            var last = _visits.Where(v => v.Outcome == VisitOutcome.Completed).MaxBy(v => v.Ordinal);
            if (last is null || stream.FindStep(last.StepKey) is not { } lastStep)
            {
                return DomainError.InvalidTransition("step-not-visited", $"Work item {Id} has no completed step to reopen at.");
            }

            target = lastStep;
        }
        else if (stream.FindStep(toStepKey) is not { } named)
        {
            return DomainError.Validation("unknown-step", $"Value stream '{stream.Key}' has no step '{toStepKey}'.", "to");
        }
        else if (!_visits.Any(v => v.StepKey == named.Key && v.Outcome == VisitOutcome.Completed))
        {
            return DomainError.InvalidTransition("step-not-visited",
                $"Work can only be reopened at a step it has completed; '{named.Key}' is not one of them.");
        }
        else
        {
            target = named;
        }

        State = WorkItemState.Active;
        DeliveredAt = null;
        var visit = Enter(target, at);
        return Record(EventTypes.Reopened, actor, at, visit, null, StepStatus.Pending, new { to = target.Key, reason = reason.Trim() });
    }

    public Result<Transition> Cancel(ValueStreamDefinition stream, string reason, string actor, DateTimeOffset at)
    {
        var check = CheckStream(stream);
        if (check is not null)
        {
            return check;
        }

        if (State is not (WorkItemState.Active or WorkItemState.Delivered))
        {
            return DomainError.InvalidTransition("work-item-closed", $"Work item {Id} is {Describe(State)} and cannot be cancelled.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return DomainError.Validation("reason-required", "Say why the work is cancelled.", "reason");
        }

        var visit = CurrentVisit;
        var from = CurrentStepStatus;
        visit?.Leave(at, VisitOutcome.Cancelled);
        State = WorkItemState.Cancelled;
        CancelReason = reason.Trim();
        ClosedAt = at;
        ClearCurrent();
        return Record(EventTypes.Cancelled, actor, at, visit, from, null, new { reason });
    }

    /// <summary>
    /// Gives the current step to <paramref name="assignee"/> (a user name), or takes it back from whoever has it when
    /// the assignee is null or blank. Only active work has a step to assign.
    /// </summary>
    public Result<Transition> Assign(ValueStreamDefinition stream, string? assignee, string actor, DateTimeOffset at)
    {
        if (CheckStream(stream) is { } mismatch)
        {
            return mismatch;
        }

        if (State != WorkItemState.Active || CurrentVisit is not { } visit)
        {
            return DomainError.InvalidTransition("work-item-not-active", $"Work item {Id} is {Describe(State)}; it has no step to assign.");
        }

        var next = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        if (next is { Length: > 256 })
        {
            return DomainError.Validation("assignee-too-long", "A user name has at most 256 characters.", "assignee");
        }

        if (string.Equals(next, Assignee, StringComparison.Ordinal))
        {
            return DomainError.InvalidTransition("assignment-unchanged",
                next is null ? $"Work item {Id} is not assigned to anyone." : $"Work item {Id} is already assigned to {next}.");
        }

        var previous = Assignee;
        Assignee = next;
        return Record(EventTypes.Assigned, actor, at, visit, CurrentStepStatus, CurrentStepStatus, new { assignee = next, previous });
    }

    /// <summary>Sets a new priority, for a stated reason; open service level clocks count on with the new targets.</summary>
    public Result<Transition> ChangePriority(ValueStreamDefinition stream, Priority priority, string? reason, string actor, DateTimeOffset at)
    {
        if (CheckStream(stream) is { } mismatch)
        {
            return mismatch;
        }

        if (State is not (WorkItemState.Active or WorkItemState.Delivered))
        {
            return DomainError.InvalidTransition("work-item-closed", $"Work item {Id} is {Describe(State)}; its priority no longer matters.");
        }

        if (priority == Priority)
        {
            return DomainError.InvalidTransition("priority-unchanged", $"Work item {Id} already has priority {priority.ToString().ToLowerInvariant()}.");
        }

        var previous = Priority;
        Priority = priority;
        return Record(EventTypes.PriorityChanged, actor, at, CurrentVisit, CurrentStepStatus, CurrentStepStatus,
            new { priority, previous, reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() });
    }

    /// <summary>
    /// Records what a service level clock did: reached a warning, breached, or escalated to someone. A reassignment
    /// also takes the step back from its assignee, so that the team it goes to can pick it up.
    /// </summary>
    public Result<Transition> RecordServiceLevel(ValueStreamDefinition stream, string clock, string action, int percent, string? to, string actor, DateTimeOffset at)
    {
        if (CheckStream(stream) is { } mismatch)
        {
            return mismatch;
        }

        var previous = Assignee;
        if (action == "reassign" && State == WorkItemState.Active)
        {
            Assignee = null;
        }

        return Record(EventTypes.ServiceLevel, actor, at, CurrentVisit, CurrentStepStatus, CurrentStepStatus,
            new { clock, action, percent, to, previousAssignee = action == "reassign" ? previous : null });
    }

    /// <summary>The longest comment or answer kept; longer text belongs in an attached document.</summary>
    public const int MaxCommentLength = 4000;

    /// <summary>
    /// Adds a comment to the conversation about the work. It changes no step, so it is open in every state but
    /// cancelled: a requester may still say something after the value was confirmed.
    /// </summary>
    public Result<Transition> Comment(ValueStreamDefinition stream, string text, string actor, DateTimeOffset at)
    {
        if (CheckStream(stream) is { } mismatch)
        {
            return mismatch;
        }

        if (State == WorkItemState.Cancelled)
        {
            return DomainError.InvalidTransition("work-item-closed", $"Work item {Id} is cancelled; its conversation is closed.");
        }

        if (CommentError(text, "text") is { } error)
        {
            return error;
        }

        return Record(EventTypes.Commented, actor, at, CurrentVisit, CurrentStepStatus, CurrentStepStatus, new { text = text.Trim() });
    }

    /// <summary>
    /// The requester's answer to a step that waits for them: the answer is recorded with the resumption, and the step
    /// goes on. Only a wait for the customer can be answered; other waits are for someone else.
    /// </summary>
    public Result<Transition> Answer(ValueStreamDefinition stream, string answer, string actor, DateTimeOffset at)
    {
        var guarded = Guard(stream, StepStatus.Waiting, "answer");
        if (!guarded.IsSuccess)
        {
            return guarded.Error!;
        }

        if (CurrentWaitReason != WaitReason.Customer)
        {
            return DomainError.InvalidTransition("not-waiting-for-customer",
                $"Work item {Id} waits for {CurrentWaitReason?.ToString().ToLowerInvariant() ?? "nothing"}, not for the customer; there is nothing to answer.");
        }

        if (CommentError(answer, "answer") is { } error)
        {
            return error;
        }

        var visit = guarded.Value;
        var reason = CurrentWaitReason;
        var waited = visit.EndWait(at);
        CurrentWaitReason = null;
        return Move(EventTypes.StepResumed, actor, at, visit, StepStatus.InProgress,
            new { reason, waitedMinutes = Math.Round(waited.TotalMinutes, 2), answer = answer.Trim() });
    }

    private static DomainError? CommentError(string text, string field) =>
        string.IsNullOrWhiteSpace(text) ? DomainError.Validation($"{field}-required", "Write something first.", field)
        : text.Trim().Length > MaxCommentLength ? DomainError.Validation($"{field}-too-long", $"Keep it under {MaxCommentLength} characters.", field)
        : null;

    /// <summary>Records the value the consumer confirms at the end of the stream, with an optional 1–5 rating.</summary>
    public Result<Transition> ConfirmValue(ValueStreamDefinition stream, string outcome, string confirmedBy, int? rating, string actor, DateTimeOffset at)
    {
        var check = CheckStream(stream);
        if (check is not null)
        {
            return check;
        }

        if (State != WorkItemState.Delivered)
        {
            return DomainError.InvalidTransition("not-delivered",
                State == WorkItemState.Active
                    ? $"Work item {Id} is still at step '{CurrentStepKey}'; value is confirmed after the last step is completed."
                    : $"Work item {Id} is {Describe(State)}; there is no value left to confirm.");
        }

        if (string.IsNullOrWhiteSpace(outcome))
        {
            return DomainError.Validation("outcome-required", "Describe the outcome the consumer received.", "outcome");
        }

        if (string.IsNullOrWhiteSpace(confirmedBy))
        {
            return DomainError.Validation("confirmer-required", "Say who confirmed the value.", "confirmedBy");
        }

        if (rating is < 1 or > 5)
        {
            return DomainError.Validation("rating-out-of-range", "A rating is a whole number from 1 to 5.", "rating");
        }

        State = WorkItemState.ValueRealized;
        Outcome = outcome.Trim();
        ConfirmedBy = confirmedBy.Trim();
        Rating = rating;
        ClosedAt = at;
        return Record(EventTypes.ValueConfirmed, actor, at, null, null, null, new { outcome = Outcome, confirmedBy = ConfirmedBy, rating });
    }

    /// <summary>Checks that the item is active at a step in <paramref name="expected"/> status (any status when null).</summary>
    private Result<StepVisit> Guard(ValueStreamDefinition stream, StepStatus? expected, string verb)
    {
        if (CheckStream(stream) is { } mismatch)
        {
            return mismatch;
        }

        if (State != WorkItemState.Active || CurrentVisit is not { } visit)
        {
            return DomainError.InvalidTransition("work-item-not-active", $"Work item {Id} is {Describe(State)}; it has no step to {verb}.");
        }

        if (expected is { } status && CurrentStepStatus != status)
        {
            var code = (expected, CurrentStepStatus) switch
            {
                (StepStatus.InProgress, StepStatus.Pending) => "step-not-started",
                (StepStatus.InProgress, StepStatus.Waiting) => "step-waiting",
                (StepStatus.Pending, _) => "step-already-started",
                (StepStatus.Waiting, _) => "step-not-waiting",
                _ => "invalid-step-status",
            };
            return DomainError.InvalidTransition(code,
                $"Cannot {verb} step '{CurrentStepKey}' of work item {Id}: it is {Describe(CurrentStepStatus!.Value)}, not {Describe(status)}.");
        }

        return visit;
    }

    private DomainError? CheckStream(ValueStreamDefinition stream) =>
        stream.Key == ValueStreamKey ? null
            : DomainError.Validation("wrong-value-stream", $"Work item {Id} runs on value stream '{ValueStreamKey}', not '{stream.Key}'.");

    private static Result<string> ChooseNext(StepDefinition step, string? next)
    {
        if (string.IsNullOrWhiteSpace(next))
        {
            return step.Next.Count == 1
                ? step.Next[0]
                : DomainError.Validation("next-required",
                    $"Step '{step.Key}' branches; choose where the work goes next: {string.Join(", ", step.Next)}.", "next");
        }

        return step.Next.Contains(next)
            ? next
            : DomainError.Validation("next-not-allowed", $"From step '{step.Key}' work can go to {string.Join(", ", step.Next)}, not '{next}'.", "next");
    }

    private StepVisit Enter(StepDefinition step, DateTimeOffset at)
    {
        var visit = new StepVisit(_visits.Count + 1, step, at);
        _visits.Add(visit);
        CurrentStepKey = step.Key;
        CurrentActivity = step.Activity;
        if (!string.Equals(CurrentTeam, step.Team, StringComparison.Ordinal))
        {
            // Another team picks the work up from its own queue.
            Assignee = null;
        }

        CurrentTeam = step.Team;
        CurrentStepStatus = StepStatus.Pending;
        CurrentWaitReason = null;
        return visit;
    }

    private void ClearCurrent()
    {
        CurrentStepKey = null;
        CurrentActivity = null;
        CurrentTeam = null;
        CurrentStepStatus = null;
        CurrentWaitReason = null;
    }

    private Transition Move(string type, string actor, DateTimeOffset at, StepVisit visit, StepStatus to, object? data)
    {
        var from = CurrentStepStatus;
        CurrentStepStatus = to;
        return Record(type, actor, at, visit, from, to, data);
    }

    private Transition Record(string type, string actor, DateTimeOffset at, StepVisit? visit, StepStatus? from, StepStatus? to, object? data)
    {
        Revision++;
        UpdatedAt = at;
        var json = data is null ? null : JsonSerializer.Serialize(data, Json);
        return new Transition(new WorkItemEvent(this, type, actor, at, visit, Status(from), Status(to), json));
    }

    private static string? Status(StepStatus? status) => status is { } s ? Describe(s) : null;

    private static string Describe(StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.InProgress => "in-progress",
        _ => "waiting",
    };

    private static string Describe(WorkItemState state) => state switch
    {
        WorkItemState.Active => "active",
        WorkItemState.Delivered => "delivered and awaiting value confirmation",
        WorkItemState.ValueRealized => "closed with value realized",
        _ => "cancelled",
    };
}
