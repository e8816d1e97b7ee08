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
        var items = history.Where(i => Takes(filter, i)).Select(i => Narrow(filter, i)).ToList();

        var completed = items.Where(i => InPeriod(period, i.DeliveredAt)).ToList();
        var distribution = completed.GroupBy(i => i.DemandType, StringComparer.Ordinal)
            .Select(g => new DistributionShare(g.Key, g.Count(), (double)g.Count() / completed.Count))
            .OrderByDescending(d => d.Completed).ThenBy(d => d.DemandType, StringComparer.Ordinal)
            .ToList();

        var qualifyStep = filter.ValueStream is null && items.Select(i => i.ValueStream).Distinct(StringComparer.Ordinal).Skip(1).Any();
        var visits = items.SelectMany(i => i.Visits.Select(v => new VisitOf(i, v))).ToList();
        var steps = Stages(visits, period, end, v => qualifyStep ? $"{v.Item.ValueStream}/{v.Visit.Step}" : v.Visit.Step, v => v.Visit.Activity);
        var activities = Stages(visits, period, end, v => v.Visit.Activity.Key(), v => v.Visit.Activity);
        var teams = Stages(visits.Where(v => v.Visit.Team is not null), period, end, v => v.Visit.Team!, _ => null);

        var bottleneck = steps.Where(s => s.TotalTime > TimeSpan.Zero || s.WorkInProgress > 0)
            .OrderByDescending(s => s.ShareOfTime).ThenByDescending(s => s.WorkInProgress).FirstOrDefault();
        var growing = steps.Where(s => s.QueueAtEnd > s.QueueAtStart)
            .OrderByDescending(s => s.QueueAtEnd - s.QueueAtStart).ThenByDescending(s => s.QueueAtEnd).FirstOrDefault();

        var waiting = items.SelectMany(i => i.Waits)
            .Where(w => w.From >= period.From && w.From < period.To)
            .GroupBy(w => w.Reason)
            .Select(g =>
            {
                var durations = g.Select(w => Positive((w.To ?? end) - w.From)).ToList();
                return new WaitingByReason(g.Key, durations.Count, Sum(durations), Percentile(Sorted(durations), 0.5));
            })
            .OrderByDescending(w => w.Total).ThenBy(w => w.Reason)
            .ToList();

        var (bucketSize, throughput) = Throughput(period, completed);
        var groups = items.GroupBy(i => Key(i, by), StringComparer.Ordinal)
            .Select(g => Summarize(g.Key, g.ToList(), period, end))
            .Where(s => s.Completed > 0 || s.Load.Total > 0 || s.ValueConfirmed > 0)
            .OrderByDescending(s => s.Completed).ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();

        return new FlowReport(
            period,
            filter,
            Summarize("all", items, period, end),
            distribution,
            throughput,
            bucketSize,
            steps,
            activities,
            teams,
            waiting,
            steps.Sum(s => s.Rework),
            items.Sum(i => PingPong(i, period)),
            bottleneck?.Key,
            growing?.Key,
            Value(items, period),
            by,
            groups);
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

    public static DurationPercentiles? Percentiles(IEnumerable<TimeSpan> durations)
    {
        var sorted = Sorted(durations);
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

    private static FlowSummary Summarize(string key, List<FlowItem> items, MetricsPeriod period, DateTimeOffset end)
    {
        var completed = items.Where(i => InPeriod(period, i.DeliveredAt)).ToList();
        var flowTimes = completed.Select(i => Positive(i.DeliveredAt!.Value - i.CreatedAt)).ToList();
        var flowTotal = Sum(flowTimes);
        var active = Sum(completed.SelectMany(i => i.Visits).Select(v => v.ActiveTime(end)));
        var confirmed = items.Where(i => i.State == WorkItemState.ValueRealized && InPeriod(period, i.ClosedAt)).ToList();
        var ratings = confirmed.Where(i => i.Rating is not null).Select(i => i.Rating!.Value).ToList();
        var open = items.Where(i => i.IsOpenAt(end)).ToList();
        var waitingNow = open.Count(i => i.IsWaitingAt(end));
        var weeks = period.Length.TotalDays / 7;
        return new FlowSummary(
            key,
            completed.Count,
            weeks > 0 ? completed.Count / weeks : 0,
            Percentiles(flowTimes),
            Percentiles(confirmed.Select(i => Positive(i.ClosedAt!.Value - i.CreatedAt))),
            flowTotal > TimeSpan.Zero ? Math.Min(1, active / flowTotal) : null,
            new FlowLoad(open.Count, open.Count - waitingNow, waitingNow),
            confirmed.Count,
            ratings.Count == 0 ? null : ratings.Average());
    }

    private static List<FlowStage> Stages(
        IEnumerable<VisitOf> visits, MetricsPeriod period, DateTimeOffset end, Func<VisitOf, string> key, Func<VisitOf, ValueChainActivity?> activity)
    {
        var stages = visits.GroupBy(key, StringComparer.Ordinal).Select(g =>
        {
            var all = g.ToList();
            var entered = all.Where(v => v.Visit.EnteredAt >= period.From && v.Visit.EnteredAt < period.To).ToList();
            var total = Sum(entered.Select(v => v.Visit.TimeAt(end)));
            var waited = Sum(entered.Select(v => v.Visit.WaitedBy(end)));
            return new FlowStage(
                g.Key,
                activity(all[0]),
                entered.Count,
                Percentiles(entered.Where(v => v.Visit.LeftAt is not null).Select(v => v.Visit.TimeAt(end))),
                total,
                waited,
                total > TimeSpan.Zero ? Math.Min(1, waited / total) : 0,
                0,
                entered.Count(v => v.IsRework),
                all.Count(v => v.Visit.IsAt(end) && v.Item.IsOpenAt(end)),
                all.Count(v => v.IsWaitingAt(end)),
                all.Count(v => v.IsQueuedAt(period.From)),
                all.Count(v => v.IsQueuedAt(end)));
        }).ToList();

        var overall = Sum(stages.Select(s => s.TotalTime));
        return [.. stages
            .Select(s => s with { ShareOfTime = overall > TimeSpan.Zero ? s.TotalTime / overall : 0 })
            .OrderByDescending(s => s.ShareOfTime).ThenByDescending(s => s.WorkInProgress).ThenBy(s => s.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Work handed back: a step entered again (rework) straight from another team's step. A path that passes from
    /// one team to another and on to a new step of the first is flow, not ping-pong; each hand-back in the period counts.
    /// </summary>
    private static int PingPong(FlowItem item, MetricsPeriod period)
    {
        var visits = item.Visits.OrderBy(v => v.EnteredAt).ToList();
        var count = 0;
        for (var i = 1; i < visits.Count; i++)
        {
            var (previous, visit) = (visits[i - 1], visits[i]);
            if (visit.EnteredAt >= period.From && visit.EnteredAt < period.To
                && visit.Team is not null && previous.Team is not null && visit.Team != previous.Team
                && visits.Take(i - 1).Any(v => v.Step == visit.Step))
            {
                count++;
            }
        }

        return count;
    }

    private static ValueRealized Value(List<FlowItem> items, MetricsPeriod period)
    {
        var confirmed = items.Where(i => i.State == WorkItemState.ValueRealized && InPeriod(period, i.ClosedAt)).ToList();
        var services = confirmed.GroupBy(i => i.Service ?? NoService, StringComparer.Ordinal)
            .Select(g =>
            {
                var rated = g.Where(i => i.Rating is not null).Select(i => i.Rating!.Value).ToList();
                return new ServiceValue(g.Key, g.Count(), rated.Count, rated.Count == 0 ? null : rated.Average());
            })
            .OrderByDescending(s => s.Confirmed).ThenBy(s => s.Service, StringComparer.Ordinal)
            .ToList();
        var ratings = confirmed.Where(i => i.Rating is not null).Select(i => i.Rating!.Value).ToList();
        return new ValueRealized(confirmed.Count, ratings.Count, ratings.Count == 0 ? null : ratings.Average(), services);
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

    /// <summary>A visit with its item, to tell rework and queueing that need the item's other visits and waits.</summary>
    private sealed record VisitOf(FlowItem Item, FlowVisit Visit)
    {
        public bool IsRework => Item.Visits.Any(v => v.Step == Visit.Step && v.EnteredAt < Visit.EnteredAt);

        /// <summary>In the step's queue: there, and not being worked on (not started yet, or waiting).</summary>
        public bool IsQueuedAt(DateTimeOffset instant) =>
            Visit.IsAt(instant) && Item.IsOpenAt(instant) && (Visit.StartedAt is not { } started || started > instant || Waits(instant));

        public bool IsWaitingAt(DateTimeOffset instant) => Visit.IsAt(instant) && Item.IsOpenAt(instant) && Waits(instant);

        private bool Waits(DateTimeOffset instant) =>
            Item.Waits.Any(w => w.Step == Visit.Step && w.From >= Visit.EnteredAt && w.From <= instant && (w.To is null || w.To > instant));
    }
}
