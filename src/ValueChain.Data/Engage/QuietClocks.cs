using System.Collections.Concurrent;
using ValueChain.Engage.Agreements;

namespace ValueChain.Data.Engage;

/// <summary>
/// What the service level watch learned on this node about open work whose clocks have nothing left to do for now:
/// every action due was carried out, and the next one falls due at a known instant or only after something happens.
/// Such an item's clocks cannot change before that instant unless the item changes (a new event raises its revision),
/// its requester's customer changes, or other agreements are published, so a look passes it by without reading its
/// events. Work open for long is most of what is open; replaying it on every look was most of a look's cost.
/// </summary>
public sealed class QuietClocks
{
    private readonly ConcurrentDictionary<long, (ItemClockHead Head, DateTimeOffset Until)> _quiet = new();
    private readonly Lock _agreementsLock = new();
    private IReadOnlyList<AgreementSetVersion> _agreements = [];

    /// <summary>How many work items a look may pass by now.</summary>
    public int Count => _quiet.Count;

    /// <summary>Forgets everything when the agreements differ from the ones the items were looked at under.</summary>
    public void Under(IReadOnlyList<AgreementSetVersion> agreements)
    {
        lock (_agreementsLock)
        {
            var same = agreements.Count == _agreements.Count
                && agreements.Zip(_agreements).All(p => p.First.EffectiveFrom == p.Second.EffectiveFrom && ReferenceEquals(p.First.Set, p.Second.Set));
            if (!same)
            {
                _quiet.Clear();
                _agreements = agreements;
            }
        }
    }

    /// <summary>Whether the item is as it was when its clocks were last found quiet, and their next action is not due yet.</summary>
    public bool IsQuiet(ItemClockHead head, DateTimeOffset now) =>
        _quiet.TryGetValue(head.WorkItemId, out var quiet) && quiet.Head == head && now < quiet.Until;

    /// <summary>The item's clocks have nothing to do before <paramref name="until"/> (<see cref="DateTimeOffset.MaxValue"/>: not before it changes).</summary>
    public void Remember(ItemClockHead head, DateTimeOffset until) => _quiet[head.WorkItemId] = (head, until);

    public void Forget(long workItemId) => _quiet.TryRemove(workItemId, out _);

    /// <summary>Keeps only the items of <paramref name="open"/>: closed work is not looked at again.</summary>
    public void Retain(IReadOnlySet<long> open)
    {
        foreach (var id in _quiet.Keys)
        {
            if (!open.Contains(id))
            {
                _quiet.TryRemove(id, out _);
            }
        }
    }
}
