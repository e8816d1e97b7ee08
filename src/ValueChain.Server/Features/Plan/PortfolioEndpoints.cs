using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;

namespace ValueChain.Server.Features.Plan;

/// <summary>The service portfolio, teams and stakeholders (read-only until the management API exists).</summary>
internal static class PortfolioEndpoints
{
    public static RouteGroupBuilder MapPortfolioEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Portfolio");
        group.MapGet("/services", async (ValueChainDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Services.AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct)))
            .WithName("ListServices").WithSummary("Services in the portfolio: pipeline, catalogue and retired.");
        group.MapGet("/teams", async (ValueChainDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Teams.AsNoTracking().OrderBy(t => t.Key).ToListAsync(ct)))
            .WithName("ListTeams").WithSummary("Teams that own value stream steps.");
        group.MapGet("/stakeholders", async (ValueChainDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Stakeholders.AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct)))
            .WithName("ListStakeholders").WithSummary("Customers, users, suppliers and partners.");
        return group;
    }
}
