using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

/// <summary>Refusals, concurrency and durability of work items through the HTTP API.</summary>
public abstract class WorkItemRulesOverHttpTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task A_refused_transition_answers_409_with_the_reason_and_changes_nothing()
    {
        var client = _app.CreateClient();
        var id = await OpenAsync(client);
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}", ValueChainApp.Json);

        var response = await client.PostAsJsonAsync($"/api/v1/work-items/{id}/complete", new { });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await ValueChainApp.ReadJsonAsync(response);
        problem.GetProperty("code").GetString().ShouldBe("step-not-started");
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}", ValueChainApp.Json);
        after.ToString().ShouldBe(before.ToString());
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json)).GetArrayLength().ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Completing_with_an_artifact_the_step_does_not_produce_is_422_and_routes_nothing()
    {
        var client = _app.CreateClient();
        var id = await OpenAsync(client);
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });

        var response = await client.PostAsJsonAsync($"/api/v1/work-items/{id}/complete",
            new { next = "shape-with-customer", artifacts = new[] { new { kind = "change-requests", title = "Not mine" } } });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ValueChainApp.ReadJsonAsync(response)).GetProperty("code").GetString().ShouldBe("artifact-not-produced-here");
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/v1/activities/design-transition/inbox", ValueChainApp.Json);
        inbox.GetProperty("artifacts").GetArrayLength().ShouldBe(0);
        var item = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}", ValueChainApp.Json);
        item.GetProperty("summary").GetProperty("step").GetString().ShouldBe("assess-opportunity");
    }

    [DatabaseFact]
    public async Task A_stale_If_Match_is_412_and_the_current_ETag_is_accepted()
    {
        var client = _app.CreateClient();
        var id = await OpenAsync(client);
        var get = await client.GetAsync($"/api/v1/work-items/{id}");
        var etag = get.Headers.ETag!.Tag;
        etag.ShouldBe("\"1\"");
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/work-items/{id}/wait") { Content = JsonContent.Create(new { reason = "approval" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var refused = await client.SendAsync(stale);
        refused.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);

        using var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/work-items/{id}/wait") { Content = JsonContent.Create(new { reason = "approval" }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        var accepted = await client.SendAsync(fresh);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        accepted.Headers.ETag!.Tag.ShouldBe("\"3\"");
    }

    [DatabaseFact]
    public async Task Two_simultaneous_starts_of_the_same_step_let_exactly_one_through()
    {
        var client = _app.CreateClient();
        var id = await OpenAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync($"/api/v1/work-items/{id}/start", new { })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
        events.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "step-started").ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Unknown_ids_and_activities_are_404_problems()
    {
        var client = _app.CreateClient();

        (await client.GetAsync("/api/v1/work-items/424242")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync("/api/v1/work-items/424242/start", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/work-items/424242/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/activities/deliver/inbox")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/value-streams/no-such-stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Bad_demand_is_refused_with_a_clear_problem_and_opens_nothing()
    {
        var client = _app.CreateClient();
        await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"));

        var cases = new (object Body, HttpStatusCode Status, string Code)[]
        {
            (new { title = "No type" }, HttpStatusCode.UnprocessableEntity, "demand-type-required"),
            (new { type = "wish", title = "Unknown type" }, HttpStatusCode.UnprocessableEntity, "unknown-demand-type"),
            (new { type = "product-idea", title = "" }, HttpStatusCode.UnprocessableEntity, "title-required"),
            (new { type = "product-idea", title = "x", priority = "urgent" }, HttpStatusCode.UnprocessableEntity, "unknown-priority"),
            (new { type = "product-idea", title = "x", service = "no-such-service" }, HttpStatusCode.UnprocessableEntity, "unknown-service"),
            (new { type = "incident", title = "No stream serves incidents here" }, HttpStatusCode.UnprocessableEntity, "no-value-stream-for-demand"),
        };
        foreach (var (body, status, code) in cases)
        {
            var response = await client.PostAsJsonAsync("/api/v1/demand", body);
            response.StatusCode.ShouldBe(status, code);
            (await ValueChainApp.ReadJsonAsync(response)).GetProperty("code").GetString().ShouldBe(code);
        }

        using var notJson = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        (await client.PostAsync("/api/v1/demand", notJson)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/work-items", ValueChainApp.Json);
        list.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [DatabaseFact]
    public async Task Acknowledged_work_survives_a_restart_of_the_server()
    {
        using var storage = TestStorage.Create(database);
        long id;
        using (var first = new ValueChainApp(storage))
        {
            var client = first.CreateClient();
            id = await OpenAsync(client, first);
            await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });
        }

        using var second = new ValueChainApp(storage);
        var item = await second.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}", ValueChainApp.Json);
        item.GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("in-progress");
        item.GetProperty("summary").GetProperty("revision").GetInt32().ShouldBe(2);
    }

    [DatabaseFact]
    public async Task The_event_log_reads_forward_with_a_cursor()
    {
        var client = _app.CreateClient();
        var id = await OpenAsync(client);
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/wait", new { reason = "information" });

        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?limit=2", ValueChainApp.Json);
        first.GetProperty("items").GetArrayLength().ShouldBe(2);
        var cursor = first.GetProperty("cursor").GetInt64();
        var rest = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}", ValueChainApp.Json);

        rest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(["step-waiting"]);
        rest.GetProperty("items")[0].GetProperty("id").GetInt64().ShouldBeGreaterThan(cursor);
    }

    [DatabaseFact]
    public async Task Work_items_filter_by_state_and_activity()
    {
        var client = _app.CreateClient();
        var started = await OpenAsync(client);
        await OpenAsync(client);
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{started}/cancel", new { reason = "Duplicate of another idea" });

        var cancelled = await client.GetFromJsonAsync<JsonElement>("/api/v1/work-items?state=cancelled", ValueChainApp.Json);
        cancelled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldBe([started]);
        var atPlan = await client.GetFromJsonAsync<JsonElement>("/api/v1/work-items?activity=plan", ValueChainApp.Json);
        atPlan.GetProperty("total").GetInt32().ShouldBe(1);
        (await client.GetAsync("/api/v1/work-items?state=sleeping")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    private async Task<long> OpenAsync(HttpClient client, ValueChainApp? app = null)
    {
        await (app ?? _app).PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"));
        var response = await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "Self-service password reset" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(response)).GetProperty("summary").GetProperty("id").GetInt64();
    }
}

public sealed class WorkItemRulesOverHttpOnSqlite() : WorkItemRulesOverHttpTests(Database.Sqlite);

public sealed class WorkItemRulesOverHttpOnPostgres() : WorkItemRulesOverHttpTests(Database.Postgres), IRunsOnPostgres;
