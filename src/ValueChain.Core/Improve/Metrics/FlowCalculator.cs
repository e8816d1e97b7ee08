using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Improve.Metrics;

/// <summary>
/// Computes a <see cref="FlowReport"/> from work item histories. Pure: the caller loads the items (every item open at
/// some point of the period, at least) and says what "now" is, so an open visit or wait counts up to the end of the
/// period or now, whichever comes first.
/// </summary>
public static class FlowCalculator
{
    private const string NoService = "(none)";

    public static FlowReport Report(
        IEnumerable<FlowItem> history, MetricsPeriod period, DateTimeOffset now, MetricsFilter? filter = null, MetricsDimension by = MetricsDimension.ValueStream)
    {
        filter ??= new MetricsFilter();
        var end = now < period.To ? now : period.To;
        var items = new List<FlowItem>();
        foreach (var item in history)
        {
            if (Takes(filter, item))
            {
                items.Add(Narrow(filter, item));
            }
        }

        // One pass over the items and their visits feeds every figure: a report over a quarter of a large stream reads
        // a few hundred thousand visits, which a pass per figure (and a record per visit and grouping) made slow.
        var qualifyStep = filter.ValueStream is null && items.Count > 0
            && items.Exists(i => !string.Equals(i.ValueStream, items[0].ValueStream, StringComparison.Ordinal));
        var steps = new Stages();
        var activities = new Stages();
        var teams = new Stages();
        var qualifiedSteps = new Dictionary<(string Stream, string Step), Stage>();
        var activityStages = new Dictionary<ValueChainActivity, Stage>();
        var overall = new Summary("all");
        var groups = new Dictionary<string, Summary>(StringComparer.Ordinal);
        var completed = new List<FlowItem>();
        var distribution = new Dictionary<string, int>(StringComparer.Ordinal);
        var waitsByReason = new Dictionary<WaitReason, List<TimeSpan>>();
        var services = new Dictionary<string, Summary>(StringComparer.Ordinal);
        var pingPong = 0;

        foreach (var item in items)
        {
            var key = Key(item, by);
            if (!groups.TryGetValue(key, out var group))
            {
                groups.Add(key, group = new Summary(key));
            }

            var activeTime = TimeSpan.Zero;
            var openAtStart = item.IsOpenAt(period.From);
            var openAtEnd = item.IsOpenAt(end);
            var visits = item.Visits;
            for (var v = 0; v < visits.Count; v++)
            {
                var visit = visits[v];
                activeTime += visit.ActiveTime(end);
                var step = qualifyStep ? QualifiedStep(steps, qualifiedSteps, item.ValueStream, visit) : steps.For(visit.Step, visit.Activity);
                if (!activityStages.TryGetValue(visit.Activity, out var activity))
                {
                    activityStages.Add(visit.Activity, activity = activities.For(visit.Activity.Key(), visit.Activity));
                }

                var figures = new VisitFigures(item, visit, period, end, openAtStart, openAtEnd);
                step.Add(visit, figures, end);
                activity.Add(visit, figures, end);
                if (visit.Team is { } team)
                {
                    teams.For(team, null).Add(visit, figures, end);
                }
            }

            if (InPeriod(period, item.DeliveredAt))
            {
                completed.Add(item);
                distribution[item.DemandType] = distribution.GetValueOrDefault(item.DemandType) + 1;
                var flowTime = Positive(item.DeliveredAt!.Value - item.CreatedAt);
                overall.Completed(flowTime, activeTime);
                group.Completed(flowTime, activeTime);
            }

            if (item.State == WorkItemState.ValueRealized && InPeriod(period, item.ClosedAt))
            {
                var leadTime = Positive(item.ClosedAt!.Value - item.CreatedAt);
                overall.Confirmed(leadTime, item.Rating);
                group.Confirmed(leadTime, item.Rating);
                var service = item.Service ?? NoService;
                if (!services.TryGetValue(service, out var ofService))
                {
                    services.Add(service, ofService = new Summary(service));
                }

                ofService.Confirmed(leadTime, item.Rating);
            }

            if (openAtEnd)
            {
                var waiting = item.IsWaitingAt(end);
                overall.Open(waiting);
                group.Open(waiting);
            }

            foreach (var wait in item.Waits)
            {
                if (wait.From >= period.From && wait.From < period.To)
                {
                    if (!waitsByReason.TryGetValue(wait.Reason, out var durations))
                    {
                        waitsByReason.Add(wait.Reason, durations = []);
                    }

                    durations.Add(Positive((wait.To ?? end) - wait.From));
                }
            }

            pingPong += PingPong(item, period);
        }

        var stepStages = steps.Report();
        var bottleneck = stepStages.Where(s => s.TotalTime > TimeSpan.Zero || s.WorkInProgress > 0)
            .OrderByDescending(s => s.ShareOfTime).ThenByDescending(s => s.WorkInProgress).FirstOrDefault();
        var growing = stepStages.Where(s => s.QueueAtEnd > s.QueueAtStart)
            .OrderByDescending(s => s.QueueAtEnd - s.QueueAtStart).ThenByDescending(s => s.QueueAtEnd).FirstOrDefault();

        var waitingByReason = waitsByReason
            .Select(w =>
            {
                w.Value.Sort();
                return new WaitingByReason(w.Key, w.Value.Count, Sum(w.Value), Percentile(w.Value, 0.5));
            })
            .OrderByDescending(w => w.Total).ThenBy(w => w.Reason)
            .ToList();

        var (bucketSize, throughput) = Throughput(period, completed);
        var summaries = groups.Values.Select(g => g.Report(period, end))
            .Where(s => s.Completed > 0 || s.Load.Total > 0 || s.ValueConfirmed > 0)
            .OrderByDescending(s => s.Completed).ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var value = new ValueRealized(
            overall.ConfirmedCount,
            overall.Rated,
            overall.AverageRating,
            [.. services.Values.Select(s => new ServiceValue(s.Key, s.ConfirmedCount, s.Rated, s.AverageRating))
                .OrderByDescending(s => s.Confirmed).ThenBy(s => s.Service, StringComparer.Ordinal)]);

        return new FlowReport(
            period,
            filter,
            overall.Report(period, end),
            [.. distribution.Select(d => new DistributionShare(d.Key, d.Value, (double)d.Value / completed.Count))
                .OrderByDescending(d => d.Completed).ThenBy(d => d.DemandType, StringComparer.Ordinal)],
            throughput,
            bucketSize,
            stepStages,
            activities.Report(),
            teams.Report(),
            waitingByReason,
            stepStages.Sum(s => s.Rework),
            pingPong,
            bottleneck?.Key,
            growing?.Key,
            value,
            by,
            summaries);
    }

