using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>Start, wait and resume: how the current step moves between pending, in progress and waiting.</summary>
public sealed class WorkItemStepStatusTests
{
    private readonly Desk _desk = new();

    [Fact]
    public void Start_moves_a_pending_step_in_progress_and_stamps_the_visit()
    {
        var item = _desk.Open();
        var startedAt = _desk.Advance(TimeSpan.FromMinutes(10));

        var started = item.Start(FixWorkplace.Stream, "bob", startedAt).Succeeded();

        Assert.Equal(StepStatus.InProgress, item.CurrentStepStatus);
        Assert.Equal("log", item.CurrentStepKey);
        Assert.Equal(startedAt, item.CurrentVisit!.StartedAt);
        Assert.Equal(Desk.Monday, item.CurrentVisit.EnteredAt);
        Assert.Equal(2, item.Revision);
        Assert.Equal(startedAt, item.UpdatedAt);

        var e = started.Event;
        Assert.Equal("step-started", e.Type);
        Assert.Equal(2, e.Sequence);
        Assert.Equal("bob", e.Actor);
        Assert.Equal(startedAt, e.OccurredAt);
        Assert.Equal("log", e.StepKey);
        Assert.Equal(ValueChainActivity.Engage, e.Activity);
        Assert.Equal("pending", e.FromStatus);
        Assert.Equal("in-progress", e.ToStatus);
        Assert.Null(e.Data);
    }

    [Fact]
    public void Started_step_cannot_be_started_again()
    {
        var item = _desk.Open();
        _desk.Start(item);

        item.RefusedWithoutChange(_desk, at => item.Start(FixWorkplace.Stream, "bob", at),
            ErrorKind.InvalidTransition, "step-already-started");
    }

    [Fact]
    public void Waiting_step_cannot_be_started()
    {
        var item = _desk.AtRepairInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Supplier, null, "bob", _desk.Now).Succeeded();

