using ValueChain.Common;
using ValueChain.Flow;
using ValueChain.ValueStreams.Runs;
using A = ValueChain.ServiceValueSystem.ValueChainActivity;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>Completing a step: where the work goes next, and the artifacts it hands to other activities.</summary>
public sealed class WorkItemCompleteTests
{
    private readonly Desk _desk = new();

    private Result<Transition> Complete(WorkItem item, string? next, params ArtifactOutput[] outputs) =>
        item.Complete(FixWorkplace.Stream, outputs, next, InformationFlowMap.Default, "bob", _desk.Now);

    [Fact]
    public void Complete_with_one_way_forward_moves_to_that_step_pending()
    {
        var item = _desk.Open();
        _desk.Start(item);
        var completedAt = _desk.Advance(TimeSpan.FromMinutes(25));

        var completed = Complete(item, null).Succeeded();

        Assert.Equal(WorkItemState.Active, item.State);
        Assert.Equal("repair", item.CurrentStepKey);
        Assert.Equal(A.DeliverAndSupport, item.CurrentActivity);
        Assert.Equal("field-support", item.CurrentTeam);
        Assert.Equal(StepStatus.Pending, item.CurrentStepStatus);
        Assert.Equal(completedAt, item.UpdatedAt);
        Assert.Equal(2, item.Visits.Count);
        Assert.Equal(VisitOutcome.Completed, item.Visits[0].Outcome);
        Assert.Equal(completedAt, item.Visits[0].LeftAt);
        Assert.Same(item.Visits[1], item.CurrentVisit);
        Assert.Equal(completedAt, item.Visits[1].EnteredAt);

        var e = completed.Event;
        Assert.Equal("step-completed", e.Type);
        Assert.Equal("log", e.StepKey);
        Assert.Equal(A.Engage, e.Activity);
        Assert.Equal("in-progress", e.FromStatus);
        Assert.Equal("pending", e.ToStatus);
        Assert.Equal("repair", e.DataOf().GetProperty("next").GetString());
    }

    [Fact]
    public void Complete_at_a_branch_goes_where_the_actor_chooses()
    {
        var item = _desk.AtRepairInProgress();

        Complete(item, "replace-part").Succeeded();

        Assert.Equal("replace-part", item.CurrentStepKey);
        Assert.Equal(A.ObtainBuild, item.CurrentActivity);
        Assert.Equal("procurement", item.CurrentTeam);
    }

