using System.Text.RegularExpressions;
using ValueChain.Common;

namespace ValueChain.Engage;

public enum StakeholderKind
{
    Customer,
    User,
    Supplier,
    Partner,
}

/// <summary>A customer, user, supplier or partner the organization engages with.</summary>
public sealed partial class Stakeholder
{
    public const int EmailMaxLength = 200;
    public const int OrganizationMaxLength = 200;

    private Stakeholder()
    {
        Key = Name = string.Empty;
    }

    /// <summary>A stakeholder as it stands; throws when the details break a rule.</summary>
    public Stakeholder(string key, string name, StakeholderKind kind, string? email = null, string? organization = null)
    {
        var created = Create(key, name, kind, email, organization);
        if (!created.IsSuccess)
        {
            throw new ArgumentException(created.Error!.Message);
        }

        Key = key;
        Name = created.Value.Name;
        Kind = kind;
        Email = created.Value.Email;
        Organization = created.Value.Organization;
    }

    /// <summary>
    /// Lowercase words joined by hyphens or dots: users are often known by their user name (<c>anna.keller</c>),
    /// which is also how work items name their requester.
    /// </summary>
    public string Key { get; private set; }

    public string Name { get; private set; }

    public StakeholderKind Kind { get; private set; }

    public string? Email { get; private set; }

    public string? Organization { get; private set; }

    /// <summary>One more on every change; the API's ETag.</summary>
    public int Revision { get; private set; } = 1;

    public static bool IsKey(string? key) => key is { Length: > 0 and <= Words.KeyMaxLength } && StakeholderKey().IsMatch(key);

    public static Result<Stakeholder> Create(string? key, string? name, StakeholderKind kind, string? email, string? organization)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(key))
        {
            errors.Add("key", "Give a key: lowercase letters and digits joined by hyphens or dots, e.g. 'cloudhost' or 'anna.keller'.");
        }
        else if (!IsKey(key))
        {
            errors.Add("key", $"'{key}' is not a key: use lowercase letters and digits joined by single hyphens or dots, e.g. 'anna.keller', at most {Words.KeyMaxLength} characters.");
        }

        var stakeholder = new Stakeholder { Key = key ?? string.Empty, Kind = kind };
        stakeholder.Apply(errors, name, email, organization);
        return errors.IsEmpty ? stakeholder : errors.ToError("invalid-stakeholder", "The stakeholder is not valid.");
    }

    /// <summary>Replaces everything but the key, which work items and agreements refer to.</summary>
    public Result<Stakeholder> Update(string? name, StakeholderKind kind, string? email, string? organization)
    {
        var errors = new FieldErrors();
        var candidate = new Stakeholder();
        candidate.Apply(errors, name, email, organization);
        if (!errors.IsEmpty)
        {
            return errors.ToError("invalid-stakeholder", "The stakeholder is not valid.");
        }

        Name = candidate.Name;
        Kind = kind;
        Email = candidate.Email;
        Organization = candidate.Organization;
        Revision++;
        return this;
    }

    /// <summary>A stakeholder who raised work stays: the work item's history names them.</summary>
    public Result<Stakeholder> CheckDeletable(int requestedWorkItems) => requestedWorkItems == 0
        ? this
        : DomainError.InvalidTransition("stakeholder-in-use",
            $"Stakeholder '{Key}' is the requester of {requestedWorkItems} work item(s) and stays part of their history.");

    private void Apply(FieldErrors errors, string? name, string? email, string? organization)
    {
        Name = Text.Name(errors, name, "stakeholder");
        Email = Text.Optional(errors, email, "email", EmailMaxLength);
        if (Email is not null && !EmailAddress().IsMatch(Email))
        {
            errors.Add("email", $"'{Email}' is not an email address.");
        }

        Organization = Text.Optional(errors, organization, "organization", OrganizationMaxLength);
    }

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    private static partial Regex StakeholderKey();

    // Deliberately loose: one @, something on each side, a dot in the domain, no spaces. Mail servers decide the rest.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailAddress();
}
