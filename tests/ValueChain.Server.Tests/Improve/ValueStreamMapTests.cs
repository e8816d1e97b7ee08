using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Server.Tests.Infrastructure;
using ValueChain.Server.Tests.ValueStreams;

namespace ValueChain.Server.Tests.Improve;

/// <summary>The value stream map's numbers, for two work items moved by hand on a clock the test controls.</summary>
public abstract class ValueStreamMapTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Work_in_progress_medians_waiting_share_and_the_bottleneck_come_from_the_visits()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        var start = _app.Clock.GetUtcNow();
        var a = await OpenAsync(client, "A");
        var b = await OpenAsync(client, "B");

        // t = 0: both enter log-and-triage. A leaves it after 1 h, B after 3 h; both then sit at diagnose-and-restore.
        await PostAsync(client, a, "start", new { });
        await PostAsync(client, b, "start", new { });
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(client, a, "complete", new { });
        await PostAsync(client, a, "start", new { });
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(client, a, "wait", new { reason = "customer" });
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(client, b, "complete", new { });
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(client, a, "resume", new { });
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(client, a, "complete", new { next = "confirm-with-user" });
        _app.Clock.Advance(TimeSpan.FromHours(1));

        // Now t = 6 h. log-and-triage: visits of 1 h and 3 h (median 2 h, 4 h in all). diagnose-and-restore: A 4 h with
        // 2 h waiting, B 3 h so far (7 h in all, 2/7 waiting). confirm-with-user: A 1 h so far. All steps: 12 h.
        var map = await client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/value-streams/restore-service/map?from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}", ValueChainApp.Json);

        var steps = map.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        steps["log-and-triage"].GetProperty("medianMinutes").GetDouble().ShouldBe(120);
        steps["log-and-triage"].GetProperty("workInProgress").GetInt32().ShouldBe(0);
        steps["log-and-triage"].GetProperty("shareOfTime").GetDouble().ShouldBe(0.3333, 0.0001);
        steps["diagnose-and-restore"].GetProperty("workInProgress").GetInt32().ShouldBe(1);
        steps["diagnose-and-restore"].GetProperty("medianMinutes").GetDouble().ShouldBe(240);
        steps["diagnose-and-restore"].GetProperty("waitingShare").GetDouble().ShouldBe(2.0 / 7, 0.0001);
        steps["diagnose-and-restore"].GetProperty("shareOfTime").GetDouble().ShouldBe(7.0 / 12, 0.0001);
        steps["confirm-with-user"].GetProperty("workInProgress").GetInt32().ShouldBe(1);
        // No visit to confirm-with-user has ended, so it has no median yet.
        (steps["confirm-with-user"].TryGetProperty("medianMinutes", out var none) && none.ValueKind != JsonValueKind.Null).ShouldBeFalse();
        steps.Values.Where(s => s.GetProperty("bottleneck").GetBoolean()).Select(s => s.GetProperty("step").GetString()).ShouldBe(["diagnose-and-restore"]);
        map.GetProperty("delivered").GetInt32().ShouldBe(0);
    }

    [DatabaseFact]
    public async Task A_period_that_ends_before_it_starts_is_422_and_an_unknown_stream_404()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();

        var backwards = await client.GetAsync("/api/v1/value-streams/restore-service/map?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z");
        var unknown = await client.GetAsync("/api/v1/value-streams/no-such-stream/map");

        backwards.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<long> OpenAsync(HttpClient client, string title)
    {
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    private static Task PostAsync(HttpClient client, long id, string transition, object body) =>
        NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/{transition}", body);
}

public sealed class ValueStreamMapOnSqlite() : ValueStreamMapTests(Database.Sqlite);

public sealed class ValueStreamMapOnPostgres() : ValueStreamMapTests(Database.Postgres), IRunsOnPostgres;
