namespace ValueChain.ServiceValueSystem;

public enum PracticeGroup
{
    GeneralManagement,
    ServiceManagement,
    TechnicalManagement,
}

/// <summary>One of the 34 ITIL 4 management practices; value stream steps name the practices that support them.</summary>
public sealed record Practice(string Key, string Name, PracticeGroup Group);

public static class Practices
{
    public static IReadOnlyList<Practice> All { get; } =
    [
        .. General(
            "architecture-management", "Architecture management",
            "continual-improvement", "Continual improvement",
            "information-security-management", "Information security management",
            "knowledge-management", "Knowledge management",
            "measurement-and-reporting", "Measurement and reporting",
            "organizational-change-management", "Organizational change management",
            "portfolio-management", "Portfolio management",
            "project-management", "Project management",
            "relationship-management", "Relationship management",
            "risk-management", "Risk management",
            "service-financial-management", "Service financial management",
            "strategy-management", "Strategy management",
            "supplier-management", "Supplier management",
            "workforce-and-talent-management", "Workforce and talent management"),
        .. Service(
            "availability-management", "Availability management",
            "business-analysis", "Business analysis",
            "capacity-and-performance-management", "Capacity and performance management",
            "change-enablement", "Change enablement",
            "incident-management", "Incident management",
            "it-asset-management", "IT asset management",
            "monitoring-and-event-management", "Monitoring and event management",
            "problem-management", "Problem management",
            "release-management", "Release management",
            "service-catalogue-management", "Service catalogue management",
            "service-configuration-management", "Service configuration management",
            "service-continuity-management", "Service continuity management",
            "service-design", "Service design",
            "service-desk", "Service desk",
            "service-level-management", "Service level management",
            "service-request-management", "Service request management",
            "service-validation-and-testing", "Service validation and testing"),
        .. Technical(
            "deployment-management", "Deployment management",
            "infrastructure-and-platform-management", "Infrastructure and platform management",
            "software-development-and-management", "Software development and management"),
    ];

    private static readonly Dictionary<string, Practice> ByKey = All.ToDictionary(p => p.Key, StringComparer.OrdinalIgnoreCase);

    public static Practice? Find(string key) => ByKey.GetValueOrDefault(key);

    private static IEnumerable<Practice> General(params string[] pairs) => Group(PracticeGroup.GeneralManagement, pairs);

    private static IEnumerable<Practice> Service(params string[] pairs) => Group(PracticeGroup.ServiceManagement, pairs);

    private static IEnumerable<Practice> Technical(params string[] pairs) => Group(PracticeGroup.TechnicalManagement, pairs);

    private static IEnumerable<Practice> Group(PracticeGroup group, string[] pairs)
    {
        for (var i = 0; i < pairs.Length; i += 2)
        {
            yield return new Practice(pairs[i], pairs[i + 1], group);
        }
    }
}
