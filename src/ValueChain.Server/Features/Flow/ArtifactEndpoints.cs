using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Common;
using ValueChain.Data.Flow;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Server.Features.Flow;

/// <param name="DeliveredTo">The activities whose inboxes received it; only on a single artifact.</param>
public sealed record ArtifactDetail(
    long Id, long WorkItemId, string Kind, string Title, string? Content, string ProducedBy, string Step, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? DeliveredTo = null)
{
    public static ArtifactDetail From(Artifact a, IReadOnlyList<ValueChainActivity>? deliveredTo = null) => new(
        a.Id, a.WorkItemId, a.Kind, a.Title, a.Content, a.ProducedBy.Key(), a.StepKey, a.CreatedAt, deliveredTo?.Select(d => d.Key()).ToList());
}

/// <summary>The artifacts steps produced, across all work.</summary>
internal static class ArtifactEndpoints
{
    public static RouteGroupBuilder MapArtifactEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/artifacts").WithTags("Value chain");
        group.MapGet("/", ListAsync).WithName("ListArtifacts")
            .WithSummary("Artifacts newest first, by kind, work item, producing activity and time (producedAfter/producedBefore, exclusive).");
        group.MapGet("/{id:long}", GetAsync).WithName("GetArtifact")
            .WithSummary("One artifact with the activities it was delivered to.");
        return group;
    }

    private static async Task<Results<Ok<Page<ArtifactDetail>>, ProblemHttpResult>> ListAsync(
        ArtifactQueries artifacts,
        CancellationToken ct,
        string? kind = null,
        string? workItem = null,
        string? producedBy = null,
        string? producedAfter = null,
        string? producedBefore = null,
        int offset = 0,
        int limit = Paging.DefaultLimit)
    {
        var errors = new FieldErrors().CheckPaging(offset, limit);
        long? workItemId = null;
        if (workItem is not null)
        {
            if (long.TryParse(workItem, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                workItemId = id;
            }
            else
            {
                errors.Add("workItem", $"'{workItem}' is not a work item id.");
            }
        }

        ValueChainActivity? activity = null;
        if (producedBy is not null)
        {
            if (ValueChainActivities.TryParse(producedBy, out var parsed))
            {
                activity = parsed;
            }
            else
            {
                errors.Add("producedBy", $"Unknown activity '{producedBy}'; use one of {ValueChainActivities.KeyList}.");
            }
        }

        var after = Instant(errors, "producedAfter", producedAfter);
        var before = Instant(errors, "producedBefore", producedBefore);
        if (after is not null && before is not null && after >= before)
        {
            errors.Add("producedBefore", "producedBefore must be later than producedAfter.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.From(errors.ToError("invalid-query", "The query is not valid."));
        }

        var (items, total) = await artifacts.ListAsync(
            new ArtifactFilter(string.IsNullOrWhiteSpace(kind) ? null : kind.Trim(), workItemId, activity, after, before, offset, limit), ct);
        return TypedResults.Ok(new Page<ArtifactDetail>([.. items.Select(a => ArtifactDetail.From(a))], total, offset, limit));
    }

    private static async Task<Results<Ok<ArtifactDetail>, ProblemHttpResult>> GetAsync(long id, ArtifactQueries artifacts, CancellationToken ct) =>
        await artifacts.GetAsync(id, ct) is { } found
            ? TypedResults.Ok(ArtifactDetail.From(found.Artifact, found.DeliveredTo))
            : Problems.NotFound("artifact-not-found", $"There is no artifact {id}.");

    /// <summary>An ISO 8601 instant; one without an offset is taken as UTC.</summary>
    private static DateTimeOffset? Instant(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not a date and time; use ISO 8601, e.g. 2026-11-02T08:00:00Z.");
        return null;
    }
}
