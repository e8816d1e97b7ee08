namespace ValueChain.Data.Integrations;

/// <summary>An outbound webhook: events of the chosen types are POSTed to a URL, signed with a shared secret.</summary>
public sealed class WebhookSubscription
{
    public const string AllEvents = "*";

    private WebhookSubscription()
    {
        Url = Secret = CreatedBy = string.Empty;
    }

    public WebhookSubscription(string url, string secret, IReadOnlyList<string> eventTypes, string? description, string createdBy, DateTimeOffset createdAt, long startsAfterEvent)
    {
        Url = url;
        Secret = secret;
        EventTypes = [.. eventTypes];
        Description = description;
        Active = true;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        StartsAfterEvent = startsAfterEvent;
    }

    public long Id { get; private set; }

    public string Url { get; private set; }

    /// <summary>The HMAC-SHA256 key; shown once, when the subscription is made.</summary>
    public string Secret { get; private set; }

    /// <summary>Event types to send, or <see cref="AllEvents"/>.</summary>
    public List<string> EventTypes { get; private set; } = [];

    public string? Description { get; private set; }

    public bool Active { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The last event id when the subscription was made: it receives the events after it.</summary>
    public long StartsAfterEvent { get; private set; }

    /// <summary>Counts the edits; the optimistic concurrency token.</summary>
    public int Revision { get; private set; } = 1;

    public bool Wants(string eventType) => EventTypes.Contains(AllEvents) || EventTypes.Contains(eventType);

    public void Change(string url, IReadOnlyList<string> eventTypes, string? description, bool active)
    {
        Url = url;
        EventTypes = [.. eventTypes];
        Description = description;
        Active = active;
        Revision++;
    }
}

/// <summary>One HTTP attempt to deliver one event to one subscription: the delivery log.</summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
        NodeId = string.Empty;
    }

    public WebhookDelivery(long subscriptionId, long eventId, long jobId, int attempt, DateTimeOffset attemptedAt, string nodeId)
    {
        SubscriptionId = subscriptionId;
        EventId = eventId;
        JobId = jobId;
        Attempt = attempt;
        AttemptedAt = attemptedAt;
        NodeId = nodeId;
    }

    public long Id { get; private set; }

    public long SubscriptionId { get; private set; }

    public long EventId { get; private set; }

    public long JobId { get; private set; }

    /// <summary>Counts the HTTP attempts for this event and subscription, across retries and job attempts.</summary>
    public int Attempt { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    public int? StatusCode { get; set; }

    public double DurationMs { get; set; }

    public string? Error { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>The server node that made the attempt.</summary>
    public string NodeId { get; private set; }
}
