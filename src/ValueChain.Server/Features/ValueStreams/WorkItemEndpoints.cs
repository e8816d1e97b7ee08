using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.Access;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Server.Features.ValueStreams;

public sealed record WaitRequest(string? Reason, string? Note);

public sealed record NoteRequest(string? Note);

public sealed record ArtifactRequest(string? Kind, string? Title, string? Content);

public sealed record CompleteRequest(IReadOnlyList<ArtifactRequest>? Artifacts, string? Next);

public sealed record LoopBackRequest(string? To, string? Reason);

public sealed record CancelRequest(string? Reason);

/// <summary>Why the delivered work is not accepted, and optionally the completed step to redo (the last one when left out).</summary>
public sealed record ReopenRequest(string? To, string? Reason);

public sealed record ConfirmValueRequest(string? Outcome, string? ConfirmedBy, int? Rating);

public sealed record CommentRequest(string? Text);

public sealed record PriorityRequest(string? Priority, string? Reason);

public sealed record AnswerRequest(string? Answer);

/// <summary>A user name, <c>me</c> for the caller, or null to take the work back from whoever has it.</summary>
public sealed record AssignRequest(string? Assignee);

/// <summary>The filters, search, order and page of a work item list; every one is optional.</summary>
public sealed record WorkItemListQuery(
    string? State = null,
    string? ValueStream = null,
    string? Activity = null,
    string? Step = null,
    string? Team = null,
    string? Service = null,
    string? DemandType = null,
    string? Requester = null,
    string? Assignee = null,
    string? Priority = null,
    string? CreatedFrom = null,
    string? CreatedTo = null,
    string? UpdatedFrom = null,
    string? UpdatedTo = null,
    string? Q = null,
    string? Sort = null,
    int? Offset = null,
    int? Limit = null,
    [property: Description("A cursor: the items after this work item id in the list's order, for the next page (the `next` of the previous answer). Only with `sort` = `-created` (the default) or `created`, and no `offset`.")]
    long? After = null);

/// <summary>Work items: the runs of value streams, listed, read and moved step by step.</summary>
internal static class WorkItemEndpoints
{
    public static RouteGroupBuilder MapWorkItemEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/work-items").WithTags("Work items");

        group.MapGet("/", ListAsync).WithName("ListWorkItems").WithSummary("List work items, newest first, with filters and paging.")
            .WithDescription("Page with `offset`, or in id order with the `after` cursor (each answer's `next`), which costs a page however deep. "
                + "`total` counts at most 1,000 matches; beyond that it is a lower bound and `totalIsLowerBound` is true.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetWorkItem").WithSummary("A work item with its step visits, artifacts and next options.");
        group.MapGet("/{id:long}/events", EventsAsync).WithName("GetWorkItemEvents").WithSummary("The event log of one work item.");

