namespace ValueChain.Improve.Mining;

/// <summary>
/// One event of an event log: something that happened to a case (an incident, a ticket, a work item) at a moment.
/// </summary>
/// <param name="CaseId">The case the event belongs to.</param>
/// <param name="Activity">What happened, as the process names it: the event's class.</param>
/// <param name="Timestamp">When it happened. Events of a case are ordered by it; equal times keep their arrival order.</param>
/// <param name="Resource">Who or what did it, when known.</param>
/// <param name="Attributes">Further values recorded with the event, in the order of the source; may be empty.</param>
public sealed record LogEvent(
    string CaseId,
    string Activity,
    DateTimeOffset Timestamp,
    string? Resource = null,
    IReadOnlyList<KeyValuePair<string, string>>? Attributes = null)
{
    /// <summary>Where the source wrote the event: its line in the file, or 0 when not known.</summary>
    public long Line { get; init; }

    /// <summary>The attributes, never null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AttributeList => Attributes ?? [];

    /// <summary>The value of the attribute with this name, or null when the event has none.</summary>
    public string? Attribute(string name)
    {
        foreach (var attribute in AttributeList)
        {
            if (string.Equals(attribute.Key, name, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }
}
