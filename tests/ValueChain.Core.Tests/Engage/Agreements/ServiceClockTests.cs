using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams.Runs;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;
using static ValueChain.Core.Tests.Engage.Agreements.Targets;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>
/// Clocks on the Berlin service desk calendar (Mon–Fri 09–12 and 13–17, CET +01:00). Monday 2026-03-02 unless a
/// case says otherwise; each case writes down the arithmetic behind its expectation.
/// </summary>
public sealed class ServiceClockTests
{
    [Fact]
    public void Before_the_start_event_the_clock_has_not_started()
    {
        var clock = Evaluate(FirstResponse, Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T08:00+01:00");

        Assert.Equal(ClockState.NotStarted, clock.State);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.Null(clock.BreachAt);
        Assert.Null(clock.StartedAt);
    }

    [Theory]
    // High priority first response is 30m from 09:00: due 09:30.
    [InlineData("2026-03-02T09:20+01:00", ClockState.Met, 20, null)]
    // Started exactly at the due instant: met.
    [InlineData("2026-03-02T09:30+01:00", ClockState.Met, 30, null)]
    // Started at 09:45: time went past 09:30, breached then; 45m elapsed.
    [InlineData("2026-03-02T09:45+01:00", ClockState.Breached, 45, "2026-03-02T09:30+01:00")]
    public void First_response_stops_at_the_first_step_started(string started, ClockState state, int elapsed, string? breachedAt)
    {
        var work = Work.Opened("2026-03-02T09:00+01:00", Priority.High).Started(started);

        var clock = Evaluate(FirstResponse, work, "2026-03-02T11:00+01:00");

        Assert.Equal(state, clock.State);
        Assert.Equal(Minutes(elapsed), clock.Elapsed);
        Assert.Equal(At(started), clock.StoppedAt);
        Assert.Equal(breachedAt is null ? null : At(breachedAt), clock.BreachedAt);
    }

    [Fact]
    public void A_running_clock_says_how_much_is_left_and_when_it_falls_due()
    {
        // Medium first response is 1h from 16:30: 16:30–17:00 is 30m, then Tue 09:00 + 30m = Tue 09:30.
        var clock = Evaluate(FirstResponse, Work.Opened("2026-03-02T16:30+01:00"), "2026-03-02T16:50+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.True(clock.Counting);
        Assert.Equal(Minutes(20), clock.Elapsed);
        Assert.Equal(Minutes(40), clock.Remaining);
        Assert.Equal(At("2026-03-03T09:30+01:00"), clock.BreachAt);
    }

    [Theory]
    // Medium first response 1h from 16:00 is due at 17:00 sharp, the close of business.
    [InlineData("2026-03-02T16:59:59+01:00", ClockState.Running, 3599)]
    // At 17:00:00 the target is used up but not missed: still running, due now.
    [InlineData("2026-03-02T17:00:00+01:00", ClockState.Running, 3600)]
    // One second later it is missed, though no business time passed after 17:00.
    [InlineData("2026-03-02T17:00:01+01:00", ClockState.Breached, 3600)]
    // Next morning before opening: still 1h elapsed, breached since 17:00.
    [InlineData("2026-03-03T08:59:00+01:00", ClockState.Breached, 3600)]
    public void A_target_due_at_closing_time_is_due_at_closing_time(string now, ClockState state, int elapsedSeconds)
    {
        var clock = Evaluate(FirstResponse, Work.Opened("2026-03-02T16:00+01:00"), now);

        Assert.Equal(state, clock.State);
        Assert.Equal(TimeSpan.FromSeconds(elapsedSeconds), clock.Elapsed);
        Assert.Equal(At("2026-03-02T17:00+01:00"), clock.BreachAt);
    }

    [Theory]
    // Responding at 17:00:00 on a target due at 17:00 is in time.
    [InlineData("2026-03-02T17:00:00+01:00", ClockState.Met)]
    // Responding at 08:30 next morning is late, though the elapsed business time is still exactly 1h.
    [InlineData("2026-03-03T08:30:00+01:00", ClockState.Breached)]
    public void Stopping_at_or_after_closing_time(string started, ClockState state)
    {
        var work = Work.Opened("2026-03-02T16:00+01:00").Started(started);

        var clock = Evaluate(FirstResponse, work, "2026-03-03T12:00+01:00");

        Assert.Equal(state, clock.State);
        Assert.Equal(Minutes(60), clock.Elapsed);
    }

    [Theory]
    // Medium resolution 4h from 11:30: 11:30–12:00 (30m), lunch, 13:00 + 3h30m = 16:30.
    // At 12:30 only the 30m before lunch counted.
    [InlineData("2026-03-02T12:30+01:00", ClockState.Running, 30)]
    [InlineData("2026-03-02T16:30+01:00", ClockState.Running, 240)]
    // At 16:31 it went past 16:30: 4h01m elapsed.
    [InlineData("2026-03-02T16:31+01:00", ClockState.Breached, 241)]
    public void Lunch_breaks_do_not_count(string now, ClockState state, int elapsed)
    {
        var clock = Evaluate(Resolution, Work.Opened("2026-03-02T11:30+01:00"), now);

        Assert.Equal(state, clock.State);
        Assert.Equal(Minutes(elapsed), clock.Elapsed);
        Assert.Equal(At("2026-03-02T16:30+01:00"), clock.BreachAt);
    }

    [Fact]
    public void A_clock_across_a_holiday_and_a_weekend()
    {
        // Low resolution 8h from Wed 2026-12-23 16:00: Wed 1h; Thu 24th (half day 09–12) 3h; Fri 25th holiday;
        // weekend; Mon 28th 09–12 3h, 13:00 + 1h = 14:00.
        // 50 % (4h): Wed 1h + Thu 3h = at Thu 12:00, the end of the half day (not Mon 09:00).
        // 75 % (6h): 4h by Thu 12:00, then Mon 09:00 + 2h = Mon 11:00.
        var work = Work.Opened("2026-12-23T16:00+01:00", Priority.Low);

        var before = Evaluate(Resolution, work, "2026-12-28T13:59+01:00");
        var after = Evaluate(Resolution, work, "2026-12-28T14:00:01+01:00");

        Assert.Equal(ClockState.Running, before.State);
        Assert.Equal(Minutes(479), before.Elapsed);
        Assert.Equal(At("2026-12-28T14:00+01:00"), before.BreachAt);
        Assert.Equal(At("2026-12-24T12:00+01:00"), before.Threshold(50)!.ReachedAt);
        Assert.Equal(At("2026-12-28T11:00+01:00"), before.Threshold(75)!.ReachedAt);
        Assert.Equal(ClockState.Breached, after.State);
        Assert.Equal(At("2026-12-28T14:00+01:00"), after.BreachedAt);
    }

    [Fact]
    public void Waiting_for_the_customer_pauses_the_clock_and_keeps_the_paused_time()
    {
        // Medium 4h. Counts 09:00–10:00 (1h); waits for the customer 10:00–14:00, which is 10–12 and 13–14 of
        // business time (3h paused); counts 14:00–15:00 (1h). Elapsed 2h, due 15:00 + 2h = 17:00.
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:10+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Customer).Resumed("2026-03-02T14:00+01:00");

        var clock = Evaluate(Resolution, work, "2026-03-02T15:00+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(Minutes(120), clock.Elapsed);
        Assert.Equal(Minutes(180), clock.Paused);
        Assert.Equal(At("2026-03-02T17:00+01:00"), clock.BreachAt);
    }

    [Theory]
    // Waiting for an approval or an internal change does not pause resolution: 09–12 (3h) + 13–15 (2h) = 5h
    // elapsed, over 4h since 09:00 + 4h = 14:00.
    [InlineData(WaitReason.Approval)]
    [InlineData(WaitReason.Change)]
    [InlineData(WaitReason.Information)]
    public void Waiting_for_someone_inside_does_not_pause_the_clock(WaitReason reason)
    {
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:10+01:00")
            .Waiting("2026-03-02T10:00+01:00", reason).Resumed("2026-03-02T14:00+01:00");

        var clock = Evaluate(Resolution, work, "2026-03-02T15:00+01:00");

        Assert.Equal(ClockState.Breached, clock.State);
        Assert.Equal(Minutes(300), clock.Elapsed);
        Assert.Equal(TimeSpan.Zero, clock.Paused);
        Assert.Equal(At("2026-03-02T14:00+01:00"), clock.BreachedAt);
    }

    [Fact]
    public void A_paused_clock_has_no_due_instant_until_it_runs_again()
    {
        // Counting 09:00–10:00 (1h), paused since 10:00 (1h by 11:00).
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:10+01:00")
            .Waiting("2026-03-02T10:00+01:00", WaitReason.Supplier);

        var clock = Evaluate(Resolution, work, "2026-03-02T11:00+01:00");

        Assert.Equal(ClockState.Paused, clock.State);
        Assert.False(clock.Counting);
        Assert.Equal(Minutes(60), clock.Elapsed);
        Assert.Equal(Minutes(60), clock.Paused);
        Assert.Null(clock.BreachAt);
        Assert.Null(clock.NextWarningAt);
    }

    [Fact]
    public void Pausing_by_state_while_the_work_is_at_a_step()
    {
        // Paused while at await-parts (10:00–14:00 = 3h business), counting at log and fix: 09:00–10:00 and
        // 14:00–15:00 = 2h.
        var target = Resolution with { Pause = new PauseWhile(Steps: ["await-parts"]) };
        var work = Work.Opened("2026-03-02T09:00+01:00")
            .Completed("2026-03-02T09:30+01:00", "fix")
            .Completed("2026-03-02T10:00+01:00", "await-parts")
            .Completed("2026-03-02T14:00+01:00", "fix");

        var clock = Evaluate(target, work, "2026-03-02T15:00+01:00");

        Assert.Equal(Minutes(120), clock.Elapsed);
        Assert.Equal(Minutes(180), clock.Paused);
    }

    [Fact]
    public void Pausing_while_delivered_work_awaits_confirmation()
    {
        // Until confirmed, paused while delivered. Counts 09:00–11:00 (2h); delivered 11:00 until confirmed Tue 10:00:
        // Mon 11–12 (1h) + 13–17 (4h) + Tue 09–10 (1h) = 6h paused. Met at Tue 10:00.
        var target = new AgreementTarget("until-confirmed", [EventTypes.DemandOpened], [EventTypes.ValueConfirmed],
            PriorityDurations.All(TimeSpan.FromHours(4)), Pause: new PauseWhile(Delivered: true));
        var work = Work.Opened("2026-03-02T09:00+01:00")
            .Completed("2026-03-02T10:00+01:00", "fix")
            .Completed("2026-03-02T11:00+01:00")
            .Confirmed("2026-03-03T10:00+01:00");

        var clock = Evaluate(target, work, "2026-03-03T12:00+01:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Minutes(120), clock.Elapsed);
        Assert.Equal(Minutes(360), clock.Paused);
        Assert.Equal(At("2026-03-03T10:00+01:00"), clock.StoppedAt);
    }

    [Theory]
    // Medium resolution 4h from 09:00; 50 % = 2h → 11:00; 75 % = 3h → 12:00 (the end of the morning).
    [InlineData("2026-03-02T10:30+01:00", new int[0], "2026-03-02T11:00+01:00")]
    // Reached at its instant: at 11:00:00 the 50 % warning is reached.
    [InlineData("2026-03-02T11:00+01:00", new[] { 50 }, "2026-03-02T12:00+01:00")]
    [InlineData("2026-03-02T12:30+01:00", new[] { 50, 75 }, null)]
    public void Warning_thresholds_are_reached_in_business_time(string now, int[] reached, string? nextWarning)
    {
        var clock = Evaluate(Resolution, Work.Opened("2026-03-02T09:00+01:00"), now);

        Assert.Equal(reached, clock.WarningsReached);
        Assert.Equal(nextWarning is null ? null : At(nextWarning), clock.NextWarningAt);
        Assert.Equal(At("2026-03-02T14:00+01:00"), clock.BreachAt);
    }

    [Fact]
    public void Cancelling_the_work_cancels_the_clock()
    {
        var work = Work.Opened("2026-03-02T09:00+01:00").Cancelled("2026-03-02T10:00+01:00");

        var clock = Evaluate(Resolution, work, "2026-03-02T11:00+01:00");

        Assert.Equal(ClockState.Cancelled, clock.State);
        Assert.Equal(Minutes(60), clock.Elapsed);
        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.StoppedAt);
    }

    [Fact]
    public void Cancelling_after_a_breach_leaves_it_breached()
    {
        // High 2h from 09:00: due 11:00. Cancelled at 12:30 with 3h elapsed.
        var work = Work.Opened("2026-03-02T09:00+01:00", Priority.High).Cancelled("2026-03-02T12:30+01:00");

        var clock = Evaluate(Resolution, work, "2026-03-02T15:00+01:00");

        Assert.Equal(ClockState.Breached, clock.State);
        Assert.Equal(At("2026-03-02T11:00+01:00"), clock.BreachedAt);
        Assert.Equal(Minutes(180), clock.Elapsed);
        Assert.Equal(At("2026-03-02T12:30+01:00"), clock.StoppedAt);
    }

    [Fact]
    public void Closing_the_work_stops_a_clock_still_running()
    {
        // A target whose stop event never comes: confirming the value ends it. 09:00–10:00 = 1h of 4h: met.
        var target = Resolution with { Stop = [new SpanCondition(ClockEventTypes.StepLeft, Step: "approve")] };
        var work = Work.Opened("2026-03-02T09:00+01:00").Completed("2026-03-02T09:30+01:00").Confirmed("2026-03-02T10:00+01:00");

        var clock = Evaluate(target, work, "2026-03-03T10:00+01:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Minutes(60), clock.Elapsed);
    }

    [Fact]
    public void A_breached_clock_keeps_counting_to_measure_how_late()
    {
        // Critical 1h from 09:00 is due 10:00; at 11:30 it is 2h30m elapsed, 1h30m over.
        var clock = Evaluate(Resolution, Work.Opened("2026-03-02T09:00+01:00", Priority.Critical), "2026-03-02T11:30+01:00");

        Assert.Equal(ClockState.Breached, clock.State);
        Assert.True(clock.Counting);
        Assert.Equal(Minutes(150), clock.Elapsed);
        Assert.Equal(Minutes(-90), clock.Remaining);
        Assert.Equal(At("2026-03-02T10:00+01:00"), clock.BreachAt);
    }

    [Fact]
    public void Events_after_now_are_not_known_yet()
    {
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:40+01:00");

        var clock = Evaluate(FirstResponse, work, "2026-03-02T09:30+01:00");

        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(Minutes(30), clock.Elapsed);
    }

    [Fact]
    public void A_target_in_calendar_time_counts_nights_and_weekends()
    {
        // Fri 2026-03-06 15:00 + 4h of calendar time = 19:00; on the office calendar Fri 15–17 (2h) + Mon 09–11 (2h).
        var work = Work.Opened("2026-03-06T15:00+01:00");

        Assert.Equal(At("2026-03-06T19:00+01:00"), Evaluate(Resolution, work, "2026-03-06T15:00+01:00", BusinessCalendar.AlwaysOpen).BreachAt);
        Assert.Equal(At("2026-03-09T11:00+01:00"), Evaluate(Resolution, work, "2026-03-06T15:00+01:00").BreachAt);
    }

    [Theory]
    // Berlin night window 01:00–04:00, 3h target from Sat 03-28 03:00 CET: Sat 03–04 (1h), Sun 01:00–02:00 CET (1h),
    // the clocks jump to 03:00 CEST, 03:00–04:00 CEST (1h): due Sun 04:00 CEST. At 03:30 CEST 2h30m elapsed.
    [InlineData("2026-03-28T03:00+01:00", 180, "2026-03-29T03:30+02:00", 150, "2026-03-29T04:00+02:00")]
    // Autumn, 4h target from Sat 10-24 03:00 CEST: Sat 1h, Sun from 01:00 CEST (23:00Z) 3h more = 02:00Z = 03:00 CET.
    // At 02:30 CET (01:30Z) 1h + 2h30m = 3h30m elapsed.
    [InlineData("2026-10-24T03:00+02:00", 240, "2026-10-25T02:30+01:00", 210, "2026-10-25T03:00+01:00")]
    public void A_clock_across_a_daylight_saving_change(string opened, int duration, string now, int elapsed, string due)
    {
        var target = Resolution with { Durations = PriorityDurations.All(Minutes(duration)) };

        var clock = Evaluate(target, Work.Opened(opened), now, BerlinNight);

        Assert.Equal(Minutes(elapsed), clock.Elapsed);
        Assert.Equal(At(due), clock.BreachAt);
    }

    [Fact]
    public void A_clock_across_the_new_york_spring_change_in_round_the_clock_time()
    {
        // 24h from Sat 2026-03-07 12:00 EST (17:00Z) is Sun 17:00Z = 13:00 EDT: the wall clock moved 25 hours.
        var target = Resolution with { Durations = PriorityDurations.All(TimeSpan.FromHours(24)) };

        var clock = Evaluate(target, Work.Opened("2026-03-07T12:00-05:00"), "2026-03-07T12:00-05:00", NewYorkRoundTheClock);

        Assert.Equal(At("2026-03-08T13:00-04:00"), clock.BreachAt);
    }
}
