using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Data.Jobs;
using ValueChain.Data.Storage;
using ValueChain.Server.Infrastructure.Jobs;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Jobs;

/// <summary>Outbound webhooks end to end: subscription, fan-out, signed delivery, retries and the delivery log.</summary>
public abstract class WebhookTests(Database database) : IAsyncLifetime
{
    private readonly ValueChainApp _app = new(database);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    [DatabaseFact]
    public async Task Each_matching_event_is_delivered_once_signed_with_the_subscriptions_secret()
    {
        var client = _app.CreateClient();
        var first = await OpenAsync(client, "Before the subscription");
        var (id, secret) = await SubscribeAsync(client, ["step-started", "assigned"]);
        var second = await OpenAsync(client, "After the subscription");
        await PostAsync(client, $"/api/v1/work-items/{first}/start");
        await PostAsync(client, $"/api/v1/work-items/{second}/start");
        (await client.PostAsJsonAsync($"/api/v1/work-items/{second}/assign", new { assignee = "me" })).EnsureSuccessStatusCode();

        await DrainAsync();
        await DrainAsync();

        var received = _receiver.Received.ToList();
        received.Select(r => r.Event).ShouldBe(["step-started", "step-started", "assigned"]);
        received.Select(r => r.Delivery).Distinct().Count().ShouldBe(3);
        foreach (var delivery in received)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(delivery.Timestamp + ".").Concat(delivery.Body).ToArray()));
            delivery.Signature.ShouldBe(expected);
            var body = JsonDocument.Parse(delivery.Body).RootElement;
            body.GetProperty("type").GetString().ShouldBe(delivery.Event);
        }

        JsonDocument.Parse(received[0].Body).RootElement.GetProperty("workItemId").GetInt64().ShouldBe(first);
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}/deliveries", ValueChainApp.Json);
        log.GetArrayLength().ShouldBe(3);
        log.EnumerateArray().ShouldAllBe(d => d.GetProperty("succeeded").GetBoolean() && d.GetProperty("statusCode").GetInt32() == 200);
        (await JobStatesAsync()).ShouldAllBe(s => s == JobState.Done);
    }

    [DatabaseFact]
    public async Task Passing_failures_are_retried_within_the_attempt_and_each_try_is_logged()
    {
        var client = _app.CreateClient();
        var (id, _) = await SubscribeAsync(client, ["*"]);
        _receiver.Answers.Enqueue(503);
        _receiver.Answers.Enqueue(500);
        await OpenAsync(client, "Flaky receiver");

        await DrainAsync();

        _receiver.Received.Count.ShouldBe(3);
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}/deliveries", ValueChainApp.Json);
        log.EnumerateArray().Select(d => (d.GetProperty("attempt").GetInt32(), d.GetProperty("statusCode").GetInt32()))
            .ShouldBe([(3, 200), (2, 500), (1, 503)]);
        (await JobStatesAsync()).ShouldBe([JobState.Done]);
    }

    [DatabaseFact]
    public async Task A_receiver_that_keeps_failing_gets_the_job_again_after_a_backoff()
    {
        var client = _app.CreateClient();
        await SubscribeAsync(client, ["demand-opened"]);
        foreach (var status in new[] { 500, 500, 500, 400 })
        {
            _receiver.Answers.Enqueue(status);
        }

        await OpenAsync(client, "Down receiver");
        await DrainAsync();
        (await JobStatesAsync()).ShouldBe([JobState.Queued]);
        _receiver.Received.Count.ShouldBe(3);

        _app.Clock.Advance(new JobSettings().RetryBackoff);
        await DrainAsync();

        // A 400 is the receiver's final word for this attempt: no quick retry.
        _receiver.Received.Count.ShouldBe(4);
        _app.Clock.Advance(new JobSettings().RetryBackoff * 2);
        await DrainAsync();
        _receiver.Received.Count.ShouldBe(5);
        (await JobStatesAsync()).ShouldBe([JobState.Done]);
    }

    [DatabaseFact]
    public async Task A_bad_subscription_is_422_per_field_and_creates_nothing()
    {
        var client = _app.CreateClient();

        var badUrl = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://example.org/x", eventTypes = new[] { "*" } });
        var badType = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, eventTypes = new[] { "opened" } });
        var shortSecret = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, eventTypes = new[] { "*" }, secret = "abc" });

        (await FieldsAsync(badUrl)).ShouldBe(["url"]);
        (await FieldsAsync(badType)).ShouldBe(["eventTypes"]);
        (await FieldsAsync(shortSecret)).ShouldBe(["secret"]);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks", ValueChainApp.Json)).GetArrayLength().ShouldBe(0);
    }

    [DatabaseFact]
    public async Task A_paused_subscription_receives_nothing_and_a_stale_edit_is_412()
    {
        var client = _app.CreateClient();
        var (id, _) = await SubscribeAsync(client, ["*"]);
        using var pause = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/{id}")
        {
            Content = JsonContent.Create(new { url = _receiver.Url, eventTypes = new[] { "*" }, active = false }),
        };
        pause.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        (await client.SendAsync(pause)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/{id}")
        {
            Content = JsonContent.Create(new { url = _receiver.Url, eventTypes = new[] { "*" }, active = true }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        (await client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);

        await OpenAsync(client, "Nobody listens");
        await DrainAsync();

        _receiver.Received.ShouldBeEmpty();
    }

    private async Task DrainAsync()
    {
        var runner = _app.Services.GetRequiredService<JobRunner>();
        for (var round = 0; round < 20 && await runner.RunOnceAsync() > 0; round++)
        {
        }
    }

    private async Task<(long Id, string Secret)> SubscribeAsync(HttpClient client, string[] types)
    {
        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, eventTypes = types, description = "tests" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await ValueChainApp.ReadJsonAsync(response);
        return (created.GetProperty("webhook").GetProperty("id").GetInt64(), created.GetProperty("secret").GetString()!);
    }

    private async Task<long> OpenAsync(HttpClient client, string title)
    {
        if (!(await client.GetAsync("/api/v1/value-streams/restore-service")).IsSuccessStatusCode)
        {
            (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        }

        var response = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(response)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    private static async Task PostAsync(HttpClient client, string url) => (await client.PostAsJsonAsync(url, new { })).EnsureSuccessStatusCode();

    private static async Task<List<string>> FieldsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        return (await ValueChainApp.ReadJsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    private async Task<List<JobState>> JobStatesAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ValueChainDbContext>().Jobs.OrderBy(j => j.Id).Select(j => j.State).ToListAsync();
    }
}

public sealed class WebhooksOnSqlite() : WebhookTests(Database.Sqlite);

public sealed class WebhooksOnPostgres() : WebhookTests(Database.Postgres), IRunsOnPostgres;
