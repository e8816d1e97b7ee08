using ValueChain.Data.Access;

namespace ValueChain.Server.Features.Access.Admin;

/// <summary>What the account forms post; the lists come from checkboxes.</summary>
public sealed class AccountInput
{
    public string? UserName { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool Disabled { get; set; }

    public List<string>? Roles { get; set; }

    public List<string>? Teams { get; set; }

    public List<string>? Activities { get; set; }

    public List<string>? OwnedValueStreams { get; set; }

    /// <summary>A list none of whose boxes was ticked is posted as nothing, and binds to null.</summary>
    public AccountDetails ToDetails(string userName) => new(
        userName.Trim(), DisplayName?.Trim() ?? "", string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
        Roles ?? [], Teams ?? [], Activities ?? [], OwnedValueStreams ?? []);

    public bool Has(List<string>? values, string value) => values?.Contains(value) == true;

    public static AccountInput From(Account account, IReadOnlyList<string> roles) => new()
    {
        UserName = account.UserName,
        DisplayName = account.DisplayName,
        Email = account.Email,
        Disabled = account.Disabled,
        Roles = [.. roles],
        Teams = [.. account.Teams],
        Activities = [.. account.Activities],
        OwnedValueStreams = [.. account.OwnedValueStreams],
    };
}
