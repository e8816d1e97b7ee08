using ValueChain.Core.Tests.ValueStreams.Runs;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>Clocks fed from the event log of a real work item on the fix-workplace stream, timed by a fake clock.</summary>
public sealed class WorkItemClockTests
{
    private readonly Desk _desk = new();
    private readonly List<WorkItemEvent> _log = [];

    private static readonly AgreementTarget Resolution = Targets.Resolution with { Stop = [ClockEventTypes.Delivered] };

    private static readonly AgreementTarget FieldSupport = new(
        "repair",
        [new SpanCondition(ClockEventTypes.StepEntered, Team: "field-support")],
        [new SpanCondition(ClockEventTypes.StepLeft, Team: "field-support")],
        PriorityDurations.All(TimeSpan.FromHours(1)));

    /// <summary>
    /// Opened Mon 2026-03-02 09:00Z at high priority; started 09:20; to repair 09:30, started 09:40; waits for the
    /// customer 10:00–12:00; to confirm 12:30, started 12:40; the fault came back, looped back to repair at 13:00.
    /// </summary>
    private WorkItem Worked()
    {
        var stream = _desk.Stream;
        var item = AtRepairStarted();
        Then(20, () => item.Wait(stream, WaitReason.Customer, "Needs the laptop back", Desk.Resolver, _desk.Now).Succeeded());
        Then(120, () => item.Resume(stream, null, Desk.Resolver, _desk.Now).Succeeded());
        Then(30, () => _desk.Complete(item, "confirm"));
        Then(10, () => _desk.Start(item));
        Then(20, () => item.LoopBack(stream, "repair", "Fault came back", Desk.Agent, _desk.Now).Succeeded());
        return item;
    }

    /// <summary>Opened Mon 2026-03-02 09:00Z at high priority; started 09:20; to repair 09:30, started 09:40.</summary>
    private WorkItem AtRepairStarted()
    {
        var (item, opened) = WorkItem.Open(_desk.Stream, 1, new DemandDetails("incident", "Laptop does not boot", Priority: Priority.High), Desk.Agent, _desk.Now).Succeeded();
        _log.Add(opened.Event);
        Then(20, () => _desk.Start(item));
        Then(10, () => _desk.Complete(item));
        Then(10, () => _desk.Start(item));
        return item;
    }

    private void Then(int minutes, Func<Transition> act)
    {
        _desk.Advance(TimeSpan.FromMinutes(minutes));
        _log.Add(act().Event);
    }

    private IReadOnlyList<ClockEvent> Events => [.. _log.Select(e => ClockEvent.From(e, _desk.Stream))];

    [Fact]
    public void Stored_events_carry_what_clocks_need()
    {
        Worked();
        var events = Events;

        Assert.Equal(new ClockEvent(EventTypes.DemandOpened, At("2026-03-02T09:00Z"), new StepRef("log", "service-desk", ValueChainActivity.Engage), Priority: Priority.High), events[0]);
        Assert.Equal(new StepRef("repair", "field-support", ValueChainActivity.DeliverAndSupport), events[2].Next);
        Assert.Equal(WaitReason.Customer, events[4].WaitReason);
        Assert.Equal(WaitReason.Customer, events[5].WaitReason);
        Assert.Equal(("looped-back", "confirm", "repair"), (events[8].Type, events[8].Step!.Key, events[8].Next!.Key));
    }

    [Fact]
    public void Delivering_the_work_maps_to_a_completed_step_without_a_next_one()
    {
        var item = Worked();
        Then(10, () => _desk.Start(item));
        Then(20, () => _desk.Complete(item, "confirm"));
        Then(5, () => _desk.Start(item));
        Then(5, () => _desk.Complete(item, "value"));

        var delivered = Events[^1];

        Assert.Equal((EventTypes.StepCompleted, "confirm", null), (delivered.Type, delivered.Step!.Key, delivered.Next));
    }

