using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>
/// A small service desk stream shared by the work item tests. It branches at <c>repair</c> (to <c>confirm</c> or
/// <c>replace-part</c>) and loops twice (<c>replace-part</c> and <c>confirm</c> both lead back to <c>repair</c>).
/// Its steps produce artifacts with different routes: to one activity, to several, to every other activity and to
/// no activity at all.
/// </summary>
internal static class FixWorkplace
{
    public const string Key = "fix-workplace";

    public const string Yaml = """
        key: fix-workplace
        name: Fix a workplace problem
        demand: [incident, service-request]
        steps:
          - key: log
            name: Log the call
            activity: engage
            practices: [service-desk]
            team: service-desk
            produces: [user-support-tasks, stakeholder-feedback]
            next: [repair]
          - key: repair
            name: Repair at the desk
            activity: deliver-support
            practices: [incident-management, service-request-management]
            team: field-support
            consumes: [user-support-tasks]
            produces: [support-task-completion, performance-information, change-requests, services-delivered]
            next: [confirm, replace-part]
          - key: replace-part
            name: Obtain a replacement part
            activity: obtain-build
            practices: [supplier-management]
            team: procurement
            consumes: [change-requests]
            produces: [service-components, service-knowledge]
            next: [repair]
          - key: confirm
            name: Confirm with the user
            activity: engage
            practices: [service-desk]
            consumes: [support-task-completion]
            next: [value, repair]
        value:
          outcome: The user works again.
          confirmed-by: requester
        """;

    public static ValueStreamDefinition Stream { get; } = Read(Yaml);

    public static ValueStreamDefinition Read(string yaml)
    {
        var result = ValueStreamReader.Read(yaml);
        return result.IsValid
            ? result.Definition!
            : throw new InvalidOperationException("Test stream is invalid: " + string.Join("; ", result.Errors));
    }
}

/// <summary>A clock and the people who act on work items, so each test reads as a sequence of timed actions.</summary>
internal sealed class Desk
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public const string Agent = "ann";

    public const string Resolver = "bob";

    public FakeTimeProvider Clock { get; } = new(Monday);

    public DateTimeOffset Now => Clock.GetUtcNow();

    public ValueStreamDefinition Stream { get; init; } = FixWorkplace.Stream;

    public DateTimeOffset Advance(TimeSpan by)
    {
        Clock.Advance(by);
        return Now;
    }

    public WorkItem Open(string demandType = "incident", string title = "Laptop does not boot") =>
        WorkItem.Open(Stream, 1, new DemandDetails(demandType, title), Agent, Now).Succeeded().Item;

    public Transition Start(WorkItem item) => item.Start(Stream, Resolver, Now).Succeeded();

    public Transition Complete(WorkItem item, string? next = null, params ArtifactOutput[] outputs) =>
        item.Complete(Stream, outputs, next, InformationFlowMap.Default, Resolver, Now).Succeeded();

    /// <summary>Opens an item and works it to <c>repair</c>, in progress.</summary>
    public WorkItem AtRepairInProgress()
    {
        var item = Open();
        Start(item);
        Complete(item);
        Start(item);
        return item;
    }

    /// <summary>Opens an item and works it to <c>confirm</c>, in progress, having completed log and repair once each.</summary>
    public WorkItem AtConfirmInProgress()
    {
        var item = AtRepairInProgress();
        Complete(item, "confirm");
        Start(item);
        return item;
    }

    /// <summary>Opens an item and works it through to value delivered, awaiting confirmation.</summary>
    public WorkItem Delivered()
    {
        var item = AtConfirmInProgress();
        Complete(item, "value");
        return item;
    }
}

internal static class WorkItemAssertions
{
    public static T Succeeded<T>(this Result<T> result)
    {
        Assert.True(result.IsSuccess, $"Expected success, got {result.Error}");
        return result.Value;
    }

    public static DomainError Refused<T>(this Result<T> result, ErrorKind kind, string code)
    {
        Assert.False(result.IsSuccess, "Expected the operation to be refused.");
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        return result.Error;
    }

    /// <summary>
    /// Lets time pass, makes the attempt, and checks it is refused with <paramref name="code"/> and that nothing
    /// about the item moved, not even its revision or last-change time.
    /// </summary>
    public static DomainError RefusedWithoutChange(
        this WorkItem item, Desk desk, Func<DateTimeOffset, Result<Transition>> attempt, ErrorKind kind, string code)
    {
        desk.Advance(TimeSpan.FromMinutes(7));
        var before = WorkItemSnapshot.Of(item);

        var error = attempt(desk.Now).Refused(kind, code);

        Assert.Equal(before, WorkItemSnapshot.Of(item));
        return error;
    }

    /// <summary>Makes one of the seven transitions by name with plausible arguments, so a test can try them all.</summary>
    public static Result<Transition> Attempt(this WorkItem item, string transition, ValueStreamDefinition stream, DateTimeOffset at) =>
        transition switch
        {
            "start" => item.Start(stream, Desk.Resolver, at),
            "wait" => item.Wait(stream, WaitReason.Customer, null, Desk.Resolver, at),
            "resume" => item.Resume(stream, null, Desk.Resolver, at),
            "complete" => item.Complete(stream, [], "value", InformationFlowMap.Default, Desk.Resolver, at),
            "loop-back" => item.LoopBack(stream, "repair", "Fault came back", Desk.Resolver, at),
            "cancel" => item.Cancel(stream, "No longer needed", Desk.Agent, at),
            "confirm-value" => item.ConfirmValue(stream, "Works again", "dana", 5, Desk.Agent, at),
            _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, "Not a work item transition."),
        };

    /// <summary>The receiving activities of some deliveries, in a fixed order so that sets compare.</summary>
    public static ValueChainActivity[] Receivers(this IEnumerable<InboxEntry> deliveries) =>
        deliveries.Select(d => d.Activity).Order().ToArray();

    public static ValueChainActivity[] Sorted(params ValueChainActivity[] activities) => activities.Order().ToArray();

    public static JsonElement DataOf(this WorkItemEvent @event)
    {
        Assert.NotNull(@event.Data);
        return JsonDocument.Parse(@event.Data).RootElement;
    }
}

/// <summary>Everything a transition could change on a work item, as one comparable value.</summary>
internal sealed record WorkItemSnapshot(
    WorkItemState State,
    string? CurrentStepKey,
    ValueChainActivity? CurrentActivity,
    StepStatus? CurrentStepStatus,
    WaitReason? CurrentWaitReason,
    string? CurrentTeam,
    string? Assignee,
    int Revision,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ClosedAt,
    string? Outcome,
    string? ConfirmedBy,
    int? Rating,
    string? CancelReason,
    string Visits)
{
    public static WorkItemSnapshot Of(WorkItem item) => new(
        item.State,
        item.CurrentStepKey,
        item.CurrentActivity,
        item.CurrentStepStatus,
        item.CurrentWaitReason,
        item.CurrentTeam,
        item.Assignee,
        item.Revision,
        item.UpdatedAt,
        item.DeliveredAt,
        item.ClosedAt,
        item.Outcome,
        item.ConfirmedBy,
        item.Rating,
        item.CancelReason,
        string.Join(" | ", item.Visits.Select(v => FormattableString.Invariant(
            $"{v.Ordinal} {v.StepKey} {v.Activity} {v.Team} {v.EnteredAt:O} {v.StartedAt:O} {v.WaitingSince:O} {v.Waited} {v.LeftAt:O} {v.Outcome}"))));
}
