namespace ValueChain.Improve.Mining;

/// <summary>
/// Reads an event log in one pass and summarizes it: counts, directly-follows graph, variants, trace lengths and case
/// durations. Events may come in any order, from a file, the database or a stream; per case the miner keeps only the
/// activity (an interned integer) and the time of each event, twelve bytes, so that ten million events fit in memory
/// comfortably. <see cref="Summarize"/> may be called several times, with different filters, over what was added.
/// </summary>
public sealed class EventLogMiner
{
    private readonly ActivityTable _activities = new();
    private readonly Dictionary<string, CaseEvents> _casesById = new(StringComparer.Ordinal);
    private readonly List<CaseEvents> _cases = [];

    public long EventCount { get; private set; }

    public int CaseCount => _cases.Count;

    public void Add(LogEvent logEvent) => Add(logEvent.CaseId, logEvent.Activity, logEvent.Timestamp);

    public void Add(string caseId, string activity, DateTimeOffset timestamp)
    {
        if (!_casesById.TryGetValue(caseId, out var events))
        {
            events = new CaseEvents(caseId);
            _casesById.Add(caseId, events);
            _cases.Add(events);
        }

        events.Add(_activities.Intern(activity), timestamp.UtcTicks);
        EventCount++;
    }

    /// <summary>Summarizes every event of <paramref name="events"/>.</summary>
    public static EventLogStatistics Analyze(IEnumerable<LogEvent> events, CaseFilter? filter = null)
    {
        var miner = new EventLogMiner();
        foreach (var logEvent in events)
        {
            miner.Add(logEvent);
        }

        return miner.Summarize(filter);
    }

    /// <summary>Summarizes every event of <paramref name="events"/> as they arrive.</summary>
    public static async Task<EventLogStatistics> AnalyzeAsync(
        IAsyncEnumerable<LogEvent> events, CaseFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var miner = new EventLogMiner();
        await foreach (var logEvent in events.WithCancellation(cancellationToken))
        {
            miner.Add(logEvent);
        }

        return miner.Summarize(filter);
    }

    public EventLogStatistics Summarize(CaseFilter? filter = null)
    {
        filter ??= CaseFilter.All;
        var startIds = Ids(filter.StartActivities);
        var endIds = Ids(filter.EndActivities);

        var activityCounts = new long[_activities.Count];
        var startCounts = new long[_activities.Count];
        var endCounts = new long[_activities.Count];
        var edges = new Dictionary<long, EdgeTotals>();
        var variants = new VariantTrie();
        var lengths = new List<int>(_cases.Count);
        var durations = new List<long>(_cases.Count);
        long events = 0;
        var leftOut = 0;

        foreach (var caseEvents in _cases)
        {
            var (activities, ticks) = caseEvents.InTimeOrder();
            var count = caseEvents.Count;
            if ((startIds is not null && !startIds.Contains(activities[0]))
                || (endIds is not null && !endIds.Contains(activities[count - 1])))
            {
                leftOut++;
                continue;
            }

            events += count;
            lengths.Add(count);
            durations.Add(ticks[count - 1] - ticks[0]);
            startCounts[activities[0]]++;
            endCounts[activities[count - 1]]++;
            var node = VariantTrie.Root;
            for (var i = 0; i < count; i++)
            {
                activityCounts[activities[i]]++;
                node = variants.Step(node, activities[i]);
                if (i > 0)
                {
                    var key = ((long)activities[i - 1] << 32) | (uint)activities[i];
                    if (!edges.TryGetValue(key, out var edge))
                    {
                        edge = new EdgeTotals();
                        edges.Add(key, edge);
                    }

                    edge.Add(ticks[i] - ticks[i - 1]);
                }
            }

            variants.Complete(node);
        }

        var cases = lengths.Count;
        return new EventLogStatistics(
            cases,
            events,
            leftOut,
            Counts(activityCounts),
            Counts(startCounts),
            Counts(endCounts),
            Edges(edges),
            variants.Variants(_activities, cases),
            TraceLengths(lengths),
            Durations(durations));
    }

    private HashSet<int>? Ids(IReadOnlySet<string>? activities)
    {
        if (activities is null)
        {
            return null;
        }

        var ids = new HashSet<int>();
        foreach (var activity in activities)
        {
            if (_activities.TryGetId(activity, out var id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private List<ActivityCount> Counts(long[] counts)
    {
        var list = new List<ActivityCount>();
        for (var id = 0; id < counts.Length; id++)
        {
            if (counts[id] > 0)
            {
                list.Add(new ActivityCount(_activities.Name(id), counts[id]));
            }
        }

        list.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Activity, b.Activity));
        return list;
    }

    private List<DirectlyFollows> Edges(Dictionary<long, EdgeTotals> edges)
    {
        var list = new List<DirectlyFollows>(edges.Count);
        foreach (var (key, edge) in edges)
        {
            list.Add(new DirectlyFollows(
                _activities.Name((int)(key >> 32)),
                _activities.Name((int)(key & 0xFFFFFFFF)),
                edge.Count,
                TimeSpan.FromTicks(Statistics.Mean(edge.Durations)),
                TimeSpan.FromTicks(Statistics.Median(edge.Durations))));
        }

        list.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count)
            : string.CompareOrdinal(a.From, b.From) is var byFrom && byFrom != 0 ? byFrom
            : string.CompareOrdinal(a.To, b.To));
        return list;
    }