    /// <summary>
    /// Percentile <paramref name="p"/> (0–1) of sorted durations, interpolated linearly between the two nearest ranks;
    /// null when there are none.
    /// </summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (sorted.Count - 1) * p;
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var ticks = sorted[lower].Ticks + ((rank - lower) * (sorted[upper].Ticks - sorted[lower].Ticks));
        return TimeSpan.FromTicks((long)Math.Round(ticks));
    }

    public static DurationPercentiles? Percentiles(IEnumerable<TimeSpan> durations) => PercentilesOfSorted(Sorted(durations));

    private static DurationPercentiles? PercentilesOfSorted(List<TimeSpan> sorted)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        decimal sum = 0;
        foreach (var duration in sorted)
        {
            sum += duration.Ticks;
        }

        return new DurationPercentiles(
            sorted.Count, Percentile(sorted, 0.5)!.Value, Percentile(sorted, 0.85)!.Value, Percentile(sorted, 0.95)!.Value,
            TimeSpan.FromTicks((long)Math.Round(sum / sorted.Count)));
    }

    /// <summary>
    /// Work handed back: a step entered again (rework) straight from another team's step. A path that passes from
    /// one team to another and on to a new step of the first is flow, not ping-pong; each hand-back in the period counts.
    /// </summary>
    private static int PingPong(FlowItem item, MetricsPeriod period)
    {
        // Visits are kept in the order they were entered; a history that is not gets sorted (stably) first.
        var visits = item.Visits;
        for (var i = 1; i < visits.Count; i++)
        {
            if (visits[i].EnteredAt < visits[i - 1].EnteredAt)
            {
                visits = [.. item.Visits.OrderBy(v => v.EnteredAt)];
                break;
            }
        }

        var count = 0;
        for (var i = 1; i < visits.Count; i++)
        {
            var (previous, visit) = (visits[i - 1], visits[i]);
            if (visit.EnteredAt >= period.From && visit.EnteredAt < period.To
                && visit.Team is not null && previous.Team is not null && visit.Team != previous.Team
                && Entered(visits, visit.Step, i - 1))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether one of the first <paramref name="count"/> visits was to <paramref name="step"/>.</summary>
    private static bool Entered(IReadOnlyList<FlowVisit> visits, string step, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (visits[i].Step == step)
            {
                return true;
            }
        }

        return false;
    }

    private static (string Size, List<ThroughputBucket> Buckets) Throughput(MetricsPeriod period, List<FlowItem> completed)
    {
        var size = period.Length <= TimeSpan.FromDays(31) ? "day" : period.Length <= TimeSpan.FromDays(184) ? "week" : "month";
        var starts = new List<DateTimeOffset>();
        var start = BucketStart(period.From, size);
        while (start < period.To)
        {
            starts.Add(start);
            start = size switch
            {
                "day" => start.AddDays(1),
                "week" => start.AddDays(7),
                _ => start.AddMonths(1),
            };
        }

        var counts = new int[starts.Count];
        foreach (var item in completed)
        {
            var bucketStart = BucketStart(item.DeliveredAt!.Value, size);
            var index = starts.BinarySearch(bucketStart);
            if (index >= 0)
            {
                counts[index]++;
            }
        }

        return (size, [.. starts.Select((s, i) => new ThroughputBucket(s, counts[i]))]);
    }

    private static DateTimeOffset BucketStart(DateTimeOffset instant, string size)
    {
        var day = new DateTimeOffset(instant.UtcDateTime.Date, TimeSpan.Zero);
        return size switch
        {
            "day" => day,
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    private static bool Takes(MetricsFilter filter, FlowItem item) =>
        (filter.ValueStream is null || string.Equals(item.ValueStream, filter.ValueStream, StringComparison.OrdinalIgnoreCase))
        && (filter.Service is null || string.Equals(item.Service, filter.Service, StringComparison.OrdinalIgnoreCase))
        && (filter.DemandType is null || string.Equals(item.DemandType, filter.DemandType, StringComparison.OrdinalIgnoreCase))
        && (filter.Team is null || item.Visits.Any(v => string.Equals(v.Team, filter.Team, StringComparison.OrdinalIgnoreCase)))
        && (filter.Activity is null || item.Visits.Any(v => v.Activity == filter.Activity));

    /// <summary>With a team or activity filter, the visits (and waits) elsewhere are left out of the step figures.</summary>
    private static FlowItem Narrow(MetricsFilter filter, FlowItem item)
    {
        if (filter.Team is null && filter.Activity is null)
        {
            return item;
        }

        var visits = item.Visits.Where(v =>
            (filter.Team is null || string.Equals(v.Team, filter.Team, StringComparison.OrdinalIgnoreCase))
            && (filter.Activity is null || v.Activity == filter.Activity)).ToList();
        var steps = visits.Select(v => v.Step).ToHashSet(StringComparer.Ordinal);
        return item with { Visits = visits, Waits = [.. item.Waits.Where(w => steps.Contains(w.Step))] };
    }

    private static string Key(FlowItem item, MetricsDimension by) => by switch
    {
        MetricsDimension.Service => item.Service ?? NoService,
        MetricsDimension.DemandType => item.DemandType,
        _ => item.ValueStream,
    };

    private static bool InPeriod(MetricsPeriod period, DateTimeOffset? instant) => instant is { } at && at >= period.From && at < period.To;

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    private static TimeSpan Sum(IEnumerable<TimeSpan> spans) => spans.Aggregate(TimeSpan.Zero, (sum, s) => sum + s);

    private static List<TimeSpan> Sorted(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.ToList();
        sorted.Sort();
        return sorted;
    }

    private static Stage QualifiedStep(Stages steps, Dictionary<(string Stream, string Step), Stage> known, string stream, FlowVisit visit)
    {
        if (!known.TryGetValue((stream, visit.Step), out var stage))
        {
            known.Add((stream, visit.Step), stage = steps.For($"{stream}/{visit.Step}", visit.Activity));
        }

        return stage;
    }

    /// <summary>
    /// What one visit adds to the stages it belongs to (its step, activity and team), worked out once: whether it was
    /// entered in the period, and whether it was there, waiting or queued at the period's ends.
    /// </summary>
    private readonly struct VisitFigures
    {
        public VisitFigures(FlowItem item, FlowVisit visit, MetricsPeriod period, DateTimeOffset end, bool openAtStart, bool openAtEnd)
        {
            Entered = visit.EnteredAt >= period.From && visit.EnteredAt < period.To;
            IsRework = Entered && Reworks(item, visit);
            InProgress = visit.IsAt(end) && openAtEnd;
            WaitingAtEnd = InProgress && Waits(item, visit, end);
            QueuedAtStart = visit.IsAt(period.From) && openAtStart
                && (visit.StartedAt is not { } started || started > period.From || Waits(item, visit, period.From));
            QueuedAtEnd = InProgress && (visit.StartedAt is not { } begun || begun > end || WaitingAtEnd);
        }

        public bool Entered { get; }

        public bool IsRework { get; }

        public bool InProgress { get; }

        public bool WaitingAtEnd { get; }

        public bool QueuedAtStart { get; }

        public bool QueuedAtEnd { get; }

        /// <summary>Rework: the item entered the same step before.</summary>
        private static bool Reworks(FlowItem item, FlowVisit visit)
        {
            foreach (var other in item.Visits)
            {
                if (other.Step == visit.Step && other.EnteredAt < visit.EnteredAt)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One of the item's waits at this step, begun during the visit, covers the instant.</summary>
        private static bool Waits(FlowItem item, FlowVisit visit, DateTimeOffset instant)
        {
            foreach (var w in item.Waits)
            {
                if (w.Step == visit.Step && w.From >= visit.EnteredAt && w.From <= instant && (w.To is null || w.To > instant))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The stages of one kind (steps, activities or teams) by key, as the visits come.</summary>
    private sealed class Stages
    {
        private readonly Dictionary<string, Stage> _byKey = new(StringComparer.Ordinal);

        /// <summary>The stage of <paramref name="key"/>; a new one takes the activity of its first visit.</summary>
        public Stage For(string key, ValueChainActivity? activity)
        {
            if (!_byKey.TryGetValue(key, out var stage))
            {
                _byKey.Add(key, stage = new Stage(key, activity));
            }

            return stage;
        }

        public List<FlowStage> Report()
        {
            var stages = _byKey.Values.Select(s => s.Report()).ToList();
            var overall = Sum(stages.Select(s => s.TotalTime));
            return [.. stages
                .Select(s => s with { ShareOfTime = overall > TimeSpan.Zero ? s.TotalTime / overall : 0 })
                .OrderByDescending(s => s.ShareOfTime).ThenByDescending(s => s.WorkInProgress).ThenBy(s => s.Key, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Flow at one step, activity or team, summed over its visits: time and rework of those entered in the period,
    /// work in progress, waiting and queues of all of them.
    /// </summary>
    private sealed class Stage(string key, ValueChainActivity? activity)
    {
        private readonly List<TimeSpan> _times = [];
        private int _visits;
        private TimeSpan _total;
        private TimeSpan _waited;
        private int _rework;
        private int _inProgress;
        private int _waitingAtEnd;
        private int _queueAtStart;
        private int _queueAtEnd;

        public void Add(FlowVisit visit, in VisitFigures figures, DateTimeOffset end)
        {
            if (figures.Entered)
            {
                _visits++;
                var time = visit.TimeAt(end);
                _total += time;
                _waited += visit.WaitedBy(end);
                if (visit.LeftAt is not null)
                {
                    _times.Add(time);
                }

                _rework += figures.IsRework ? 1 : 0;
            }

            _inProgress += figures.InProgress ? 1 : 0;
            _waitingAtEnd += figures.WaitingAtEnd ? 1 : 0;
            _queueAtStart += figures.QueuedAtStart ? 1 : 0;
            _queueAtEnd += figures.QueuedAtEnd ? 1 : 0;
        }

        public FlowStage Report()
        {
            _times.Sort();
            return new FlowStage(
                key,
                activity,
                _visits,
                PercentilesOfSorted(_times),
                _total,
                _waited,
                _total > TimeSpan.Zero ? Math.Min(1, _waited / _total) : 0,
                0,
                _rework,
                _inProgress,
                _waitingAtEnd,
                _queueAtStart,
                _queueAtEnd);
        }
    }

    /// <summary>The item-level figures of a group of items, summed as the items come.</summary>
    private sealed class Summary(string key)
    {
        private readonly List<TimeSpan> _flowTimes = [];
        private readonly List<TimeSpan> _leadTimes = [];
        private TimeSpan _flowTotal;
        private TimeSpan _active;
        private long _ratingSum;
        private int _open;
        private int _waiting;

        public string Key => key;

        public int ConfirmedCount => _leadTimes.Count;

        public int Rated { get; private set; }

        public double? AverageRating => Rated == 0 ? null : (double)_ratingSum / Rated;

        /// <summary>An item delivered in the period, its flow time and the time worked on it.</summary>
        public void Completed(TimeSpan flowTime, TimeSpan active)
        {
            _flowTimes.Add(flowTime);
            _flowTotal += flowTime;
            _active += active;
        }

        /// <summary>An item whose value was confirmed in the period, with its lead time and rating.</summary>
        public void Confirmed(TimeSpan leadTime, int? rating)
        {
            _leadTimes.Add(leadTime);
            if (rating is { } given)
            {
                Rated++;
                _ratingSum += given;
            }
        }

        /// <summary>An item still open at the end of the period.</summary>
        public void Open(bool waiting)
        {
            _open++;
            _waiting += waiting ? 1 : 0;
        }

        public FlowSummary Report(MetricsPeriod period, DateTimeOffset end)
        {
            var weeks = period.Length.TotalDays / 7;
            _flowTimes.Sort();
            _leadTimes.Sort();
            return new FlowSummary(
                key,
                _flowTimes.Count,
                weeks > 0 ? _flowTimes.Count / weeks : 0,
                PercentilesOfSorted(_flowTimes),
                PercentilesOfSorted(_leadTimes),
                _flowTotal > TimeSpan.Zero ? Math.Min(1, _active / _flowTotal) : null,
                new FlowLoad(_open, _open - _waiting, _waiting),
                _leadTimes.Count,
                AverageRating);
        }
    }
}
