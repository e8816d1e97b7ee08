using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Tests.Improve;

/// <summary>
/// The help desk log of an Italian software company (Polato, 2017). Over all cases the published counts come out
/// exactly; its 52 directly-follows pairs and 39.83-day median case duration are those of the complete cases (see
/// docs/process-mining.md).
/// </summary>
public sealed class HelpdeskLogTests(RealEventLogs logs) : IClassFixture<RealEventLogs>
{
    private EventLogStatistics All => EventLogMiner.Analyze(logs.Helpdesk.Events);

    private EventLogStatistics Complete => EventLogMiner.Analyze(
        logs.Helpdesk.Events, CaseFilter.Endpoints(EventLogPresets.Helpdesk.StartActivities, EventLogPresets.Helpdesk.EndActivities));

    [Fact]
    public void Every_row_imports()
    {
        logs.Helpdesk.Report.RowsRead.ShouldBe(21_348);
        logs.Helpdesk.Report.RowsRejected.ShouldBe(0);
        logs.Helpdesk.Events[0].Attribute("Variant#5").ShouldBe("Variant 12");
    }

    [Fact]
    public void Published_counts_over_all_cases()
    {
        var all = All;

        all.CaseCount.ShouldBe(4_580);
        all.EventCount.ShouldBe(21_348);
        all.ActivityCount.ShouldBe(14);
        all.Variants.Count.ShouldBe(226);
        Math.Round(all.Variants[0].Share, 4).ShouldBe(0.5166);
        all.Variants[0].Count.ShouldBe(2_366);
        Math.Round(all.TraceLength.Mean, 3).ShouldBe(4.661);
    }

    [Fact]
    public void Over_all_cases_there_are_55_directly_follows_pairs_and_the_median_case_lasts_39_859_days()
    {
        var all = All;

        all.DirectlyFollowsPairCount.ShouldBe(55);
        all.DirectlyFollows.Count(e => e.IsSelfLoop).ShouldBe(8);
        // 4,580 cases: the mean of the 2,290th (39.848 days) and 2,291st (39.870 days).
        Math.Round(all.CaseDuration.MedianDays, 3).ShouldBe(39.859);
        Math.Round(all.CaseDuration.MeanDays, 3).ShouldBe(40.858);
        all.TraceLength.ShouldBe(new TraceLengthStatistics(2, all.TraceLength.Mean, 4, 15));
    }

    [Fact]
    public void Published_52_pairs_and_39_83_days_median_are_those_of_the_complete_cases()
    {
        var complete = Complete;

        complete.CaseCount.ShouldBe(4_479);
        complete.CasesLeftOut.ShouldBe(101);
        complete.DirectlyFollowsPairCount.ShouldBe(52);
        Math.Round(complete.CaseDuration.MedianDays, 2).ShouldBe(39.83);
        // An odd number of cases: the median is one case's duration, 39 days 19 h 50 min 29 s.
        complete.CaseDuration.Median.ShouldBe(new TimeSpan(39, 19, 50, 29));
    }

    [Fact]
    public void The_three_pairs_only_incomplete_cases_take_are_the_difference()
    {
        var all = All.DirectlyFollows.Select(e => (e.From, e.To)).ToHashSet();
        var complete = Complete.DirectlyFollows.Select(e => (e.From, e.To)).ToHashSet();

        all.Except(complete).OrderBy(p => p.From, StringComparer.Ordinal).ShouldBe(
        [
            ("Closed", "VERIFIED"),
            ("INVALID", "Closed"),
            ("Insert ticket", "Wait"),
        ]);
    }

    [Fact]
    public void Directly_follows_edges_carry_hand_checked_counts()
    {
        var edges = All.DirectlyFollows.ToDictionary(e => (e.From, e.To));

        edges[("Resolve ticket", "Closed")].Count.ShouldBe(4_558);
        edges[("Assign seriousness", "Take in charge ticket")].Count.ShouldBe(4_160);
        edges[("Resolve ticket", "Resolve ticket")].Count.ShouldBe(254);
        All.StartActivities[0].ShouldBe(new ActivityCount("Assign seriousness", 4_384));
        All.EndActivities[0].ShouldBe(new ActivityCount("Closed", 4_557));
    }
}
