using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Engage;

/// <summary>
/// Looks at the clocks of open work and carries out what their escalation plans say is due: a warning or a breach is
/// recorded on the work item, a notification is recorded for its recipient, a priority is raised, the step is handed
/// back for reassignment. Each action's idempotency key is saved with its event, so it happens exactly once however
/// many nodes look at the same moment.
/// </summary>
public sealed class ServiceLevelWatch(ValueChainDbContext db, ItemClockReader clocks, WorkItemCommands commands, TimeProvider clock)
{
    public const string Actor = "service-levels";

    /// <summary>Returns how many actions this round carried out.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var open = db.WorkItems.AsNoTracking().Where(w => w.State == WorkItemState.Active || w.State == WorkItemState.Delivered);
        var done = 0;
        var batch = new List<(long WorkItemId, List<(ClockKey Clock, PlannedAction Action)> Due)>();
        await foreach (var item in clocks.ReadAsync(open, clock.GetUtcNow(), cancellationToken))
        {
            var id = item.WorkItemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var due = item.Clocks
                .SelectMany(c => EscalationPlan.For(id, c.Key, c.Status).Select(a => (Clock: c.Key, Action: a)))
                .Where(a => a.Action.State == PlannedActionState.Due)
                .ToList();
            if (due.Count > 0)
            {
                batch.Add((item.WorkItemId, due));
            }

            if (batch.Count == ItemClockReader.BatchSize)
            {
                done += await CarryOutAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        return done + await CarryOutAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Carries out what is due for a batch of work items and was not done before. Work that has been open for long
    /// has every action of its plan due on every look, so which were done is read for the whole batch at once.
    /// </summary>
    private async Task<int> CarryOutAsync(List<(long WorkItemId, List<(ClockKey Clock, PlannedAction Action)> Due)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var keys = batch.SelectMany(b => b.Due).Select(d => d.Action.IdempotencyKey).ToList();
        var executed = (await db.Escalations.AsNoTracking().Where(e => keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(cancellationToken)).ToHashSet();
        var done = 0;
        foreach (var (id, due) in batch)
        {
            foreach (var (clock, action) in due.Where(d => !executed.Contains(d.Action.IdempotencyKey)))
            {
                // The record and the action's event are saved together; a node that comes second fails on the key and does nothing.
                db.Escalations.Add(new EscalationRecord(action.IdempotencyKey, id, action.At ?? DateTimeOffset.MinValue));
                var result = await commands.ApplyAsync(id, Command(clock, action), Actor, cancellationToken);
                if (result.IsSuccess)
                {
                    done++;
                }
                else if (action.Kind == PlannedActionKind.RaisePriority)
                {
                    // Already at that priority (or closed): nothing to raise, but the step is taken so it is not tried again.
                    db.Escalations.Add(new EscalationRecord(action.IdempotencyKey, id, action.At ?? DateTimeOffset.MinValue));
                    await commands.ApplyAsync(id, new RecordServiceLevel(clock.ToString(), "raise-priority", action.Percent, action.To), Actor, cancellationToken);
                }

                db.ChangeTracker.Clear();
            }
        }

        return done;
    }

    private static WorkItemCommand Command(ClockKey clock, PlannedAction action) => action.Kind switch
    {
        PlannedActionKind.RaisePriority when ValueChain.Common.Words.TryParse<Priority>(action.To, out var priority) =>
            new ChangePriority(priority, $"Escalated: {clock} reached {action.Percent} %."),
        _ => new RecordServiceLevel(clock.ToString(), ValueChain.Common.Words.Of(action.Kind), action.Percent, action.To),
    };
}
