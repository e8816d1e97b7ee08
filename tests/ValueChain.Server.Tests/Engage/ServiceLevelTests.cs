using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Server.Tests.Infrastructure;
using ValueChain.Server.Tests.ValueStreams;

namespace ValueChain.Server.Tests.Engage;

/// <summary>Agreements published over HTTP, and a work item's clocks read back as the clock moves.</summary>
public abstract class ServiceLevelTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    private static string Shipped => File.ReadAllText(Path.Combine(RepositoryFolder.Root, "agreements", "northwind.yaml"));

    [DatabaseFact]
    public async Task A_clock_counts_business_time_stops_at_the_first_response_and_pauses_while_waiting_for_the_customer()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Monday 2 November 2026, 08:00 UTC = 09:00 in Hamburg, inside the service desk's hours.
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Mail down", priority = "high" });
        var id = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/wait", new { reason = "customer" });
        _app.Clock.Advance(TimeSpan.FromMinutes(60));
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/resume", new { });
        _app.Clock.Advance(TimeSpan.FromMinutes(10));

        var clocks = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/clocks", ValueChainApp.Json))
            .EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);

        // First response (high: 30 min): stopped by the start after 10 min.
        clocks["sla/first-response"].GetProperty("state").GetString().ShouldBe("met");
        clocks["sla/first-response"].GetProperty("elapsedMinutes").GetDouble().ShouldBe(10);
        // Resolution (high: 8 h): 90 min since opening, 60 of them waiting for the customer, so 30 counted.
        var resolution = clocks["sla/resolution"];
        resolution.GetProperty("state").GetString().ShouldBe("running");
        resolution.GetProperty("elapsedMinutes").GetDouble().ShouldBe(30);
        resolution.GetProperty("pausedMinutes").GetDouble().ShouldBe(60);
        resolution.GetProperty("remainingMinutes").GetDouble().ShouldBe(450);
    }

    [DatabaseFact]
    public async Task Invalid_agreements_are_422_with_located_problems_and_publish_nothing()
    {
        var client = _app.CreateClient();

        var response = await PublishAsync(client, Shipped.Replace("time-zone: Europe/Berlin", "time-zone: Europe/Atlantis", StringComparison.Ordinal));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await ValueChainApp.ReadJsonAsync(response);
        problem.GetProperty("errors").ToString().ShouldContain("line");
        (await client.GetAsync("/api/v1/agreements")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task The_same_text_again_publishes_no_new_version_and_a_stale_If_Match_is_refused()
    {
        var client = _app.CreateClient();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agreements") { Content = new StringContent(Shipped + "\n# edited\n", Encoding.UTF8, "text/yaml") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var refused = await client.SendAsync(stale);

        ((int)refused.StatusCode).ShouldBeInRange(409, 412);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/agreements", ValueChainApp.Json)).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Warnings_and_breaches_are_recorded_once_however_often_the_clocks_are_looked_at()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var runner = _app.Services.GetRequiredService<ValueChain.Server.Infrastructure.Jobs.JobRunner>();
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Payroll down", priority = "high" });
        var id = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();

        // First response, high: 30 business minutes from 09:00 in Hamburg, warning at 75 % (22.5 min).
        _app.Clock.Advance(TimeSpan.FromMinutes(23));
        await runner.RunOnceAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await runner.RunOnceAsync();
        (await ActionsAsync(client, id)).ShouldBe(["sla/first-response warn 75"]);

        _app.Clock.Advance(TimeSpan.FromMinutes(7));
        await runner.RunOnceAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await runner.RunOnceAsync();
        (await ActionsAsync(client, id)).ShouldBe(["sla/first-response warn 75", "sla/first-response breach 100"]);
    }

    [DatabaseFact]
    public async Task A_look_passes_by_quiet_work_until_its_next_action_or_a_change_and_not_past_new_agreements()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var runner = _app.Services.GetRequiredService<ValueChain.Server.Infrastructure.Jobs.JobRunner>();
        var quiet = _app.Services.GetRequiredService<ValueChain.Data.Engage.QuietClocks>();
        var waiting = await OpenAsync(client, "Scanner offline");
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{waiting}/start", new { });
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{waiting}/wait", new { reason = "customer" });
        var id = await OpenAsync(client, "Payroll down");

        // Both are quiet after a look: one waits for its customer, the other's next action is its first warning.
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await runner.RunOnceAsync();
        quiet.Count.ShouldBe(2);
        (await ActionsAsync(client, id)).ShouldBeEmpty();

        // Shorter targets published now: the work is looked at again under them, before its old warning was due.
        (await PublishAsync(client, Shipped.Replace("duration: {critical: 15m, high: 30m,", "duration: {critical: 3m, high: 5m,", StringComparison.Ordinal)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        _app.Clock.Advance(TimeSpan.FromMinutes(6));
        await runner.RunOnceAsync();
        (await ActionsAsync(client, id)).ShouldBe(["sla/first-response warn 75", "sla/first-response breach 100"]);

        // The waiting item changes when the customer answers: its clocks are replayed, not passed by.
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{waiting}/resume", new { });
        _app.Clock.Advance(TimeSpan.FromDays(2));
        await runner.RunOnceAsync();
        (await ActionsAsync(client, waiting)).ShouldContain("sla/resolution breach 100");
    }

    [DatabaseFact]
    public async Task Raising_the_priority_shortens_the_running_target()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Printer queue stuck", priority = "medium" });
        var id = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
        _app.Clock.Advance(TimeSpan.FromMinutes(60));

        var changed = await client.PostAsJsonAsync($"/api/v1/work-items/{id}/priority", new { priority = "critical", reason = "the whole floor is affected" });

        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var resolution = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/clocks", ValueChainApp.Json))
            .EnumerateArray().Single(c => c.GetProperty("key").GetString() == "sla/resolution");
        // Critical resolution is 4 h; 60 business minutes have passed.
        resolution.GetProperty("priority").GetString().ShouldBe("critical");
        resolution.GetProperty("durationMinutes").GetDouble().ShouldBe(240);
        resolution.GetProperty("remainingMinutes").GetDouble().ShouldBe(180);
        (await client.PostAsJsonAsync($"/api/v1/work-items/{id}/priority", new { priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [DatabaseFact]
    public async Task Reopening_delivered_work_resumes_the_resolution_clock_with_the_time_already_counted()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Monday 08:00 UTC = 09:00 in Hamburg; every step below falls inside the desk's morning hours.
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "VPN drops", priority = "high" });
        var id = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
        await StepAsync(client, id, 10, "start", new { });
        await StepAsync(client, id, 10, "complete", new { next = "diagnose-and-restore" });
        await StepAsync(client, id, 10, "start", new { });
        await StepAsync(client, id, 30, "complete", new { next = "confirm-with-user" });
        await StepAsync(client, id, 5, "start", new { });
        var delivered = await StepAsync(client, id, 5, "complete", new { next = "value" });
        delivered.GetProperty("summary").GetProperty("state").GetString().ShouldBe("delivered");
        var stopped = await ResolutionAsync(client, id);

        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        (await client.PostAsJsonAsync($"/api/v1/work-items/{id}/reopen", new { to = "diagnose-and-restore", reason = " " }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await _app.CreateClientAs(ValueChain.Access.Roles.Requester).PostAsJsonAsync($"/api/v1/work-items/{id}/reopen", new { reason = "Not mine" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var reopened = await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/reopen", new { to = "diagnose-and-restore", reason = "Drops again after an hour" });
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        var running = await ResolutionAsync(client, id);

        // Stopped on entering confirm-with-user after 60 business minutes; the 40 minutes until the reopening do not count.
        stopped.GetProperty("state").GetString().ShouldBe("met");
        stopped.GetProperty("elapsedMinutes").GetDouble().ShouldBe(60);
        reopened.GetProperty("summary").GetProperty("state").GetString().ShouldBe("active");
        reopened.GetProperty("summary").GetProperty("step").GetString().ShouldBe("diagnose-and-restore");
        running.GetProperty("state").GetString().ShouldBe("running");
        running.GetProperty("elapsedMinutes").GetDouble().ShouldBe(80);
        running.GetProperty("remainingMinutes").GetDouble().ShouldBe(400);
        (await client.PostAsJsonAsync($"/api/v1/work-items/{id}/reopen", new { reason = "Again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var types = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json)).EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        types.Count(t => t == "reopened").ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Compliance_counts_met_and_breached_clocks_per_clock_and_team()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await PublishAsync(client, Shipped)).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Both opened Monday 08:00 UTC (09:00 in Hamburg) at high priority: a first response within 30 business minutes.
        var answered = await OpenAsync(client, "Mail down");
        var late = await OpenAsync(client, "Printer jams");
        await StepAsync(client, answered, 10, "start", new { });
        await StepAsync(client, late, 30, "start", new { });
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        var report = await client.GetFromJsonAsync<JsonElement>("/api/v1/metrics/service-levels?from=2026-11-01T00:00:00Z", ValueChainApp.Json);
        var infrastructure = await client.GetFromJsonAsync<JsonElement>("/api/v1/metrics/service-levels?from=2026-11-01T00:00:00Z&team=infrastructure", ValueChainApp.Json);

        // First response: met at 08:10, breached at 08:30; both resolutions (8 h) still run at the service desk.
        Counts(report.GetProperty("overall")).ShouldBe((1, 1, 2, 0.5));
        var clocks = report.GetProperty("clocks").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
        Counts(clocks["sla/first-response"]).ShouldBe((1, 1, 0, 0.5));
        Counts(clocks["sla/resolution"]).ShouldBe((0, 0, 2, null));
        var team = report.GetProperty("teams").EnumerateArray().Single();
        (team.GetProperty("key").GetString(), Counts(team)).ShouldBe(("service-desk", (1, 1, 2, 0.5)));
        var breach = report.GetProperty("breaches").EnumerateArray().Single();
        (breach.GetProperty("workItemId").GetInt64(), breach.GetProperty("clock").GetString(), breach.GetProperty("breachedAt").GetDateTimeOffset())
            .ShouldBe((late, "sla/first-response", new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.Zero)));
        Counts(infrastructure.GetProperty("overall")).ShouldBe((0, 0, 0, null));
        (await client.GetAsync("/api/v1/metrics/service-levels?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await _app.CreateClientAs(ValueChain.Access.Roles.Requester).GetAsync("/api/v1/metrics/service-levels")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static (int Met, int Breached, int Open, double? Compliance) Counts(JsonElement group) => (
        group.GetProperty("met").GetInt32(), group.GetProperty("breached").GetInt32(), group.GetProperty("open").GetInt32(),
        group.TryGetProperty("compliance", out var compliance) && compliance.ValueKind == JsonValueKind.Number ? compliance.GetDouble() : null);

    private static async Task<long> OpenAsync(HttpClient client, string title)
    {
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title, priority = "high" });
        return (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> StepAsync(HttpClient client, long id, int minutes, string transition, object body)
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(minutes));
        return await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/{transition}", body);
    }

    private static async Task<JsonElement> ResolutionAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/clocks", ValueChainApp.Json))
            .EnumerateArray().Single(c => c.GetProperty("key").GetString() == "sla/resolution");

    /// <summary>The service level events of a work item, as "clock action percent".</summary>
    private static async Task<List<string>> ActionsAsync(HttpClient client, long id) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json)).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "service-level")
            .Select(e => $"{e.GetProperty("data").GetProperty("clock").GetString()} {e.GetProperty("data").GetProperty("action").GetString()} {e.GetProperty("data").GetProperty("percent").GetInt32()}")];

    private static Task<HttpResponseMessage> PublishAsync(HttpClient client, string yaml) =>
        client.PostAsync("/api/v1/agreements", new StringContent(yaml, Encoding.UTF8, "text/yaml"));
}

public sealed class ServiceLevelOnSqlite() : ServiceLevelTests(Database.Sqlite);

public sealed class ServiceLevelOnPostgres() : ServiceLevelTests(Database.Postgres), IRunsOnPostgres;
