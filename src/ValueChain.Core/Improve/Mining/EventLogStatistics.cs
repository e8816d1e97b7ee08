namespace ValueChain.Improve.Mining;

/// <summary>
/// What an event log says about its process: how much there is, which paths cases take and how long they run.
/// Counts are over the cases a <see cref="CaseFilter"/> kept; the events of a case are in time order, equal times in
/// arrival order.
/// </summary>
public sealed record EventLogStatistics(
    int CaseCount,
    long EventCount,
    int CasesLeftOut,
    IReadOnlyList<ActivityCount> Activities,
    IReadOnlyList<ActivityCount> StartActivities,
    IReadOnlyList<ActivityCount> EndActivities,
    IReadOnlyList<DirectlyFollows> DirectlyFollows,
    IReadOnlyList<TraceVariant> Variants,
    TraceLengthStatistics TraceLength,
    CaseDurationStatistics CaseDuration)
{
    /// <summary>How many distinct activities occur.</summary>
    public int ActivityCount => Activities.Count;

    /// <summary>How many distinct activities occur directly after one another (self-loops included).</summary>
    public int DirectlyFollowsPairCount => DirectlyFollows.Count;
}

/// <summary>An activity and how often it occurs (as an event, or as the first or last of a case).</summary>
public sealed record ActivityCount(string Activity, long Count);

/// <summary>
/// An edge of the directly-follows graph: <see cref="From"/> is immediately followed by <see cref="To"/> in a case,
/// <see cref="Count"/> times; the durations are the times between the two events.
/// </summary>
public sealed record DirectlyFollows(string From, string To, long Count, TimeSpan MeanDuration, TimeSpan MedianDuration)
{
    public bool IsSelfLoop => string.Equals(From, To, StringComparison.Ordinal);
}

/// <summary>A variant: one sequence of activities, the cases that took it and their share of all cases.</summary>
public sealed record TraceVariant(IReadOnlyList<string> Activities, int Count, double Share);

/// <summary>Events per case.</summary>
public sealed record TraceLengthStatistics(int Min, double Mean, double Median, int Max);

/// <summary>
/// Time from a case's first event to its last. The median of an even number of cases is the mean of the middle two.
/// </summary>
public sealed record CaseDurationStatistics(TimeSpan Min, TimeSpan Mean, TimeSpan Median, TimeSpan Max)
{
    public double MeanDays => Mean.TotalDays;

    public double MedianDays => Median.TotalDays;
}
