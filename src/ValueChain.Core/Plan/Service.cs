namespace ValueChain.Plan;

/// <summary>Where a service stands in the portfolio.</summary>
public enum ServiceLifecycle
{
    Pipeline,
    Catalogue,
    Retired,
}

/// <summary>A product or service in the organization's portfolio.</summary>
public sealed class Service
{
    private Service()
    {
        Key = Name = string.Empty;
    }

    public Service(string key, string name, string description, ServiceLifecycle lifecycle, string? ownerTeamKey)
    {
        Key = key;
        Name = name;
        Description = description;
        Lifecycle = lifecycle;
        OwnerTeamKey = ownerTeamKey;
    }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    public ServiceLifecycle Lifecycle { get; private set; }

    public string? OwnerTeamKey { get; private set; }
}

/// <summary>A team that owns steps of value streams and the work at them.</summary>
public sealed class Team
{
    private Team()
    {
        Key = Name = string.Empty;
    }

    public Team(string key, string name, string description)
    {
        Key = key;
        Name = name;
        Description = description;
    }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }
}
