using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Jobs;
using ValueChain.Data.Storage;

namespace ValueChain.Data.Integrations;

/// <summary>What a delivery job carries: which event goes to which subscription.</summary>
public sealed record WebhookDeliveryPayload(long Subscription, long Event);

/// <summary>
/// Turns new events into delivery jobs, one per event and matching subscription. A shared cursor marks how far
/// the log has been read; jobs and the cursor's move are saved in one transaction, and the move only succeeds
/// from the position this node read, so two nodes fanning out at once never queue an event twice.
/// </summary>
public sealed class WebhookFanOut(ValueChainDbContext db, JobQueue jobs)
{
    public const string CursorName = "webhooks";
    public const string DeliveryKind = "webhook-delivery";
    public const int BatchSize = 500;

    /// <summary>Queues deliveries for the next batch of events; returns how many jobs it queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var cursor = await db.Cursors.AsNoTracking().FirstOrDefaultAsync(c => c.Name == CursorName, cancellationToken)
            ?? await CreateCursorAsync(cancellationToken);
        var last = await db.Events.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        if (cursor is null || cursor.Position >= last)
        {
            return 0;
        }

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken);
        var events = subscriptions.Count == 0
            ? []
            : await db.Events.AsNoTracking().Where(e => e.Id > cursor.Position).OrderBy(e => e.Id).Take(BatchSize)
                .Select(e => new { e.Id, e.Type }).ToListAsync(cancellationToken);
        // Without subscribers there is nothing to queue: the cursor jumps to the end of the log.
        var to = events.Count > 0 ? events[^1].Id : last;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var queued = 0;
        foreach (var e in events)
        {
            foreach (var subscription in subscriptions.Where(s => s.StartsAfterEvent < e.Id && s.Wants(e.Type)))
            {
                jobs.Enqueue(DeliveryKind, new WebhookDeliveryPayload(subscription.Id, e.Id));
                queued++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var moved = await db.Cursors.Where(c => c.Name == CursorName && c.Position == cursor.Position)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Position, to), cancellationToken);
            if (moved != 1)
            {
                // Another node read the same events and moved the cursor first; its jobs stand, ours go.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return 0;
            }

            await transaction.CommitAsync(cancellationToken);
            return queued;
        }
        catch (Exception ex) when (ex is DbUpdateException || StorageErrors.IsBusy(ex))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return 0;
        }
    }

    /// <summary>
    /// The first run starts where the oldest subscription starts (subscriptions receive events from their creation
    /// on), or at the end of the log when there are none. Null when another node created the cursor meanwhile.
    /// </summary>
    private async Task<Cursor?> CreateCursorAsync(CancellationToken cancellationToken)
    {
        var start = await db.WebhookSubscriptions.MinAsync(s => (long?)s.StartsAfterEvent, cancellationToken)
            ?? await db.Events.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var cursor = new Cursor(CursorName, start);
        db.Cursors.Add(cursor);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(cursor).State = EntityState.Detached;
            return cursor;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }
}
