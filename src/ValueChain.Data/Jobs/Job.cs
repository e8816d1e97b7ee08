namespace ValueChain.Data.Jobs;

/// <summary>Where a job stands. A running job whose lease has expired is claimable again, like a queued one.</summary>
public enum JobState
{
    Queued,
    Running,
    Done,
    Dead,
}

/// <summary>
/// A unit of background work queued in the database, so that any node may run it and none runs it twice: a node
/// claims it with a lease (owner and expiry) and only the lease holder may finish it.
/// </summary>
public sealed class Job
{
    private Job()
    {
        Kind = Payload = string.Empty;
    }

    public Job(string kind, string payload, DateTimeOffset createdAt, DateTimeOffset? runAfter = null)
    {
        Kind = kind;
        Payload = payload;
        State = JobState.Queued;
        CreatedAt = createdAt;
        RunAfter = runAfter ?? createdAt;
    }

    public long Id { get; private set; }

    /// <summary>Which handler runs it, e.g. <c>webhook-delivery</c>.</summary>
    public string Kind { get; private set; }

    /// <summary>The handler's input, as JSON.</summary>
    public string Payload { get; private set; }

    public JobState State { get; private set; }

    /// <summary>How many times a node has claimed it.</summary>
    public int Attempts { get; private set; }

    /// <summary>Not claimed before this time: the backoff after a failed attempt.</summary>
    public DateTimeOffset RunAfter { get; private set; }

    /// <summary>The node that holds the lease (or last held it).</summary>
    public string? LeaseOwner { get; private set; }

    /// <summary>A fresh value per claim, so that a node whose lease was taken over cannot finish the job.</summary>
    public string? LeaseToken { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }
}
