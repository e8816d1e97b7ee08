using Microsoft.Extensions.Time.Testing;
using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>
/// The rules of a work item's life on the shipped "restore a service" stream: log-and-triage (engage) →
/// diagnose-and-restore (deliver and support) → confirm-with-user (engage) → value, with a supplier branch,
/// a review branch and loops back.
/// </summary>
public sealed class WorkItemTransitionTests
{
    private static readonly ValueStreamDefinition Restore =
        ValueStreamReader.Read(File.ReadAllText(Path.Combine(RepositoryFolder.ValueStreams, "restore-service.yaml"))).Definition!;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    private WorkItem Open(string title = "Mail is down")
    {
        var opened = WorkItem.Open(Restore, 3, new DemandDetails("incident", title, Requester: "ben.ortiz", Priority: Priority.High), "desk", Now);
        Assert.True(opened.IsSuccess, opened.Error?.Message);
        return opened.Value.Item;
    }

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private Transition Complete(WorkItem item, string? next, params ArtifactOutput[] outputs) =>
        Ok(item.Complete(Restore, outputs, next, InformationFlowMap.Default, "resolver", Now));

    /// <summary>Starts and completes the current step, an hour of work in between.</summary>
    private void Pass(WorkItem item, string? next, params ArtifactOutput[] outputs)
    {
        Ok(item.Start(Restore, "resolver", Now));
        _clock.Advance(TimeSpan.FromHours(1));
        Complete(item, next, outputs);
    }

    private WorkItem Delivered()
    {
        var item = Open();
        Pass(item, null);
        Pass(item, "confirm-with-user");
        Pass(item, "value");
        return item;
    }

    private static (WorkItemState, string?, StepStatus?, WaitReason?, int, int, DateTimeOffset) Snapshot(WorkItem item) =>
        (item.State, item.CurrentStepKey, item.CurrentStepStatus, item.CurrentWaitReason, item.Revision, item.Visits.Count, item.UpdatedAt);

    private static void AssertRefused<T>(WorkItem item, Func<Result<T>> attempt, ErrorKind kind, string code)
    {
        var before = Snapshot(item);
        var result = attempt();
        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(before, Snapshot(item));
    }

    [Fact]
    public void Opening_demand_puts_the_item_pending_at_the_first_step_on_the_version_it_started_with()
    {
        var opened = WorkItem.Open(Restore, 3, new DemandDetails("incident", "  Mail is down ", Requester: "ben.ortiz"), "desk", Now);

        var (item, transition) = Ok(opened);
        Assert.Equal("Mail is down", item.Title);
        Assert.Equal(WorkItemState.Active, item.State);
        Assert.Equal("log-and-triage", item.CurrentStepKey);
        Assert.Equal(ValueChainActivity.Engage, item.CurrentActivity);
        Assert.Equal("service-desk", item.CurrentTeam);
        Assert.Equal(StepStatus.Pending, item.CurrentStepStatus);
        Assert.Equal(3, item.ValueStreamVersion);
        Assert.Equal(1, item.Revision);
        Assert.Equal(EventTypes.DemandOpened, transition.Event.Type);
        Assert.Equal("desk", transition.Event.Actor);
        Assert.Equal(Now, transition.Event.OccurredAt);
        Assert.Single(item.Visits);
    }

    [Theory]
    [InlineData("outage", "Mail is down", "unknown-demand-type")]
    [InlineData("incident", "  ", "title-required")]
    [InlineData("service-request", "New laptop", "stream-does-not-serve-demand")]
    public void Demand_the_stream_cannot_take_is_refused_with_a_validation_error(string type, string title, string code)
    {
        var opened = WorkItem.Open(Restore, 1, new DemandDetails(type, title), "desk", Now);

        Assert.False(opened.IsSuccess);
        Assert.Equal(ErrorKind.Validation, opened.Error!.Kind);
        Assert.Equal(code, opened.Error.Code);
    }

    [Fact]
    public void A_title_longer_than_200_characters_is_refused()
    {
        var opened = WorkItem.Open(Restore, 1, new DemandDetails("incident", new string('x', 201)), "desk", Now);

        Assert.Equal("title-too-long", opened.Error!.Code);
    }

