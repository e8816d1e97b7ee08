using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Integrations;

/// <summary>What a subscription should be; the secret is generated when none is given.</summary>
public sealed record WebhookDetails(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool Active = true, string? Secret = null);

/// <summary>Outbound webhook subscriptions and their delivery logs.</summary>
public sealed class WebhookSubscriptions(ValueChainDbContext db, TimeProvider clock)
{
    public const int MinSecretLength = 16;

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);

    public Task<WebhookSubscription?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<Result<WebhookSubscription>> CreateAsync(WebhookDetails details, string actor, CancellationToken cancellationToken = default)
    {
        if (Validate(details, creating: true) is { } error)
        {
            return error;
        }

        var startsAfter = await db.Events.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var secret = string.IsNullOrEmpty(details.Secret) ? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : details.Secret;
        var subscription = new WebhookSubscription(
            details.Url!.Trim(), secret, Types(details), Blank(details.Description), actor, clock.GetUtcNow(), startsAfter);
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    public async Task<Result<WebhookSubscription>> UpdateAsync(long id, WebhookDetails details, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return NotFound(id);
        }

        if (expectedRevision is { } expected && expected != subscription.Revision)
        {
            return DomainError.Conflict("stale-revision", $"Webhook {id} is at revision {subscription.Revision}; read it again before changing it.");
        }

        if (Validate(details, creating: false) is { } error)
        {
            db.ChangeTracker.Clear();
            return error;
        }

        subscription.Change(details.Url!.Trim(), Types(details), Blank(details.Description), details.Active);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return subscription;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict("webhook-changed", $"Webhook {id} was changed by someone else at the same time; read it again and retry.");
        }
    }

    public async Task<Result<long>> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var deleted = await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 1 ? id : NotFound(id);
    }

    /// <summary>Delivery attempts, newest first, before an attempt id (a cursor) when given.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(long subscriptionId, long? before, int limit, CancellationToken cancellationToken = default)
    {
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (before is { } cursor)
        {
            query = query.Where(d => d.Id < cursor);
        }

        return await query.OrderByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
    }

    private static DomainError? Validate(WebhookDetails details, bool creating)
    {
        if (string.IsNullOrWhiteSpace(details.Url)
            || !Uri.TryCreate(details.Url.Trim(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return DomainError.Validation("webhook-url", "Give the absolute http or https URL to deliver events to.", "url");
        }

        if (details.EventTypes is not { Count: > 0 } types)
        {
            return DomainError.Validation("webhook-event-types", $"Name the event types to send, or \"{WebhookSubscription.AllEvents}\" for all: {string.Join(", ", EventTypes.All)}.", "eventTypes");
        }

        if (types.FirstOrDefault(t => t != WebhookSubscription.AllEvents && !EventTypes.All.Contains(t)) is { } unknown)
        {
            return DomainError.Validation("webhook-event-types", $"Unknown event type '{unknown}'; use {string.Join(", ", EventTypes.All)} or \"{WebhookSubscription.AllEvents}\".", "eventTypes");
        }

        if (creating && details.Secret is { Length: > 0 and < MinSecretLength })
        {
            return DomainError.Validation("webhook-secret", $"A secret has at least {MinSecretLength} characters; leave it out to have one generated.", "secret");
        }

        return details.Description is { Length: > 500 }
            ? DomainError.Validation("webhook-description", "A description has at most 500 characters.", "description")
            : null;
    }

    private static List<string> Types(WebhookDetails details) => [.. details.EventTypes!.Distinct(StringComparer.Ordinal)];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DomainError NotFound(long id) => DomainError.NotFound("webhook-not-found", $"There is no webhook {id}.");
}
