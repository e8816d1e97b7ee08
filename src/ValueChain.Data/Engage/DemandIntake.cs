using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Engage;

/// <summary>Opens demand as a work item on the value stream that serves its type.</summary>
public sealed class DemandIntake(ValueChainDbContext db, ValueStreamCatalog catalog, WorkItemCommands commands, TimeProvider clock)
{
    public async Task<Result<WorkItem>> OpenAsync(DemandDetails demand, string? valueStreamKey, string actor, CancellationToken cancellationToken = default)
    {
        if (ValueChain.Engage.DemandTypes.Find(demand.DemandType ?? "") is null)
        {
            return DomainError.Validation("unknown-demand-type",
                $"Unknown demand type '{demand.DemandType}'. Known types: {ValueChain.Engage.DemandTypes.KeyList}.", "type");
        }

        // The service is checked in the same round trip as the stream that serves the demand.
        var stream = await catalog.ForDemandAsync(demand.DemandType!, valueStreamKey, demand.ServiceKey, cancellationToken);
        if (!stream.IsSuccess)
        {
            return stream.Error!;
        }

        var opened = WorkItem.Open(stream.Value.Definition, stream.Value.Version, demand, actor, clock.GetUtcNow());
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }

        db.WorkItems.Add(opened.Value.Item);
        try
        {
            return await commands.SaveAsync(opened.Value.Item, opened.Value.Opened, cancellationToken);
        }
        catch (DbUpdateException ex) when (StorageErrors.IsForeignKeyViolation(ex))
        {
            // The service was deleted between the check above and the save.
            db.ChangeTracker.Clear();
            return ValueStreamCatalog.UnknownService(demand.ServiceKey);
        }
    }
}
