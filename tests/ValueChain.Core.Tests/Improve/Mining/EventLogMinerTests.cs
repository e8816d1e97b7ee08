using ValueChain.Improve.Mining;
using static ValueChain.Core.Tests.Improve.Mining.MiningLogs;

namespace ValueChain.Core.Tests.Improve.Mining;

public sealed class EventLogMinerTests
{
    private readonly EventLogStatistics _small = EventLogMiner.Analyze(Small());

    [Fact]
    public void Counts_events_cases_and_activities()
    {
        _small.EventCount.ShouldBe(12);
        _small.CaseCount.ShouldBe(4);
        _small.ActivityCount.ShouldBe(3);
        // b: once in A and C, twice in B. Equal counts are listed by name.
        _small.Activities.ShouldBe([new("a", 4), new("b", 4), new("c", 4)]);
        _small.CasesLeftOut.ShouldBe(0);
    }

    [Fact]
    public void Start_and_end_activities_are_counted_after_ordering_each_case_by_time()
    {
        _small.StartActivities.ShouldBe([new ActivityCount("a", 4)]);
        _small.EndActivities.ShouldBe([new ActivityCount("c", 4)]);
    }

    [Fact]
    public void Directly_follows_pairs_carry_counts_and_mean_and_median_durations()
    {
        var edges = _small.DirectlyFollows.ToDictionary(e => (e.From, e.To));

        _small.DirectlyFollowsPairCount.ShouldBe(4);
        // a→b in A (1h), B (2h), C (1h).
        edges[("a", "b")].ShouldBe(new DirectlyFollows("a", "b", 3, TimeSpan.FromMinutes(80), TimeSpan.FromHours(1)));
        // b→c in A (2h), B (4h), C (1h).
        edges[("b", "c")].ShouldBe(new DirectlyFollows("b", "c", 3, TimeSpan.FromMinutes(140), TimeSpan.FromHours(2)));
        edges[("b", "b")].ShouldBe(new DirectlyFollows("b", "b", 1, TimeSpan.Zero, TimeSpan.Zero));
        edges[("b", "b")].IsSelfLoop.ShouldBeTrue();
        // D's events arrived c then a; by time it is a (1h) then c (5h).
        edges[("a", "c")].ShouldBe(new DirectlyFollows("a", "c", 1, TimeSpan.FromHours(4), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Edges_are_listed_most_frequent_first()
    {
        _small.DirectlyFollows.Select(e => $"{e.From}{e.To}").ShouldBe(["ab", "bc", "ac", "bb"]);
    }

    [Fact]
    public void Variants_are_sorted_by_count_with_their_share_of_cases()
    {
        _small.Variants.Count.ShouldBe(3);
        _small.Variants[0].Activities.ShouldBe(["a", "b", "c"]);
        _small.Variants[0].Count.ShouldBe(2);
        _small.Variants[0].Share.ShouldBe(0.5);
        // Equal counts are ordered by their sequence, so the order does not depend on the input's.
        _small.Variants[1].Activities.ShouldBe(["a", "b", "b", "c"]);
        _small.Variants[2].Activities.ShouldBe(["a", "c"]);
        _small.Variants[2].Share.ShouldBe(0.25);
    }

    [Fact]
    public void Trace_lengths_have_min_mean_median_and_max()
    {
        // Lengths 3, 4, 3, 2.
        _small.TraceLength.ShouldBe(new TraceLengthStatistics(2, 3.0, 3.0, 4));
    }

    [Fact]
    public void Case_durations_run_from_first_to_last_event_and_an_even_median_is_the_mean_of_the_middle_two()
    {
        // A 3h, B 6h, C 2h, D 4h (1h to 5h).
        _small.CaseDuration.Min.ShouldBe(TimeSpan.FromHours(2));
        _small.CaseDuration.Mean.ShouldBe(TimeSpan.FromHours(3.75));
        _small.CaseDuration.Median.ShouldBe(TimeSpan.FromHours(3.5));
        _small.CaseDuration.Max.ShouldBe(TimeSpan.FromHours(6));
        _small.CaseDuration.MedianDays.ShouldBe(3.5 / 24, tolerance: 1e-12);
    }

    [Fact]
    public void Events_at_the_same_time_keep_the_order_they_arrived_in()
    {
        var statistics = EventLogMiner.Analyze([At("X", "open", 0), At("X", "second", 1), At("X", "first", 1), At("X", "close", 0.5)]);

        statistics.Variants.Single().Activities.ShouldBe(["open", "close", "second", "first"]);
    }

    [Fact]
    public void Endpoint_filter_leaves_out_cases_that_begin_or_end_elsewhere()
    {
        var miner = new EventLogMiner();
        foreach (var logEvent in Small().Append(At("E", "b", 0)).Append(At("E", "c", 1)).Append(At("F", "a", 0)).Append(At("F", "b", 9)))
        {
            miner.Add(logEvent);
        }

        var all = miner.Summarize();
        var complete = miner.Summarize(CaseFilter.Endpoints(["a"], ["c"]));

        all.CaseCount.ShouldBe(6);
        all.DirectlyFollowsPairCount.ShouldBe(4);
        complete.CaseCount.ShouldBe(4);
        complete.CasesLeftOut.ShouldBe(2);
        complete.EventCount.ShouldBe(12);
        complete.DirectlyFollows.ShouldBe(_small.DirectlyFollows);
        complete.CaseDuration.ShouldBe(_small.CaseDuration);
        complete.Variants.Select(v => v.Count).ShouldBe(_small.Variants.Select(v => v.Count));
    }

    [Fact]
    public void Endpoint_filter_with_only_end_activities_leaves_the_start_open()
    {
        var statistics = EventLogMiner.Analyze(Small().Append(At("E", "b", 0)).Append(At("E", "c", 1)), CaseFilter.Endpoints([], ["c"]));

        statistics.CaseCount.ShouldBe(5);
        statistics.StartActivities.ShouldBe([new ActivityCount("a", 4), new ActivityCount("b", 1)]);
    }

    [Fact]
    public async Task Async_sources_give_the_same_summary()
    {
        var statistics = await EventLogMiner.AnalyzeAsync(Small().ToAsyncEnumerable());

        statistics.DirectlyFollows.ShouldBe(_small.DirectlyFollows);
        statistics.Variants.Select(v => v.Activities).ShouldBe(_small.Variants.Select(v => v.Activities));
        statistics.CaseDuration.ShouldBe(_small.CaseDuration);
    }

    [Fact]
    public void An_empty_log_summarizes_to_zeros()
    {
        var statistics = EventLogMiner.Analyze([]);

        statistics.CaseCount.ShouldBe(0);
        statistics.Variants.ShouldBeEmpty();
        statistics.TraceLength.ShouldBe(new TraceLengthStatistics(0, 0, 0, 0));
        statistics.CaseDuration.Median.ShouldBe(TimeSpan.Zero);
    }
}
