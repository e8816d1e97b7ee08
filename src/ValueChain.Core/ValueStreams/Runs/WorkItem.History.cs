using System.Globalization;
using ValueChain.Common;
using ValueChain.Engage;

namespace ValueChain.ValueStreams.Runs;

/// <summary>What a source system says happened to a case, in the terms of a value stream.</summary>
public enum HistoryAction
{
    /// <summary>The work arrived at the step and waits there to be picked up.</summary>
    Enter,
    /// <summary>Someone works the step: it arrives there if it was elsewhere, starts, or resumes after a wait.</summary>
    Start,
    /// <summary>The step waits for someone else, for a reason; it is started first if it was not.</summary>
    Wait,
    /// <summary>The step is done and the work reaches value, which now awaits the consumer's confirmation.</summary>
    Deliver,
    /// <summary>Delivered, and the value confirmed.</summary>
    Value,
    Cancel,
}

/// <summary>One moment of a case's history, as a work item transition.</summary>
/// <param name="Action">What happened.</param>
/// <param name="StepKey">The step it happened at; null for the current step (or the stream's start for the first event).</param>
/// <param name="At">When. A history is ordered by it.</param>
/// <param name="Actor">Who did it in the source; null for the replay's default actor.</param>
/// <param name="Reason">Why the step waits; required for <see cref="HistoryAction.Wait"/>.</param>
/// <param name="Note">What the source called it (its activity), kept as the note or reason of the event.</param>
public sealed record HistoryEvent(
    HistoryAction Action, string? StepKey, DateTimeOffset At, string? Actor = null, WaitReason? Reason = null, string? Note = null);

/// <summary>A moment of a history that was not replayed, by its index in the history, and why.</summary>
public sealed record SkippedHistory(int Index, string Reason);

/// <summary>A work item rebuilt from history: the item, its events in order, and what could not be replayed.</summary>
public sealed record ReplayedHistory(WorkItem Item, IReadOnlyList<WorkItemEvent> Events, IReadOnlyList<SkippedHistory> Skipped);

public sealed partial class WorkItem
{
    /// <summary>
    /// Rebuilds a work item from the history of a case worked in another tool, with the visits and events it would
    /// have had if it had been worked here. The first event opens it at its step (the stream's start when it names
    /// none). Arriving at another step completes the current visit, or loops back when the step is one the work
    /// completed before and the current step does not lead there. A step left or waited on without having been
    /// started is started at that moment, and a wait ends when the work goes on, so every event is one the domain
    /// itself could have appended. Moves the stream does not declare are recorded as they happened: history is not
    /// refused for taking a path the stream does not draw. Repeats of the current state change nothing; anything
    /// after the work closed is skipped with a reason.
    /// </summary>
    public static Result<ReplayedHistory> FromHistory(
        ValueStreamDefinition stream, int version, DemandDetails demand, IReadOnlyList<HistoryEvent> history, string defaultActor = "import")
    {
        if (history.Count == 0)
        {
            return DomainError.Validation("history-empty", "A history needs at least one event to open the work item.");
        }

        for (var i = 0; i < history.Count; i++)
        {
            var moment = history[i];
            if (moment.StepKey is { } key && stream.FindStep(key) is null)
            {
                return DomainError.Validation("unknown-step", $"Event {i + 1} of the history is at step '{key}', which value stream '{stream.Key}' does not have.");
            }

            if (i > 0 && moment.At < history[i - 1].At)
            {
                return DomainError.Validation("history-out-of-order", $"Event {i + 1} of the history happened before event {i}; a history is in time order.");
            }

            if (moment.Action == HistoryAction.Wait && moment.Reason is null)
            {
                return DomainError.Validation("reason-required", $"Event {i + 1} of the history waits without a reason.");
            }

            if (moment.Action is HistoryAction.Cancel && moment.StepKey is not null)
            {
                return DomainError.Validation("step-not-allowed", $"Event {i + 1} of the history cancels the work; it names no step.");
            }
        }

        if (CheckDemand(stream, demand) is { } refused)
        {
            return refused;
        }

        var first = history[0];
        var item = Create(stream, version, demand, first.At);
        var events = new List<WorkItemEvent>(history.Count * 2);
        var visit = item.Enter(stream.Step(first.StepKey ?? stream.StartStepKey), first.At);
        events.Add(item.RecordOpened(first.Actor ?? defaultActor, first.At, visit).Event);

        var skipped = new List<SkippedHistory>();
        for (var i = 0; i < history.Count; i++)
        {
            if (item.Replay(stream, history[i], history[i].Actor ?? defaultActor, events) is { } reason)
            {
                skipped.Add(new SkippedHistory(i, reason));
            }
        }

        return new ReplayedHistory(item, events, skipped);
    }

