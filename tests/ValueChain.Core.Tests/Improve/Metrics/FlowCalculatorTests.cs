using ValueChain.Engage;
using ValueChain.Improve.Metrics;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.Improve.Metrics;

/// <summary>
/// Four incidents and requests over the week of 2 March 2026, with every figure worked out by hand in the comments.
/// </summary>
public sealed class FlowCalculatorTests
{
    private static readonly MetricsPeriod Week = new(At(2, 0), At(9, 0));
    private static readonly DateTimeOffset Now = At(10, 0);

    private static readonly FlowReport Report = FlowCalculator.Report(History(), Week, Now);

    [Fact]
    public void Velocity_counts_the_items_delivered_in_the_period()
    {
        Report.Overall.Completed.ShouldBe(2);
        Report.Overall.VelocityPerWeek.ShouldBe(2);
        Report.Distribution.ShouldBe([new DistributionShare("incident", 2, 1.0)]);
    }

    [Fact]
    public void Flow_time_percentiles_interpolate_between_the_7_and_9_hour_items()
    {
        // Sorted 7 h, 9 h: p50 = 8 h, p85 = 7 h + 0.85 × 2 h = 8 h 42 min, p95 = 8 h 54 min.
        Report.Overall.FlowTime.ShouldBe(new DurationPercentiles(2, H(8), H(8) + M(42), H(8) + M(54), H(8)));
    }

    [Fact]
    public void Flow_efficiency_is_active_time_over_flow_time_with_waits_and_queues_inactive()
    {
        // Item 1: triage 30 min active, fix 10:00–15:00 less a 2 h wait = 3 h. Item 2: 2 h + 1 h + 1 h + 4 h = 8 h.
        // (3.5 h + 8 h) / (7 h + 9 h).
        Report.Overall.FlowEfficiency.ShouldBe(11.5 / 16);
    }

    [Fact]
    public void Lead_time_runs_from_demand_to_confirmed_value()
    {
        Report.Overall.LeadTime.ShouldBe(new DurationPercentiles(1, H(25), H(25), H(25), H(25)));
        Report.Value.ShouldBe(new ValueRealized(1, 1, 4, Report.Value.Services));
        Report.Value.Services.ShouldBe([new ServiceValue("mail", 1, 1, 4)]);
    }

    [Fact]
    public void Flow_load_is_what_is_open_at_the_end_of_the_period()
    {
        // The request waits at triage, never started; the 1 March incident waits for its supplier.
        Report.Overall.Load.ShouldBe(new FlowLoad(2, 1, 1));
    }

    [Fact]
    public void Throughput_is_counted_per_day_for_a_week()
    {
        Report.ThroughputBucketSize.ShouldBe("day");
        Report.Throughput.Select(b => b.Completed).ShouldBe([1, 1, 0, 0, 0, 0, 0]);
        Report.Throughput[0].Start.ShouldBe(At(2, 0));
    }

    [Fact]
    public void Step_figures_cover_the_visits_entered_in_the_period()
    {
        var triage = Report.Steps.Single(s => s.Key == "triage");
        // 1 h + 2 h + 1 h (rework) completed, and the request's open visit from 4 March 09:00 to the end: 111 h.
        triage.Visits.ShouldBe(4);
        triage.Time.ShouldBe(new DurationPercentiles(3, H(1), H(1) + M(42), H(1) + M(54), TimeSpan.FromMinutes(80)));
        triage.TotalTime.ShouldBe(H(115));
        triage.Rework.ShouldBe(1);
        triage.WorkInProgress.ShouldBe(1);
        (triage.QueueAtStart, triage.QueueAtEnd).ShouldBe((0, 1));
        triage.ShareOfTime.ShouldBe(115.0 / 127);

        var fix = Report.Steps.Single(s => s.Key == "fix");
        fix.Visits.ShouldBe(3);
        // 6 h + 2 h + 4 h.
        fix.TotalTime.ShouldBe(H(12));
        fix.WaitingTime.ShouldBe(H(2));
        fix.WaitingShare.ShouldBe(2.0 / 12);
        fix.Rework.ShouldBe(1);
        // The supplier wait began on 1 March and still runs: queued at both ends.
        (fix.WorkInProgress, fix.QueueAtStart, fix.QueueAtEnd).ShouldBe((1, 1, 1));
        (fix.WaitingAtEnd, triage.WaitingAtEnd).ShouldBe((1, 0));
    }