    [Fact]
    public void Starting_a_pending_step_puts_it_in_progress_and_records_when()
    {
        var item = Open();
        _clock.Advance(TimeSpan.FromMinutes(10));

        var started = Ok(item.Start(Restore, "anna", Now));

        Assert.Equal(StepStatus.InProgress, item.CurrentStepStatus);
        Assert.Equal(EventTypes.StepStarted, started.Event.Type);
        Assert.Equal("log-and-triage", started.Event.StepKey);
        Assert.Equal(ValueChainActivity.Engage, started.Event.Activity);
        Assert.Equal(Now, item.Visits[0].StartedAt);
        Assert.Equal(2, item.Revision);
    }

    [Fact]
    public void A_started_step_cannot_be_started_again()
    {
        var item = Open();
        Ok(item.Start(Restore, "anna", Now));

        AssertRefused(item, () => item.Start(Restore, "anna", Now), ErrorKind.InvalidTransition, "step-already-started");
    }

    [Fact]
    public void A_pending_step_cannot_wait_or_be_completed()
    {
        var item = Open();

        AssertRefused(item, () => item.Wait(Restore, WaitReason.Customer, null, "anna", Now), ErrorKind.InvalidTransition, "step-not-started");
        AssertRefused(item, () => item.Complete(Restore, [], null, InformationFlowMap.Default, "anna", Now), ErrorKind.InvalidTransition, "step-not-started");
    }

