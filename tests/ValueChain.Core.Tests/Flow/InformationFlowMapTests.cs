using ValueChain.Flow;
using ValueChain.ServiceValueSystem;
using A = ValueChain.ServiceValueSystem.ValueChainActivity;

namespace ValueChain.Core.Tests.Flow;

/// <summary>The default map against the table in the design: who produces each kind of information and who receives it.</summary>
public sealed class InformationFlowMapTests
{
    private static readonly InformationFlowMap Map = InformationFlowMap.Default;

    // One row per line of the design's information-flow table: key, producers, receivers ("all" = every activity).
    [Theory]
    [InlineData("plans", "plan", "all")]
    [InlineData("portfolio-decisions", "plan", "design-transition")]
    [InlineData("policies-and-architectures", "plan", "all")]
    [InlineData("improvement-opportunities", "plan engage design-transition obtain-build deliver-support", "improve")]
    [InlineData("agreement-requirements", "plan design-transition obtain-build deliver-support improve", "engage")]
    [InlineData("demand-and-opportunities", "engage", "plan design-transition")]
    [InlineData("service-requirements", "engage", "design-transition deliver-support")]
    [InlineData("third-party-service-information", "engage", "all")]
    [InlineData("contracts-and-agreements", "engage", "obtain-build deliver-support design-transition")]
    [InlineData("initiation-requests", "engage", "obtain-build")]
    [InlineData("user-support-tasks", "engage", "deliver-support")]
    [InlineData("stakeholder-feedback", "engage", "improve")]
    [InlineData("stakeholder-performance-reports", "engage", "")]
    [InlineData("requirements-and-specifications", "design-transition", "obtain-build")]
    [InlineData("new-and-changed-services", "design-transition", "deliver-support")]
    [InlineData("service-knowledge", "design-transition obtain-build", "all")]
    [InlineData("service-components", "obtain-build", "deliver-support design-transition")]
    [InlineData("support-task-completion", "deliver-support", "engage")]
    [InlineData("performance-information", "deliver-support", "engage improve design-transition")]
    [InlineData("change-requests", "deliver-support", "obtain-build design-transition")]
    [InlineData("services-delivered", "deliver-support", "")]
    [InlineData("improvement-initiatives", "improve", "all")]
    [InlineData("improvement-status-reports", "improve", "all")]
    [InlineData("value-chain-performance", "improve", "plan design-transition")]
    [InlineData("governance-policies", "", "plan")]
    public void Default_map_has_the_design_row(string key, string producers, string receivers)
    {
        var kind = Map.Find(key);

        Assert.NotNull(kind);
        Assert.Equal(Activities(producers), kind.Producers.ToHashSet());
        Assert.Equal(Activities(receivers), kind.Receivers.ToHashSet());
    }

    [Fact]
    public void Default_map_has_exactly_the_design_rows_with_unique_keys()
    {
        Assert.Equal(25, Map.Kinds.Count);
        Assert.Equal(Map.Kinds.Count, Map.Kinds.Select(k => k.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Map.Kinds, k => Assert.False(string.IsNullOrWhiteSpace(k.Name)));
    }

    [Fact]
    public void Route_sends_performance_information_from_deliver_and_support_to_engage_improve_and_design_transition()
    {
        var route = Map.Route(Map.Find("performance-information")!, A.DeliverAndSupport);

        Assert.Equal([A.Improve, A.Engage, A.DesignAndTransition], route);
    }

    [Fact]
    public void Route_does_not_send_the_producer_a_copy()
    {
        var fromPlan = Map.Route(Map.Find("plans")!, A.Plan);
        var fromImprove = Map.Route(Map.Find("service-knowledge")!, A.ObtainBuild);

        Assert.DoesNotContain(A.Plan, fromPlan);
        Assert.Equal(5, fromPlan.Count);
        Assert.DoesNotContain(A.ObtainBuild, fromImprove);
        Assert.Equal([A.Plan, A.Improve, A.Engage, A.DesignAndTransition, A.DeliverAndSupport], fromImprove);
    }

    [Fact]
    public void Route_sends_improvement_initiatives_to_the_five_other_activities()
    {
        var route = Map.Route(Map.Find("improvement-initiatives")!, A.Improve);

        Assert.Equal([A.Plan, A.Engage, A.DesignAndTransition, A.ObtainBuild, A.DeliverAndSupport], route);
    }

    [Fact]
    public void Governance_policies_come_from_outside_the_value_chain_and_reach_plan_only()
    {
        var kind = Map.Find("governance-policies")!;

        Assert.True(kind.FromGovernance);
        Assert.Empty(kind.Producers);
        Assert.Equal([A.Plan], Map.Route(kind, A.Improve));
        Assert.All(Map.Kinds.Where(k => k.Key != "governance-policies"), k => Assert.False(k.FromGovernance));
    }

    [Theory]
    [InlineData("stakeholder-performance-reports", A.Engage, "customers management")]
    [InlineData("services-delivered", A.DeliverAndSupport, "consumers")]
    public void External_only_kinds_route_to_no_activity(string key, A producer, string external)
    {
        var kind = Map.Find(key)!;

        Assert.Empty(Map.Route(kind, producer));
        Assert.Equal(external.Split(' '), kind.External);
    }

    [Fact]
    public void Value_chain_performance_also_goes_to_governance_outside_the_chain()
    {
        var kind = Map.Find("value-chain-performance")!;

        Assert.Equal(["governance"], kind.External);
        Assert.Equal([A.Plan, A.DesignAndTransition], Map.Route(kind, A.Improve));
    }

    [Fact]
    public void Kinds_without_external_recipients_list_none()
    {
        Assert.Empty(Map.Find("plans")!.External);
    }

    [Fact]
    public void Find_ignores_case_and_returns_null_for_unknown_kinds()
    {
        Assert.Same(Map.Find("performance-information"), Map.Find("Performance-Information"));
        Assert.Null(Map.Find("gossip"));
    }

    [Fact]
    public void Custom_map_routes_by_its_own_rows()
    {
        var custom = new InformationFlowMap(
        [
            new ArtifactKind("audit-findings", "Audit findings", new HashSet<A> { A.Improve }, new HashSet<A> { A.Plan, A.Improve }),
        ]);

        Assert.Single(custom.Kinds);
        Assert.Null(custom.Find("plans"));
        Assert.Equal([A.Plan], custom.Route(custom.Find("audit-findings")!, A.Improve));
    }

    private static HashSet<A> Activities(string keys) => keys switch
    {
        "" => [],
        "all" => Enum.GetValues<A>().ToHashSet(),
        _ => keys.Split(' ').Select(key => Assert.IsType<A>(Parse(key))).ToHashSet(),
    };

    private static A Parse(string key) =>
        ValueChainActivities.TryParse(key, out var activity) ? activity : throw new ArgumentException($"Not an activity key: {key}");
}
