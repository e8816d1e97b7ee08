using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>Rebuilding a work item from the history of a case worked in another tool.</summary>
public sealed class WorkItemHistoryTests
{
    private static readonly DateTimeOffset T0 = Desk.Monday;

    private static DateTimeOffset At(double hours) => T0.AddHours(hours);

    private static ReplayedHistory Replay(params HistoryEvent[] history) =>
        WorkItem.FromHistory(FixWorkplace.Stream, 3, new DemandDetails("incident", "INC0001", Channel: "import:test"), history).Succeeded();

    [Fact]
    public void A_worked_case_gets_the_visits_waits_and_events_it_would_have_had_here()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Enter, "log", At(0), "ann"),
            new HistoryEvent(HistoryAction.Start, "repair", At(0.5), "bob"),
            new HistoryEvent(HistoryAction.Wait, "repair", At(1), "bob", WaitReason.Customer, "Awaiting User Info"),
            new HistoryEvent(HistoryAction.Start, "repair", At(3), "bob"),
            new HistoryEvent(HistoryAction.Enter, "confirm", At(4), "bob"),
            new HistoryEvent(HistoryAction.Value, null, At(24), "ann"));

        var item = replayed.Item;
        Assert.Equal(WorkItemState.ValueRealized, item.State);
        Assert.Equal(T0, item.CreatedAt);
        Assert.Equal(At(24), item.UpdatedAt);
        Assert.Equal(At(24), item.DeliveredAt);
        Assert.Equal(At(24), item.ClosedAt);
        Assert.Equal("ann", item.ConfirmedBy);
        Assert.Equal("The user works again.", item.Outcome);
        Assert.Equal(3, item.ValueStreamVersion);
        Assert.Equal("import:test", item.Channel);
        Assert.Null(item.CurrentStepKey);

        Assert.Equal(["log", "repair", "confirm"], item.Visits.Select(v => v.StepKey));
        var (log, repair, confirm) = (item.Visits[0], item.Visits[1], item.Visits[2]);
        // Nobody started the log step in the source: it is started as it is left, so its whole stay was queue time.
        Assert.Equal((At(0), At(0.5), At(0.5), VisitOutcome.Completed), (log.EnteredAt, log.StartedAt, log.LeftAt, log.Outcome));
        Assert.Equal((At(0.5), At(0.5), At(4), VisitOutcome.Completed), (repair.EnteredAt, repair.StartedAt, repair.LeftAt, repair.Outcome));
        Assert.Equal(TimeSpan.FromHours(2), repair.Waited);
        Assert.Null(repair.WaitingSince);
        Assert.Equal((At(4), At(24), At(24), VisitOutcome.Completed), (confirm.EnteredAt, confirm.StartedAt, confirm.LeftAt, confirm.Outcome));
        Assert.Equal(TimeSpan.Zero, confirm.Waited);

        Assert.Equal(
            [
                EventTypes.DemandOpened, EventTypes.StepStarted, EventTypes.StepCompleted, EventTypes.StepStarted, EventTypes.StepWaiting,
                EventTypes.StepResumed, EventTypes.StepCompleted, EventTypes.StepStarted, EventTypes.StepCompleted, EventTypes.ValueConfirmed,
            ],
            replayed.Events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 10), replayed.Events.Select(e => e.Sequence));
        Assert.Equal(10, item.Revision);
        Assert.Equal(["ann", "bob", "bob", "bob", "bob", "bob", "bob", "ann", "ann", "ann"], replayed.Events.Select(e => e.Actor));
        Assert.Equal("customer", replayed.Events[4].DataOf().GetProperty("reason").GetString());
        Assert.Equal("Awaiting User Info", replayed.Events[4].DataOf().GetProperty("note").GetString());
        Assert.Equal(120, replayed.Events[5].DataOf().GetProperty("waitedMinutes").GetDouble());
        Assert.Equal("value", replayed.Events[8].DataOf().GetProperty("next").GetString());
        Assert.Empty(replayed.Skipped);
    }

    [Fact]
    public void Repeated_snapshots_of_the_same_state_change_nothing()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Enter, "log", At(0)),
            new HistoryEvent(HistoryAction.Enter, "log", At(0.1)),
            new HistoryEvent(HistoryAction.Start, "repair", At(1)),
            new HistoryEvent(HistoryAction.Start, "repair", At(2)),
            new HistoryEvent(HistoryAction.Wait, "repair", At(3), Reason: WaitReason.Supplier),
            new HistoryEvent(HistoryAction.Wait, "repair", At(4), Reason: WaitReason.Supplier));

        Assert.Equal(5, replayed.Item.Revision);
        Assert.Equal([At(1), At(1), At(1), At(3)], replayed.Events.Skip(1).Select(e => e.OccurredAt));
        Assert.Equal(StepStatus.Waiting, replayed.Item.CurrentStepStatus);
        Assert.Equal(WaitReason.Supplier, replayed.Item.CurrentWaitReason);
        Assert.Equal(At(3), replayed.Item.CurrentVisit!.WaitingSince);
    }

    [Fact]
    public void A_wait_for_someone_else_ends_the_first_wait_and_both_count()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Start, "repair", At(0)),
            new HistoryEvent(HistoryAction.Wait, null, At(1), Reason: WaitReason.Customer),
            new HistoryEvent(HistoryAction.Wait, null, At(2), Reason: WaitReason.Supplier),
            new HistoryEvent(HistoryAction.Enter, "confirm", At(5)));

        var repair = replayed.Item.Visits.Single(v => v.StepKey == "repair");
        Assert.Equal(TimeSpan.FromHours(4), repair.Waited);
        Assert.Equal(
            [EventTypes.DemandOpened, EventTypes.StepStarted, EventTypes.StepWaiting, EventTypes.StepResumed, EventTypes.StepWaiting,
                EventTypes.StepResumed, EventTypes.StepCompleted],
            replayed.Events.Select(e => e.Type));
        Assert.Equal("supplier", replayed.Events[5].DataOf().GetProperty("reason").GetString());
        Assert.Equal("confirm", replayed.Item.CurrentStepKey);
        Assert.Equal(StepStatus.Pending, replayed.Item.CurrentStepStatus);
    }

    [Fact]
    public void The_first_event_opens_the_item_at_its_own_step()
    {
        var replayed = Replay(new HistoryEvent(HistoryAction.Start, "repair", At(0), "bob"));

        Assert.Equal(["repair"], replayed.Item.Visits.Select(v => v.StepKey));
        Assert.Equal(StepStatus.InProgress, replayed.Item.CurrentStepStatus);
        Assert.Equal([EventTypes.DemandOpened, EventTypes.StepStarted], replayed.Events.Select(e => e.Type));
        Assert.Equal("repair", replayed.Events[0].StepKey);
    }

    [Fact]
    public void Going_back_to_a_completed_step_the_current_one_does_not_lead_to_is_rework()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Start, "log", At(0)),
            new HistoryEvent(HistoryAction.Start, "repair", At(1)),
            new HistoryEvent(HistoryAction.Enter, "confirm", At(2)),
            new HistoryEvent(HistoryAction.Start, "log", At(3), Note: "Reopened"));

        var item = replayed.Item;
        Assert.Equal(["log", "repair", "confirm", "log"], item.Visits.Select(v => v.StepKey));
        Assert.Equal(VisitOutcome.LoopedBack, item.Visits[2].Outcome);
        Assert.Null(item.Visits[2].StartedAt);
        var loop = replayed.Events.Single(e => e.Type == EventTypes.LoopedBack);
        Assert.Equal("Reopened", loop.DataOf().GetProperty("reason").GetString());
        Assert.Equal(StepStatus.InProgress, item.CurrentStepStatus);
    }

    [Fact]
    public void A_step_the_current_one_leads_to_is_reached_by_completion_even_when_visited_before()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Start, "repair", At(0)),
            new HistoryEvent(HistoryAction.Enter, "confirm", At(1)),
            new HistoryEvent(HistoryAction.Start, "repair", At(2)));

        Assert.DoesNotContain(replayed.Events, e => e.Type == EventTypes.LoopedBack);
        Assert.Equal([VisitOutcome.Completed, VisitOutcome.Completed, null], replayed.Item.Visits.Select(v => v.Outcome));
    }

    [Fact]
    public void A_path_the_stream_does_not_declare_is_recorded_as_it_happened()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Enter, "log", At(0)),
            new HistoryEvent(HistoryAction.Enter, "confirm", At(1)),
            new HistoryEvent(HistoryAction.Enter, "replace-part", At(2)));

        Assert.Equal(["log", "confirm", "replace-part"], replayed.Item.Visits.Select(v => v.StepKey));
        var completions = replayed.Events.Where(e => e.Type == EventTypes.StepCompleted).ToList();
        Assert.Equal(["confirm", "replace-part"], completions.Select(e => e.DataOf().GetProperty("next").GetString()));
        Assert.Equal(WorkItemState.Active, replayed.Item.State);
    }

    [Fact]
    public void Value_from_a_step_that_does_not_lead_to_value_still_delivers_and_confirms()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Enter, "log", At(0)),
            new HistoryEvent(HistoryAction.Value, null, At(5), "carl"));

        Assert.Equal(WorkItemState.ValueRealized, replayed.Item.State);
        Assert.Equal([EventTypes.DemandOpened, EventTypes.StepStarted, EventTypes.StepCompleted, EventTypes.ValueConfirmed], replayed.Events.Select(e => e.Type));
    }

    [Fact]
    public void Delivered_work_waits_for_value_and_keeps_it_apart_from_confirmation()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Start, "confirm", At(0)),
            new HistoryEvent(HistoryAction.Deliver, null, At(1)),
            new HistoryEvent(HistoryAction.Deliver, null, At(2)),
            new HistoryEvent(HistoryAction.Value, null, At(48)));

        Assert.Equal(At(1), replayed.Item.DeliveredAt);
        Assert.Equal(At(48), replayed.Item.ClosedAt);
        Assert.Equal(WorkItemState.ValueRealized, replayed.Item.State);
    }

    [Fact]
    public void A_cancelled_case_is_cancelled_with_the_source_activity_as_its_reason()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Start, "repair", At(0)),
            new HistoryEvent(HistoryAction.Wait, null, At(1), Reason: WaitReason.Customer),
            new HistoryEvent(HistoryAction.Cancel, null, At(3), Note: "Withdrawn"));

        var item = replayed.Item;
        Assert.Equal(WorkItemState.Cancelled, item.State);
        Assert.Equal("Withdrawn", item.CancelReason);
        Assert.Equal(VisitOutcome.Cancelled, item.Visits[0].Outcome);
        Assert.Equal(TimeSpan.FromHours(2), item.Visits[0].Waited);
    }

    [Fact]
    public void A_case_that_ends_elsewhere_stays_active_at_its_last_step()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Enter, "log", At(0)),
            new HistoryEvent(HistoryAction.Wait, "repair", At(1), Reason: WaitReason.Approval));

        Assert.Equal(WorkItemState.Active, replayed.Item.State);
        Assert.Equal(("repair", StepStatus.Waiting, WaitReason.Approval), (replayed.Item.CurrentStepKey, replayed.Item.CurrentStepStatus, replayed.Item.CurrentWaitReason));
        Assert.Null(replayed.Item.ClosedAt);
    }

    [Fact]
    public void History_after_the_work_closed_is_skipped_with_a_reason_but_repeats_of_the_end_are_not()
    {
        var replayed = Replay(
            new HistoryEvent(HistoryAction.Start, "confirm", At(0)),
            new HistoryEvent(HistoryAction.Value, null, At(1)),
            new HistoryEvent(HistoryAction.Value, null, At(2)),
            new HistoryEvent(HistoryAction.Start, "repair", At(3)));

        var skipped = Assert.Single(replayed.Skipped);
        Assert.Equal(3, skipped.Index);
        Assert.Contains("value confirmed", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(WorkItemState.ValueRealized, replayed.Item.State);
        Assert.Equal(At(1), replayed.Item.ClosedAt);
    }

    [Fact]
    public void Events_without_an_actor_are_the_default_actors()
    {
        var replayed = WorkItem.FromHistory(FixWorkplace.Stream, 1, new DemandDetails("incident", "x"),
            [new HistoryEvent(HistoryAction.Start, "log", At(0))], "migration").Succeeded();

        Assert.All(replayed.Events, e => Assert.Equal("migration", e.Actor));
    }

    [Fact]
    public void A_history_that_cannot_be_replayed_is_refused()
    {
        var demand = new DemandDetails("incident", "x");
        WorkItem.FromHistory(FixWorkplace.Stream, 1, demand, []).Refused(ErrorKind.Validation, "history-empty");
        WorkItem.FromHistory(FixWorkplace.Stream, 1, demand, [new HistoryEvent(HistoryAction.Enter, "nowhere", At(0))])
            .Refused(ErrorKind.Validation, "unknown-step");
        WorkItem.FromHistory(FixWorkplace.Stream, 1, demand, [new HistoryEvent(HistoryAction.Enter, "log", At(1)), new HistoryEvent(HistoryAction.Start, "log", At(0))])
            .Refused(ErrorKind.Validation, "history-out-of-order");
        WorkItem.FromHistory(FixWorkplace.Stream, 1, demand, [new HistoryEvent(HistoryAction.Wait, "log", At(0))])
            .Refused(ErrorKind.Validation, "reason-required");
        WorkItem.FromHistory(FixWorkplace.Stream, 1, new DemandDetails("change-request", "x"), [new HistoryEvent(HistoryAction.Enter, "log", At(0))])
            .Refused(ErrorKind.Validation, "stream-does-not-serve-demand");
    }
}