    private static TraceLengthStatistics TraceLengths(List<int> lengths)
    {
        if (lengths.Count == 0)
        {
            return new TraceLengthStatistics(0, 0, 0, 0);
        }

        var values = new long[lengths.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = lengths[i];
        }

        Array.Sort(values);
        return new TraceLengthStatistics(
            (int)values[0],
            Statistics.MeanExact(values),
            Statistics.MedianOfSorted(values),
            (int)values[^1]);
    }

    private static CaseDurationStatistics Durations(List<long> durations)
    {
        if (durations.Count == 0)
        {
            return new CaseDurationStatistics(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var values = durations.ToArray();
        Array.Sort(values);
        return new CaseDurationStatistics(
            TimeSpan.FromTicks(values[0]),
            TimeSpan.FromTicks((long)Math.Round(Statistics.MeanExact(values))),
            TimeSpan.FromTicks((long)Math.Round(Statistics.MedianOfSorted(values))),
            TimeSpan.FromTicks(values[^1]));
    }

    /// <summary>The events of one case as they arrived: activity ids and UTC ticks, in growing arrays.</summary>
    private sealed class CaseEvents(string caseId)
    {
        private int[] _activities = new int[4];
        private long[] _ticks = new long[4];
        private bool _outOfOrder;

        public string CaseId { get; } = caseId;

        public int Count { get; private set; }

        public void Add(int activity, long ticks)
        {
            if (Count == _ticks.Length)
            {
                Array.Resize(ref _activities, Count * 2);
                Array.Resize(ref _ticks, Count * 2);
            }

            if (Count > 0 && ticks < _ticks[Count - 1])
            {
                _outOfOrder = true;
            }

            _activities[Count] = activity;
            _ticks[Count] = ticks;
            Count++;
        }

        /// <summary>
        /// Sorts by time once, keeping the arrival order of equal times (a stable sort: arrival position breaks ties);
        /// most sources deliver a case in order, and then nothing moves.
        /// </summary>
        public (int[] Activities, long[] Ticks) InTimeOrder()
        {
            if (_outOfOrder)
            {
                var order = new int[Count];
                for (var i = 0; i < Count; i++)
                {
                    order[i] = i;
                }

                var ticks = _ticks;
                Array.Sort(order, (a, b) => ticks[a] != ticks[b] ? ticks[a].CompareTo(ticks[b]) : a.CompareTo(b));
                var sortedActivities = new int[_activities.Length];
                var sortedTicks = new long[_ticks.Length];
                for (var i = 0; i < Count; i++)
                {
                    sortedActivities[i] = _activities[order[i]];
                    sortedTicks[i] = _ticks[order[i]];
                }

                _activities = sortedActivities;
                _ticks = sortedTicks;
                _outOfOrder = false;
            }

            return (_activities, _ticks);
        }
    }

    private sealed class EdgeTotals
    {
        public long Count => Durations.Count;

        public List<long> Durations { get; } = [];

        public void Add(long ticks) => Durations.Add(ticks);
    }

    /// <summary>
    /// Variants as paths in a prefix tree of activity ids: a case walks down one node per event and counts at the node
    /// it ends on, so no sequence is copied or hashed per case.
    /// </summary>
    private sealed class VariantTrie
    {
        public const int Root = 0;

        private readonly Dictionary<long, int> _children = [];
        private readonly List<(int Parent, int Activity)> _nodes = [(-1, -1)];
        private readonly Dictionary<int, int> _ends = [];

        public int Step(int node, int activity)
        {
            var key = ((long)node << 32) | (uint)activity;
            if (!_children.TryGetValue(key, out var child))
            {
                child = _nodes.Count;
                _nodes.Add((node, activity));
                _children.Add(key, child);
            }

            return child;
        }

        public void Complete(int node) => _ends[node] = _ends.GetValueOrDefault(node) + 1;

        public List<TraceVariant> Variants(ActivityTable activities, int cases)
        {
            var list = new List<TraceVariant>(_ends.Count);
            foreach (var (node, count) in _ends)
            {
                var sequence = new List<string>();
                for (var at = node; at != Root; at = _nodes[at].Parent)
                {
                    sequence.Add(activities.Name(_nodes[at].Activity));
                }

                sequence.Reverse();
                list.Add(new TraceVariant(sequence, count, (double)count / cases));
            }

            list.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : CompareSequences(a.Activities, b.Activities));
            return list;
        }

        private static int CompareSequences(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                var compared = string.CompareOrdinal(a[i], b[i]);
                if (compared != 0)
                {
                    return compared;
                }
            }

            return a.Count.CompareTo(b.Count);
        }
    }
}
