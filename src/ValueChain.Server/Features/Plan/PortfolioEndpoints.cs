using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Common;
using ValueChain.Data.Plan;
using ValueChain.Plan;
using ValueChain.Server.Infrastructure;

namespace ValueChain.Server.Features.Plan;

/// <param name="Lifecycle">On create: pipeline (the default) or catalogue. On update: only the current one, if any.</param>
public sealed record ServiceRequest(string? Key, string? Name, string? Description, string? Lifecycle, string? OwnerTeam);

/// <param name="To">pipeline, catalogue or retired.</param>
public sealed record LifecycleMoveRequest(string? To);

/// <param name="Moves">The lifecycle moves the service can make now.</param>
public sealed record ServiceDto(
    string Key, string Name, string? Description, ServiceLifecycle Lifecycle, string? OwnerTeam, IReadOnlyList<ServiceLifecycle> Moves, int Revision)
{
    public static ServiceDto From(Service s) => new(s.Key, s.Name, s.Description, s.Lifecycle, s.OwnerTeamKey, s.Moves, s.Revision);
}

/// <summary>The service portfolio: services in the pipeline, in the catalogue and retired, and the moves between them.</summary>
internal static class PortfolioEndpoints
{
    public static RouteGroupBuilder MapPortfolioEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/services").WithTags("Portfolio");
        group.MapGet("/", ListAsync).WithName("ListServices")
            .WithSummary("Services in the portfolio, by key, filtered by lifecycle, owner team or a search in key and name.");
        group.MapGet("/{key}", GetAsync).WithName("GetService")
            .WithSummary("One service; the ETag carries its revision.");
        group.MapPost("/", CreateAsync).WithName("CreateService")
            .WithSummary("Add a service to the pipeline (or, when it is already live, to the catalogue).");
        group.MapPut("/{key}", UpdateAsync).WithName("UpdateService")
            .WithSummary("Replace a service's name, description and owner team; If-Match makes a stale write a 412.");
        group.MapPost("/{key}/lifecycle", MoveAsync).WithName("MoveService")
            .WithSummary("Move a service: pipeline → catalogue or retired, catalogue → retired, retired → pipeline.");
        group.MapDelete("/{key}", DeleteAsync).WithName("DeleteService")
            .WithSummary("Delete a pipeline service without work items; any other service is retired instead.");
        return group;
    }

    private static async Task<Results<Ok<Page<ServiceDto>>, ProblemHttpResult>> ListAsync(
        ServicePortfolio portfolio,
        CancellationToken ct,
        string? lifecycle = null,
        string? ownerTeam = null,
        string? q = null,
        int offset = 0,
        int limit = Paging.DefaultLimit)
    {
        var errors = new FieldErrors().CheckPaging(offset, limit);
        ServiceLifecycle? parsed = null;
        if (lifecycle is not null)
        {
            if (Words.TryParse<ServiceLifecycle>(lifecycle, out var value))
            {
                parsed = value;
            }
            else
            {
                errors.Add("lifecycle", $"Unknown lifecycle '{lifecycle}'; use one of {Words.List<ServiceLifecycle>()}.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.From(errors.ToError("invalid-query", "The query is not valid."));
        }

        var (items, total) = await portfolio.ListAsync(new ServiceFilter(parsed, ownerTeam, q, offset, limit), ct);
        return TypedResults.Ok(new Page<ServiceDto>([.. items.Select(ServiceDto.From)], total, offset, limit));
    }

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> GetAsync(string key, HttpContext http, ServicePortfolio portfolio, CancellationToken ct)
    {
        var service = await portfolio.GetAsync(key, ct);
        return service is null ? Problems.From(ServicePortfolio.NotFound(key)) : Ok(service, http);
    }

    private static async Task<Results<Created<ServiceDto>, ProblemHttpResult>> CreateAsync(
        ServiceRequest body, HttpContext http, ServicePortfolio portfolio, CancellationToken ct)
    {
        var created = await portfolio.CreateAsync(new NewService(body.Key, body.Name, body.Description, body.Lifecycle, body.OwnerTeam), ct);
        if (!created.IsSuccess)
        {
            return Problems.From(created.Error!);
        }

        http.Response.Headers.ETag = Requests.ETag(created.Value.Revision);
        return TypedResults.Created($"/api/v1/services/{created.Value.Key}", ServiceDto.From(created.Value));
    }

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> UpdateAsync(
        string key, ServiceRequest body, HttpContext http, ServicePortfolio portfolio, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var updated = await portfolio.UpdateAsync(key, new ServiceChanges(body.Key, body.Name, body.Description, body.OwnerTeam, body.Lifecycle), expected, ct);
        return updated.IsSuccess ? Ok(updated.Value, http) : Problems.From(updated.Error!);
    }

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> MoveAsync(
        string key, LifecycleMoveRequest body, HttpContext http, ServicePortfolio portfolio, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var moved = await portfolio.MoveAsync(key, body.To, expected, ct);
        return moved.IsSuccess ? Ok(moved.Value, http) : Problems.From(moved.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string key, HttpContext http, ServicePortfolio portfolio, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var deleted = await portfolio.DeleteAsync(key, expected, ct);
        return deleted.IsSuccess ? TypedResults.NoContent() : Problems.From(deleted.Error!);
    }

    private static Ok<ServiceDto> Ok(Service service, HttpContext http)
    {
        http.Response.Headers.ETag = Requests.ETag(service.Revision);
        return TypedResults.Ok(ServiceDto.From(service));
    }
}
