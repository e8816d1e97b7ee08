using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>How a work item ends: cancelled, or delivered and then confirmed as value.</summary>
public sealed class WorkItemClosingTests
{
    private readonly Desk _desk = new();

    [Fact]
    public void Cancel_closes_an_active_item_with_its_reason()
    {
        var item = _desk.AtRepairInProgress();
        var at = _desk.Advance(TimeSpan.FromMinutes(40));

        var cancelled = item.Cancel(FixWorkplace.Stream, "  Duplicate of item 41  ", "ann", at).Succeeded();

        Assert.Equal(WorkItemState.Cancelled, item.State);
        Assert.Equal("Duplicate of item 41", item.CancelReason);
        Assert.Equal(at, item.ClosedAt);
        Assert.Null(item.DeliveredAt);
        Assert.Null(item.CurrentStepKey);
        Assert.Null(item.CurrentActivity);
        Assert.Null(item.CurrentTeam);
        Assert.Null(item.CurrentStepStatus);
        Assert.Null(item.CurrentVisit);
        Assert.Equal(VisitOutcome.Cancelled, item.Visits[^1].Outcome);
        Assert.Equal(at, item.Visits[^1].LeftAt);

        var e = cancelled.Event;
        Assert.Equal("cancelled", e.Type);
        Assert.Equal("ann", e.Actor);
        Assert.Equal(at, e.OccurredAt);
        Assert.Equal("repair", e.StepKey);
        Assert.Equal(ValueChainActivity.DeliverAndSupport, e.Activity);
        Assert.Equal("in-progress", e.FromStatus);
        Assert.Null(e.ToStatus);
        Assert.Contains("Duplicate of item 41", e.DataOf().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_a_waiting_item_closes_the_wait()
    {
        var item = _desk.AtRepairInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Supplier, null, "bob", _desk.Now).Succeeded();
        var at = _desk.Advance(TimeSpan.FromHours(3));

        item.Cancel(FixWorkplace.Stream, "Supplier no longer makes the part", "ann", at).Succeeded();

        Assert.Equal(TimeSpan.FromHours(3), item.Visits[^1].Waited);
        Assert.Null(item.Visits[^1].WaitingSince);
        Assert.Null(item.CurrentWaitReason);
    }

    [Fact]
    public void Cancel_a_delivered_item_before_value_is_confirmed()
    {
        var item = _desk.Delivered();
        var deliveredAt = item.DeliveredAt;
        var at = _desk.Advance(TimeSpan.FromDays(1));

        var cancelled = item.Cancel(FixWorkplace.Stream, "Requester left the company", "ann", at).Succeeded();

        Assert.Equal(WorkItemState.Cancelled, item.State);
        Assert.Equal(at, item.ClosedAt);
        Assert.Equal(deliveredAt, item.DeliveredAt);
        Assert.Null(cancelled.Event.StepKey);
        Assert.Null(cancelled.Event.Activity);
        Assert.Null(cancelled.Event.FromStatus);
        Assert.All(item.Visits, v => Assert.Equal(VisitOutcome.Completed, v.Outcome));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Cancel_without_a_reason_is_refused(string reason)
    {
        var item = _desk.AtRepairInProgress();

        item.RefusedWithoutChange(_desk, at => item.Cancel(FixWorkplace.Stream, reason, "ann", at),
            ErrorKind.Validation, "reason-required");
    }

    [Theory]
    [InlineData("start", ErrorKind.InvalidTransition, "work-item-not-active")]
    [InlineData("wait", ErrorKind.InvalidTransition, "work-item-not-active")]
    [InlineData("resume", ErrorKind.InvalidTransition, "work-item-not-active")]
    [InlineData("complete", ErrorKind.InvalidTransition, "work-item-not-active")]
    [InlineData("loop-back", ErrorKind.InvalidTransition, "work-item-not-active")]
    [InlineData("cancel", ErrorKind.InvalidTransition, "work-item-closed")]
    [InlineData("confirm-value", ErrorKind.InvalidTransition, "not-delivered")]
    public void Cancelled_item_refuses_every_further_transition(string transition, ErrorKind kind, string code)
    {
        var item = _desk.AtConfirmInProgress();
        item.Cancel(FixWorkplace.Stream, "Raised twice", "ann", _desk.Now).Succeeded();

        item.RefusedWithoutChange(_desk, at => item.Attempt(transition, FixWorkplace.Stream, at), kind, code);
    }

    [Fact]
    public void Confirm_value_closes_a_delivered_item_with_outcome_confirmer_and_rating()
    {
        var item = _desk.Delivered();
        var at = _desk.Advance(TimeSpan.FromDays(2));

        var confirmed = item.ConfirmValue(FixWorkplace.Stream, "  Dana works again  ", " dana ", 4, "ann", at).Succeeded();

        Assert.Equal(WorkItemState.ValueRealized, item.State);
        Assert.Equal("Dana works again", item.Outcome);
        Assert.Equal("dana", item.ConfirmedBy);
        Assert.Equal(4, item.Rating);
        Assert.Equal(at, item.ClosedAt);
        Assert.Null(item.CurrentVisit);

        var e = confirmed.Event;
        Assert.Equal("value-confirmed", e.Type);
        Assert.Equal(at, e.OccurredAt);
        Assert.Null(e.StepKey);
        Assert.Null(e.Activity);
        Assert.Null(e.FromStatus);
        Assert.Null(e.ToStatus);
        var data = e.DataOf();
        Assert.Equal("Dana works again", data.GetProperty("outcome").GetString());
        Assert.Equal("dana", data.GetProperty("confirmedBy").GetString());
        Assert.Equal(4, data.GetProperty("rating").GetInt32());
    }

    [Fact]
    public void Confirm_value_without_a_rating_is_allowed()
    {
        var item = _desk.Delivered();

        item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "dana", null, "ann", _desk.Now).Succeeded();

        Assert.Equal(WorkItemState.ValueRealized, item.State);
        Assert.Null(item.Rating);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Confirm_value_accepts_the_ends_of_the_rating_scale(int rating)
    {
        var item = _desk.Delivered();

        item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "dana", rating, "ann", _desk.Now).Succeeded();

        Assert.Equal(rating, item.Rating);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-3)]
    public void Confirm_value_with_a_rating_outside_1_to_5_is_refused(int rating)
    {
        var item = _desk.Delivered();

        item.RefusedWithoutChange(_desk, at => item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "dana", rating, "ann", at),
            ErrorKind.Validation, "rating-out-of-range");
    }

    [Fact]
    public void Confirm_value_without_an_outcome_is_refused()
    {
        var item = _desk.Delivered();

        item.RefusedWithoutChange(_desk, at => item.ConfirmValue(FixWorkplace.Stream, " ", "dana", 5, "ann", at),
            ErrorKind.Validation, "outcome-required");
    }

    [Fact]
    public void Confirm_value_without_a_confirmer_is_refused()
    {
        var item = _desk.Delivered();

        item.RefusedWithoutChange(_desk, at => item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "", 5, "ann", at),
            ErrorKind.Validation, "confirmer-required");
    }

    [Fact]
    public void Value_cannot_be_confirmed_while_the_item_is_still_at_a_step()
    {
        var item = _desk.AtConfirmInProgress();

        var error = item.RefusedWithoutChange(_desk, at => item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "dana", 5, "ann", at),
            ErrorKind.InvalidTransition, "not-delivered");
        Assert.Contains("'confirm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_cannot_be_confirmed_twice()
    {
        var item = _desk.Delivered();
        item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "dana", 5, "ann", _desk.Now).Succeeded();

        item.RefusedWithoutChange(_desk, at => item.ConfirmValue(FixWorkplace.Stream, "Dana works better", "dana", 3, "ann", at),
            ErrorKind.InvalidTransition, "not-delivered");
    }

    [Fact]
    public void Item_with_value_realized_cannot_be_cancelled()
    {
        var item = _desk.Delivered();
        item.ConfirmValue(FixWorkplace.Stream, "Dana works again", "dana", 5, "ann", _desk.Now).Succeeded();

        item.RefusedWithoutChange(_desk, at => item.Cancel(FixWorkplace.Stream, "Changed my mind", "ann", at),
            ErrorKind.InvalidTransition, "work-item-closed");
    }
}
