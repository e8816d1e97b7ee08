using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Server.Features.ValueStreams;

public sealed record WorkItemSummary(
    long Id,
    string Title,
    string DemandType,
    string? Service,
    string? Requester,
    Priority Priority,
    string ValueStream,
    int ValueStreamVersion,
    WorkItemState State,
    string? Step,
    string? Activity,
    StepStatus? StepStatus,
    WaitReason? WaitReason,
    string? Team,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Revision)
{
    public static WorkItemSummary From(WorkItem w) => new(
        w.Id, w.Title, w.DemandType, w.ServiceKey, w.Requester, w.Priority, w.ValueStreamKey, w.ValueStreamVersion, w.State,
        w.CurrentStepKey, w.CurrentActivity?.Key(), w.CurrentStepStatus, w.CurrentWaitReason, w.CurrentTeam, w.Assignee, w.CreatedAt, w.UpdatedAt, w.Revision);
}

public sealed record StepVisitDto(
    int Ordinal, string Step, string Name, string Activity, string? Team, DateTimeOffset EnteredAt, DateTimeOffset? StartedAt,
    DateTimeOffset? LeftAt, double WaitedMinutes, VisitOutcome? Outcome, double? TargetMinutes);

public sealed record ArtifactDto(long Id, string Kind, string Title, string? Content, string ProducedBy, string Step, DateTimeOffset CreatedAt);

public sealed record WorkItemDetail(
    WorkItemSummary Summary,
    string? Description,
    string? Channel,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ClosedAt,
    string? Outcome,
    string? ConfirmedBy,
    int? Rating,
    string? CancelReason,
    IReadOnlyList<string> NextOptions,
    IReadOnlyList<string> Produces,
    IReadOnlyList<StepVisitDto> Visits,
    IReadOnlyList<ArtifactDto> Artifacts)
{
    public static WorkItemDetail From(WorkItem w, ValueStreamDefinition stream, IReadOnlyList<Artifact> artifacts)
    {
        var current = w.CurrentStepKey is { } key ? stream.FindStep(key) : null;
        return new WorkItemDetail(
            WorkItemSummary.From(w), w.Description, w.Channel, w.DeliveredAt, w.ClosedAt, w.Outcome, w.ConfirmedBy, w.Rating, w.CancelReason,
            current?.Next ?? [],
            current?.Produces ?? [],
            w.Visits.OrderBy(v => v.Ordinal).Select(v => new StepVisitDto(
                v.Ordinal, v.StepKey, stream.FindStep(v.StepKey)?.Name ?? v.StepKey, v.Activity.Key(), v.Team, v.EnteredAt, v.StartedAt, v.LeftAt,
                Math.Round(v.Waited.TotalMinutes, 2), v.Outcome, stream.FindStep(v.StepKey)?.Target?.TotalMinutes)).ToList(),
            artifacts.Select(ArtifactDtoFrom).ToList());
    }

    public static ArtifactDto ArtifactDtoFrom(Artifact a) => new(a.Id, a.Kind, a.Title, a.Content, a.ProducedBy.Key(), a.StepKey, a.CreatedAt);
}

public sealed record EventDto(
    long Id, long WorkItemId, int Sequence, string Type, string Actor, DateTimeOffset OccurredAt, string ValueStream, string? Step,
    string? Activity, string? FromStatus, string? ToStatus, System.Text.Json.JsonElement? Data)
{
    public static EventDto From(WorkItemEvent e) => new(
        e.Id, e.WorkItemId, e.Sequence, e.Type, e.Actor, e.OccurredAt, e.ValueStreamKey, e.StepKey, e.Activity?.Key(), e.FromStatus, e.ToStatus,
        e.Data is null ? null : System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone());
}
