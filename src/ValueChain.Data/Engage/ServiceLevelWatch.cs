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
public sealed class ServiceLevelWatch(
    ValueChainDbContext db, ItemClockReader clocks, ServiceLevels levels, QuietClocks quiet, WorkItemCommands commands, TimeProvider clock)
{
    public const string Actor = "service-levels";

    /// <summary>Returns how many actions this round carried out.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var agreements = await levels.VersionsAsync(cancellationToken);
        quiet.Under(agreements);
        // A version that takes effect later changes the clocks then, with no event on the item.
        var nextVersion = agreements.Select(v => v.EffectiveFrom).Where(at => at > now).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var open = db.WorkItems.AsNoTracking().Where(w => w.State == WorkItemState.Active || w.State == WorkItemState.Delivered);
        var seen = new HashSet<long>();
        var done = 0;
        var batch = new List<Pending>();
        bool PassBy(ItemClockHead head)
        {
            seen.Add(head.WorkItemId);
            return quiet.IsQuiet(head, now);
        }

        await foreach (var item in clocks.ReadAsync(open, now, PassBy, cancellationToken))
        {
            var id = item.WorkItemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var plan = item.Clocks.SelectMany(c => EscalationPlan.For(id, c.Key, c.Status).Select(a => (Clock: c.Key, Action: a))).ToList();
            var until = plan
                .Where(a => a.Action.State == PlannedActionState.Scheduled && a.Action.At is not null)
                .Select(a => a.Action.At!.Value)
                .Append(nextVersion)
                .Min();
            var pending = new Pending(new ItemClockHead(item.WorkItemId, item.Revision, item.Customer), until, [.. plan.Where(a => a.Action.State == PlannedActionState.Due)]);
            if (pending.Due.Count == 0)
            {
                quiet.Remember(pending.Head, until);
                continue;
            }

            batch.Add(pending);
            if (batch.Count == ItemClockReader.BatchSize)
            {
                done += await CarryOutAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        done += await CarryOutAsync(batch, cancellationToken);
        quiet.Retain(seen);
        return done;
    }

    /// <summary>
    /// Carries out what is due for a batch of work items and was not done before. Work that has been open for long
    /// has every action of its plan due on every look, so which were done is read for the whole batch at once.
    /// </summary>
    private async Task<int> CarryOutAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var keys = batch.SelectMany(b => b.Due).Select(d => d.Action.IdempotencyKey).ToList();
        var executed = (await db.Escalations.AsNoTracking().Where(e => keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(cancellationToken)).ToHashSet();
        var done = 0;
        foreach (var (head, until, due) in batch)
        {
            var todo = due.Where(d => !executed.Contains(d.Action.IdempotencyKey)).ToList();
            if (todo.Count == 0)
            {
                quiet.Remember(head, until);
                continue;
            }

            // What is carried out changes the item (or fails and is tried again): the next look replays it.
            quiet.Forget(head.WorkItemId);
            var id = head.WorkItemId;
            foreach (var (clock, action) in todo)
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

    /// <summary>An item with actions due, and when its next scheduled one falls due.</summary>
    private sealed record Pending(ItemClockHead Head, DateTimeOffset Until, List<(ClockKey Clock, PlannedAction Action)> Due);

    private static WorkItemCommand Command(ClockKey clock, PlannedAction action) => action.Kind switch
    {
        PlannedActionKind.RaisePriority when ValueChain.Common.Words.TryParse<Priority>(action.To, out var priority) =>
            new ChangePriority(priority, $"Escalated: {clock} reached {action.Percent} %."),
        _ => new RecordServiceLevel(clock.ToString(), ValueChain.Common.Words.Of(action.Kind), action.Percent, action.To),
    };
}