        group.MapPost("/{id:long}/start", (long id, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new StartStep(), http, commands, queries, catalog, ct))
            .WithName("StartStep").WithSummary("Start the current step.");
        group.MapPost("/{id:long}/wait", (long id, WaitRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                Enum.TryParse<WaitReason>(body.Reason, ignoreCase: true, out var reason) && Enum.IsDefined(reason)
                    ? ApplyAsync(id, new WaitStep(reason, body.Note), http, commands, queries, catalog, ct)
                    : Task.FromResult<Results<Ok<WorkItemDetail>, ProblemHttpResult>>(Problems.InvalidField("unknown-wait-reason", "reason",
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
        group.MapPost("/{id:long}/reopen", (long id, ReopenRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new ReopenWork(body.To, body.Reason ?? ""), http, commands, queries, catalog, ct))
            .WithName("ReopenWorkItem")
            .WithSummary("Reopen delivered work the consumer does not accept: it goes back to a completed step, and its service level clocks resume.");
        group.MapGet("/{id:long}/comments", CommentsAsync)
            .WithName("ListComments").WithSummary("The conversation about a work item: comments and the requester's answers, oldest first.");
        group.MapPost("/{id:long}/comments", (long id, CommentRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new AddComment(body.Text ?? ""), http, commands, queries, catalog, ct))
            .WithName("AddComment").WithSummary("Add a comment; requesters comment on their own work items, staff on any.");
        group.MapPost("/{id:long}/answer", (long id, AnswerRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                ApplyAsync(id, new AnswerWait(body.Answer ?? ""), http, commands, queries, catalog, ct))
            .WithName("AnswerWorkItem").WithSummary("Answer a step that waits for the customer; the step resumes with the answer.");
        group.MapPost("/{id:long}/priority", (long id, PriorityRequest body, HttpContext http, WorkItemCommands commands, WorkItemQueries queries, ValueStreamCatalog catalog, CancellationToken ct) =>
                Enum.TryParse<Priority>(body.Priority, ignoreCase: true, out var priority) && Enum.IsDefined(priority)
                    ? ApplyAsync(id, new ChangePriority(priority, body.Reason), http, commands, queries, catalog, ct)
                    : Task.FromResult<Results<Ok<WorkItemDetail>, ProblemHttpResult>>(Problems.InvalidField("unknown-priority", "priority",
                        $"Give a priority: one of {string.Join(", ", Enum.GetNames<Priority>().Select(n => n.ToLowerInvariant()))}.")))
            .WithName("ChangePriority").WithSummary("Change the work item's priority, with a reason; its service level clocks count on with the new targets.");
        group.MapPost("/{id:long}/assign", AssignAsync)
            .WithName("AssignWorkItem").WithSummary("Give the current step to a person (a user name, or 'me'), or take it back with a null assignee.");
        return group;
    }

    /// <summary>The sort keys the list accepts; a leading '-' reverses the order.</summary>
    private static readonly Dictionary<string, WorkItemSort> Sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["-created"] = WorkItemSort.Newest,
        ["created"] = WorkItemSort.Oldest,
        ["-updated"] = WorkItemSort.RecentlyUpdated,
        ["updated"] = WorkItemSort.LeastRecentlyUpdated,
        ["priority"] = WorkItemSort.MostUrgent,
        ["-priority"] = WorkItemSort.LeastUrgent,
        ["title"] = WorkItemSort.Title,
        ["-title"] = WorkItemSort.TitleDescending,
    };

    private static async Task<Results<Ok<Infrastructure.Page<WorkItemSummary>>, ProblemHttpResult>> ListAsync(
        [AsParameters] WorkItemListQuery query, WorkItemQueries queries, CancellationToken ct)
    {
        var errors = new QueryErrors();
        var state = errors.Enum<WorkItemState>("state", query.State);
        var priority = errors.Enum<Priority>("priority", query.Priority);
        var activity = errors.Activity("activity", query.Activity);

        var createdFrom = errors.Time("createdFrom", query.CreatedFrom);
        var createdTo = errors.Time("createdTo", query.CreatedTo);
        var updatedFrom = errors.Time("updatedFrom", query.UpdatedFrom);
        var updatedTo = errors.Time("updatedTo", query.UpdatedTo);
        var sort = WorkItemSort.Newest;
        if (query.Sort is not null && !Sorts.TryGetValue(query.Sort, out sort))
        {
            errors.Add("sort", $"Unknown sort '{query.Sort}'; use one of: {string.Join(", ", Sorts.Keys)}.");
        }

        var terms = WorkItemSearch.Terms(query.Q);
        if (query.Q is not null && terms.Count == 0)
        {
            errors.Add("q", "Search for at least one word of letters or digits.");
        }

        var offset = query.Offset ?? 0;
        var limit = query.Limit ?? 50;
        if (offset < 0)
        {
            errors.Add("offset", "The offset is 0 or more.");
        }

        if (limit is < 1 or > WorkItemFilter.MaxLimit)
        {
            errors.Add("limit", $"The limit is from 1 to {WorkItemFilter.MaxLimit}.");
        }

        if (query.After is { } after)
        {
            if (after < 1)
            {
                errors.Add("after", "The cursor is a work item id: the `next` of the previous page.");
            }

            if (!sort.PagesById())
            {
                errors.Add("after", $"A cursor pages lists in id order only: sort by -created (the default) or created, or page '{query.Sort}' with offset.");
            }

            if (offset > 0)
            {
                errors.Add("after", "Give either a cursor or an offset, not both: the cursor already says where the page starts.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var filter = new WorkItemFilter(state, query.ValueStream, activity, query.Step, query.Team, query.Service, query.DemandType, offset, limit)
        {
            Requester = query.Requester,
            Assignee = query.Assignee,
            Priority = priority,
            CreatedFrom = createdFrom,
            CreatedTo = createdTo,
            UpdatedFrom = updatedFrom,
            UpdatedTo = updatedTo,
            SearchTerms = terms,
            Sort = sort,
            After = query.After,
        };
        var page = await queries.ListAsync(filter, ct);
        return TypedResults.Ok(new Infrastructure.Page<WorkItemSummary>(page.Items.Select(WorkItemSummary.From).ToList(), page.Total, page.Offset, page.Limit)
        {
            TotalIsLowerBound = page.TotalIsLowerBound,
            Next = page.Next,
        });
    }

    private static async Task<Results<Ok<WorkItemDetail>, ProblemHttpResult>> AssignAsync(
        long id, AssignRequest body, HttpContext http, AccountDirectory accounts, WorkItemCommands commands, WorkItemQueries queries,
        ValueStreamCatalog catalog, CancellationToken ct)
    {
        var assignee = string.IsNullOrWhiteSpace(body.Assignee) ? null : body.Assignee.Trim();
        if (assignee == "me")
        {
            assignee = http.Actor();
        }

        if (assignee is not null && await accounts.FindAsync(assignee) is not { Disabled: false })
        {
            return Problems.InvalidField("unknown-assignee", "assignee", $"There is no active account '{assignee}' to assign the work to.");
        }

        return await ApplyAsync(id, new AssignWork(assignee), http, commands, queries, catalog, ct);
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

    private static async Task<Results<Ok<IReadOnlyList<ConversationEntry>>, ProblemHttpResult>> CommentsAsync(long id, WorkItemQueries queries, CancellationToken ct)
    {
        if (await queries.GetAsync(id, ct) is null)
        {
            return Problems.NotFound("work-item-not-found", $"There is no work item {id}.");
        }

        return TypedResults.Ok(await queries.ConversationAsync(id, ct));
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
        return Detail(item, stream, await queries.ArtifactsAsync(item.Id, ct), http);
    }

    /// <summary>The detail of a work item whose artifacts the caller already knows, with its revision as the ETag.</summary>
    internal static Ok<WorkItemDetail> Detail(WorkItem item, ValueStreamDefinition stream, IReadOnlyList<Artifact> artifacts, HttpContext http)
    {
        http.Response.Headers.ETag = Requests.ETag(item.Revision);
        return TypedResults.Ok(WorkItemDetail.From(item, stream, artifacts));
    }
}
