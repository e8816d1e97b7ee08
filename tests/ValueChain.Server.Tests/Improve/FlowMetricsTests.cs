using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using ValueChain.Server.Tests.Infrastructure;
using ValueChain.Server.Tests.ValueStreams;

namespace ValueChain.Server.Tests.Improve;

/// <summary>
/// Flow metrics, charts and process mining over two incidents moved by hand on a clock the test controls; every figure
/// is worked out in the comments.
/// </summary>
public abstract class FlowMetricsTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task The_metrics_of_two_incidents_match_the_hand_computed_figures()
    {
        var (client, from) = await WorkTwoIncidentsAsync();

        var metrics = await client.GetFromJsonAsync<JsonElement>($"/api/v1/metrics?valueStream=restore-service&from={from}", ValueChainApp.Json);

        // A was delivered after 6 h and confirmed after 7 h; it worked 1 h + (4 h − 2 h waiting) + 1 h = 4 h of its 6 h.
        var overall = metrics.GetProperty("overall");
        overall.GetProperty("completed").GetInt32().ShouldBe(1);
        overall.GetProperty("flowTime").GetProperty("p50Minutes").GetDouble().ShouldBe(360);
        overall.GetProperty("leadTime").GetProperty("p50Minutes").GetDouble().ShouldBe(420);
        overall.GetProperty("flowEfficiency").GetDouble().ShouldBe(0.6667, 0.0001);
        // B sits at diagnose-and-restore, not started: open and not waiting.
        overall.GetProperty("load").GetProperty("total").GetInt32().ShouldBe(1);
        overall.GetProperty("load").GetProperty("waiting").GetInt32().ShouldBe(0);

        metrics.GetProperty("waiting").EnumerateArray().Select(w => (w.GetProperty("reason").GetString(), w.GetProperty("totalMinutes").GetDouble()))
            .ShouldBe([("customer", 120.0)]);
        // Triage 1 h + 3 h, diagnosis A 4 h and B 4 h so far, confirmation 1 h: 13 h, 8 of them at diagnosis.
        var steps = metrics.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
        steps["diagnose-and-restore"].GetProperty("totalMinutes").GetDouble().ShouldBe(480);
        steps["diagnose-and-restore"].GetProperty("shareOfTime").GetDouble().ShouldBe(8.0 / 13, 0.0001);
        steps["log-and-triage"].GetProperty("time").GetProperty("p50Minutes").GetDouble().ShouldBe(120);
        metrics.GetProperty("bottleneck").GetString().ShouldBe("diagnose-and-restore");
        metrics.GetProperty("growingQueue").GetString().ShouldBe("diagnose-and-restore");
        metrics.GetProperty("value").GetProperty("confirmed").GetInt32().ShouldBe(1);
        metrics.GetProperty("value").GetProperty("averageRating").GetDouble().ShouldBe(5);
        metrics.GetProperty("distribution").EnumerateArray().Single().GetProperty("demandType").GetString().ShouldBe("incident");
    }

    [DatabaseFact]
    public async Task Grouping_by_team_activity_and_service_filters()
    {
        var (client, from) = await WorkTwoIncidentsAsync();

        var teams = await client.GetFromJsonAsync<JsonElement>($"/api/v1/metrics?from={from}&team=service-desk", ValueChainApp.Json);
        var byService = await client.GetFromJsonAsync<JsonElement>($"/api/v1/metrics?from={from}&by=service", ValueChainApp.Json);

        // The service desk works triage and confirmation; diagnosis belongs to infrastructure and is left out.
        teams.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("key").GetString()).Order()
            .ShouldBe(["confirm-with-user", "log-and-triage"]);
        byService.GetProperty("groupedBy").GetString().ShouldBe("service");
        byService.GetProperty("groups").EnumerateArray().Single().GetProperty("key").GetString().ShouldBe("(none)");
    }

    [DatabaseFact]
    public async Task Process_mining_over_the_own_log_and_its_xes_export()
    {
        var (client, from) = await WorkTwoIncidentsAsync();

        var process = await client.GetFromJsonAsync<JsonElement>($"/api/v1/process?from={from}", ValueChainApp.Json);
        var xes = await client.GetStringAsync($"/api/v1/process/log?from={from}&format=xes");

        // A: triage, diagnosis, confirmation, value. B: triage, diagnosis.
        process.GetProperty("cases").GetInt32().ShouldBe(2);
        process.GetProperty("events").GetInt64().ShouldBe(6);
        process.GetProperty("variantCount").GetInt32().ShouldBe(2);
        process.GetProperty("directlyFollows").EnumerateArray()
            .Select(d => (d.GetProperty("from").GetString(), d.GetProperty("to").GetString(), d.GetProperty("count").GetInt64()))
            .ShouldBe([("log-and-triage", "diagnose-and-restore", 2L), ("confirm-with-user", "value", 1L), ("diagnose-and-restore", "confirm-with-user", 1L)], ignoreOrder: true);
        XNamespace ns = "http://www.xes-standard.org/";
        XDocument.Parse(xes).Root!.Elements(ns + "trace").Count().ShouldBe(2);
    }

    [DatabaseFact]
    public async Task Charts_are_svg_and_bad_queries_are_refused()
    {
        var (client, from) = await WorkTwoIncidentsAsync();

        var chart = await client.GetAsync($"/api/v1/metrics/charts/steps?from={from}");
        var unknownChart = await client.GetAsync("/api/v1/metrics/charts/pie");
        var badGrouping = await client.GetAsync("/api/v1/metrics?by=colour");
        var backwards = await client.GetAsync("/api/v1/metrics?from=2026-11-02&to=2026-11-01");
        var unknownStream = await client.GetAsync("/api/v1/metrics?valueStream=no-such-stream");

        chart.StatusCode.ShouldBe(HttpStatusCode.OK);
        chart.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await chart.Content.ReadAsStringAsync()).ShouldContain("diagnose-and-restore (bottleneck)");
        unknownChart.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        badGrouping.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        backwards.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        unknownStream.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// t = 0: A and B open and start triage. A: triage done at 1 h, diagnosis waits for the customer from 2 h to 4 h,
    /// done at 5 h, confirmation done at 6 h (delivered), value confirmed with rating 5 at 7 h. B: triage done at 3 h,
    /// then diagnosis not started. Now is 7 h.
    /// </summary>
    private async Task<(HttpClient Client, string From)> WorkTwoIncidentsAsync()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        var start = _app.Clock.GetUtcNow();
        var a = await OpenAsync(client, "A");
        var b = await OpenAsync(client, "B");
        await PostAsync(client, a, "start", new { });
        await PostAsync(client, b, "start", new { });
        Advance();
        await PostAsync(client, a, "complete", new { });
        await PostAsync(client, a, "start", new { });
        Advance();
        await PostAsync(client, a, "wait", new { reason = "customer" });
        Advance();
        await PostAsync(client, b, "complete", new { });
        Advance();
        await PostAsync(client, a, "resume", new { });
        Advance();
        await PostAsync(client, a, "complete", new { next = "confirm-with-user" });
        await PostAsync(client, a, "start", new { });
        Advance();
        await PostAsync(client, a, "complete", new { next = "value" });
        Advance();
        await PostAsync(client, a, "confirm-value", new { outcome = "Works again", confirmedBy = "the user", rating = 5 });

        // The period ends after now, so the confirmation at now falls in it; open work still counts up to now.
        return (client, $"{Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(1).ToString("O"))}");
    }

    private void Advance() => _app.Clock.Advance(TimeSpan.FromHours(1));

    private static async Task<long> OpenAsync(HttpClient client, string title)
    {
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    private static Task PostAsync(HttpClient client, long id, string transition, object body) =>
        NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/{transition}", body);
}

public sealed class FlowMetricsOnSqlite() : FlowMetricsTests(Database.Sqlite);

public sealed class FlowMetricsOnPostgres() : FlowMetricsTests(Database.Postgres), IRunsOnPostgres;
