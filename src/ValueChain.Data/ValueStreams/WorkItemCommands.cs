using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.ValueStreams;

/// <summary>A request to move a work item through its value stream.</summary>
public abstract record WorkItemCommand
{
    /// <summary>The revision the caller last saw; when given and stale, the command is refused as a conflict.</summary>
    public int? ExpectedRevision { get; init; }
}

public sealed record StartStep : WorkItemCommand;

public sealed record WaitStep(WaitReason Reason, string? Note) : WorkItemCommand;

public sealed record ResumeStep(string? Note) : WorkItemCommand;

public sealed record CompleteStep(IReadOnlyList<ArtifactOutput> Outputs, string? Next) : WorkItemCommand;

public sealed record LoopBack(string ToStep, string Reason) : WorkItemCommand;

public sealed record CancelWork(string Reason) : WorkItemCommand;

/// <summary>Delivered work the consumer does not accept, back to a step it completed (the last one when <paramref name="ToStep"/> is null).</summary>
public sealed record ReopenWork(string? ToStep, string Reason) : WorkItemCommand;

public sealed record ConfirmValue(string Outcome, string ConfirmedBy, int? Rating) : WorkItemCommand;

/// <summary>Gives the current step to a person, or takes it back when <paramref name="Assignee"/> is null.</summary>
public sealed record AssignWork(string? Assignee) : WorkItemCommand;

/// <summary>A comment in the conversation about the work; it moves nothing.</summary>
public sealed record AddComment(string Text) : WorkItemCommand;

/// <summary>The requester's answer to a step waiting for them; the step resumes with it.</summary>
public sealed record AnswerWait(string Answer) : WorkItemCommand;

/// <summary>A new priority for the work, and why.</summary>
public sealed record ChangePriority(Priority Priority, string? Reason) : WorkItemCommand;

/// <summary>What a service level clock did to the work: a warning, a breach or an escalation.</summary>
public sealed record RecordServiceLevel(string Clock, string Action, int Percent, string? To) : WorkItemCommand;

/// <summary>Applies transitions to work items: the state change and its event are saved in one transaction.</summary>
public sealed class WorkItemCommands(ValueChainDbContext db, ValueStreamCatalog catalog, TimeProvider clock)
{
    private readonly InformationFlowMap _flowMap = InformationFlowMap.Default;

    public async Task<Result<WorkItem>> ApplyAsync(long id, WorkItemCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var item = await TrackedById.For(db)(db, id, cancellationToken);
        if (item is null)
        {
            return DomainError.NotFound("work-item-not-found", $"There is no work item {id}.");
        }

        if (command.ExpectedRevision is { } expected && expected != item.Revision)
        {
            return StaleRevision(item);
        }

        var stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, cancellationToken);
        var now = clock.GetUtcNow();
        var transition = command switch
        {
            StartStep => item.Start(stream, actor, now),
            WaitStep wait => item.Wait(stream, wait.Reason, wait.Note, actor, now),
            ResumeStep resume => item.Resume(stream, resume.Note, actor, now),
            CompleteStep complete => item.Complete(stream, complete.Outputs, complete.Next, _flowMap, actor, now),
            LoopBack loop => item.LoopBack(stream, loop.ToStep, loop.Reason, actor, now),
            CancelWork cancel => item.Cancel(stream, cancel.Reason, actor, now),
            ReopenWork reopen => item.Reopen(stream, reopen.ToStep, reopen.Reason, actor, now),
            ConfirmValue confirm => item.ConfirmValue(stream, confirm.Outcome, confirm.ConfirmedBy, confirm.Rating, actor, now),
            AssignWork assign => item.Assign(stream, assign.Assignee, actor, now),
            AddComment comment => item.Comment(stream, comment.Text, actor, now),
            AnswerWait answer => item.Answer(stream, answer.Answer, actor, now),
            ChangePriority change => item.ChangePriority(stream, change.Priority, change.Reason, actor, now),
            RecordServiceLevel level => item.RecordServiceLevel(stream, level.Clock, level.Action, level.Percent, level.To, actor, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown work item command."),
        };
        if (!transition.IsSuccess)
        {
            db.ChangeTracker.Clear();
            return transition.Error!;
        }

        return await SaveAsync(item, transition.Value, cancellationToken);
    }

    /// <summary>Saves a transition; a concurrent change to the same item makes this one a conflict and saves nothing.</summary>
    internal async Task<Result<WorkItem>> SaveAsync(WorkItem item, Transition transition, CancellationToken cancellationToken)
    {
        db.Events.Add(transition.Event);
        db.Artifacts.AddRange(transition.Artifacts);
        db.InboxEntries.AddRange(transition.Deliveries);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return item;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || StorageErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict("work-item-changed",
                $"Work item {item.Id} was changed by someone else at the same time; read it again and retry.");
        }
    }

    /// <summary>The work item a transition changes, tracked, with its visits; compiled, as every transition reads it.</summary>
    private static readonly CompiledPerModel<Func<ValueChainDbContext, long, CancellationToken, Task<WorkItem?>>> TrackedById = new(() =>
        EF.CompileAsyncQuery((ValueChainDbContext db, long id, CancellationToken _) => db.WorkItems.FirstOrDefault(w => w.Id == id)));

    private static DomainError StaleRevision(WorkItem item) =>
        DomainError.Conflict("stale-revision", $"Work item {item.Id} is at revision {item.Revision}; read it again before changing it.");
}