    [Theory]
    [InlineData(WaitReason.Customer)]
    [InlineData(WaitReason.Supplier)]
    [InlineData(WaitReason.Approval)]
    public void Waiting_keeps_the_reason_and_resuming_adds_the_time_waited_to_the_visit(WaitReason reason)
    {
        var item = Open();
        Ok(item.Start(Restore, "anna", Now));

        var waiting = Ok(item.Wait(Restore, reason, "asked for a screenshot", "anna", Now));
        _clock.Advance(TimeSpan.FromMinutes(45));
        var resumed = Ok(item.Resume(Restore, null, "anna", Now));

        Assert.Equal(EventTypes.StepWaiting, waiting.Event.Type);
        Assert.Equal(EventTypes.StepResumed, resumed.Event.Type);
        Assert.Equal(StepStatus.InProgress, item.CurrentStepStatus);
        Assert.Null(item.CurrentWaitReason);
        Assert.Equal(TimeSpan.FromMinutes(45), item.Visits[0].Waited);
        Assert.Contains(reason.ToString().ToLowerInvariant(), waiting.Event.Data!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_waiting_step_cannot_be_completed_or_wait_again_and_only_a_waiting_step_resumes()
    {
        var item = Open();
        Ok(item.Start(Restore, "anna", Now));
        AssertRefused(item, () => item.Resume(Restore, null, "anna", Now), ErrorKind.InvalidTransition, "step-not-waiting");
        Ok(item.Wait(Restore, WaitReason.Customer, null, "anna", Now));

        AssertRefused(item, () => item.Complete(Restore, [], null, InformationFlowMap.Default, "anna", Now), ErrorKind.InvalidTransition, "step-waiting");
        AssertRefused(item, () => item.Wait(Restore, WaitReason.Supplier, null, "anna", Now), ErrorKind.InvalidTransition, "step-waiting");
    }

    [Fact]
    public void Completing_moves_to_the_single_next_step_and_closes_the_visit()
    {
        var item = Open();
        Ok(item.Start(Restore, "anna", Now));
        _clock.Advance(TimeSpan.FromMinutes(20));

        var completed = Complete(item, null);

        Assert.Equal(EventTypes.StepCompleted, completed.Event.Type);
        Assert.Equal("diagnose-and-restore", item.CurrentStepKey);
        Assert.Equal(ValueChainActivity.DeliverAndSupport, item.CurrentActivity);
        Assert.Equal("infrastructure", item.CurrentTeam);
        Assert.Equal(StepStatus.Pending, item.CurrentStepStatus);
        Assert.Equal(VisitOutcome.Completed, item.Visits[0].Outcome);
        Assert.Equal(Now, item.Visits[0].LeftAt);
        Assert.Equal(Now, item.Visits[1].EnteredAt);
    }

    [Fact]
    public void A_branching_step_needs_a_next_step_that_it_lists()
    {
        var item = Open();
        Pass(item, null);
        Ok(item.Start(Restore, "anna", Now));

        AssertRefused(item, () => item.Complete(Restore, [], null, InformationFlowMap.Default, "anna", Now), ErrorKind.Validation, "next-required");
        AssertRefused(item, () => item.Complete(Restore, [], "review-incident", InformationFlowMap.Default, "anna", Now), ErrorKind.Validation, "next-not-allowed");
        Complete(item, "escalate-to-supplier");
        Assert.Equal("escalate-to-supplier", item.CurrentStepKey);
    }

    [Fact]
    public void Performance_information_from_deliver_and_support_reaches_the_activities_the_flow_map_names()
    {
        var item = Open();
        Pass(item, null);
        Ok(item.Start(Restore, "anna", Now));

        var completed = Complete(item, "confirm-with-user", new ArtifactOutput("performance-information", "Mail restored after 40 minutes"));

        var artifact = Assert.Single(completed.Artifacts);
        Assert.Equal(ValueChainActivity.DeliverAndSupport, artifact.ProducedBy);
        var expected = InformationFlowMap.Default.Route(ArtifactKind("performance-information"), ValueChainActivity.DeliverAndSupport).Order();
        Assert.Equal(expected, completed.Deliveries.Select(d => d.Activity).Order());
        Assert.Contains(ValueChainActivity.Improve, completed.Deliveries.Select(d => d.Activity));
        Assert.Contains(ValueChainActivity.Engage, completed.Deliveries.Select(d => d.Activity));
        Assert.DoesNotContain(ValueChainActivity.DeliverAndSupport, completed.Deliveries.Select(d => d.Activity));
    }

    [Fact]
    public void An_artifact_the_step_does_not_produce_or_without_a_title_is_refused()
    {
        var item = Open();
        Ok(item.Start(Restore, "anna", Now));

        AssertRefused(item, () => item.Complete(Restore, [new ArtifactOutput("portfolio-decisions", "Fund it")], null, InformationFlowMap.Default, "anna", Now),
            ErrorKind.Validation, "artifact-not-produced-here");
        AssertRefused(item, () => item.Complete(Restore, [new ArtifactOutput("user-support-tasks", " ")], null, InformationFlowMap.Default, "anna", Now),
            ErrorKind.Validation, "artifact-title-required");
    }

    [Fact]
    public void Completing_the_last_step_delivers_the_item_and_leaves_it_without_a_current_step()
    {
        var item = Delivered();

        Assert.Equal(WorkItemState.Delivered, item.State);
        Assert.Null(item.CurrentStepKey);
        Assert.Null(item.CurrentStepStatus);
        Assert.Equal(Now, item.DeliveredAt);
        Assert.All(item.Visits, v => Assert.Equal(VisitOutcome.Completed, v.Outcome));
    }

    [Fact]
    public void Looping_back_to_a_completed_step_opens_a_new_visit_there_and_counts_as_rework()
    {
        var item = Open();
        Pass(item, null);
        Pass(item, "confirm-with-user");
        Ok(item.Start(Restore, "anna", Now));

        var looped = Ok(item.LoopBack(Restore, "diagnose-and-restore", "Still failing for the user", "anna", Now));

        Assert.Equal(EventTypes.LoopedBack, looped.Event.Type);
        Assert.Equal("diagnose-and-restore", item.CurrentStepKey);
        Assert.Equal(StepStatus.Pending, item.CurrentStepStatus);
        Assert.Equal(4, item.Visits.Count);
        Assert.Equal(VisitOutcome.LoopedBack, item.Visits[2].Outcome);
        Assert.Equal(2, item.Visits.Count(v => v.StepKey == "diagnose-and-restore"));
    }

    [Fact]
    public void Looping_back_needs_a_reason_and_a_step_completed_before()
    {
        var item = Open();
        Pass(item, null);

        AssertRefused(item, () => item.LoopBack(Restore, "log-and-triage", " ", "anna", Now), ErrorKind.Validation, "reason-required");
        AssertRefused(item, () => item.LoopBack(Restore, "nowhere", "Wrong queue", "anna", Now), ErrorKind.Validation, "unknown-step");
        AssertRefused(item, () => item.LoopBack(Restore, "review-incident", "Wrong queue", "anna", Now), ErrorKind.InvalidTransition, "step-not-visited");
    }

    [Fact]
    public void Cancelling_needs_a_reason_closes_the_item_and_refuses_everything_after()
    {
        var item = Open();
        AssertRefused(item, () => item.Cancel(Restore, "", "anna", Now), ErrorKind.Validation, "reason-required");

        var cancelled = Ok(item.Cancel(Restore, "Duplicate of #12", "anna", Now));

        Assert.Equal(EventTypes.Cancelled, cancelled.Event.Type);
        Assert.Equal(WorkItemState.Cancelled, item.State);
        Assert.Equal("Duplicate of #12", item.CancelReason);
        Assert.Equal(Now, item.ClosedAt);
        Assert.Equal(VisitOutcome.Cancelled, item.Visits[0].Outcome);
        AssertRefused(item, () => item.Start(Restore, "anna", Now), ErrorKind.InvalidTransition, "work-item-not-active");
        AssertRefused(item, () => item.Cancel(Restore, "again", "anna", Now), ErrorKind.InvalidTransition, "work-item-closed");
        AssertRefused(item, () => item.ConfirmValue(Restore, "Works", "ben.ortiz", 5, "ben.ortiz", Now), ErrorKind.InvalidTransition, "not-delivered");
    }

    [Fact]
    public void Value_is_confirmed_once_after_delivery_with_outcome_confirmer_and_rating()
    {
        var item = Delivered();
        _clock.Advance(TimeSpan.FromDays(1));

        var confirmed = Ok(item.ConfirmValue(Restore, "Mail works on all phones", "ben.ortiz", 4, "ben.ortiz", Now));

        Assert.Equal(EventTypes.ValueConfirmed, confirmed.Event.Type);
        Assert.Equal(WorkItemState.ValueRealized, item.State);
        Assert.Equal("Mail works on all phones", item.Outcome);
        Assert.Equal("ben.ortiz", item.ConfirmedBy);
        Assert.Equal(4, item.Rating);
        Assert.Equal(Now, item.ClosedAt);
        AssertRefused(item, () => item.ConfirmValue(Restore, "Again", "ben.ortiz", 5, "ben.ortiz", Now), ErrorKind.InvalidTransition, "not-delivered");
        AssertRefused(item, () => item.Cancel(Restore, "late", "anna", Now), ErrorKind.InvalidTransition, "work-item-closed");
    }

    [Fact]
    public void Value_cannot_be_confirmed_while_work_is_still_at_a_step()
    {
        var item = Open();

        AssertRefused(item, () => item.ConfirmValue(Restore, "Works", "ben.ortiz", 5, "ben.ortiz", Now), ErrorKind.InvalidTransition, "not-delivered");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_rating_outside_one_to_five_is_refused(int rating)
    {
        var item = Delivered();

        var result = item.ConfirmValue(Restore, "Works", "ben.ortiz", rating, "ben.ortiz", Now);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(WorkItemState.Delivered, item.State);
    }

    [Fact]
    public void A_transition_with_another_streams_definition_is_refused()
    {
        var item = Open();
        var other = Restore with { Key = "other-stream" };

        AssertRefused(item, () => item.Start(other, "anna", Now), ErrorKind.Validation, "wrong-value-stream");
    }

    [Fact]
    public void Every_transition_appends_one_event_with_the_next_sequence_and_bumps_the_revision_by_one()
    {
        var item = Open();
        var sequences = new List<int> { item.Revision };
        var transitions = new List<Func<Result<Transition>>>
        {
            () => item.Start(Restore, "anna", Now),
            () => item.Wait(Restore, WaitReason.Customer, null, "anna", Now),
            () => item.Resume(Restore, null, "anna", Now),
            () => item.Complete(Restore, [], null, InformationFlowMap.Default, "anna", Now),
            () => item.Start(Restore, "bob", Now),
            () => item.Cancel(Restore, "No longer needed", "bob", Now),
        };

        foreach (var transition in transitions)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            var made = Ok(transition());
            Assert.Equal(item.Revision, made.Event.Sequence);
            Assert.Equal(Now, made.Event.OccurredAt);
            Assert.Equal(Now, item.UpdatedAt);
            sequences.Add(item.Revision);
        }

        Assert.Equal(Enumerable.Range(1, 7), sequences);
    }

    [Fact]
    public void Visits_record_entered_started_and_left_times_from_the_clock()
    {
        var opened = Now;
        var item = Open();
        _clock.Advance(TimeSpan.FromMinutes(30));
        Ok(item.Start(Restore, "anna", Now));
        var started = Now;
        _clock.Advance(TimeSpan.FromMinutes(15));
        Complete(item, null);

        var visit = item.Visits[0];
        Assert.Equal(opened, visit.EnteredAt);
        Assert.Equal(started, visit.StartedAt);
        Assert.Equal(TimeSpan.FromMinutes(45), visit.LeftAt - visit.EnteredAt);
        Assert.Equal(TimeSpan.Zero, visit.Waited);
    }

    private static ArtifactKind ArtifactKind(string key) => InformationFlowMap.Default.Kinds.Single(k => k.Key == key);
}
