using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>Rework: sending the work back to a step it has already completed.</summary>
public sealed class WorkItemLoopBackTests
{
    private readonly Desk _desk = new();

    [Fact]
    public void Loop_back_returns_the_work_to_a_completed_step_as_a_new_visit()
    {
        var item = _desk.AtConfirmInProgress();
        var at = _desk.Advance(TimeSpan.FromHours(2));

        item.LoopBack(FixWorkplace.Stream, "repair", "Screen still flickers", "dana", at).Succeeded();

        Assert.Equal(WorkItemState.Active, item.State);
        Assert.Equal("repair", item.CurrentStepKey);
        Assert.Equal(ValueChainActivity.DeliverAndSupport, item.CurrentActivity);
        Assert.Equal("field-support", item.CurrentTeam);
        Assert.Equal(StepStatus.Pending, item.CurrentStepStatus);
        Assert.Equal(["log", "repair", "confirm", "repair"], item.Visits.Select(v => v.StepKey));
        Assert.Equal([1, 2, 3, 4], item.Visits.Select(v => v.Ordinal));

        var left = item.Visits[2];
        Assert.Equal(VisitOutcome.LoopedBack, left.Outcome);
        Assert.Equal(at, left.LeftAt);

        var rework = item.Visits[3];
        Assert.Same(rework, item.CurrentVisit);
        Assert.NotSame(item.Visits[1], rework);
        Assert.Equal(at, rework.EnteredAt);
        Assert.Null(rework.StartedAt);
        Assert.Null(rework.Outcome);
        Assert.Equal(VisitOutcome.Completed, item.Visits[1].Outcome);
    }

    [Fact]
    public void Loop_back_appends_an_event_at_the_step_it_leaves_with_the_target_and_reason()
    {
        var item = _desk.AtConfirmInProgress();
        var at = _desk.Advance(TimeSpan.FromHours(2));

        var looped = item.LoopBack(FixWorkplace.Stream, "repair", "Screen still flickers", "dana", at).Succeeded();

        var e = looped.Event;
        Assert.Equal("looped-back", e.Type);
        Assert.Equal("dana", e.Actor);
        Assert.Equal(at, e.OccurredAt);
        Assert.Equal("confirm", e.StepKey);
        Assert.Equal(ValueChainActivity.Engage, e.Activity);
        Assert.Equal("in-progress", e.FromStatus);
        Assert.Equal("pending", e.ToStatus);
        var data = e.DataOf();
        Assert.Equal("repair", data.GetProperty("to").GetString());
        Assert.Equal("Screen still flickers", data.GetProperty("reason").GetString());
        Assert.Empty(looped.Artifacts);
        Assert.Empty(looped.Deliveries);
    }

    [Fact]
    public void Loop_back_from_a_pending_step_needs_no_start()
    {
        var item = _desk.AtRepairInProgress();
        _desk.Complete(item, "confirm");

        var looped = item.LoopBack(FixWorkplace.Stream, "repair", "Wrong laptop repaired", "ann", _desk.Now).Succeeded();

        Assert.Equal("pending", looped.Event.FromStatus);
        Assert.Equal("repair", item.CurrentStepKey);
        Assert.Null(item.Visits[2].StartedAt);
        Assert.Equal(VisitOutcome.LoopedBack, item.Visits[2].Outcome);
    }

    [Fact]
    public void Loop_back_can_return_to_any_step_completed_before_not_only_the_previous_one()
    {
        var item = _desk.AtConfirmInProgress();

        item.LoopBack(FixWorkplace.Stream, "log", "Logged against the wrong user", "ann", _desk.Now).Succeeded();

        Assert.Equal("log", item.CurrentStepKey);
        Assert.Equal(ValueChainActivity.Engage, item.CurrentActivity);
        Assert.Equal("service-desk", item.CurrentTeam);
    }

    [Fact]
    public void Loop_back_from_a_waiting_step_closes_the_wait_and_clears_its_reason()
    {
        var item = _desk.AtConfirmInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Customer, null, "ann", _desk.Advance(TimeSpan.FromMinutes(10))).Succeeded();
        var at = _desk.Advance(TimeSpan.FromMinutes(60));

        var looped = item.LoopBack(FixWorkplace.Stream, "repair", "User reports the fault again", "ann", at).Succeeded();

        var left = item.Visits[2];
        Assert.Equal(TimeSpan.FromMinutes(60), left.Waited);
        Assert.Null(left.WaitingSince);
        Assert.Equal(at, left.LeftAt);
        Assert.Null(item.CurrentWaitReason);
        Assert.Equal(StepStatus.Pending, item.CurrentStepStatus);
        Assert.Equal("waiting", looped.Event.FromStatus);
    }

    [Fact]
    public void Reworked_step_continues_through_the_stream_to_value()
    {
        var item = _desk.AtConfirmInProgress();
        item.LoopBack(FixWorkplace.Stream, "repair", "Screen still flickers", "ann", _desk.Now).Succeeded();
        _desk.Start(item);
        _desk.Complete(item, "confirm");
        _desk.Start(item);

        _desk.Complete(item, "value");

        Assert.Equal(WorkItemState.Delivered, item.State);
        Assert.Equal(["log", "repair", "confirm", "repair", "confirm"], item.Visits.Select(v => v.StepKey));
        Assert.Equal(
            [VisitOutcome.Completed, VisitOutcome.Completed, VisitOutcome.LoopedBack, VisitOutcome.Completed, VisitOutcome.Completed],
            item.Visits.Select(v => v.Outcome!.Value));
        Assert.Equal(2, item.Visits.Count(v => v.StepKey == "repair"));
    }

    [Theory]
    [InlineData("repair")]
    [InlineData("confirm")]
    [InlineData("replace-part")]
    public void Loop_back_to_a_step_not_completed_before_is_refused(string target)
    {
        // At the first visit to repair: only log has been completed.
        var item = _desk.AtRepairInProgress();

        var error = item.RefusedWithoutChange(_desk, at => item.LoopBack(FixWorkplace.Stream, target, "Try again", "ann", at),
            ErrorKind.InvalidTransition, "step-not-visited");
        Assert.Contains($"'{target}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("triage")]
    [InlineData("value")]
    public void Loop_back_to_a_step_the_stream_does_not_have_is_refused(string target)
    {
        var item = _desk.AtConfirmInProgress();

        item.RefusedWithoutChange(_desk, at => item.LoopBack(FixWorkplace.Stream, target, "Try again", "ann", at),
            ErrorKind.Validation, "unknown-step");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Loop_back_without_a_reason_is_refused(string reason)
    {
        var item = _desk.AtConfirmInProgress();

        item.RefusedWithoutChange(_desk, at => item.LoopBack(FixWorkplace.Stream, "repair", reason, "ann", at),
            ErrorKind.Validation, "reason-required");
    }

    [Fact]
    public void Delivered_item_cannot_loop_back()
    {
        var item = _desk.Delivered();

        item.RefusedWithoutChange(_desk, at => item.LoopBack(FixWorkplace.Stream, "repair", "Broke again", "ann", at),
            ErrorKind.InvalidTransition, "work-item-not-active");
    }
}