    /// <summary>Applies one moment of history; the reason it was skipped, or null.</summary>
    private string? Replay(ValueStreamDefinition stream, HistoryEvent moment, string actor, List<WorkItemEvent> events)
    {
        var at = moment.At;
        switch (State)
        {
            case WorkItemState.ValueRealized:
                return moment.Action == HistoryAction.Value ? null : $"the work closed with value confirmed at {Instant(ClosedAt)}; later history is not replayed.";
            case WorkItemState.Cancelled:
                return moment.Action == HistoryAction.Cancel ? null : $"the work was cancelled at {Instant(ClosedAt)}; later history is not replayed.";
            case WorkItemState.Delivered:
                switch (moment.Action)
                {
                    case HistoryAction.Deliver:
                        return null;
                    case HistoryAction.Value:
                        events.Add(Applied(ConfirmValue(stream, stream.Value.Outcome, actor, null, actor, at)));
                        return null;
                    case HistoryAction.Cancel:
                        events.Add(Applied(Cancel(stream, moment.Note ?? "Cancelled in the source system.", actor, at)));
                        return null;
                    default:
                        return $"the work was delivered at {Instant(DeliveredAt)}; a delivered work item does not go back to a step.";
                }
        }

        if (moment.StepKey is { } stepKey)
        {
            MoveTo(stream, stepKey, moment.Note, actor, at, events);
        }

        switch (moment.Action)
        {
            case HistoryAction.Enter:
                break;
            case HistoryAction.Start:
                if (CurrentStepStatus == StepStatus.Waiting)
                {
                    events.Add(Applied(Resume(stream, moment.Note, actor, at)));
                }

                EnsureStarted(stream, actor, at, events);
                break;
            case HistoryAction.Wait:
                if (CurrentStepStatus == StepStatus.Waiting)
                {
                    if (CurrentWaitReason == moment.Reason)
                    {
                        break;
                    }

                    // Waiting for someone else now: the first wait ends where the second begins.
                    events.Add(Applied(Resume(stream, moment.Note, actor, at)));
                }

                EnsureStarted(stream, actor, at, events);
                events.Add(Applied(Wait(stream, moment.Reason!.Value, moment.Note, actor, at)));
                break;
            case HistoryAction.Deliver or HistoryAction.Value:
                GoOn(stream, actor, at, events);
                events.Add(Leave(stream, CurrentVisit!, ValueStreamDefinition.ValueTarget, Completion(ValueStreamDefinition.ValueTarget), actor, at).Event);
                if (moment.Action == HistoryAction.Value)
                {
                    events.Add(Applied(ConfirmValue(stream, stream.Value.Outcome, actor, null, actor, at)));
                }

                break;
            case HistoryAction.Cancel:
                events.Add(Applied(Cancel(stream, moment.Note ?? "Cancelled in the source system.", actor, at)));
                break;
        }

        return null;
    }

    /// <summary>Takes the work to <paramref name="stepKey"/> unless it is there already.</summary>
    private void MoveTo(ValueStreamDefinition stream, string stepKey, string? note, string actor, DateTimeOffset at, List<WorkItemEvent> events)
    {
        if (CurrentStepKey == stepKey)
        {
            return;
        }

        var current = stream.Step(CurrentStepKey!);
        var reworked = !current.Next.Contains(stepKey) && _visits.Any(v => v.StepKey == stepKey && v.Outcome == VisitOutcome.Completed);
        if (reworked)
        {
            events.Add(Applied(LoopBack(stream, stepKey, note ?? "Sent back in the source system.", actor, at)));
            return;
        }

        GoOn(stream, actor, at, events);
        events.Add(Leave(stream, CurrentVisit!, stepKey, Completion(stepKey), actor, at).Event);
    }

    /// <summary>Brings the current step to in progress, as it must be before it is completed.</summary>
    private void GoOn(ValueStreamDefinition stream, string actor, DateTimeOffset at, List<WorkItemEvent> events)
    {
        if (CurrentStepStatus == StepStatus.Waiting)
        {
            events.Add(Applied(Resume(stream, null, actor, at)));
        }

        EnsureStarted(stream, actor, at, events);
    }

    private void EnsureStarted(ValueStreamDefinition stream, string actor, DateTimeOffset at, List<WorkItemEvent> events)
    {
        if (CurrentStepStatus == StepStatus.Pending)
        {
            events.Add(Applied(Start(stream, actor, at)));
        }
    }

    private static object Completion(string next) => new { next, artifacts = Array.Empty<object>(), deliveredTo = Array.Empty<string>() };

    // The replay only asks for transitions the item's state allows; a refusal here is a bug in the replay.
    private static WorkItemEvent Applied(Result<Transition> transition) =>
        transition.IsSuccess ? transition.Value.Event : throw new InvalidOperationException($"History replay made a refused transition: {transition.Error}");

    private static string Instant(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "?";
}
