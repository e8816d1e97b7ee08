namespace ValueChain.ServiceValueSystem;

/// <summary>A named part of the reference model with a short explanation.</summary>
public sealed record ReferenceItem(string Key, string Name, string Description);

/// <summary>The service value system around the value chain: its elements and the four dimensions that give it context.</summary>
public static class ServiceValueSystemModel
{
    public static IReadOnlyList<ReferenceItem> Elements { get; } =
    [
        new("guiding-principles", "Guiding principles", "Recommendations that guide decisions in every circumstance."),
        new("governance", "Governance", "How the organization is directed and controlled."),
        new("service-value-chain", "Service value chain", "Six interconnected activities that turn demand into value."),
        new("practices", "Practices", "Organizational resources designed for performing work or accomplishing an objective."),
        new("continual-improvement", "Continual improvement", "A recurring activity at every level that keeps the system fit for changing demand."),
    ];

    public static IReadOnlyList<ReferenceItem> Dimensions { get; } =
    [
        new("organizations-and-people", "Organizations and people", "Structures, roles, competencies and culture."),
        new("information-and-technology", "Information and technology", "The information, knowledge and technology that services need."),
        new("partners-and-suppliers", "Partners and suppliers", "The organization's relationships with other organizations."),
        new("value-streams-and-processes", "Value streams and processes", "How the parts of the organization work together to create value."),
    ];
}
