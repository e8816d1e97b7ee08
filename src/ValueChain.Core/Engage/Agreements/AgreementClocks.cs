using ValueChain.ValueStreams.Runs;

namespace ValueChain.Engage.Agreements;

/// <summary>The agreements in force from an instant on: a published version of the organization's agreements file.</summary>
public sealed record AgreementSetVersion(DateTimeOffset EffectiveFrom, AgreementSet Set);

/// <summary>One clock of a work item and where it stands.</summary>
public sealed record ItemClock(ClockKey Key, ClockStatus Status);

/// <summary>
/// Every service level clock of one work item: which agreements govern it at each instant (its priority moves, new
/// versions of the agreements are published) and how each of their targets' clocks stands.
/// </summary>
public static class AgreementClocks
{
    public static IReadOnlyList<ItemClock> Evaluate(AgreementSet set, AgreementSubject subject, IReadOnlyList<ClockEvent> events, DateTimeOffset now) =>
        Evaluate([new AgreementSetVersion(DateTimeOffset.MinValue, set)], subject, events, now);

    /// <summary>
    /// Matches the agreements when the work is opened, and again whenever its priority changes or another version of
    /// the agreements takes effect. A clock is named by its <see cref="ClockKey"/>, so when another agreement of the
    /// same kind and party takes over (a customer's gold SLA replaces the standard one), the same clock carries on
    /// under the new definition from that instant (see <see cref="ServiceClock"/> for how). A clock whose kind and
    /// party no agreement covers any more is withdrawn; one that first applies mid-flight starts then.
    /// </summary>
    public static IReadOnlyList<ItemClock> Evaluate(
        IReadOnlyList<AgreementSetVersion> versions, AgreementSubject subject, IReadOnlyList<ClockEvent> events, DateTimeOffset now)
    {
        var ordered = events.Where(e => e.OccurredAt <= now).OrderBy(e => e.OccurredAt).ToList();
        if (ordered.Count == 0 || versions.Count == 0)
        {
            return [];
        }

        var opened = ordered[0].OccurredAt;
        var instants = ordered
            .Where(e => e.Type is EventTypes.DemandOpened or ClockEventTypes.PriorityChanged)
            .Select(e => e.OccurredAt)
            .Concat(versions.Select(v => v.EffectiveFrom).Where(at => at > opened && at <= now))
            .Append(opened)
            .Distinct()
            .Order();

        var timelines = new Dictionary<ClockKey, List<ClockDefinition>>();
        var current = new Dictionary<ClockKey, (string Agreement, AgreementTarget Target, BusinessCalendar Calendar)>();
        foreach (var at in instants)
        {
            var set = versions.Where(v => v.EffectiveFrom <= at).MaxBy(v => v.EffectiveFrom)?.Set;
            var priority = PriorityAt(ordered, at);
            var matched = new Dictionary<ClockKey, (string Agreement, AgreementTarget Target, BusinessCalendar Calendar)>();
            foreach (var agreement in set?.Match(subject, priority) ?? [])
            {
                foreach (var target in agreement.Targets)
                {
                    matched[new ClockKey(agreement.Kind, agreement.Party, target.Name)] = (agreement.Key, target, set!.CalendarFor(agreement, target));
                }
            }

            // Definitions in force when the work opens count from the beginning; later ones from their instant.
            var from = at == opened ? DateTimeOffset.MinValue : at;
            foreach (var (key, definition) in matched)
            {
                if (!current.TryGetValue(key, out var was) || was != definition)
                {
                    Timeline(timelines, key).Add(new ClockDefinition(from, definition.Target, definition.Calendar, definition.Agreement));
                }
            }

            foreach (var key in current.Keys.Where(k => !matched.ContainsKey(k)))
            {
                Timeline(timelines, key).Add(new ClockDefinition(from, null));
            }

            current = matched;
        }

        return
        [
            .. timelines
                .OrderBy(t => t.Key.Kind).ThenBy(t => t.Key.Party, StringComparer.Ordinal).ThenBy(t => t.Key.Target, StringComparer.Ordinal)
                .Select(t => new ItemClock(t.Key, ServiceClock.Evaluate(t.Value, ordered, now))),
        ];
    }

    private static List<ClockDefinition> Timeline(Dictionary<ClockKey, List<ClockDefinition>> timelines, ClockKey key)
    {
        if (!timelines.TryGetValue(key, out var timeline))
        {
            timelines[key] = timeline = [];
        }

        return timeline;
    }

    private static Priority PriorityAt(List<ClockEvent> events, DateTimeOffset at)
    {
        var priority = Priority.Medium;
        foreach (var e in events.TakeWhile(e => e.OccurredAt <= at))
        {
            priority = e.Type switch
            {
                EventTypes.DemandOpened => e.Priority ?? Priority.Medium,
                ClockEventTypes.PriorityChanged when e.Priority is { } changed => changed,
                _ => priority,
            };
        }

        return priority;
    }
}
