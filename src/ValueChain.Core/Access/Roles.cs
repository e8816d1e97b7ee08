namespace ValueChain.Access;

/// <summary>A role someone plays in the service organization, and what it lets them do.</summary>
public sealed record RoleInfo(string Key, string Name, string Description);

/// <summary>
/// The roles of ValueChain. A person may hold several; what each may do is decided per endpoint by the
/// server's policies, with ownership and membership checks on top where a role alone is not enough.
/// </summary>
public static class Roles
{
    public const string Requester = "requester";
    public const string Agent = "agent";
    public const string ValueStreamOwner = "value-stream-owner";
    public const string ServiceOwner = "service-owner";
    public const string Administrator = "administrator";

    public static IReadOnlyList<RoleInfo> All { get; } =
    [
        new(Requester, "Requester", "Opens demand through the portal and follows, answers and confirms their own work items."),
        new(Agent, "Agent", "Works items at steps of the teams and value chain activities they belong to."),
        new(ValueStreamOwner, "Value stream owner", "Edits and publishes the value streams they own and reads their flow."),
        new(ServiceOwner, "Service owner", "Plans the service portfolio: services, their lifecycle, teams and stakeholders."),
        new(Administrator, "Administrator", "Manages accounts, roles, tokens and integrations, and may do everything else."),
    ];

    public static bool Exists(string key) => All.Any(r => r.Key == key);

    public static string KeyList => string.Join(", ", All.Select(r => r.Key));
}
