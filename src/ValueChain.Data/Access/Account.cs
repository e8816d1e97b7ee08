using Microsoft.AspNetCore.Identity;

namespace ValueChain.Data.Access;

/// <summary>
/// Someone who signs in to ValueChain. Identity keeps the password hash, lockout and roles; ValueChain adds where
/// the person works (teams and value chain activities) and which value streams they own.
/// </summary>
public sealed class Account : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Keys of the teams whose steps this person works.</summary>
    public List<string> Teams { get; set; } = [];

    /// <summary>Keys of the value chain activities whose steps this person works, whatever the team.</summary>
    public List<string> Activities { get; set; } = [];

    /// <summary>Keys of the value streams this person owns and may publish new versions of.</summary>
    public List<string> OwnedValueStreams { get; set; } = [];

    /// <summary>Set for a generated first password: it must be replaced before anything else is done.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Turned off by an administrator: no sign-in, no token works.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A personal API token. Only a hash of its secret is kept; the token itself is shown once, when it is issued.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    public string AccountId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The token's first characters, stored in clear to find it and to let people recognize it.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>SHA-256 of the whole token, hex.</summary>
    public string Hash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
