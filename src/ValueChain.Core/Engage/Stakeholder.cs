namespace ValueChain.Engage;

public enum StakeholderKind
{
    Customer,
    User,
    Supplier,
    Partner,
}

/// <summary>A customer, user, supplier or partner the organization engages with.</summary>
public sealed class Stakeholder
{
    private Stakeholder()
    {
        Key = Name = string.Empty;
    }

    public Stakeholder(string key, string name, StakeholderKind kind, string? email = null, string? organization = null)
    {
        Key = key;
        Name = name;
        Kind = kind;
        Email = email;
        Organization = organization;
    }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public StakeholderKind Kind { get; private set; }

    public string? Email { get; private set; }

    public string? Organization { get; private set; }
}
