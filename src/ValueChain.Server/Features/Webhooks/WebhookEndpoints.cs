using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.Integrations;
using ValueChain.Server.Infrastructure;

namespace ValueChain.Server.Features.Webhooks;

public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active, string? Secret);

public sealed record WebhookDto(
    long Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Active, string CreatedBy, DateTimeOffset CreatedAt, int Revision)
{
    public static WebhookDto From(WebhookSubscription s) => new(s.Id, s.Url, s.EventTypes, s.Description, s.Active, s.CreatedBy, s.CreatedAt, s.Revision);
}

/// <summary>A new subscription with its secret, which is shown this once.</summary>
public sealed record CreatedWebhookDto(string Secret, WebhookDto Webhook);

public sealed record WebhookDeliveryDto(
    long Id, long EventId, long JobId, int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, double DurationMs, string? Error, bool Succeeded, string Node)
{
    public static WebhookDeliveryDto From(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.JobId, d.Attempt, d.AttemptedAt, d.StatusCode, d.DurationMs, d.Error, d.Succeeded, d.NodeId);
}

/// <summary>Outbound webhooks: subscriptions per event type, and the log of every delivery attempt.</summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/webhooks").WithTags("Webhooks");
        group.MapGet("/", async (WebhookSubscriptions webhooks, CancellationToken ct) =>
                TypedResults.Ok((await webhooks.ListAsync(ct)).Select(WebhookDto.From).ToList()))
            .WithName("ListWebhooks").WithSummary("Every webhook subscription.");
        group.MapGet("/{id:long}", async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> (long id, HttpContext http, WebhookSubscriptions webhooks, CancellationToken ct) =>
            {
                if (await webhooks.FindAsync(id, ct) is not { } found)
                {
                    return NotFound(id);
                }

                http.Response.Headers.ETag = Requests.ETag(found.Revision);
                return TypedResults.Ok(WebhookDto.From(found));
            })
            .WithName("GetWebhook").WithSummary("One webhook subscription; its ETag is its revision.");
        group.MapPost("/", async Task<Results<Created<CreatedWebhookDto>, ProblemHttpResult>> (WebhookRequest body, HttpContext http, WebhookSubscriptions webhooks, CancellationToken ct) =>
            {
                var created = await webhooks.CreateAsync(Details(body), http.Actor(), ct);
                return created.IsSuccess
                    ? TypedResults.Created($"/api/v1/webhooks/{created.Value.Id}", new CreatedWebhookDto(created.Value.Secret, WebhookDto.From(created.Value)))
                    : Problems.From(created.Error!);
            })
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to event types (or \"*\"); the answer shows the signing secret once. Events after this moment are delivered.");
        group.MapPut("/{id:long}", async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> (long id, WebhookRequest body, HttpContext http, WebhookSubscriptions webhooks, CancellationToken ct) =>
            {
                if (!http.TryGetIfMatch(out var expected, out var error))
                {
                    return Problems.InvalidField("bad-if-match", "If-Match", error!);
                }

                var updated = await webhooks.UpdateAsync(id, Details(body), expected, ct);
                if (!updated.IsSuccess)
                {
                    return Problems.From(updated.Error!);
                }

                http.Response.Headers.ETag = Requests.ETag(updated.Value.Revision);
                return TypedResults.Ok(WebhookDto.From(updated.Value));
            })
            .WithName("UpdateWebhook").WithSummary("Change a subscription's URL, event types, description or whether it is active; If-Match makes a stale edit a 412.");
        group.MapDelete("/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (long id, WebhookSubscriptions webhooks, CancellationToken ct) =>
            {
                var deleted = await webhooks.DeleteAsync(id, ct);
                return deleted.IsSuccess ? TypedResults.NoContent() : Problems.From(deleted.Error!);
            })
            .WithName("DeleteWebhook").WithSummary("Remove a subscription and its delivery log; queued deliveries are dropped.");
        group.MapGet("/{id:long}/deliveries", async Task<Results<Ok<List<WebhookDeliveryDto>>, ProblemHttpResult>> (
                long id, WebhookSubscriptions webhooks, CancellationToken ct, long? before = null, int limit = 100) =>
            {
                if (await webhooks.FindAsync(id, ct) is null)
                {
                    return NotFound(id);
                }

                if (limit is < 1 or > 500)
                {
                    return Problems.InvalidField("bad-paging", "limit", "The limit is from 1 to 500.");
                }

                return TypedResults.Ok((await webhooks.DeliveriesAsync(id, before, limit, ct)).Select(WebhookDeliveryDto.From).ToList());
            })
            .WithName("ListWebhookDeliveries").WithSummary("Delivery attempts, newest first: time, node, status code, duration, error; pass the last id as 'before' to read on.");
        return group;
    }

    private static WebhookDetails Details(WebhookRequest body) => new(body.Url, body.EventTypes, body.Description, body.Active ?? true, body.Secret);

    private static ProblemHttpResult NotFound(long id) => Problems.NotFound("webhook-not-found", $"There is no webhook {id}.");
}