    [Fact]
    public void Complete_into_a_step_without_a_team_leaves_no_team_behind()
    {
        var item = _desk.AtRepairInProgress();

        Complete(item, "confirm").Succeeded();

        Assert.Equal("confirm", item.CurrentStepKey);
        Assert.Equal(A.Engage, item.CurrentActivity);
        Assert.Null(item.CurrentTeam);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Complete_at_a_branch_without_choosing_is_refused(string? next)
    {
        var item = _desk.AtRepairInProgress();

        var error = item.RefusedWithoutChange(_desk, at => item.Complete(FixWorkplace.Stream, [], next, InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "next-required");
        Assert.Contains("confirm, replace-part", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log")]
    [InlineData("value")]
    [InlineData("no-such-step")]
    public void Complete_to_a_step_the_current_step_does_not_lead_to_is_refused(string next)
    {
        var item = _desk.AtRepairInProgress();

        item.RefusedWithoutChange(_desk, at => item.Complete(FixWorkplace.Stream, [], next, InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "next-not-allowed");
    }

    [Fact]
    public void Complete_the_last_step_to_value_delivers_the_item_to_await_confirmation()
    {
        var item = _desk.AtConfirmInProgress();
        var deliveredAt = _desk.Advance(TimeSpan.FromHours(1));

        var completed = Complete(item, "value").Succeeded();

        Assert.Equal(WorkItemState.Delivered, item.State);
        Assert.Equal(deliveredAt, item.DeliveredAt);
        Assert.Null(item.ClosedAt);
        Assert.Null(item.CurrentStepKey);
        Assert.Null(item.CurrentActivity);
        Assert.Null(item.CurrentTeam);
        Assert.Null(item.CurrentStepStatus);
        Assert.Null(item.CurrentVisit);
        Assert.Equal(3, item.Visits.Count);
        Assert.Equal(VisitOutcome.Completed, item.Visits[^1].Outcome);
        Assert.Equal(deliveredAt, item.Visits[^1].LeftAt);

        var e = completed.Event;
        Assert.Equal("step-completed", e.Type);
        Assert.Equal("confirm", e.StepKey);
        Assert.Equal("in-progress", e.FromStatus);
        Assert.Null(e.ToStatus);
        Assert.Equal("value", e.DataOf().GetProperty("next").GetString());
    }

    [Fact]
    public void Complete_records_each_artifact_with_its_producing_step_and_a_trimmed_title()
    {
        var item = _desk.AtRepairInProgress();
        var at = _desk.Advance(TimeSpan.FromMinutes(30));

        var completed = Complete(item, "confirm",
            new ArtifactOutput("support-task-completion", "  Keyboard replaced  ", "Swapped with a spare."),
            new ArtifactOutput("Performance-Information", "Two keyboard faults this month")).Succeeded();

        Assert.Equal(2, completed.Artifacts.Count);
        var done = completed.Artifacts[0];
        Assert.Same(item, done.WorkItem);
        Assert.Equal("support-task-completion", done.Kind);
        Assert.Equal("Keyboard replaced", done.Title);
        Assert.Equal("Swapped with a spare.", done.Content);
        Assert.Equal(A.DeliverAndSupport, done.ProducedBy);
        Assert.Equal("repair", done.StepKey);
        Assert.Equal(at, done.CreatedAt);
        // A kind written in another case is stored under the flow map's key.
        Assert.Equal("performance-information", completed.Artifacts[1].Kind);
        Assert.Null(completed.Artifacts[1].Content);
    }

    [Fact]
    public void Performance_information_from_deliver_and_support_reaches_engage_improve_and_design_transition()
    {
        var item = _desk.AtRepairInProgress();
        var at = _desk.Advance(TimeSpan.FromMinutes(30));

        var completed = Complete(item, "confirm", new ArtifactOutput("performance-information", "Two keyboard faults this month")).Succeeded();

        Assert.Equal(WorkItemAssertions.Sorted(A.Engage, A.Improve, A.DesignAndTransition), completed.Deliveries.Receivers());
        Assert.All(completed.Deliveries, d =>
        {
            Assert.Same(completed.Artifacts[0], d.Artifact);
            Assert.Equal(at, d.DeliveredAt);
        });
    }

    [Fact]
    public void Artifact_for_every_activity_is_not_sent_back_to_the_activity_that_produced_it()
    {
        var item = _desk.AtRepairInProgress();
        Complete(item, "replace-part").Succeeded();
        _desk.Start(item);

        var completed = Complete(item, null, new ArtifactOutput("service-knowledge", "Spare parts list for model X")).Succeeded();

        Assert.Equal(
            WorkItemAssertions.Sorted(A.Plan, A.Improve, A.Engage, A.DesignAndTransition, A.DeliverAndSupport),
            completed.Deliveries.Receivers());
        Assert.DoesNotContain(completed.Deliveries, d => d.Activity == A.ObtainBuild);
    }

    [Fact]
    public void Each_artifact_goes_to_its_own_receivers()
    {
        var item = _desk.AtRepairInProgress();

        var completed = Complete(item, "replace-part",
            new ArtifactOutput("support-task-completion", "Diagnosed"),
            new ArtifactOutput("change-requests", "Replace the motherboard")).Succeeded();

        var byKind = completed.Deliveries.ToLookup(d => d.Artifact!.Kind);
        Assert.Equal([A.Engage], byKind["support-task-completion"].Receivers());
        Assert.Equal(WorkItemAssertions.Sorted(A.ObtainBuild, A.DesignAndTransition), byKind["change-requests"].Receivers());
        Assert.Equal(3, completed.Deliveries.Count);

        var data = completed.Event.DataOf();
        Assert.Equal(
            ["design-transition", "engage", "obtain-build"],
            data.GetProperty("deliveredTo").EnumerateArray().Select(a => a.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["change-requests", "support-task-completion"],
            data.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Services_delivered_go_to_consumers_outside_the_chain_so_no_inbox_receives_them()
    {
        var item = _desk.AtRepairInProgress();

        var completed = Complete(item, "confirm", new ArtifactOutput("services-delivered", "Working laptop")).Succeeded();

        Assert.Equal("services-delivered", Assert.Single(completed.Artifacts).Kind);
        Assert.Empty(completed.Deliveries);
    }

    [Fact]
    public void Complete_without_artifacts_creates_and_delivers_nothing()
    {
        var item = _desk.AtRepairInProgress();

        var completed = Complete(item, "confirm").Succeeded();

        Assert.Empty(completed.Artifacts);
        Assert.Empty(completed.Deliveries);
    }

    [Fact]
    public void Complete_routes_through_the_flow_map_it_is_given()
    {
        var item = _desk.AtRepairInProgress();
        var map = new InformationFlowMap(
        [
            new ArtifactKind("performance-information", "Performance information",
                new HashSet<A> { A.DeliverAndSupport }, new HashSet<A> { A.Plan, A.DeliverAndSupport }),
        ]);

        var completed = item.Complete(FixWorkplace.Stream, [new ArtifactOutput("performance-information", "Uptime")], "confirm", map, "bob", _desk.Now)
            .Succeeded();

        Assert.Equal([A.Plan], completed.Deliveries.Receivers());
    }

    [Fact]
    public void Artifact_the_step_does_not_declare_is_refused()
    {
        var item = _desk.AtRepairInProgress();

        var error = item.RefusedWithoutChange(_desk,
            at => item.Complete(FixWorkplace.Stream, [new ArtifactOutput("service-components", "A new disk")], "confirm", InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "artifact-not-produced-here");
        Assert.Contains("'service-components'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'repair'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Artifact_kind_unknown_to_the_flow_map_is_refused()
    {
        var item = _desk.AtRepairInProgress();

        item.RefusedWithoutChange(_desk,
            at => item.Complete(FixWorkplace.Stream, [new ArtifactOutput("gossip", "Heard it was the cat")], "confirm", InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "artifact-not-produced-here");
    }

    [Fact]
    public void Step_that_declares_no_artifacts_refuses_any()
    {
        var item = _desk.AtConfirmInProgress();

        var error = item.RefusedWithoutChange(_desk,
            at => item.Complete(FixWorkplace.Stream, [new ArtifactOutput("stakeholder-feedback", "Happy")], "value", InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "artifact-not-produced-here");
        Assert.Contains("produces nothing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Artifact_without_a_title_is_refused(string title)
    {
        var item = _desk.AtRepairInProgress();

        item.RefusedWithoutChange(_desk,
            at => item.Complete(FixWorkplace.Stream, [new ArtifactOutput("performance-information", title)], "confirm", InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "artifact-title-required");
    }

    [Fact]
    public void One_refused_artifact_refuses_the_whole_completion()
    {
        var item = _desk.AtRepairInProgress();
        ArtifactOutput[] outputs =
        [
            new("support-task-completion", "Keyboard replaced"),
            new("service-components", "A new keyboard"),
        ];

        item.RefusedWithoutChange(_desk,
            at => item.Complete(FixWorkplace.Stream, outputs, "confirm", InformationFlowMap.Default, "bob", at),
            ErrorKind.Validation, "artifact-not-produced-here");
    }
}
