using ValueChain.ServiceValueSystem;
using A = ValueChain.ServiceValueSystem.ValueChainActivity;

namespace ValueChain.Flow;

/// <summary>
/// Which activity produces which kind of information and which activities receive it. The engine routes every
/// artifact a step produces through this map; the value stream validator checks steps against it.
/// </summary>
public sealed class InformationFlowMap
{
    private static readonly ValueChainActivity[] Everyone = Enum.GetValues<ValueChainActivity>();

    private readonly Dictionary<string, ArtifactKind> _byKey;

    public InformationFlowMap(IEnumerable<ArtifactKind> kinds)
    {
        Kinds = kinds.ToList();
        _byKey = Kinds.ToDictionary(k => k.Key, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<ArtifactKind> Kinds { get; }

    public ArtifactKind? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>
    /// The activities whose inboxes receive an artifact of <paramref name="kind"/> produced by <paramref name="producer"/>.
    /// The producer already holds what it made, so it is not sent a copy.
    /// </summary>
    public IReadOnlyList<ValueChainActivity> Route(ArtifactKind kind, ValueChainActivity producer) =>
        Everyone.Where(a => a != producer && kind.Receivers.Contains(a)).ToList();

    /// <summary>The default map, normalized from the ITIL 4 description of each activity's inputs and outputs.</summary>
    public static InformationFlowMap Default { get; } = new(
    [
        Kind("plans", "Plans (strategic, tactical, operational)", [A.Plan], Everyone),
        Kind("portfolio-decisions", "Portfolio decisions", [A.Plan], [A.DesignAndTransition]),
        Kind("policies-and-architectures", "Policies, architectures and structures", [A.Plan], Everyone),
        Kind("improvement-opportunities", "Improvement opportunities and plans",
            [A.Plan, A.Engage, A.DesignAndTransition, A.ObtainBuild, A.DeliverAndSupport], [A.Improve]),
        Kind("agreement-requirements", "Agreement requirements, contracts and statements of work",
            [A.Plan, A.DesignAndTransition, A.ObtainBuild, A.DeliverAndSupport, A.Improve], [A.Engage]),
        Kind("demand-and-opportunities", "Consolidated demand and opportunities", [A.Engage], [A.Plan, A.DesignAndTransition]),
        Kind("service-requirements", "Product and service requirements", [A.Engage], [A.DesignAndTransition, A.DeliverAndSupport]),
        Kind("third-party-service-information", "Third-party service information", [A.Engage], Everyone),
        Kind("contracts-and-agreements", "Contracts and agreements with suppliers, partners and customers", [A.Engage],
            [A.ObtainBuild, A.DeliverAndSupport, A.DesignAndTransition]),
        Kind("initiation-requests", "Change or project initiation requests", [A.Engage], [A.ObtainBuild]),
        Kind("user-support-tasks", "User support tasks", [A.Engage], [A.DeliverAndSupport]),
        Kind("stakeholder-feedback", "Stakeholder feedback", [A.Engage], [A.Improve]),
        Kind("stakeholder-performance-reports", "Performance reports for stakeholders", [A.Engage], [], external: ["customers", "management"]),
        Kind("requirements-and-specifications", "Requirements and specifications", [A.DesignAndTransition], [A.ObtainBuild]),
        Kind("new-and-changed-services", "New and changed products and services", [A.DesignAndTransition], [A.DeliverAndSupport]),
        Kind("service-knowledge", "Knowledge about new and changed products and services", [A.DesignAndTransition, A.ObtainBuild], Everyone),
        Kind("service-components", "Service components", [A.ObtainBuild], [A.DeliverAndSupport, A.DesignAndTransition]),
        Kind("support-task-completion", "Completion of user support tasks", [A.DeliverAndSupport], [A.Engage]),
        Kind("performance-information", "Product and service performance information", [A.DeliverAndSupport],
            [A.Engage, A.Improve, A.DesignAndTransition]),
        Kind("change-requests", "Change requests", [A.DeliverAndSupport], [A.ObtainBuild, A.DesignAndTransition]),
        Kind("services-delivered", "Services delivered", [A.DeliverAndSupport], [], external: ["consumers"]),
        Kind("improvement-initiatives", "Improvement initiatives", [A.Improve], Everyone),
        Kind("improvement-status-reports", "Improvement status reports", [A.Improve], Everyone),
        Kind("value-chain-performance", "Value chain performance information (KPIs)", [A.Improve], [A.Plan, A.DesignAndTransition],
            external: ["governance"]),
        Kind("governance-policies", "Policies, constraints and requirements from governance", [], [A.Plan], fromGovernance: true),
    ]);

    private static ArtifactKind Kind(
        string key,
        string name,
        ValueChainActivity[] producers,
        ValueChainActivity[] receivers,
        bool fromGovernance = false,
        string[]? external = null) =>
        new(key, name, producers.ToHashSet(), receivers.ToHashSet(), fromGovernance, external);
}
