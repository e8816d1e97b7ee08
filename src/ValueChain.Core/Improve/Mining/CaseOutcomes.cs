namespace ValueChain.Improve.Mining;

/// <summary>
/// The value an attribute has on each case's last event, counted over cases: for audit logs where every row is a
/// snapshot of the record, the last snapshot tells how the case ended (whether its SLA was made, how it was closed).
/// The last event is the latest by time; of equal times, the one that came last.
/// </summary>
public sealed class CaseOutcomes(string attribute)
{
    private readonly Dictionary<string, (long Ticks, string? Value)> _last = new(StringComparer.Ordinal);

    public string Attribute { get; } = attribute;

    public int CaseCount => _last.Count;

    public void Add(LogEvent logEvent)
    {
        var ticks = logEvent.Timestamp.UtcTicks;
        if (!_last.TryGetValue(logEvent.CaseId, out var last) || ticks >= last.Ticks)
        {
            _last[logEvent.CaseId] = (ticks, logEvent.Attribute(Attribute));
        }
    }

    /// <summary>How many cases ended with each value (cases whose last event lacks the attribute are not counted).</summary>
    public IReadOnlyDictionary<string, int> Counts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, value) in _last.Values)
        {
            if (value is not null)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        return counts;
    }

    /// <summary>The share of all cases that ended with <paramref name="value"/>.</summary>
    public double Share(string value) => CaseCount == 0 ? 0 : (double)Counts().GetValueOrDefault(value) / CaseCount;
}
