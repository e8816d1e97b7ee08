using System.Text.Json;
using ValueChain.Common;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Engage.Agreements;

/// <summary>A step of a value stream as a clock sees it: its key, and the team and activity it belongs to.</summary>
public sealed record StepRef(string Key, string? Team = null, ValueChainActivity? Activity = null);

/// <summary>
/// One thing that happened to a work item, as much as clocks need of it. Fed from the work item's event log
/// (<see cref="From(WorkItemEvent, ValueStreamDefinition)"/>), or written directly.
/// </summary>
/// <param name="Type">A work item event type (<see cref="EventTypes"/>), or <c>priority-changed</c> or <c>reopened</c>.</param>
/// <param name="Step">The step the event is about; for <c>demand-opened</c> the first step.</param>
/// <param name="Next">
/// For <c>step-completed</c>, <c>looped-back</c> and <c>reopened</c>, the step the work moves to; a completed step
/// without one delivered the work (it reached value).
/// </param>
/// <param name="WaitReason">Who the work waits for (<c>step-waiting</c>) or waited for (<c>step-resumed</c>).</param>
/// <param name="Priority">The priority from here on (<c>demand-opened</c>, <c>priority-changed</c>); opening without one means medium.</param>
public sealed record ClockEvent(
    string Type,
    DateTimeOffset OccurredAt,
    StepRef? Step = null,
    StepRef? Next = null,
    WaitReason? WaitReason = null,
    Priority? Priority = null)
{
    /// <summary>
    /// The clock's view of a stored work item event. Teams and activities come from the value stream version the
    /// item runs on, since the event records only step keys.
    /// </summary>
    public static ClockEvent From(WorkItemEvent stored, ValueStreamDefinition stream)
    {
        var data = Data(stored.Data);
        var step = Ref(stream, stored.StepKey);
        return stored.Type switch
        {
            EventTypes.DemandOpened or EventTypes.PriorityChanged => new(stored.Type, stored.OccurredAt, step, Priority: Word<Priority>(data, "priority")),
            EventTypes.StepCompleted => new(stored.Type, stored.OccurredAt, step, Next: Text(data, "next") is { } next && next != ValueStreamDefinition.ValueTarget ? Ref(stream, next) : null),
            EventTypes.LoopedBack or EventTypes.Reopened => new(stored.Type, stored.OccurredAt, step, Next: Ref(stream, Text(data, "to"))),
            EventTypes.StepWaiting or EventTypes.StepResumed => new(stored.Type, stored.OccurredAt, step, WaitReason: Word<WaitReason>(data, "reason")),
            _ => new(stored.Type, stored.OccurredAt, step),
        };
    }

    private static StepRef? Ref(ValueStreamDefinition stream, string? key) =>
        key is null ? null : stream.FindStep(key) is { } step ? new StepRef(step.Key, step.Team, step.Activity) : new StepRef(key);

    private static JsonElement? Data(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string? Text(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static T? Word<T>(JsonElement? data, string name)
        where T : struct, Enum => Words.TryParse<T>(Text(data, name), out var value) ? value : null;
}

/// <summary>
/// The event types clocks know besides the work item's own: two of its own named here for conditions
/// (<see cref="PriorityChanged"/>, <see cref="Reopened"/>) and three that a condition may name and that are read off
/// other events (<see cref="StepEntered"/>, <see cref="StepLeft"/>, <see cref="Delivered"/>).
/// </summary>
public static class ClockEventTypes
{
    public const string PriorityChanged = EventTypes.PriorityChanged;

    /// <summary>Delivered work is opened again (its value not accepted); <see cref="ClockEvent.Next"/> is where it restarts.</summary>
    public const string Reopened = EventTypes.Reopened;

    /// <summary>Work arrives at a step: the first step on opening, the next step on completion, the target of a loop back or reopening.</summary>
    public const string StepEntered = "step-entered";

    /// <summary>Work leaves a step: completed or looped back from it.</summary>
    public const string StepLeft = "step-left";

    /// <summary>The last step is completed: the work reached value and awaits confirmation.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every event type a span condition may name.</summary>
    public static IReadOnlyList<string> All { get; } = [.. EventTypes.All.Union([PriorityChanged, Reopened, StepEntered, StepLeft, Delivered])];

    /// <summary>What one event means to span conditions: its own type, then what it implies, in order (a step is left before the next is entered).</summary>
    internal static IEnumerable<(string Type, StepRef? Step)> Occurrences(ClockEvent e)
    {
        yield return (e.Type, e.Step);
        switch (e.Type)
        {
            case EventTypes.DemandOpened:
                yield return (StepEntered, e.Step);
                break;
            case EventTypes.StepCompleted:
                yield return (StepLeft, e.Step);
                yield return e.Next is null ? (Delivered, e.Step) : (StepEntered, e.Next);
                break;
            case EventTypes.LoopedBack:
                yield return (StepLeft, e.Step);
                if (e.Next is not null)
                {
                    yield return (StepEntered, e.Next);
                }

                break;
            case Reopened when e.Next is not null:
                yield return (StepEntered, e.Next);
                break;
        }
    }
}
