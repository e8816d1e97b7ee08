using Microsoft.AspNetCore.Authorization;
using ValueChain.Server.Web.Components;

namespace ValueChain.Server.Web;

/// <summary>
/// The web UI: Razor components rendered on the server as plain HTML (static server-side rendering). Pages post
/// ordinary forms with antiforgery tokens and keep no per-user state on the server, so any node can answer any
/// request; a little script adds keyboard shortcuts and confirmations, and nothing depends on it (docs/decisions/007).
/// </summary>
internal static class WebSetup
{
    public const string NotFoundPath = "/not-found";
    public const string DeniedPath = "/denied";

    public static IServiceCollection AddValueChainWeb(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<CurrentUser>();
        return services;
    }

    /// <summary>Unknown pages get a page that leads somewhere; the API keeps its problem details.</summary>
    public static IApplicationBuilder UseWebStatusPages(this IApplicationBuilder app) =>
        app.UseWhen(
            http => !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/openapi"),
            branch => branch.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true));

    public static void MapWeb(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().Finally(RequireAccessRule);
    }

    /// <summary>Like the API's access rules: a page that does not say who may open it stops the server from starting.</summary>
    private static void RequireAccessRule(EndpointBuilder endpoint)
    {
        var declared = endpoint.Metadata.Any(m => m is IAuthorizeData or IAllowAnonymous);
        var isPage = endpoint.Metadata.Any(m => m is Microsoft.AspNetCore.Components.RouteAttribute);
        if (isPage && !declared)
        {
            throw new InvalidOperationException(
                $"Page '{endpoint.DisplayName}' has no access rule. Give it [Authorize(Policy = ...)] or [AllowAnonymous].");
        }
    }
}
