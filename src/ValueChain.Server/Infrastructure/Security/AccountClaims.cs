using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ValueChain.Data.Access;

namespace ValueChain.Server.Infrastructure.Security;

/// <summary>Identity's claims (id, name, roles) plus a mark on accounts that must replace a generated password.</summary>
internal sealed class AccountClaims(UserManager<Account> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole>(users, roles, options)
{
    public const string MustChangePassword = "valuechain:must-change-password";
    public const string DisplayName = "valuechain:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePassword, "true"));
        }

        return identity;
    }
}

internal static class PasswordChangeGate
{
    private static readonly string[] OpenWhileChanging = ["/api/v1/auth/password", "/api/v1/auth/me", "/api/v1/auth/sign-out"];

    private static readonly string[] PagesOpenWhileChanging = [PasswordPage, "/logout", "/login", "/health", "/openapi", "/scalar", "/css", "/js", "/favicon.svg"];

    public const string PasswordPage = "/account/password";

    /// <summary>
    /// Until a generated first password is replaced, the API answers nothing but the password change, and every
    /// page leads to the page that changes it.
    /// </summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.HasClaim(AccountClaims.MustChangePassword, "true") && http.Request.Path.StartsWithSegments("/api")
            && !OpenWhileChanging.Any(path => http.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
        {
            await Problems.Forbidden("change-password-first", "Replace the generated password first: POST /api/v1/auth/password.").ExecuteAsync(http);
            return;
        }

        if (http.User.HasClaim(AccountClaims.MustChangePassword, "true") && !http.Request.Path.StartsWithSegments("/api")
            && !PagesOpenWhileChanging.Any(path => http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
        {
            http.Response.Redirect(PasswordPage);
            return;
        }

        await next();
    });
}
