using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.Flow;
using ValueChain.Flow;
using ValueChain.Server.Features.ValueStreams;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Features.Flow;

public sealed record InboxArtifactDto(long Id, DateTimeOffset DeliveredAt, long WorkItemId, ArtifactDto Artifact);

public sealed record InboxDto(string Activity, string Name, IReadOnlyList<WorkItemSummary> Work, IReadOnlyList<InboxArtifactDto> Artifacts);

public sealed record ActivityDto(string Key, string Name, string Purpose, IReadOnlyList<string> OwnedRecords);

public sealed record ActivityLoadDto(string Activity, string Name, int ActiveWork, int Waiting, int ArtifactsReceived);

public sealed record ActivityFlowDto(string From, string To, int Artifacts);

public sealed record ValueChainDto(IReadOnlyList<ActivityLoadDto> Activities, IReadOnlyList<ActivityFlowDto> Flows);

public sealed record ArtifactKindDto(string Key, string Name, IReadOnlyList<string> ProducedBy, bool FromGovernance, IReadOnlyList<string> DeliveredTo, IReadOnlyList<string> External);

/// <summary>The value chain's activities, the information flowing between them, and each activity's inbox.</summary>
internal static class InboxEndpoints
{
    public static RouteGroupBuilder MapActivityEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/activities").WithTags("Value chain");
        group.MapGet("/", () => TypedResults.Ok(ValueChainActivities.All.Select(a => new ActivityDto(a.Key, a.Name, a.Purpose, a.OwnedRecords)).ToList()))
            .WithName("ListActivities").WithSummary("The six value chain activities and their purpose.");
        group.MapGet("/{activity}/inbox", InboxAsync)
            .WithName("GetActivityInbox").WithSummary("Work at the activity's steps and the artifacts routed to it.");

        routes.MapGet("/api/v1/flow-map", () => TypedResults.Ok(InformationFlowMap.Default.Kinds.Select(k => new ArtifactKindDto(
                k.Key, k.Name, k.Producers.Select(p => p.Key()).ToList(), k.FromGovernance, k.Receivers.Select(r => r.Key()).ToList(), k.External)).ToList()))
            .WithTags("Value chain").WithName("GetFlowMap").WithSummary("Which activity produces which kind of information, and who receives it.");
        routes.MapGet("/api/v1/value-chain", async (ValueChainOverview overview, CancellationToken ct) =>
            {
                var snapshot = await overview.SnapshotAsync(ct);
                return TypedResults.Ok(new ValueChainDto(
                    snapshot.Activities.Select(a => new ActivityLoadDto(a.Activity.Key(), a.Activity.Info().Name, a.ActiveWork, a.Waiting, a.ArtifactsReceived)).ToList(),
                    snapshot.Flows.Select(f => new ActivityFlowDto(f.From.Key(), f.To.Key(), f.Artifacts)).ToList()));
            })
            .WithTags("Value chain").WithName("GetValueChain")
            .WithSummary("The value chain now: work and waiting work at each activity, and how many artifacts went from each activity to each other.");
        return group;
    }

    private static async Task<Results<Ok<InboxDto>, ProblemHttpResult>> InboxAsync(string activity, InboxQueries inboxes, CancellationToken ct, int limit = 100)
    {
        if (!ValueChainActivities.TryParse(activity, out var parsed))
        {
            return Problems.NotFound("activity-not-found", $"There is no activity '{activity}'. The activities are: {ValueChainActivities.KeyList}.");
        }

        var inbox = await inboxes.ForActivityAsync(parsed, limit, ct);
        return TypedResults.Ok(new InboxDto(
            parsed.Key(),
            parsed.Info().Name,
            inbox.Work.Select(WorkItemSummary.From).ToList(),
            inbox.Artifacts.Select(e => new InboxArtifactDto(e.Id, e.DeliveredAt, e.Artifact!.WorkItemId, WorkItemDetail.ArtifactDtoFrom(e.Artifact))).ToList()));
    }
}
