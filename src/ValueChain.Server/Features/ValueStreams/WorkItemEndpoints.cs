using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Server.Features.ValueStreams;

public sealed record WaitRequest(string? Reason, string? Note);

public sealed record NoteRequest(string? Note);

public sealed record ArtifactRequest(string? Kind, string? Title, string? Content);

public sealed record CompleteRequest(IReadOnlyList<ArtifactRequest>? Artifacts, string? Next);

public sealed record LoopBackRequest(string? To, string? Reason);

public sealed record CancelRequest(string? Reason);

public sealed record ConfirmValueRequest(string? Outcome, string? ConfirmedBy, int? Rating);

/// <summary>Work items: the runs of value streams, listed, read and moved step by step.</summary>
internal static class WorkItemEndpoints
{
    public static RouteGroupBuilder MapWorkItemEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/work-items").WithTags("Work items");

        group.MapGet("/", ListAsync).WithName("ListWorkItems").WithSummary("List work items, newest first, with filters and paging.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetWorkItem").WithSummary("A work item with its step visits, artifacts and next options.");
        group.MapGet("/{id:long}/events", EventsAsync).WithName("GetWorkItemEvents").WithSummary("The event log of one work item.");

        group.MapPost("/{id:long}/start", (long id, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new StartStep(), http, commands, queries, catalog, ct))
            .WithName("StartStep").WithSummary("Start the current step.");
        group.MapPost("/{id:long}/wait", (long id, WaitRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                Enum.TryParse<WaitReason>(body.Reason, ignoreCase: true, out var reason) && Enum.IsDefined(reason)
                    ? ApplyAsync(id, new WaitStep(reason, body.Note), http, commands, queries, catalog, ct)
                    : Task.FromResult<Results<Ok<WorkItemDetail>, ProblemHttpResult>>(Problems.Invalid("unknown-wait-reason",
                        $"Say what the step waits for: one of {string.Join(", ", Enum.GetNames<WaitReason>().Select(n => n.ToLowerInvariant()))}.")))
            .WithName("WaitStep").WithSummary("Put the current step on wait, with a reason.");
        group.MapPost("/{id:long}/resume", (long id, NoteRequest? body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new ResumeStep(body?.Note), http, commands, queries, catalog, ct))
            .WithName("ResumeStep").WithSummary("Resume a waiting step.");
        group.MapPost("/{id:long}/complete", (long id, CompleteRequest? body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new CompleteStep(
                    (body?.Artifacts ?? []).Select(a => new ArtifactOutput(a.Kind ?? "", a.Title ?? "", a.Content)).ToList(), body?.Next),
                    http, commands, queries, catalog, ct))
            .WithName("CompleteStep").WithSummary("Complete the current step with the artifacts it produced, and move on.");
        group.MapPost("/{id:long}/loop-back", (long id, LoopBackRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new LoopBack(body.To ?? "", body.Reason ?? ""), http, commands, queries, catalog, ct))
            .WithName("LoopBack").WithSummary("Send the work back to a step it has completed before.");
        group.MapPost("/{id:long}/cancel", (long id, CancelRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new CancelWork(body.Reason ?? ""), http, commands, queries, catalog, ct))
            .WithName("CancelWorkItem").WithSummary("Cancel the work, with a reason.");
        group.MapPost("/{id:long}/confirm-value", (long id, ConfirmValueRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new ConfirmValue(body.Outcome ?? "", body.ConfirmedBy ?? "", body.Rating), http, commands, queries, catalog, ct))
            .WithName("ConfirmValue").WithSummary("Record the value the consumer confirms at the end of the stream.");
        return group;
    }

    private static async Task<Results<Ok<PageDto<WorkItemSummary>>, ProblemHttpResult>> ListAsync(
        WorkItemQueries queries,
        CancellationToken ct,
        string? state = null,
        string? valueStream = null,
        string? activity = null,
        string? step = null,
        string? team = null,
        string? service = null,
        string? demandType = null,
        int offset = 0,
        int limit = 50)
    {
        WorkItemState? parsedState = null;
        if (state is not null)
        {
            if (!Enum.TryParse<WorkItemState>(state.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var s))
            {
                return Problems.Invalid("unknown-state", $"Unknown state '{state}'. Use active, delivered, value-realized or cancelled.");
            }

            parsedState = s;
        }

        ValueChainActivity? parsedActivity = null;
        if (activity is not null)
        {
            if (!ValueChainActivities.TryParse(activity, out var a))
            {
                return Problems.Invalid("unknown-activity", $"Unknown activity '{activity}'. Use one of: {ValueChainActivities.KeyList}.");
            }

            parsedActivity = a;
        }

        if (limit is < 1 or > WorkItemFilter.MaxLimit || offset < 0)
        {
            return Problems.Invalid("bad-paging", $"Use 0 <= offset and 1 <= limit <= {WorkItemFilter.MaxLimit}.");
        }

        var page = await queries.ListAsync(
            new WorkItemFilter(parsedState, valueStream, parsedActivity, step, team, service, demandType, offset, limit), ct);
        return TypedResults.Ok(new PageDto<WorkItemSummary>(page.Items.Select(WorkItemSummary.From).ToList(), page.Total, page.Offset, page.Limit));
    }

    private static async Task<Results<Ok<WorkItemDetail>, ProblemHttpResult>> GetAsync(
        long id, HttpContext http, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct)
    {
        var item = await queries.GetAsync(id, ct);
        if (item is null)
        {
            return Problems.NotFound("work-item-not-found", $"There is no work item {id}.");
        }

        return await DetailAsync(item, http, queries, catalog, ct);
    }

    private static async Task<Results<Ok<IReadOnlyList<EventDto>>, ProblemHttpResult>> EventsAsync(long id, WorkItemQueries queries, CancellationToken ct)
    {
        if (await queries.GetAsync(id, ct) is null)
        {
            return Problems.NotFound("work-item-not-found", $"There is no work item {id}.");
        }

        var events = await queries.EventsAsync(id, 0, 1000, ct);
        return TypedResults.Ok<IReadOnlyList<EventDto>>(events.Select(EventDto.From).ToList());
    }

    private static async Task<Results<Ok<WorkItemDetail>, ProblemHttpResult>> ApplyAsync(
        long id, WorkItemCommand command, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var result = await commands.ApplyAsync(id, command with { ExpectedRevision = expected }, http.Actor(), ct);
        return result.IsSuccess ? await DetailAsync(result.Value, http, queries, catalog, ct) : Problems.From(result.Error!);
    }

    internal static async Task<Results<Ok<WorkItemDetail>, ProblemHttpResult>> DetailAsync(
        WorkItem item, HttpContext http, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct)
    {
        var stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, ct);
        var artifacts = await queries.ArtifactsAsync(item.Id, ct);
        http.Response.Headers.ETag = Requests.ETag(item.Revision);
        return TypedResults.Ok(WorkItemDetail.From(item, stream, artifacts));
    }
}
