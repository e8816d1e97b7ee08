using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.Storage;

namespace ValueChain.Server.Features.Health;

public sealed record HealthReport(string Status, string Database, string Version);

internal static class HealthEndpoints
{
    public static RouteHandlerBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> (ValueChainDbContext db, StorageSettings storage, CancellationToken ct) =>
            {
                var version = typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "0.0.0";
                return await db.Database.CanConnectAsync(ct)
                    ? TypedResults.Ok(new HealthReport("healthy", storage.Provider, version))
                    : TypedResults.Json(new HealthReport("unhealthy", storage.Provider, version), statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Whether the server and its database answer.");
}
