using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using ValueChain.Data.Access;
using ValueChain.Data.Storage;
using ValueChain.Server.Infrastructure.OpenApi;

namespace ValueChain.Server.Infrastructure.Security;

internal static class SecuritySetup
{
    /// <summary>Cookie or token, whichever the request carries.</summary>
    public const string Scheme = "ValueChain";
    public const string SignInRateLimit = "sign-in";

    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IServiceCollection AddValueChainSecurity(this IServiceCollection services)
    {
        // Cookies and antiforgery tokens are protected with keys kept in the database, so that every node of a
        // deployment reads what any other node wrote and none keeps a key ring of its own.
        services.AddDataProtection().SetApplicationName("ValueChain").PersistKeysToDbContext<ValueChainDbContext>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API token", options => options.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddIdentityCookies();

        new IdentityBuilder(typeof(Account), typeof(IdentityRole), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaims>();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "valuechain.auth";
            options.Cookie.HttpOnly = true;
            // Strict keeps the cookie off requests started by other sites: the first line against CSRF.
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            options.LoginPath = "/login";
            options.AccessDeniedPath = "/denied";
            // The API answers with status codes; only pages redirect to the sign-in page.
            options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddSingleton<ApiTokenClaims>();
        services.AddScoped<IAuthorizationHandler, OwnDemandHandler>();
        services.AddScoped<IAuthorizationHandler, WorkMembershipHandler>();
        Policies.Add(services.AddAuthorizationBuilder());
        services.AddAntiforgery();

        // Identity locks an account after five wrong passwords; this limits how fast anyone can try, per address.
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts count: showing the sign-in page is free. ValueChain:Security:SignInAttemptsPerMinute sets the limit.
            options.AddPolicy(SignInRateLimit, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("page")
                : RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("ValueChain:Security:SignInAttemptsPerMinute", 10),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
        });
        return services;
    }

    private static Task StatusOrRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Headers that make browsers refuse framing, sniffing and leaking where a user came from.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (http.Request.Path.StartsWithSegments(ApiDescription.ReferencePath))
        {
            // The API reference page starts itself with an inline script: allow that one script by its nonce.
            http.Response.OnStarting(() =>
            {
                if (ApiDescription.ScriptNonce(http) is { } nonce)
                {
                    headers.ContentSecurityPolicy = $"{ContentSecurityPolicy}; script-src 'self' 'nonce-{nonce}'";
                }

                return Task.CompletedTask;
            });
        }

        await next();
    });
}
