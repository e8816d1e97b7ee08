using Scalar.AspNetCore;

namespace ValueChain.Server.Infrastructure.OpenApi;

/// <summary>The OpenAPI document of the API and the interactive reference page that reads it.</summary>
internal static class ApiDescription
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    public const string ReferencePageName = "ApiReference";

    /// <summary>The reference page's endpoints by the last segment of their route, named so access rules can find them.</summary>
    private static readonly Dictionary<string, string> ReferenceEndpointNames = new(StringComparer.Ordinal)
    {
        ["{documentName?}"] = ReferencePageName,
        ["scalar.js"] = "ApiReferenceScript",
        ["scalar.aspnetcore.js"] = "ApiReferenceStartScript",
        ["favicon.svg"] = "ApiReferenceIcon",
    };

    public static IServiceCollection AddValueChainOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(ApiDescriptionTransformers.Configure);

    /// <summary>The nonce the reference page put on its script tags for this request, if it rendered.</summary>
    public static string? ScriptNonce(HttpContext http) => http.Items[ScalarOptions.NonceHttpContextItemKey] as string;

    public static void MapApiDescription(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPath).WithName("GetOpenApiDocument");

        var reference = routes.MapGroup("");
        reference.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("ValueChain API")
            // A fresh nonce per request lets the page's own start-up script run under the Content-Security-Policy.
            .WithNonce()
            // Everything the page needs comes from this server: no web fonts, telemetry or assistant from elsewhere.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent());
        ((IEndpointConventionBuilder)reference).Add(endpoint =>
        {
            var route = ((RouteEndpointBuilder)endpoint).RoutePattern.RawText ?? "";
            if (ReferenceEndpointNames.TryGetValue(route[(route.LastIndexOf('/') + 1)..], out var name))
            {
                endpoint.Metadata.Add(new EndpointNameMetadata(name));
            }
        });
    }
}
