using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.Engage;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage.Agreements;
using ValueChain.Server.Infrastructure;

namespace ValueChain.Server.Features.Engage;

public sealed record AgreementsDto(int Version, DateTimeOffset EffectiveFrom, string PublishedBy, IReadOnlyList<string> Calendars, IReadOnlyList<string> Agreements, string Source);

/// <summary>One service level clock of a work item, in minutes of the time it counts (business or calendar).</summary>
public sealed record ClockDto(
    string Key, string Kind, string? Party, string Target, string? Agreement, string State, bool Counting, string Priority,
    double DurationMinutes, double ElapsedMinutes, double PausedMinutes, double RemainingMinutes,
    DateTimeOffset? StartedAt, DateTimeOffset? StoppedAt, DateTimeOffset? BreachAt, DateTimeOffset? BreachedAt,
    IReadOnlyList<int> WarningsReached, DateTimeOffset? NextWarningAt)
{
    public static ClockDto From(ItemClock clock)
    {
        var s = clock.Status;
        return new ClockDto(
            clock.Key.ToString(), ValueChain.Common.Words.Of(clock.Key.Kind), clock.Key.Party, clock.Key.Target, s.AgreementKey,
            ValueChain.Common.Words.Of(s.State), s.Counting, s.Priority.ToString().ToLowerInvariant(),
            Math.Round(s.Duration.TotalMinutes, 2), Math.Round(s.Elapsed.TotalMinutes, 2), Math.Round(s.Paused.TotalMinutes, 2),
            Math.Round(s.Remaining.TotalMinutes, 2), s.StartedAt, s.StoppedAt, s.BreachAt, s.BreachedAt, s.WarningsReached, s.NextWarningAt);
    }
}

/// <summary>The service level agreements, published as versions of one YAML file, and the clocks they give work items.</summary>
internal static class AgreementEndpoints
{
    public static RouteGroupBuilder MapAgreementEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/agreements").WithTags("Service levels");
        group.MapGet("/", async Task<Results<Ok<AgreementsDto>, ProblemHttpResult>> (HttpContext http, ServiceLevels levels, CancellationToken ct) =>
            {
                if (await levels.CurrentAsync(ct) is not { } current)
                {
                    return Problems.NotFound("no-agreements", "No agreements have been published yet.");
                }

                http.Response.Headers.ETag = Requests.ETag(current.Version);
                return TypedResults.Ok(Dto(current));
            })
            .WithName("GetAgreements").WithSummary("The agreements and calendars in force: the latest published version of the agreements file.");
        group.MapPost("/", PublishAsync)
            .WithName("PublishAgreements")
            .WithSummary("Validate and publish a new version of the agreements file (YAML as the body, or {\"source\": \"...\"}); it is in force from now.");

        routes.MapGet("/api/v1/work-items/{id:long}/clocks", ClocksAsync)
            .WithTags("Service levels").WithName("GetWorkItemClocks")
            .WithSummary("The work item's service level clocks now: state, elapsed, paused and remaining time, and when warnings and the breach fall due.");
        return group;
    }

    private static async Task<Results<Created<AgreementsDto>, Ok<AgreementsDto>, ProblemHttpResult>> PublishAsync(
        HttpContext http, ServiceLevels levels, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var source = await SourceAsync(http.Request, ct);
        if (string.IsNullOrWhiteSpace(source))
        {
            return Problems.Invalid("source-required", "Send the agreements file as the request body (YAML).");
        }

        var published = await levels.PublishAsync(source, http.Actor(), expected, ct);
        if (!published.IsSuccess)
        {
            return Problems.From(published.Error!);
        }

        var dto = Dto(published.Value.Version);
        return published.Value.Created ? TypedResults.Created("/api/v1/agreements", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<IReadOnlyList<ClockDto>>, ProblemHttpResult>> ClocksAsync(
        long id, WorkItemQueries queries, ValueStreamCatalog catalog, ServiceLevels levels, CancellationToken ct)
    {
        if (await queries.GetAsync(id, ct) is not { } item)
        {
            return Problems.NotFound("work-item-not-found", $"There is no work item {id}.");
        }

        var stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, ct);
        var events = await queries.EventsAsync(id, 0, EventFilter.MaxLimit, ct);
        var clocks = await levels.ClocksAsync(item, stream, events, ct);
        return TypedResults.Ok<IReadOnlyList<ClockDto>>([.. clocks.Select(ClockDto.From)]);
    }

    private static AgreementsDto Dto(AgreementVersion version)
    {
        var set = AgreementReader.Read(version.Source).Set;
        return new AgreementsDto(version.Version, version.EffectiveFrom, version.PublishedBy,
            [.. set?.Calendars.Select(c => c.Key) ?? []], [.. set?.Agreements.Select(a => a.Key) ?? []], version.Source);
    }

    private static async Task<string> SourceAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("source", out var source) && source.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    return source.GetString()!;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: the YAML reader reports the problem with a location.
            }
        }

        return body;
    }
}
