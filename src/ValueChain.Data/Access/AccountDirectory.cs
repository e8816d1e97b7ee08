using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ValueChain.Access;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Data.Access;

/// <summary>An account to create or the new state of one; lists replace what was there.</summary>
public sealed record AccountDetails(
    string UserName,
    string DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string>? Teams = null,
    IReadOnlyList<string>? Activities = null,
    IReadOnlyList<string>? OwnedValueStreams = null);

/// <summary>A new account and, when ValueChain chose it, its first password (shown once).</summary>
public sealed record CreatedAccount(Account Account, string? GeneratedPassword);

/// <summary>Accounts and their roles, on top of ASP.NET Core Identity's user and role stores.</summary>
public sealed class AccountDirectory(ValueChainDbContext db, UserManager<Account> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public const string FirstAdministrator = "admin";

    public async Task<Result<CreatedAccount>> CreateAsync(AccountDetails details, string? password, CancellationToken cancellationToken = default)
    {
        var invalid = await ValidateAsync(details, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (await users.FindByNameAsync(details.UserName) is not null)
        {
            return DomainError.Conflict("account-exists", $"There is already an account '{details.UserName}'.");
        }

        await EnsureRolesAsync();
        var generated = password is null ? GeneratePassword() : null;
        var account = new Account
        {
            UserName = details.UserName,
            Email = details.Email,
            CreatedAt = clock.GetUtcNow(),
            MustChangePassword = generated is not null,
        };
        Apply(account, details);

        // The account and its roles together or not at all; inside a caller's transaction (the demo seed), that one.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var created = await users.CreateAsync(account, password ?? generated!);
        if (!created.Succeeded)
        {
            return FromIdentity(created);
        }

        var assigned = await users.AddToRolesAsync(account, details.Roles.Distinct());
        if (!assigned.Succeeded)
        {
            return FromIdentity(assigned);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new CreatedAccount(account, generated);
    }

    public async Task<Result<Account>> UpdateAsync(string userName, AccountDetails details, bool? disabled, CancellationToken cancellationToken = default)
    {
        if (await users.FindByNameAsync(userName) is not { } account)
        {
            return DomainError.NotFound("account-not-found", $"There is no account '{userName}'.");
        }

        var invalid = await ValidateAsync(details with { UserName = userName }, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        await EnsureRolesAsync();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Apply(account, details);
        account.Email = details.Email;
        account.Disabled = disabled ?? account.Disabled;
        var current = await users.GetRolesAsync(account);
        var results = new[]
        {
            await users.UpdateAsync(account),
            await users.RemoveFromRolesAsync(account, current.Except(details.Roles)),
            await users.AddToRolesAsync(account, details.Roles.Distinct().Except(current)),
        };
        if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            return FromIdentity(failed);
        }

        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public async Task<IReadOnlyList<(Account Account, IReadOnlyList<string> Roles)>> ListAsync(CancellationToken cancellationToken = default)
    {
        var accounts = await db.Users.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
        var memberships = await (from link in db.UserRoles
                                 join role in db.Roles on link.RoleId equals role.Id
                                 select new { link.UserId, role.Name }).ToListAsync(cancellationToken);
        var byAccount = memberships.ToLookup(m => m.UserId, m => m.Name!);
        return accounts.Select(a => (a, (IReadOnlyList<string>)byAccount[a.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public Task<Account?> FindAsync(string userName) => users.FindByNameAsync(userName);

    /// <summary>Whether the account owns the value stream <paramref name="key"/>, and so may publish its versions.</summary>
    public async Task<bool> OwnsValueStreamAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        var owned = await db.Users.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.OwnedValueStreams).FirstOrDefaultAsync(cancellationToken);
        return owned?.Contains(key, StringComparer.Ordinal) == true;
    }

    public async Task<IReadOnlyList<string>> RolesOfAsync(Account account) => (await users.GetRolesAsync(account)).ToList();

    public async Task<Result<Account>> ChangePasswordAsync(Account account, string currentPassword, string newPassword)
    {
        var changed = await users.ChangePasswordAsync(account, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return FromIdentity(changed);
        }

        account.MustChangePassword = false;
        await users.UpdateAsync(account);
        return account;
    }

    /// <summary>
    /// On a database without accounts, creates the administrator <c>admin</c>: with the configured password, or
    /// with a generated one that must be changed at first sign-in. Returns what it created, or null.
    /// </summary>
    public async Task<CreatedAccount?> BootstrapAsync(string? configuredPassword, CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }

        var created = await CreateAsync(
            new AccountDetails(FirstAdministrator, "Administrator", null, [Roles.Administrator]),
            string.IsNullOrWhiteSpace(configuredPassword) ? null : configuredPassword,
            cancellationToken);
        return created.IsSuccess
            ? created.Value
            : throw new InvalidOperationException($"The first administrator could not be created: {created.Error!.Message}");
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role.Key))
            {
                await roles.CreateAsync(new IdentityRole(role.Key));
            }
        }
    }

    private async Task<DomainError?> ValidateAsync(AccountDetails details, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(details.UserName))
        {
            return DomainError.Validation("account-user-name", "Give the account a user name.");
        }

        if (details.Roles.Count == 0 || details.Roles.Any(r => !Roles.Exists(r)))
        {
            return DomainError.Validation("account-roles", $"Give the account one or more roles: {Roles.KeyList}.");
        }

        if (details.Activities?.FirstOrDefault(a => !ValueChainActivities.TryParse(a, out _)) is { } activity)
        {
            return DomainError.Validation("account-activities", $"Unknown activity '{activity}'; the activities are {ValueChainActivities.KeyList}.");
        }

        if (details.Teams is { Count: > 0 } teams)
        {
            var known = await db.Teams.AsNoTracking().Where(t => teams.Contains(t.Key)).Select(t => t.Key).ToListAsync(cancellationToken);
            if (teams.FirstOrDefault(t => !known.Contains(t)) is { } team)
            {
                return DomainError.Validation("account-teams", $"There is no team '{team}'.");
            }
        }

        return null;
    }

    private static void Apply(Account account, AccountDetails details)
    {
        account.DisplayName = string.IsNullOrWhiteSpace(details.DisplayName) ? details.UserName : details.DisplayName.Trim();
        account.Teams = details.Teams?.Distinct().ToList() ?? [];
        account.Activities = details.Activities?.Distinct().ToList() ?? [];
        account.OwnedValueStreams = details.OwnedValueStreams?.Distinct().ToList() ?? [];
    }

    private static DomainError FromIdentity(IdentityResult result) =>
        DomainError.Validation("account-invalid", string.Join(" ", result.Errors.Select(e => e.Description)));

    /// <summary>A first password nobody has to invent: 20 characters from 62, about 119 bits.</summary>
    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
