using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ValueChain.Data.ValueStreams;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Server.Features.ValueStreams;

/// <summary>A page of the event log; pass <see cref="Cursor"/> as <c>after</c> to read on.</summary>
public sealed record EventPage(IReadOnlyList<EventDto> Items, long Cursor, bool More);

/// <summary>The filters of the event log; every one is optional.</summary>
public sealed record EventQuery(
    long? After = null,
    int? Limit = null,
    long? WorkItem = null,
    string? Type = null,
    string? ValueStream = null,
    string? Activity = null,
    string? Actor = null,
    string? From = null,
    string? To = null);

/// <summary>The append-only event log: read forward with a cursor, filtered, or followed as a stream.</summary>
internal static class EventEndpoints
{
    /// <summary>How often a followed stream looks for new events; every node reads the same database.</summary>
    private static readonly TimeSpan StreamPoll = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/events").WithTags("Events");
        group.MapGet("/", ListAsync)
            .WithName("ListEvents")
            .WithSummary("Events in append order after a cursor, filtered; pass the returned cursor as 'after' to read on.");
        group.MapGet("/stream", Stream)
            .WithName("StreamEvents")
            .WithSummary("Follow the event log as server-sent events; each event's id is its cursor, so a client resumes with Last-Event-ID.");
        return group;
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ListAsync([AsParameters] EventQuery query, WorkItemQueries queries, CancellationToken ct)
    {
        var filter = Parse(query, query.After);
        if (!filter.IsSuccess)
        {
            return filter.Error!;
        }

        // One more than asked tells whether the log goes on.
        var limit = filter.Value.Limit;
        var events = await queries.EventsAsync(filter.Value with { Limit = limit + 1 }, ct);
        var page = events.Take(limit).ToList();
        return TypedResults.Ok(new EventPage(page.Select(EventDto.From).ToList(), page.Count > 0 ? page[^1].Id : filter.Value.After, events.Count > limit));
    }

    private static Results<ServerSentEventsResult<EventDto>, ProblemHttpResult> Stream(
        [AsParameters] EventQuery query, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, IServiceScopeFactory scopes, TimeProvider clock)
    {
        long? resumeAt = long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last)
            ? last
            : query.After;
        var filter = Parse(query, resumeAt);
        return filter.IsSuccess ? TypedResults.ServerSentEvents(FollowAsync(filter.Value, scopes, clock, default)) : filter.Error!;
    }

    private static async IAsyncEnumerable<SseItem<EventDto>> FollowAsync(
        EventFilter filter, IServiceScopeFactory scopes, TimeProvider clock, [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = filter.After;
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<WorkItemEvent> events;
            await using (var scope = scopes.CreateAsyncScope())
            {
                events = await scope.ServiceProvider.GetRequiredService<WorkItemQueries>().EventsAsync(filter with { After = cursor }, ct);
            }

            foreach (var e in events)
            {
                cursor = e.Id;
                yield return new SseItem<EventDto>(EventDto.From(e), e.Type)
                {
                    EventId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }

            if (events.Count < filter.Limit)
            {
                await Task.Delay(StreamPoll, clock, ct);
            }
        }
    }

    private static Result Parse(EventQuery query, long? after)
    {
        var errors = new QueryErrors();
        var activity = errors.Activity("activity", query.Activity);

        var types = (query.Type ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var type in types.Where(t => !EventTypes.All.Contains(t)))
        {
            errors.Add("type", $"Unknown event type '{type}'; use one or more of: {string.Join(", ", EventTypes.All)}.");
        }

        var from = errors.Time("from", query.From);
        var to = errors.Time("to", query.To);
        if (after is < 0)
        {
            errors.Add("after", "The cursor is an event id, 0 or more.");
        }

        var limit = query.Limit ?? 100;
        if (limit is < 1 or > EventFilter.MaxLimit)
        {
            errors.Add("limit", $"The limit is from 1 to {EventFilter.MaxLimit}.");
        }

        if (errors.Any)
        {
            return new Result(null, errors.ToProblem());
        }

        return new Result(new EventFilter(after ?? 0, limit)
        {
            WorkItemId = query.WorkItem,
            Types = types,
            ValueStream = query.ValueStream,
            Activity = activity,
            Actor = query.Actor,
            From = from,
            To = to,
        }, null);
    }

    /// <summary>A parsed filter, or the problem that says what is wrong with the query.</summary>
    private readonly record struct Result(EventFilter? Filter, ProblemHttpResult? Error)
    {
        public bool IsSuccess => Error is null;

        public EventFilter Value => Filter!;
    }
}
