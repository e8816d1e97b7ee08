using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Access;
using ValueChain.Data.Access;
using ValueChain.Server.Infrastructure;

namespace ValueChain.Server.Features.Access;

public sealed record AccountRequest(
    string? UserName,
    string? DisplayName,
    string? Email,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Teams,
    IReadOnlyList<string>? Activities,
    IReadOnlyList<string>? OwnedValueStreams,
    string? Password,
    bool? Disabled);

/// <summary>An account just created; the generated first password, if any, is shown this once.</summary>
public sealed record CreatedAccountDto(AccountDto Account, string? GeneratedPassword);

/// <summary>Administration of accounts and their roles.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Accounts");
        group.MapGet("/roles", () => TypedResults.Ok(Roles.All)).WithName("ListRoles").WithSummary("The roles an account can hold.");
        group.MapGet("/accounts", async (AccountDirectory accounts, CancellationToken ct) =>
                TypedResults.Ok((await accounts.ListAsync(ct)).Select(a => AccountDto.From(a.Account, a.Roles)).ToList()))
            .WithName("ListAccounts").WithSummary("Every account with its roles.");
        group.MapGet("/accounts/{userName}", async Task<Results<Ok<AccountDto>, ProblemHttpResult>> (string userName, AccountDirectory accounts) =>
                await accounts.FindAsync(userName) is { } account
                    ? TypedResults.Ok(AccountDto.From(account, await accounts.RolesOfAsync(account)))
                    : Problems.NotFound("account-not-found", $"There is no account '{userName}'."))
            .WithName("GetAccount").WithSummary("One account.");
        group.MapPost("/accounts", CreateAsync).WithName("CreateAccount")
            .WithSummary("Create an account; without a password, one is generated, shown once and must be changed at first sign-in.");
        group.MapPut("/accounts/{userName}", UpdateAsync).WithName("UpdateAccount")
            .WithSummary("Change an account's name, roles, memberships, or disable it.");
        return group;
    }

    private static async Task<Results<Created<CreatedAccountDto>, ProblemHttpResult>> CreateAsync(
        AccountRequest body, AccountDirectory accounts, CancellationToken ct)
    {
        var created = await accounts.CreateAsync(Details(body, body.UserName), body.Password, ct);
        if (!created.IsSuccess)
        {
            return Problems.From(created.Error!);
        }

        var account = created.Value.Account;
        return TypedResults.Created($"/api/v1/accounts/{account.UserName}",
            new CreatedAccountDto(AccountDto.From(account, await accounts.RolesOfAsync(account)), created.Value.GeneratedPassword));
    }

    private static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> UpdateAsync(
        string userName, AccountRequest body, AccountDirectory accounts, CancellationToken ct)
    {
        var updated = await accounts.UpdateAsync(userName, Details(body, userName), body.Disabled, ct);
        return updated.IsSuccess
            ? TypedResults.Ok(AccountDto.From(updated.Value, await accounts.RolesOfAsync(updated.Value)))
            : Problems.From(updated.Error!);
    }

    private static AccountDetails Details(AccountRequest body, string? userName) => new(
        userName?.Trim() ?? "", body.DisplayName ?? "", body.Email, body.Roles ?? [], body.Teams, body.Activities, body.OwnedValueStreams);
}