    [Fact]
    public void The_sla_pauses_for_the_customer_and_the_field_team_ola_does_not()
    {
        Worked();
        var now = _desk.Advance(TimeSpan.FromMinutes(30)); // 13:30Z

        // Calendar time. First response (high, 30m): started after 20m, met.
        var firstResponse = ServiceClock.Evaluate(Targets.FirstResponse, BusinessCalendar.AlwaysOpen, Events, now);
        // Resolution (high, 2h): 09:00–10:00 (1h) + 12:00–13:30 (1h30m) = 2h30m, paused 2h; the 2h ran out at
        // 12:00 + 1h = 13:00.
        var resolution = ServiceClock.Evaluate(Resolution, BusinessCalendar.AlwaysOpen, Events, now);
        // Field support (1h): at repair 09:30–12:30 (3h, the customer wait counts) and again from 13:00 (30m):
        // 3h30m, breached at 10:30.
        var repair = ServiceClock.Evaluate(FieldSupport, BusinessCalendar.AlwaysOpen, Events, now);

        Assert.Equal((ClockState.Met, TimeSpan.FromMinutes(20)), (firstResponse.State, firstResponse.Elapsed));
        Assert.Equal((ClockState.Breached, TimeSpan.FromMinutes(150), TimeSpan.FromMinutes(120)), (resolution.State, resolution.Elapsed, resolution.Paused));
        Assert.Equal(At("2026-03-02T13:00Z"), resolution.BreachedAt);
        Assert.Equal((ClockState.Breached, TimeSpan.FromMinutes(210)), (repair.State, repair.Elapsed));
        Assert.Equal(At("2026-03-02T10:30Z"), repair.BreachedAt);
        Assert.True(repair.Counting);
    }

    [Fact]
    public void A_reopened_item_resumes_its_resolution_clock_with_the_time_already_counted()
    {
        // Opened 09:00 at high priority (resolution 2h); delivered 10:10 after 70m; rejected by the user at 11:10 and
        // reopened at repair; delivered again at 12:00. The hour between delivery and reopening does not count:
        // 70m + 50m = 2h exactly, due at 12:00, so the second delivery meets it.
        var stream = _desk.Stream;
        var item = AtRepairStarted();
        Then(20, () => _desk.Complete(item, "confirm"));
        Then(5, () => _desk.Start(item));
        Then(5, () => _desk.Complete(item, "value"));
        var delivered = ServiceClock.Evaluate(Resolution, BusinessCalendar.AlwaysOpen, Events, _desk.Now);
        Then(60, () => item.Reopen(stream, "repair", "Still does not boot", "dana", _desk.Now).Succeeded());
        Then(10, () => _desk.Start(item));
        Then(30, () => _desk.Complete(item, "confirm"));
        var running = ServiceClock.Evaluate(Resolution, BusinessCalendar.AlwaysOpen, Events, _desk.Now);
        Then(5, () => _desk.Start(item));
        Then(5, () => _desk.Complete(item, "value"));

        var final = ServiceClock.Evaluate(Resolution, BusinessCalendar.AlwaysOpen, Events, _desk.Now.AddHours(5));

        Assert.Equal((ClockEventTypes.Reopened, "repair", "repair"), (Events[7].Type, Events[7].Step!.Key, Events[7].Next!.Key));
        Assert.Equal((ClockState.Met, TimeSpan.FromMinutes(70), At("2026-03-02T10:10Z")), (delivered.State, delivered.Elapsed, delivered.StoppedAt));
        Assert.Equal((ClockState.Running, TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(10)), (running.State, running.Elapsed, running.Remaining));
        Assert.Null(running.StoppedAt);
        Assert.Equal(At("2026-03-02T12:00Z"), running.BreachAt);
        Assert.Equal((ClockState.Met, TimeSpan.FromMinutes(120), At("2026-03-02T12:00Z")), (final.State, final.Elapsed, final.StoppedAt));
        Assert.Null(final.BreachedAt);
    }
}
