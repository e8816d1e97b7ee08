using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Access;
using ValueChain.Data.Engage;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Server.Features.ValueStreams;
using ValueChain.Server.Infrastructure;
using ValueChain.Server.Infrastructure.Security;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Server.Features.Engage;

/// <param name="Type">Demand type key, e.g. incident, service-request, product-idea.</param>
/// <param name="ValueStream">Optional: the value stream to run instead of the one that serves the type.</param>
public sealed record OpenDemandRequest(
    string? Type,
    string? Title,
    string? Description,
    string? Service,
    string? Requester,
    string? Priority,
    string? Channel,
    string? ValueStream);

/// <summary>Demand intake: every channel that brings demand in ends here and opens a work item.</summary>
internal static class DemandEndpoints
{
    public static RouteGroupBuilder MapDemandEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/demand").WithTags("Demand");
        group.MapPost("/", OpenAsync)
            .WithName("OpenDemand")
            .WithSummary("Open demand: it becomes a work item at the first step of the value stream that serves its type.");
        group.MapGet("/types", () => TypedResults.Ok(DemandTypes.All))
            .WithName("ListDemandTypes")
            .WithSummary("The demand types ValueChain knows.");
        return group;
    }

    private static async Task<Results<Created<WorkItemDetail>, ProblemHttpResult>> OpenAsync(
        OpenDemandRequest body, HttpContext http, DemandIntake intake, ValueStreamCatalog catalog, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Type))
        {
            return Problems.InvalidField("demand-type-required", "type", $"Say what kind of demand this is: one of {DemandTypes.KeyList}.");
        }

        var priority = Priority.Medium;
        if (body.Priority is not null && !(Enum.TryParse(body.Priority, ignoreCase: true, out priority) && Enum.IsDefined(priority)))
        {
            return Problems.InvalidField("unknown-priority", "priority", $"Unknown priority '{body.Priority}'. Use critical, high, medium or low.");
        }

        // Demand is the caller's own unless staff open it on someone's behalf; requesters only ever open their own.
        var requester = http.User.IsInRole(Roles.Requester) && !Policies.StaffRoles.Any(http.User.IsInRole)
            ? http.Actor()
            : Blank(body.Requester) ?? http.Actor();
        var demand = new DemandDetails(body.Type.Trim(), body.Title ?? "", body.Description, Blank(body.Service), requester, priority, body.Channel ?? "api");
        var opened = await intake.OpenAsync(demand, Blank(body.ValueStream), http.Actor(), ct);
        if (!opened.IsSuccess)
        {
            return Problems.From(opened.Error!);
        }

        // Work that has just been opened has produced no artifacts yet: nothing to read back.
        var item = opened.Value;
        var stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, ct);
        var detail = WorkItemEndpoints.Detail(item, stream, [], http);
        return TypedResults.Created($"/api/v1/work-items/{item.Id}", detail.Value);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
