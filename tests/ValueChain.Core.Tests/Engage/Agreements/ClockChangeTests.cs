using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams.Runs;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;
using static ValueChain.Core.Tests.Engage.Agreements.Targets;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>
/// Reopened work, OLAs beside the SLA, and changes mid-flight: priority, agreement and calendar. A change counts from
/// its instant on; what was counted before it stands (Berlin service desk calendar, Monday 2026-03-02, CET).
/// </summary>
public sealed class ClockChangeTests
{
    private static ClockStatus Evaluate(IReadOnlyList<ClockDefinition> definitions, Work work, string now) =>
        ServiceClock.Evaluate(definitions, work.Events, At(now));

    private static Work Reopened() => Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00")
        .Waiting("2026-03-02T10:00+01:00", WaitReason.Customer).Resumed("2026-03-02T10:30+01:00")
        .Completed("2026-03-02T11:00+01:00")
        .Reopened("2026-03-03T09:00+01:00", "fix");

    [Fact]
    public void Delivered_work_meets_its_target_before_it_is_reopened()
    {
        // Counts 09:00–10:00 and 10:30–11:00 = 1h30m; paused 10:00–10:30 for the customer.
        var clock = Targets.Evaluate(Resolution, Reopened(), "2026-03-02T15:00+01:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Minutes(90), clock.Elapsed);
        Assert.Equal(Minutes(30), clock.Paused);
        Assert.Equal(At("2026-03-02T11:00+01:00"), clock.StoppedAt);
    }

    [Fact]
    public void Reopened_work_resumes_the_same_clock_with_its_elapsed_and_paused_time()
    {
        // Monday left 1h30m elapsed and 30m paused; Tue 09:00–10:30 adds 1h30m = 3h of 4h; due 10:30 + 1h = 11:30.
        // 50 % (2h) was reached Tue 09:30; 75 % (3h) at 10:30, now.
        var clock = Targets.Evaluate(Resolution, Reopened(), "2026-03-03T10:30+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(Minutes(180), clock.Elapsed);
        Assert.Equal(Minutes(30), clock.Paused);
        Assert.Equal(At("2026-03-02T09:00+01:00"), clock.StartedAt);
        Assert.Null(clock.StoppedAt);
        Assert.Equal(At("2026-03-03T11:30+01:00"), clock.BreachAt);
        Assert.Equal(At("2026-03-03T09:30+01:00"), clock.Threshold(50)!.ReachedAt);
        Assert.Equal(At("2026-03-03T10:30+01:00"), clock.Threshold(75)!.ReachedAt);
    }

    [Fact]
    public void Reopened_work_that_runs_over_breaches_at_the_original_budget()
    {
        // 1h30m on Monday + Tue 09:00–12:00 (3h) = 4h30m: the 4h ran out at Tue 11:30.
        var clock = Targets.Evaluate(Resolution, Reopened(), "2026-03-03T12:00+01:00");

        Assert.Equal(ClockState.Breached, clock.State);
        Assert.Equal(At("2026-03-03T11:30+01:00"), clock.BreachedAt);
    }

    [Fact]
    public void Reopened_work_delivered_again_is_judged_on_the_total()
    {
        // 1h30m + Tue 09:00–11:00 (2h) = 3h30m of 4h: met.
        var clock = Targets.Evaluate(Resolution, Reopened().Completed("2026-03-03T11:00+01:00"), "2026-03-03T15:00+01:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Minutes(210), clock.Elapsed);
    }

    [Fact]
    public void A_loop_back_to_a_team_resumes_its_ola_clock()
    {
        // Network OLA: at fix 09:30–10:30 (1h), then confirm, looped back to fix at 11:00; by 11:30 1h30m of 2h.
        // 75 % (1h30m) is reached at 11:30; due 11:30 + 30m = 12:00.
        var work = Work.Opened("2026-03-02T09:00+01:00")
            .Completed("2026-03-02T09:30+01:00", "fix")
            .Completed("2026-03-02T10:30+01:00", "confirm")
            .LoopedBack("2026-03-02T11:00+01:00", "fix");

        var clock = Targets.Evaluate(NetworkFix, work, "2026-03-02T11:30+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(Minutes(90), clock.Elapsed);
        Assert.Equal(At("2026-03-02T09:30+01:00"), clock.StartedAt);
        Assert.Equal([75], clock.WarningsReached);
        Assert.Equal(At("2026-03-02T12:00+01:00"), clock.BreachAt);
    }

    [Fact]
    public void An_ola_breaches_while_the_work_waits_for_the_customer_and_the_sla_is_paused()
    {
        // Opened 09:00 at log, to the network team's fix 09:30, started 09:40, waiting for the customer from 10:00.
        // SLA resolution pauses for the customer: counted 09:00–10:00 (1h), paused 10–12 (2h).
        // The network OLA does not: 09:30–12:00 = 2h30m, its 2h ran out at 11:30.
        var work = Work.Opened("2026-03-02T09:00+01:00")
            .Completed("2026-03-02T09:30+01:00", "fix")
            .Started("2026-03-02T09:40+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Customer);

        var sla = Targets.Evaluate(Resolution, work, "2026-03-02T12:30+01:00");
        var ola = Targets.Evaluate(NetworkFix, work, "2026-03-02T12:30+01:00");

        Assert.Equal(ClockState.Paused, sla.State);
        Assert.Equal(Minutes(60), sla.Elapsed);
        Assert.Equal(Minutes(120), sla.Paused);
        Assert.Equal(ClockState.Breached, ola.State);
        Assert.Equal(Minutes(150), ola.Elapsed);
        Assert.Equal(At("2026-03-02T11:30+01:00"), ola.BreachedAt);
    }

    [Fact]
    public void An_ola_pauses_while_the_team_waits_for_a_supplier()
    {
        // Same, waiting for a supplier: the OLA counted 09:30–10:00 (30m) and paused 10–12 (2h).
        var work = Work.Opened("2026-03-02T09:00+01:00")
            .Completed("2026-03-02T09:30+01:00", "fix")
            .Started("2026-03-02T09:40+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Supplier);

        var ola = Targets.Evaluate(NetworkFix, work, "2026-03-02T12:30+01:00");

        Assert.Equal(ClockState.Paused, ola.State);
        Assert.Equal(Minutes(30), ola.Elapsed);
        Assert.Equal(Minutes(120), ola.Paused);
    }

    [Fact]
    public void An_approval_target_times_one_step()
    {
        // From entering approve (10:00) to leaving it (13:30): 10–12 + 13–13:30 = 2h30m of 4h: met.
        var target = Resolution with
        {
            Name = "approval",
            Start = [new SpanCondition(ClockEventTypes.StepEntered, Step: "approve")],
            Stop = [new SpanCondition(EventTypes.StepCompleted, Step: "approve")],
        };
        var work = Work.Opened("2026-03-02T09:00+01:00")
            .Completed("2026-03-02T10:00+01:00", "approve")
            .Completed("2026-03-02T13:30+01:00", "fix");

        var clock = Targets.Evaluate(target, work, "2026-03-02T16:00+01:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.StartedAt);
        Assert.Equal(Minutes(150), clock.Elapsed);
    }

    [Fact]
    public void Raising_the_priority_after_a_warning_past_the_new_target_breaches_at_the_change()
    {
        // Medium 4h from 09:00: 50 % at 11:00, 75 % at 12:00. Raised to high (2h) at 13:30 with 3h30m elapsed:
        // already over 2h, so breached at 13:30. By 14:00 4h elapsed, 2h over.
        var work = Work.Opened("2026-03-02T09:00+01:00").PriorityChanged("2026-03-02T13:30+01:00", Priority.High);

        var clock = Targets.Evaluate(Resolution, work, "2026-03-02T14:00+01:00");

        Assert.Equal(ClockState.Breached, clock.State);
        Assert.Equal(At("2026-03-02T13:30+01:00"), clock.BreachedAt);
        Assert.Equal(At("2026-03-02T11:00+01:00"), clock.Threshold(50)!.ReachedAt);
        Assert.Equal(At("2026-03-02T12:00+01:00"), clock.Threshold(75)!.ReachedAt);
        Assert.Equal(TimeSpan.FromHours(2), clock.Duration);
        Assert.Equal(Minutes(-120), clock.Remaining);
    }

    [Fact]
    public void Raising_the_priority_before_the_breach_shortens_the_target()
    {
        // Medium from 09:00, high (2h) from 10:00 with 1h elapsed: due 10:00 + 1h = 11:00. 50 % of 2h (1h) is
        // already elapsed at the change, so reached at 10:00; 75 % (1h30m) falls due 10:30.
        var work = Work.Opened("2026-03-02T09:00+01:00").PriorityChanged("2026-03-02T10:00+01:00", Priority.High);

        var clock = Targets.Evaluate(Resolution, work, "2026-03-02T10:15+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(At("2026-03-02T11:00+01:00"), clock.BreachAt);
        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.Threshold(50)!.ReachedAt);
        Assert.Equal(At("2026-03-02T10:30+01:00"), clock.NextWarningAt);
    }

    [Fact]
    public void Lowering_the_priority_lengthens_the_target()
    {
        // High from 09:00, low (8h) from 10:00 with 1h elapsed: 7h left = 10–12 (2h) + 13–17 (4h) + Tue 09–10 (1h).
        var work = Work.Opened("2026-03-02T09:00+01:00", Priority.High).PriorityChanged("2026-03-02T10:00+01:00", Priority.Low);

        var clock = Targets.Evaluate(Resolution, work, "2026-03-02T10:00+01:00");

        Assert.Equal(At("2026-03-03T10:00+01:00"), clock.BreachAt);
    }

    [Theory]
    // Medium from 09:00, raised to high (2h) at 11:00 with exactly 2h elapsed: due at 11:00, not yet missed.
    [InlineData("2026-03-02T11:00:00+01:00", ClockState.Running)]
    // A second later it is.
    [InlineData("2026-03-02T11:00:01+01:00", ClockState.Breached)]
    public void Raising_the_priority_to_exactly_the_elapsed_time(string now, ClockState state)
    {
        var work = Work.Opened("2026-03-02T09:00+01:00").PriorityChanged("2026-03-02T11:00+01:00", Priority.High);

        var clock = Targets.Evaluate(Resolution, work, now);

        Assert.Equal(state, clock.State);
        Assert.Equal(At("2026-03-02T11:00+01:00"), clock.BreachAt);
    }

    [Fact]
    public void Raising_the_priority_of_paused_work_past_its_target_breaches_it_at_the_change()
    {
        // Medium: 09:00–12:00 = 3h elapsed, then waiting for the customer. Critical (1h) at 14:00: 3h > 1h.
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00")
            .Waiting("2026-03-02T12:00+01:00", WaitReason.Customer)
            .PriorityChanged("2026-03-02T14:00+01:00", Priority.Critical);

        var clock = Targets.Evaluate(Resolution, work, "2026-03-02T15:00+01:00");

        Assert.Equal(ClockState.Breached, clock.State);
        Assert.False(clock.Counting);
        Assert.Equal(At("2026-03-02T14:00+01:00"), clock.BreachedAt);
        Assert.Equal(Minutes(120), clock.Paused);
    }

    [Fact]
    public void A_stopped_clock_keeps_its_result_when_the_priority_rises()
    {
        // First response at high (30m) met at 09:20; critical (15m) from 10:00 does not reach back.
        var work = Work.Opened("2026-03-02T09:00+01:00", Priority.High).Started("2026-03-02T09:20+01:00")
            .PriorityChanged("2026-03-02T10:00+01:00", Priority.Critical);

        var clock = Targets.Evaluate(FirstResponse, work, "2026-03-02T11:00+01:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Minutes(20), clock.Elapsed);
    }

    [Fact]
    public void Changing_the_agreement_mid_flight_keeps_the_paused_time()
    {
        // Gold (medium 4h) until 13:30, then platinum (medium 6h); both pause for the customer.
        // Counted 09:00–09:30, 11:30–12:00 and 13:00–14:00 = 2h; paused 09:30–11:30 = 2h, not lost to the change.
        // Due 14:00 + 4h left: 14–17 (3h) + Tue 09–10 (1h) = Tue 10:00.
        var platinum = Resolution with { Durations = PriorityDurations.All(TimeSpan.FromHours(6)) };
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00")
            .Waiting("2026-03-02T09:30+01:00", WaitReason.Customer).Resumed("2026-03-02T11:30+01:00");
        ClockDefinition[] definitions =
        [
            ClockDefinition.Throughout(Resolution, BerlinOffice, "sla-gold"),
            new(At("2026-03-02T13:30+01:00"), platinum, BerlinOffice, "sla-platinum"),
        ];

        var clock = Evaluate(definitions, work, "2026-03-02T14:00+01:00");

        Assert.Equal(Minutes(120), clock.Elapsed);
        Assert.Equal(Minutes(120), clock.Paused);
        Assert.Equal(TimeSpan.FromHours(6), clock.Duration);
        Assert.Equal(At("2026-03-03T10:00+01:00"), clock.BreachAt);
        Assert.Equal("sla-platinum", clock.AgreementKey);
    }

    [Fact]
    public void Changing_the_agreement_during_a_pause_continues_the_pause()
    {
        // Waiting for the customer 10:00–14:00 across a change at 11:00: paused 10–12 + 13–14 = 3h in one piece;
        // counted 09:00–10:00 and 14:00–15:00 = 2h.
        var platinum = Resolution with { Durations = PriorityDurations.All(TimeSpan.FromHours(6)) };
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Customer).Resumed("2026-03-02T14:00+01:00");
        ClockDefinition[] definitions = [ClockDefinition.Throughout(Resolution, BerlinOffice), new(At("2026-03-02T11:00+01:00"), platinum, BerlinOffice)];

        var clock = Evaluate(definitions, work, "2026-03-02T15:00+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(Minutes(120), clock.Elapsed);
        Assert.Equal(Minutes(180), clock.Paused);
    }

    [Fact]
    public void New_pause_rules_count_from_the_change_on()
    {
        // The old target pauses only for the customer, the new one (from 11:00) for suppliers too. Waiting for a
        // supplier 10:00–14:00: 10–11 counted under the old rules; 11–12 and 13–14 paused under the new.
        // Elapsed 09:00–11:00 (2h) + 14:00–15:00 (1h) = 3h; paused 2h.
        var old = Resolution with { Pause = new PauseWhile(WaitingFor: [WaitReason.Customer]) };
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Supplier).Resumed("2026-03-02T14:00+01:00");
        ClockDefinition[] definitions = [ClockDefinition.Throughout(old, BerlinOffice), new(At("2026-03-02T11:00+01:00"), Resolution, BerlinOffice)];

        var clock = Evaluate(definitions, work, "2026-03-02T15:00+01:00");

        Assert.Equal(Minutes(180), clock.Elapsed);
        Assert.Equal(Minutes(120), clock.Paused);
    }

    [Theory]
    // Office hours until 17:00 (16:00–17:00 = 1h), calendar time after (17:00–19:00 = 2h): 3h of 4h, due 20:00.
    [InlineData("office-then-24x7", 180, "2026-03-02T20:00+01:00")]
    // Calendar time until 17:00 (1h), office hours after (closed 17–19): 1h, 3h left = Tue 09:00–12:00.
    [InlineData("24x7-then-office", 60, "2026-03-03T12:00+01:00")]
    public void Changing_the_calendar_mid_flight(string change, int elapsed, string due)
    {
        var (before, after) = change == "office-then-24x7" ? (BerlinOffice, BusinessCalendar.AlwaysOpen) : (BusinessCalendar.AlwaysOpen, BerlinOffice);
        ClockDefinition[] definitions = [ClockDefinition.Throughout(Resolution, before), new(At("2026-03-02T17:00+01:00"), Resolution, after)];

        var clock = Evaluate(definitions, Work.Opened("2026-03-02T16:00+01:00"), "2026-03-02T19:00+01:00");

        Assert.Equal(Minutes(elapsed), clock.Elapsed);
        Assert.Equal(At(due), clock.BreachAt);
    }

    [Fact]
    public void An_agreement_that_first_applies_mid_flight_starts_then_if_the_span_has_begun()
    {
        // The network OLA applies from 10:00; the work reached fix at 09:30, so the clock starts at 10:00.
        var work = Work.Opened("2026-03-02T09:00+01:00").Completed("2026-03-02T09:30+01:00", "fix");
        ClockDefinition[] definitions = [new(At("2026-03-02T10:00+01:00"), NetworkFix, BerlinOffice)];

        var clock = Evaluate(definitions, work, "2026-03-02T11:00+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.StartedAt);
        Assert.Equal(Minutes(60), clock.Elapsed);
    }

    [Fact]
    public void An_agreement_that_first_applies_after_its_span_ended_does_not_start()
    {
        // The work left fix at 09:50, before the OLA applied at 10:00.
        var work = Work.Opened("2026-03-02T09:00+01:00").Completed("2026-03-02T09:30+01:00", "fix").Completed("2026-03-02T09:50+01:00", "confirm");
        ClockDefinition[] definitions = [new(At("2026-03-02T10:00+01:00"), NetworkFix, BerlinOffice)];

        Assert.Equal(ClockState.NotStarted, Evaluate(definitions, work, "2026-03-02T11:00+01:00").State);
    }

    [Fact]
    public void A_clock_not_started_takes_the_new_span_at_the_change()
    {
        // The old target starts when a step starts (not yet by 10:00); the new one starts on opening, which has
        // happened: it starts at the change, 10:00, and counts 10:00–11:00.
        var old = Resolution with { Start = [EventTypes.StepStarted] };
        ClockDefinition[] definitions = [ClockDefinition.Throughout(old, BerlinOffice), new(At("2026-03-02T10:00+01:00"), Resolution, BerlinOffice)];

        var clock = Evaluate(definitions, Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T11:00+01:00");

        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.StartedAt);
        Assert.Equal(Minutes(60), clock.Elapsed);
    }

    [Fact]
    public void A_withdrawn_agreement_cancels_its_clock_and_keeps_what_it_counted()
    {
        ClockDefinition[] definitions = [ClockDefinition.Throughout(Resolution, BerlinOffice), new(At("2026-03-02T10:00+01:00"), null)];

        var clock = Evaluate(definitions, Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T11:00+01:00");

        Assert.Equal(ClockState.Cancelled, clock.State);
        Assert.Equal(Minutes(60), clock.Elapsed);
        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.StoppedAt);
    }

    [Fact]
    public void Elapsed_and_paused_time_add_up_to_the_business_time_in_the_span_across_changes()
    {
        // Whatever the changes, no business minute inside the span is lost or counted twice.
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Customer).Resumed("2026-03-02T14:00+01:00")
            .PriorityChanged("2026-03-03T10:00+01:00", Priority.Low)
            .Waiting("2026-03-03T11:00+01:00", WaitReason.Supplier).Resumed("2026-03-04T09:30+01:00");
        ClockDefinition[] definitions =
        [
            ClockDefinition.Throughout(Resolution, BerlinOffice),
            new(At("2026-03-02T11:00+01:00"), Resolution with { WarnAt = [90] }, BerlinOffice),
            new(At("2026-03-03T15:00+01:00"), Resolution, BerlinOffice),
        ];

        var clock = Evaluate(definitions, work, "2026-03-04T16:00+01:00");

        Assert.Equal(BerlinOffice.Between(At("2026-03-02T09:00+01:00"), At("2026-03-04T16:00+01:00")), clock.Elapsed + clock.Paused);
    }
}