    [Fact]
    public void The_bottleneck_takes_the_largest_share_of_time_and_the_growing_queue_is_named()
    {
        Report.Bottleneck.ShouldBe("triage");
        Report.GrowingQueue.ShouldBe("triage");
        Report.Activities.Select(a => (a.Key, a.TotalTime)).ShouldBe([("engage", H(115)), ("deliver-support", H(12))]);
        Report.Teams.Select(t => (t.Key, t.Visits)).ShouldBe([("desk", 4), ("infra", 3)]);
    }

    [Fact]
    public void Waits_begun_in_the_period_are_summed_by_reason()
    {
        Report.Waiting.ShouldBe([new WaitingByReason(WaitReason.Customer, 1, H(2), H(2))]);
    }

    [Fact]
    public void Rework_and_ping_pong_between_teams_are_counted()
    {
        // Item 2 goes desk → infra → desk → infra, entering triage and fix again each straight from the other team.
        Report.Rework.ShouldBe(2);
        Report.PingPong.ShouldBe(2);
    }

    [Fact]
    public void Passing_back_to_a_team_for_a_new_step_is_flow_not_ping_pong()
    {
        var item = Item(5, "incident", "mail", At(2, 8), WorkItemState.Delivered, At(2, 12), null, null,
            [
                Visit("triage", ValueChainActivity.Engage, "desk", At(2, 8), At(2, 8), At(2, 9)),
                Visit("fix", ValueChainActivity.DeliverAndSupport, "infra", At(2, 9), At(2, 9), At(2, 11)),
                Visit("confirm", ValueChainActivity.Engage, "desk", At(2, 11), At(2, 11), At(2, 12)),
            ],
            []);

        var report = FlowCalculator.Report([item], Week, Now);

        (report.PingPong, report.Rework).ShouldBe((0, 0));
    }

    [Fact]
    public void Ping_pong_follows_the_order_the_steps_were_entered_whatever_order_the_visits_come_in()
    {
        // Triage at the desk, fix by infra, back to triage at the desk: one hand-back, listed last visit first.
        var item = Item(6, "incident", "mail", At(2, 8), WorkItemState.Delivered, At(2, 12), null, null,
            [
                Visit("triage", ValueChainActivity.Engage, "desk", At(2, 10), At(2, 10), At(2, 12)),
                Visit("fix", ValueChainActivity.DeliverAndSupport, "infra", At(2, 9), At(2, 9), At(2, 10)),
                Visit("triage", ValueChainActivity.Engage, "desk", At(2, 8), At(2, 8), At(2, 9)),
            ],
            []);

        var report = FlowCalculator.Report([item], Week, Now);

        (report.PingPong, report.Rework).ShouldBe((1, 1));
    }

    [Fact]
    public void Without_a_stream_filter_steps_of_two_streams_are_told_apart_and_activities_are_shared()
    {
        var restore = Item(7, "incident", "mail", At(2, 8), WorkItemState.Delivered, At(2, 9), null, null,
            [Visit("triage", ValueChainActivity.Engage, "desk", At(2, 8), At(2, 8), At(2, 9))], []);
        var request = Item(8, "request", "portal", At(2, 8), WorkItemState.Delivered, At(2, 10), null, null,
            [Visit("triage", ValueChainActivity.Engage, "desk", At(2, 8), At(2, 8), At(2, 10))], []);
        var fulfil = request with { ValueStream = "fulfil" };

        var report = FlowCalculator.Report([restore, fulfil], Week, Now);

        // 2 h of the 3 h at triage were the request's.
        report.Steps.Select(s => (s.Key, s.Activity, s.Visits, s.ShareOfTime))
            .ShouldBe([("fulfil/triage", ValueChainActivity.Engage, 1, 2.0 / 3), ("restore/triage", ValueChainActivity.Engage, 1, 1.0 / 3)]);
        report.Activities.Select(a => (a.Key, a.Visits, a.TotalTime)).ShouldBe([(ValueChainActivity.Engage.Key(), 2, H(3))]);
        report.Groups.Select(g => (g.Key, g.Completed)).ShouldBe([("fulfil", 1), ("restore", 1)]);
    }

    [Fact]
    public void Groups_by_service_split_the_item_figures()
    {
        var report = FlowCalculator.Report(History(), Week, Now, by: MetricsDimension.Service);

        report.Groups.Select(g => (g.Key, g.Completed, g.Load.Total)).ShouldBe([("mail", 2, 1), ("portal", 0, 1)]);
    }

