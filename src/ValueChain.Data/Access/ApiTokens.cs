using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;

namespace ValueChain.Data.Access;

/// <summary>What issuing a token returns: the only time the token itself is seen.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>
/// Personal API tokens: 32 random bytes, so a plain SHA-256 is the right hash (a slow password hash protects
/// guessable secrets; these are not guessable, and every API call checks one).
/// </summary>
public sealed class ApiTokens(ValueChainDbContext db, TimeProvider clock)
{
    public const string TokenStart = "vc_";
    private const int PrefixLength = 12;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<Result<IssuedToken>> IssueAsync(string accountId, string name, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return DomainError.Validation("token-name", "Name the token (up to 100 characters) so you can recognize it later.");
        }

        var life = lifetime ?? DefaultLifetime;
        if (life <= TimeSpan.Zero || life > MaxLifetime)
        {
            return DomainError.Validation("token-lifetime", $"A token lives between one day and {MaxLifetime.TotalDays:0} days.");
        }

        var secret = TokenStart + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            AccountId = accountId,
            Name = name.Trim(),
            Prefix = secret[..PrefixLength],
            Hash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + life,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(token, secret);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        await db.ApiTokens.AsNoTracking().Where(t => t.AccountId == accountId).OrderBy(t => t.Id).ToListAsync(cancellationToken);

    public async Task<Result<ApiToken>> RevokeAsync(string accountId, long tokenId, CancellationToken cancellationToken = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.AccountId == accountId, cancellationToken);
        if (token is null)
        {
            return DomainError.NotFound("token-not-found", $"There is no token {tokenId} of this account.");
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>The account a presented token belongs to, when the token is genuine, unexpired and not revoked.</summary>
    public async Task<Account?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(TokenStart, StringComparison.Ordinal) || presented.Length < PrefixLength + 10 || presented.Length > 200)
        {
            return null;
        }

        var prefix = presented[..PrefixLength];
        var hash = Encoding.ASCII.GetBytes(Hash(presented));
        var now = clock.GetUtcNow();
        // One round trip for the token and its account, read afresh on every call: a token revoked or an account
        // disabled on any node of the deployment stops working on the next call everywhere.
        TokenOfAccount? match = null;
        await foreach (var candidate in ByPrefix.For(db)(db, prefix).WithCancellation(cancellationToken))
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate.Token.Hash), hash))
            {
                match = candidate;
                break;
            }
        }

        if (match is not { } found || !found.Token.IsActive(now) || found.Account.Disabled)
        {
            return null;
        }

        // Recording every use would turn each read into a write; to the minute is enough to spot stale tokens.
        if (found.Token.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == found.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return found.Account;
    }

    private sealed record TokenOfAccount(ApiToken Token, Account Account);

    /// <summary>The tokens that start with a prefix, each with its account; untracked, since nothing here changes them.</summary>
    private static readonly CompiledPerModel<Func<ValueChainDbContext, string, IAsyncEnumerable<TokenOfAccount>>> ByPrefix = new(() =>
        EF.CompileAsyncQuery((ValueChainDbContext db, string prefix) => db.ApiTokens.AsNoTracking()
            .Where(t => t.Prefix == prefix)
            .Join(db.Users.AsNoTracking(), t => t.AccountId, a => a.Id, (t, a) => new TokenOfAccount(t, a))));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
