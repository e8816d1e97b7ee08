using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using ValueChain.Data.Integrations;
using ValueChain.Data.Jobs;
using ValueChain.Data.Storage;
using ValueChain.Server.Features.ValueStreams;
using ValueChain.Server.Infrastructure.Jobs;

namespace ValueChain.Server.Features.Webhooks;

/// <summary>How deliveries behave: <c>ValueChain:Webhooks:*</c> in configuration.</summary>
internal sealed record WebhookSettings
{
    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Quick retries within one job attempt, for failures that pass in seconds (5xx, 408, 429, network).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The wait before the first quick retry; it doubles after that (with jitter).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public static WebhookSettings From(IConfiguration configuration)
    {
        var defaults = new WebhookSettings();
        var section = configuration.GetSection("ValueChain:Webhooks");
        return new WebhookSettings
        {
            Timeout = section.GetValue("Timeout", defaults.Timeout),
            Retries = section.GetValue("Retries", defaults.Retries),
            RetryDelay = section.GetValue("RetryDelay", defaults.RetryDelay),
        };
    }
}

/// <summary>
/// Delivers one event to one subscription: a signed JSON POST, retried quickly with backoff (Polly) for passing
/// failures, every attempt written to the delivery log. When all quick retries fail, the job fails and the queue
/// tries again later with a longer backoff.
/// </summary>
internal sealed class WebhookDeliveryHandler(
    ValueChainDbContext db, IHttpClientFactory httpClients, TimeProvider clock, JobSettings jobs, WebhookSettings settings) : IJobHandler
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "X-ValueChain-Signature";
    public const string TimestampHeader = "X-ValueChain-Timestamp";
    public const string EventHeader = "X-ValueChain-Event";
    public const string DeliveryHeader = "X-ValueChain-Delivery";

    private static readonly JsonSerializerOptions Json = Infrastructure.JsonSetup.Create();

    public string Kind => WebhookFanOut.DeliveryKind;

    public async Task<string?> RunAsync(Job job, CancellationToken cancellationToken)
    {
        var payload = JobQueue.Read<WebhookDeliveryPayload>(job);
        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == payload.Subscription, cancellationToken);
        var @event = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == payload.Event, cancellationToken);
        if (subscription is not { Active: true } || @event is null)
        {
            // Deleted or paused since the event was queued: nothing is owed any more.
            return null;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(EventDto.From(@event), Json);
        var attempt = await db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscription.Id && d.EventId == @event.Id, cancellationToken);
        var client = httpClients.CreateClient(HttpClientName);
        string? lastError = null;
        try
        {
            using var response = await Pipeline().ExecuteAsync(
                async token =>
                {
                    attempt++;
                    return await SendOnceAsync(client, subscription, @event.Type, @event.Id, body, job.Id, attempt, token);
                },
                cancellationToken);
            lastError = response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            lastError = ex.Message;
        }

        return lastError;
    }

    /// <summary>The signature a receiver recomputes: HMAC-SHA256 of "timestamp.body" with the shared secret, in hex.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpClient client, WebhookSubscription subscription, string eventType, long eventId, byte[] body, long jobId, int attempt, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventHeader, eventType);
        request.Headers.Add(DeliveryHeader, FormattableString.Invariant($"{subscription.Id}-{eventId}"));
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(subscription.Secret, timestamp, body));

        var delivery = new WebhookDelivery(subscription.Id, eventId, jobId, attempt, clock.GetUtcNow(), jobs.NodeId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await client.SendAsync(request, cancellationToken);
            delivery.StatusCode = (int)response.StatusCode;
            delivery.Succeeded = response.IsSuccessStatusCode;
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            delivery.Error = ex.Message;
            throw;
        }
        finally
        {
            delivery.DurationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> Pipeline() => new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(0, settings.Retries),
            Delay = settings.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests),
            OnRetry = args =>
            {
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        })
        .AddTimeout(settings.Timeout)
        .Build();
}