        item.RefusedWithoutChange(_desk, at => item.Start(FixWorkplace.Stream, "bob", at),
            ErrorKind.InvalidTransition, "step-already-started");
    }

    [Theory]
    [InlineData(WaitReason.Customer, "customer")]
    [InlineData(WaitReason.Supplier, "supplier")]
    [InlineData(WaitReason.Approval, "approval")]
    [InlineData(WaitReason.Change, "change")]
    [InlineData(WaitReason.Schedule, "schedule")]
    [InlineData(WaitReason.Information, "information")]
    [InlineData(WaitReason.Other, "other")]
    public void Wait_pauses_a_step_in_progress_and_records_the_reason(WaitReason reason, string reasonInEvent)
    {
        var item = _desk.AtRepairInProgress();
        var since = _desk.Advance(TimeSpan.FromMinutes(20));

        var waiting = item.Wait(FixWorkplace.Stream, reason, "Asked for the serial number", "bob", since).Succeeded();

        Assert.Equal(StepStatus.Waiting, item.CurrentStepStatus);
        Assert.Equal(reason, item.CurrentWaitReason);
        Assert.Equal("repair", item.CurrentStepKey);
        Assert.Equal(since, item.CurrentVisit!.WaitingSince);
        Assert.Equal(TimeSpan.Zero, item.CurrentVisit.Waited);

        var e = waiting.Event;
        Assert.Equal("step-waiting", e.Type);
        Assert.Equal("repair", e.StepKey);
        Assert.Equal(ValueChainActivity.DeliverAndSupport, e.Activity);
        Assert.Equal("in-progress", e.FromStatus);
        Assert.Equal("waiting", e.ToStatus);
        Assert.Equal(since, e.OccurredAt);
        var data = e.DataOf();
        Assert.Equal(reasonInEvent, data.GetProperty("reason").GetString());
        Assert.Equal("Asked for the serial number", data.GetProperty("note").GetString());
    }

    [Fact]
    public void Pending_step_cannot_be_put_on_wait()
    {
        var item = _desk.Open();

        item.RefusedWithoutChange(_desk, at => item.Wait(FixWorkplace.Stream, WaitReason.Customer, null, "bob", at),
            ErrorKind.InvalidTransition, "step-not-started");
    }

    [Fact]
    public void Waiting_step_cannot_be_put_on_wait_again()
    {
        var item = _desk.AtRepairInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Customer, null, "bob", _desk.Now).Succeeded();

        item.RefusedWithoutChange(_desk, at => item.Wait(FixWorkplace.Stream, WaitReason.Supplier, null, "bob", at),
            ErrorKind.InvalidTransition, "step-waiting");
    }

    [Fact]
    public void Resume_continues_a_waiting_step_and_reports_how_long_it_waited()
    {
        var item = _desk.AtRepairInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Supplier, null, "bob", _desk.Advance(TimeSpan.FromMinutes(10))).Succeeded();
        var resumedAt = _desk.Advance(TimeSpan.FromMinutes(45));

        var resumed = item.Resume(FixWorkplace.Stream, "Part arrived", "bob", resumedAt).Succeeded();

        Assert.Equal(StepStatus.InProgress, item.CurrentStepStatus);
        Assert.Null(item.CurrentWaitReason);
        Assert.Null(item.CurrentVisit!.WaitingSince);
        Assert.Equal(TimeSpan.FromMinutes(45), item.CurrentVisit.Waited);

        var e = resumed.Event;
        Assert.Equal("step-resumed", e.Type);
        Assert.Equal("repair", e.StepKey);
        Assert.Equal("waiting", e.FromStatus);
        Assert.Equal("in-progress", e.ToStatus);
        Assert.Equal(resumedAt, e.OccurredAt);
        var data = e.DataOf();
        Assert.Equal("supplier", data.GetProperty("reason").GetString());
        Assert.Equal(45, data.GetProperty("waitedMinutes").GetDouble());
        Assert.Equal("Part arrived", data.GetProperty("note").GetString());
    }

    [Fact]
    public void Resume_reports_a_partial_minute_to_two_decimals()
    {
        var item = _desk.AtRepairInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Information, null, "bob", _desk.Now).Succeeded();

        var resumed = item.Resume(FixWorkplace.Stream, null, "bob", _desk.Advance(TimeSpan.FromSeconds(750))).Succeeded();

        Assert.Equal(12.5, resumed.Event.DataOf().GetProperty("waitedMinutes").GetDouble());
        Assert.False(resumed.Event.DataOf().TryGetProperty("note", out _));
    }

    [Fact]
    public void In_progress_step_cannot_be_resumed()
    {
        var item = _desk.AtRepairInProgress();

        item.RefusedWithoutChange(_desk, at => item.Resume(FixWorkplace.Stream, null, "bob", at),
            ErrorKind.InvalidTransition, "step-not-waiting");
    }

    [Fact]
    public void Pending_step_cannot_be_resumed()
    {
        var item = _desk.Open();

        item.RefusedWithoutChange(_desk, at => item.Resume(FixWorkplace.Stream, null, "bob", at),
            ErrorKind.InvalidTransition, "step-not-waiting");
    }

    [Fact]
    public void Pending_step_cannot_be_completed()
    {
        var item = _desk.Open();

        item.RefusedWithoutChange(_desk, at => item.Complete(FixWorkplace.Stream, [], null, InformationFlowMap.Default, "bob", at),
            ErrorKind.InvalidTransition, "step-not-started");
    }

    [Fact]
    public void Waiting_step_cannot_be_completed()
    {
        var item = _desk.AtRepairInProgress();
        item.Wait(FixWorkplace.Stream, WaitReason.Approval, null, "bob", _desk.Now).Succeeded();

        var error = item.RefusedWithoutChange(_desk, at => item.Complete(FixWorkplace.Stream, [], "confirm", InformationFlowMap.Default, "bob", at),
            ErrorKind.InvalidTransition, "step-waiting");
        Assert.Contains("'repair'", error.Message, StringComparison.Ordinal);
    }
}
