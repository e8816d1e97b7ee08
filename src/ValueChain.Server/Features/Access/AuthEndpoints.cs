using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ValueChain.Data.Access;
using ValueChain.Server.Infrastructure;
using ValueChain.Server.Infrastructure.Security;

namespace ValueChain.Server.Features.Access;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record IssueTokenRequest(string? Name, int? ExpiresInDays);

public sealed record AccountDto(
    string UserName,
    string DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Activities,
    IReadOnlyList<string> OwnedValueStreams,
    bool MustChangePassword,
    bool Disabled)
{
    public static AccountDto From(Account account, IReadOnlyList<string> roles) => new(
        account.UserName!, account.DisplayName, account.Email, roles, account.Teams, account.Activities, account.OwnedValueStreams,
        account.MustChangePassword, account.Disabled);
}

public sealed record ApiTokenDto(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active)
{
    public static ApiTokenDto From(ApiToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt, token.IsActive(now));
}

/// <summary>The token itself appears in this response and never again.</summary>
public sealed record IssuedTokenDto(string Token, ApiTokenDto Details);

/// <summary>Signing in and out, the signed-in account, and its personal API tokens.</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Authentication");
        group.MapPost("/sign-in", SignInAsync).WithName("SignIn").RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("Sign in with user name and password; sets the session cookie the web UI uses.");
        group.MapPost("/sign-out", async (SignInManager<Account> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.NoContent();
            })
            .WithName("SignOut").WithSummary("End the cookie session.");
        group.MapGet("/me", MeAsync).WithName("GetCurrentAccount").WithSummary("The signed-in account, its roles and memberships.");
        group.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Replace the password; required after a generated first one.");
        group.MapGet("/tokens", async (ClaimsPrincipal user, ApiTokens tokens, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok((await tokens.ListAsync(AccountId(user), ct)).Select(t => ApiTokenDto.From(t, clock.GetUtcNow())).ToList()))
            .WithName("ListApiTokens").WithSummary("Your API tokens (never the tokens themselves).");
        group.MapPost("/tokens", IssueTokenAsync).WithName("IssueApiToken").WithSummary("Issue a personal API token; the response shows it once.");
        group.MapDelete("/tokens/{id:long}", RevokeTokenAsync).WithName("RevokeApiToken").WithSummary("Revoke one of your API tokens.");
        return group;
    }

    private static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> SignInAsync(
        SignInRequest body, SignInManager<Account> signIn, AccountDirectory accounts)
    {
        if (string.IsNullOrWhiteSpace(body.UserName) || string.IsNullOrEmpty(body.Password))
        {
            return Problems.Invalid("sign-in-incomplete", "Give a user name and a password.");
        }

        var refused = Problems.Unauthorized("sign-in-failed", "The user name or password is wrong.");
        var account = await accounts.FindAsync(body.UserName.Trim());
        if (account is null || account.Disabled)
        {
            return refused;
        }

        var result = await signIn.PasswordSignInAsync(account, body.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Problems.Unauthorized("account-locked", "Too many wrong passwords: the account is locked for a few minutes.");
        }

        return result.Succeeded ? TypedResults.Ok(AccountDto.From(account, await accounts.RolesOfAsync(account))) : refused;
    }

    private static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> MeAsync(ClaimsPrincipal user, AccountDirectory accounts)
    {
        var account = await accounts.FindAsync(user.Identity!.Name!);
        return account is null
            ? Problems.NotFound("account-not-found", "The signed-in account no longer exists.")
            : TypedResults.Ok(AccountDto.From(account, await accounts.RolesOfAsync(account)));
    }

    private static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest body, ClaimsPrincipal user, AccountDirectory accounts, SignInManager<Account> signIn)
    {
        var account = await accounts.FindAsync(user.Identity!.Name!);
        if (account is null)
        {
            return Problems.NotFound("account-not-found", "The signed-in account no longer exists.");
        }

        var changed = await accounts.ChangePasswordAsync(account, body.CurrentPassword ?? "", body.NewPassword ?? "");
        if (!changed.IsSuccess)
        {
            return Problems.From(changed.Error!);
        }

        if (user.Identity.AuthenticationType == IdentityConstants.ApplicationScheme)
        {
            // A new security stamp ends other sessions; this one continues with a fresh cookie.
            await signIn.RefreshSignInAsync(account);
        }

        return TypedResults.Ok(AccountDto.From(account, await accounts.RolesOfAsync(account)));
    }

    private static async Task<Results<Created<IssuedTokenDto>, ProblemHttpResult>> IssueTokenAsync(
        IssueTokenRequest body, ClaimsPrincipal user, ApiTokens tokens, TimeProvider clock, CancellationToken ct)
    {
        var lifetime = body.ExpiresInDays is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;
        var issued = await tokens.IssueAsync(AccountId(user), body.Name ?? "", lifetime, ct);
        return issued.IsSuccess
            ? TypedResults.Created($"/api/v1/auth/tokens/{issued.Value.Token.Id}",
                new IssuedTokenDto(issued.Value.Secret, ApiTokenDto.From(issued.Value.Token, clock.GetUtcNow())))
            : Problems.From(issued.Error!);
    }

    private static async Task<Results<Ok<ApiTokenDto>, ProblemHttpResult>> RevokeTokenAsync(
        long id, ClaimsPrincipal user, ApiTokens tokens, TimeProvider clock, CancellationToken ct)
    {
        var revoked = await tokens.RevokeAsync(AccountId(user), id, ct);
        return revoked.IsSuccess ? TypedResults.Ok(ApiTokenDto.From(revoked.Value, clock.GetUtcNow())) : Problems.From(revoked.Error!);
    }

    private static string AccountId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
