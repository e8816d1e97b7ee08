namespace ValueChain.Improve.Mining;

/// <summary>The events of one case, in time order (equal times in arrival order).</summary>
public sealed record CaseTrace(string CaseId, IReadOnlyList<LogEvent> Events)
{
    /// <summary>
    /// Groups events into traces, in the order each case first appears, each sorted by time. Every event is held
    /// until the end of the input, since a case may come back at any point of an unsorted source.
    /// </summary>
    public static IEnumerable<CaseTrace> Group(IEnumerable<LogEvent> events)
    {
        var byCase = new Dictionary<string, List<LogEvent>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var logEvent in events)
        {
            if (!byCase.TryGetValue(logEvent.CaseId, out var list))
            {
                list = [];
                byCase.Add(logEvent.CaseId, list);
                order.Add(logEvent.CaseId);
            }

            list.Add(logEvent);
        }

        foreach (var caseId in order)
        {
            // OrderBy is stable: events with the same time keep the order they came in.
            yield return new CaseTrace(caseId, byCase[caseId].OrderBy(e => e.Timestamp.UtcTicks).ToList());
        }
    }
}
