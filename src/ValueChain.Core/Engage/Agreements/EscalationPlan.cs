using System.Globalization;
using ValueChain.Common;

namespace ValueChain.Engage.Agreements;

/// <summary>What a background job does for a clock.</summary>
public enum PlannedActionKind
{
    /// <summary>A warning threshold is reached.</summary>
    Warn,
    /// <summary>The target is missed.</summary>
    Breach,
    Notify,
    RaisePriority,
    Reassign,
}

/// <summary>Whether an action should run now.</summary>
public enum PlannedActionState
{
    /// <summary>Its threshold is reached: run it, unless its key has run before.</summary>
    Due,
    /// <summary>It falls due at <see cref="PlannedAction.At"/> if nothing else happens: wake up then and evaluate again.</summary>
    Scheduled,
    /// <summary>The clock pauses, so when it falls due is not known yet.</summary>
    OnHold,
}

/// <summary>
/// One action of a clock's escalation plan.
/// </summary>
/// <param name="IdempotencyKey">
/// Work item, clock and threshold (and for escalations the action and its recipient): the same for as long as the
/// clock lives, whatever replaces its agreement or priority, so a job that records the keys it ran executes each
/// action exactly once.
/// </param>
/// <param name="At">When the threshold was reached (due) or will be (scheduled). A breach scheduled at an instant falls due once time passes it.</param>
/// <param name="To">Whom to notify, the priority to raise to, or the team to reassign to.</param>
public sealed record PlannedAction(string IdempotencyKey, PlannedActionKind Kind, int Percent, PlannedActionState State, DateTimeOffset? At, string? To = null);

/// <summary>Turns a clock into the actions due on it: warnings, the breach and the target's escalations.</summary>
public static class EscalationPlan
{
    /// <summary>
    /// The actions of one clock, in the order they fall due. A clock not started has none. Once a clock stops (met,
    /// breached, cancelled), its warnings and escalations lapse and only a breach it suffered stays due: nobody needs a
    /// warning about finished work, but a breach is on record.
    /// </summary>
    public static IReadOnlyList<PlannedAction> For(string workItemId, ClockKey key, ClockStatus clock)
    {
        if (clock.State == ClockState.NotStarted || clock.Target is not { } target)
        {
            return clock.BreachedAt is { } breached
                ? [new PlannedAction(Key(workItemId, key, 100, PlannedActionKind.Breach, null), PlannedActionKind.Breach, 100, PlannedActionState.Due, breached)]
                : [];
        }

        var actions = new List<PlannedAction>();
        foreach (var percent in target.WarnAt ?? [])
        {
            Add(actions, workItemId, key, clock, percent, PlannedActionKind.Warn, null);
        }

        Add(actions, workItemId, key, clock, 100, PlannedActionKind.Breach, null);
        foreach (var escalation in target.Escalations ?? [])
        {
            var kind = escalation.Action switch
            {
                EscalationAction.Notify => PlannedActionKind.Notify,
                EscalationAction.RaisePriority => PlannedActionKind.RaisePriority,
                _ => PlannedActionKind.Reassign,
            };
            Add(actions, workItemId, key, clock, escalation.AtPercent, kind, escalation.To);
        }

        return [.. actions.OrderBy(a => a.At ?? DateTimeOffset.MaxValue).ThenBy(a => a.Percent).ThenBy(a => a.Kind)];
    }

    private static void Add(List<PlannedAction> actions, string workItemId, ClockKey key, ClockStatus clock, int percent, PlannedActionKind kind, string? to)
    {
        var stopped = clock.IsStopped || clock.State is ClockState.Met or ClockState.Cancelled;
        var threshold = clock.Threshold(percent);
        var keyText = Key(workItemId, key, percent, kind, to);
        if (threshold?.ReachedAt is { } reached)
        {
            if (!stopped || kind == PlannedActionKind.Breach)
            {
                actions.Add(new PlannedAction(keyText, kind, percent, PlannedActionState.Due, reached, to));
            }
        }
        else if (!stopped)
        {
            var due = threshold?.DueAt;
            actions.Add(new PlannedAction(keyText, kind, percent, due is null ? PlannedActionState.OnHold : PlannedActionState.Scheduled, due, to));
        }
    }

    private static string Key(string workItemId, ClockKey key, int percent, PlannedActionKind kind, string? to)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{workItemId}/{key}/{percent}/{Word(kind)}");
        return to is null ? text : $"{text}/{to}";
    }

    private static string Word(PlannedActionKind kind) => kind switch
    {
        PlannedActionKind.RaisePriority => "raise-priority",
        _ => Words.Of(kind),
    };
}
