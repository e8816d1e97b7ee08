using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;
using A = ValueChain.ServiceValueSystem.ValueChainActivity;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>A product idea run through the shipped launch-new-service stream, across all six activities.</summary>
public sealed class LaunchNewServiceRunTests
{
    private static readonly ValueStreamDefinition Stream =
        FixWorkplace.Read(File.ReadAllText(Path.Combine(RepositoryFolder.ValueStreams, "launch-new-service.yaml")));

    private readonly Desk _desk = new() { Stream = Stream };

    [Fact]
    public void Product_idea_walks_through_all_six_activities_to_confirmed_value()
    {
        var item = _desk.Open("product-idea", "Self-service password reset");
        Assert.Equal(("assess-opportunity", A.Plan), (item.CurrentStepKey, item.CurrentActivity));

        var decision = Work(item, "shape-with-customer", ("portfolio-decisions", "Fund password reset"));
        Assert.Equal([A.DesignAndTransition], decision.Deliveries.Receivers());
        Assert.Equal(("shape-with-customer", A.Engage, "service-management-office"), (item.CurrentStepKey, item.CurrentActivity, item.CurrentTeam));

        var shaped = Work(item, null, ("service-requirements", "Reset in under a minute"), ("demand-and-opportunities", "800 resets a month"));
        Assert.Equal(WorkItemAssertions.Sorted(A.DesignAndTransition, A.DeliverAndSupport), DeliveriesOf(shaped, "service-requirements"));
        Assert.Equal(WorkItemAssertions.Sorted(A.Plan, A.DesignAndTransition), DeliveriesOf(shaped, "demand-and-opportunities"));
        Assert.Equal(("design-service", A.DesignAndTransition, "applications"), (item.CurrentStepKey, item.CurrentActivity, item.CurrentTeam));

        var designed = Work(item, null, ("requirements-and-specifications", "Reset service specification"));
        Assert.Equal([A.ObtainBuild], designed.Deliveries.Receivers());
        Assert.Equal(("build-components", A.ObtainBuild, "infrastructure"), (item.CurrentStepKey, item.CurrentActivity, item.CurrentTeam));

        var built = Work(item, null, ("service-components", "Reset portal"), ("service-knowledge", "How the reset portal works"));
        Assert.Equal(WorkItemAssertions.Sorted(A.DeliverAndSupport, A.DesignAndTransition), DeliveriesOf(built, "service-components"));
        Assert.Equal(
            WorkItemAssertions.Sorted(A.Plan, A.Improve, A.Engage, A.DesignAndTransition, A.DeliverAndSupport),
            DeliveriesOf(built, "service-knowledge"));
        Assert.Equal(("validate-and-release", A.DesignAndTransition, "change-advisory"), (item.CurrentStepKey, item.CurrentActivity, item.CurrentTeam));

        // Validation fails once: the stream's own branch sends the work back to the builders.
        Work(item, "build-components");
        Assert.Equal("build-components", item.CurrentStepKey);
        Work(item, null, ("service-components", "Reset portal, fixed"));

        var released = Work(item, "operate-early-life", ("new-and-changed-services", "Password reset service"));
        Assert.Equal([A.DeliverAndSupport], released.Deliveries.Receivers());
        Assert.Equal(("operate-early-life", A.DeliverAndSupport, "service-desk"), (item.CurrentStepKey, item.CurrentActivity, item.CurrentTeam));

        var operated = Work(item, null, ("performance-information", "Resets take 40 seconds"));
        Assert.Equal(WorkItemAssertions.Sorted(A.Engage, A.Improve, A.DesignAndTransition), operated.Deliveries.Receivers());
        Assert.Equal(("review-value", A.Improve, "service-management-office"), (item.CurrentStepKey, item.CurrentActivity, item.CurrentTeam));

        var reviewed = Work(item, null, ("improvement-initiatives", "Add reset by text message"));
        Assert.Equal(
            WorkItemAssertions.Sorted(A.Plan, A.Engage, A.DesignAndTransition, A.ObtainBuild, A.DeliverAndSupport),
            reviewed.Deliveries.Receivers());
        Assert.Equal(WorkItemState.Delivered, item.State);

        item.ConfirmValue(Stream, "Password resets no longer reach the service desk", "sponsor", 5, "sam", _desk.Now).Succeeded();

        Assert.Equal(WorkItemState.ValueRealized, item.State);
        Assert.Equal(
            ["assess-opportunity", "shape-with-customer", "design-service", "build-components", "validate-and-release",
             "build-components", "validate-and-release", "operate-early-life", "review-value"],
            item.Visits.Select(v => v.StepKey));
        Assert.Equal(Enum.GetValues<A>().Order(), item.Visits.Select(v => v.Activity).Distinct().Order());
        Assert.All(item.Visits, v => Assert.Equal(VisitOutcome.Completed, v.Outcome));
        // Opened, then started and completed at each of nine visits, then value confirmed.
        Assert.Equal(1 + 9 * 2 + 1, item.Revision);
    }

    [Fact]
    public void Idea_rejected_at_the_portfolio_decision_ends_in_value_after_one_step()
    {
        var item = _desk.Open("opportunity", "Resell our monitoring to partners");

        var decision = Work(item, ValueStreamDefinition.ValueTarget, ("portfolio-decisions", "Not in this year's portfolio"));

        Assert.Equal(WorkItemState.Delivered, item.State);
        Assert.Equal(_desk.Now, item.DeliveredAt);
        Assert.Equal([A.DesignAndTransition], decision.Deliveries.Receivers());
        Assert.Equal("assess-opportunity", Assert.Single(item.Visits).StepKey);
    }

    private Transition Work(WorkItem item, string? next, params (string Kind, string Title)[] outputs)
    {
        _desk.Advance(TimeSpan.FromDays(1));
        _desk.Start(item);
        _desk.Advance(TimeSpan.FromDays(2));
        return item.Complete(Stream, outputs.Select(o => new ArtifactOutput(o.Kind, o.Title)).ToList(), next, InformationFlowMap.Default, "team", _desk.Now)
            .Succeeded();
    }

    private static A[] DeliveriesOf(Transition transition, string kind) =>
        transition.Deliveries.Where(d => d.Artifact!.Kind == kind).Receivers();
}
