using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ValueChain.Data.Access;

namespace ValueChain.Server.Infrastructure.Security;

/// <summary>Signs in API callers by a personal token sent as <c>Authorization: Bearer vc_...</c>.</summary>
internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens,
    IUserClaimsPrincipalFactory<Account> principals,
    ApiTokenClaims claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>How long an account's claims are kept; any change to the account (roles, teams, disabled) is seen at once.</summary>
    private static readonly TimeSpan ClaimsLifetime = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var account = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }

        // The token and the account are read on every call (one query, whichever node revoked or disabled them); the
        // claims built from them (roles and the like, four more queries) are kept per version of the account: Identity
        // gives the account a new stamp whenever it changes, on any node.
        var key = (nameof(ApiTokenHandler), account.Id, account.ConcurrencyStamp, account.SecurityStamp);
        if (!claims.Cache.TryGetValue(key, out ClaimsIdentity? identity) || identity is null)
        {
            identity = (ClaimsIdentity)(await principals.CreateAsync(account)).Identity!;
            claims.Cache.Set(key, identity, new MemoryCacheEntryOptions { SlidingExpiration = ClaimsLifetime, Size = 1 });
        }

        // Each request gets its own copy, so that nothing a request adds to its identity reaches another.
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity.Clone()), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>The claims of API token callers, per account version (see <see cref="ApiTokenHandler"/>); bounded in size.</summary>
internal sealed class ApiTokenClaims : IDisposable
{
    public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public void Dispose() => Cache.Dispose();
}
