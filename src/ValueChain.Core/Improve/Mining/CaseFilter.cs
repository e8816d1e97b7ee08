namespace ValueChain.Improve.Mining;

/// <summary>
/// Which cases a summary counts. An event log cut out of a running system holds cases that began before the
/// extraction window and cases that were still open at its end; the endpoint filter leaves those out by asking that a
/// case begin with one of the given start activities and finish with one of the given end activities.
/// </summary>
public sealed record CaseFilter
{
    private CaseFilter(IReadOnlySet<string>? startActivities, IReadOnlySet<string>? endActivities)
    {
        StartActivities = startActivities;
        EndActivities = endActivities;
    }

    /// <summary>Every case counts.</summary>
    public static CaseFilter All { get; } = new(null, null);

    /// <summary>The first activities a case may begin with; null for any.</summary>
    public IReadOnlySet<string>? StartActivities { get; }

    /// <summary>The last activities a case may finish with; null for any.</summary>
    public IReadOnlySet<string>? EndActivities { get; }

    public bool IsAll => StartActivities is null && EndActivities is null;

    /// <summary>
    /// Only the cases that begin with one of <paramref name="startActivities"/> and finish with one of
    /// <paramref name="endActivities"/>; an empty list leaves that end open.
    /// </summary>
    public static CaseFilter Endpoints(IEnumerable<string> startActivities, IEnumerable<string> endActivities)
    {
        var starts = startActivities.ToHashSet(StringComparer.Ordinal);
        var ends = endActivities.ToHashSet(StringComparer.Ordinal);
        return new CaseFilter(starts.Count == 0 ? null : starts, ends.Count == 0 ? null : ends);
    }
}
