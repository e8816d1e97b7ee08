namespace ValueChain.Data.Engage;

/// <summary>
/// A published version of the organization's agreements file (calendars and agreements), in force from the instant it
/// was published. Versions are never changed, so a clock replayed later counts with the rules that were in force.
/// </summary>
public sealed class AgreementVersion
{
    private AgreementVersion()
    {
        Source = PublishedBy = ContentHash = string.Empty;
    }

    public AgreementVersion(int version, string source, string contentHash, string publishedBy, DateTimeOffset effectiveFrom)
    {
        Version = version;
        Source = source;
        ContentHash = contentHash;
        PublishedBy = publishedBy;
        EffectiveFrom = effectiveFrom;
    }

    public long Id { get; private set; }

    public int Version { get; private set; }

    public string Source { get; private set; }

    public string ContentHash { get; private set; }

    public string PublishedBy { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }
}

/// <summary>
/// An escalation action that was carried out, by its idempotency key (work item, clock, threshold, action). The key is
/// unique, and it is saved with the action's event in one transaction, so every action happens once, on one node.
/// </summary>
public sealed class EscalationRecord
{
    private EscalationRecord()
    {
        Key = string.Empty;
    }

    public EscalationRecord(string key, long workItemId, DateTimeOffset executedAt)
    {
        Key = key;
        WorkItemId = workItemId;
        ExecutedAt = executedAt;
    }

    public string Key { get; private set; }

    public long WorkItemId { get; private set; }

    public DateTimeOffset ExecutedAt { get; private set; }
}