    [Fact]
    public void A_team_filter_keeps_the_items_it_worked_and_only_its_visits()
    {
        var report = FlowCalculator.Report(History(), Week, Now, new MetricsFilter(Team: "infra"));

        report.Overall.Completed.ShouldBe(2);
        report.Overall.Load.ShouldBe(new FlowLoad(1, 0, 1));
        report.Steps.Select(s => s.Key).ShouldBe(["fix"]);
        // Only the infra visits count as active: 3 h + 1 h + 4 h over 16 h.
        report.Overall.FlowEfficiency.ShouldBe(8.0 / 16);
    }

    [Fact]
    public void Before_the_end_of_the_period_open_work_counts_up_to_now()
    {
        var report = FlowCalculator.Report(History(), Week, At(4, 12));

        // At 4 March 12:00 the request has been at triage for 3 h.
        report.Steps.Single(s => s.Key == "triage").TotalTime.ShouldBe(H(1) + H(2) + H(1) + H(3));
        report.Overall.Load.ShouldBe(new FlowLoad(2, 1, 1));
    }

    [Fact]
    public void Percentiles_of_one_value_and_of_none()
    {
        FlowCalculator.Percentile([H(3)], 0.95).ShouldBe(H(3));
        FlowCalculator.Percentile([], 0.5).ShouldBeNull();
        FlowCalculator.Percentile([H(1), H(2), H(3), H(4)], 0.5).ShouldBe(H(2) + M(30));
    }

    private static IEnumerable<FlowItem> History()
    {
        // Item 1: delivered 2 March 15:00 after 7 h, confirmed 3 March 09:00 with rating 4.
        yield return Item(1, "incident", "mail", At(2, 8), WorkItemState.ValueRealized, At(2, 15), At(3, 9), 4,
            [
                Visit("triage", ValueChainActivity.Engage, "desk", At(2, 8), At(2, 8, 30), At(2, 9)),
                Visit("fix", ValueChainActivity.DeliverAndSupport, "infra", At(2, 9), At(2, 10), At(2, 15), waited: H(2)),
            ],
            [new FlowWait("fix", WaitReason.Customer, At(2, 11), At(2, 13))]);

        // Item 2: sent back from infra to the desk once; delivered 3 March 17:00 after 9 h, not confirmed.
        yield return Item(2, "incident", "mail", At(3, 8), WorkItemState.Delivered, At(3, 17), null, null,
            [
                Visit("triage", ValueChainActivity.Engage, "desk", At(3, 8), At(3, 8), At(3, 10)),
                Visit("fix", ValueChainActivity.DeliverAndSupport, "infra", At(3, 10), At(3, 11), At(3, 12)),
                Visit("triage", ValueChainActivity.Engage, "desk", At(3, 12), At(3, 12), At(3, 13)),
                Visit("fix", ValueChainActivity.DeliverAndSupport, "infra", At(3, 13), At(3, 13), At(3, 17)),
            ],
            []);

        // Item 3: a request that arrived at triage on 4 March 09:00 and was never started.
        yield return Item(3, "request", "portal", At(4, 9), WorkItemState.Active, null, null, null,
            [Visit("triage", ValueChainActivity.Engage, "desk", At(4, 9), null, null)],
            []);

        // Item 4: opened on 1 March, before the period, waiting for its supplier since 1 March 12:00.
        yield return Item(4, "incident", "mail", At(1, 10), WorkItemState.Active, null, null, null,
            [
                Visit("triage", ValueChainActivity.Engage, "desk", At(1, 10), At(1, 10), At(1, 11)),
                Visit("fix", ValueChainActivity.DeliverAndSupport, "infra", At(1, 11), At(1, 11), null, waitingSince: At(1, 12)),
            ],
            [new FlowWait("fix", WaitReason.Supplier, At(1, 12), null)]);
    }

    private static FlowItem Item(
        long id, string type, string service, DateTimeOffset created, WorkItemState state, DateTimeOffset? delivered, DateTimeOffset? closed,
        int? rating, IReadOnlyList<FlowVisit> visits, IReadOnlyList<FlowWait> waits) =>
        new(id, "restore", type, service, created, state, delivered, closed, rating, visits, waits);

    private static FlowVisit Visit(
        string step, ValueChainActivity activity, string team, DateTimeOffset entered, DateTimeOffset? started, DateTimeOffset? left,
        TimeSpan waited = default, DateTimeOffset? waitingSince = null) =>
        new(step, activity, team, entered, started, left, waited, waitingSince);

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    private static TimeSpan M(double minutes) => TimeSpan.FromMinutes(minutes);
}
