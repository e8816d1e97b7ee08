using ValueChain.ServiceValueSystem;

namespace ValueChain.Engage;

/// <summary>A type of demand that reaches the organization; each type is served by a value stream.</summary>
public sealed record DemandType(string Key, string Name, string Description);

public static class DemandTypes
{
    public static IReadOnlyList<DemandType> All { get; } =
    [
        new("incident", "Incident", "An unplanned interruption or reduction in the quality of a service."),
        new("service-request", "Service request", "A request for something the service already offers: access, information, a standard item."),
        new("change-request", "Change request", "A request to add, modify or remove something that could affect services."),
        new("product-idea", "Product idea", "An idea for a new or substantially changed product or service."),
        new("opportunity", "Opportunity", "A chance to add value for stakeholders or to improve the organization."),
        new("feedback", "Feedback", "What a stakeholder tells the organization about a service or an interaction."),
        new("improvement-idea", "Improvement idea", "A proposal to improve a product, service, practice or the value system itself."),
        new("supplier-request", "Supplier or component request", "A need for a new supplier, or a new or replaced service component."),
    ];

    private static readonly Dictionary<string, DemandType> ByKey = All.ToDictionary(d => d.Key, StringComparer.OrdinalIgnoreCase);

    public static DemandType? Find(string key) => ByKey.GetValueOrDefault(key);

    public static string KeyList => string.Join(", ", All.Select(d => d.Key));
}

/// <summary>Who is waiting on whom when a step pauses.</summary>
public enum WaitReason
{
    Customer,
    Supplier,
    Approval,
    Change,
    Schedule,
    Information,
    Other,
}

public enum Priority
{
    Critical,
    High,
    Medium,
    Low,
}
