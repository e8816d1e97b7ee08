using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.ValueStreams;
using ValueChain.Server.Infrastructure;

namespace ValueChain.Server.Features.ValueStreams;

public sealed record EventPage(IReadOnlyList<EventDto> Items, long Cursor);

/// <summary>The append-only event log, read forward with a cursor.</summary>
internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/events").WithTags("Events");
        group.MapGet("/", async Task<Results<Ok<EventPage>, ProblemHttpResult>> (WorkItemQueries queries, CancellationToken ct, long after = 0, int limit = 100, long? workItem = null) =>
            {
                if (after < 0 || limit is < 1 or > 1000)
                {
                    return Problems.Invalid("bad-paging", "Use after >= 0 and 1 <= limit <= 1000.");
                }

                var events = await queries.EventsAsync(workItem, after, limit, ct);
                return TypedResults.Ok(new EventPage(events.Select(EventDto.From).ToList(), events.Count > 0 ? events[^1].Id : after));
            })
            .WithName("ListEvents")
            .WithSummary("Events in append order after a cursor; pass the returned cursor as 'after' to read on.");
        return group;
    }
}
