using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

public abstract class ValueStreamPublishingTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task An_invalid_stream_is_422_with_located_errors_and_publishes_nothing()
    {
        var client = _app.CreateClient();
        var yaml = ValueChainApp.LibraryStream("launch-new-service").Replace("activity: obtain-build", "activity: obtain-and-build", StringComparison.Ordinal);

        var response = await _app.PublishAsync(client, yaml);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await ValueChainApp.ReadJsonAsync(response);
        var error = problem.GetProperty("locations")[0];
        error.GetProperty("path").GetString().ShouldBe("steps[3].activity");
        error.GetProperty("message").GetString()!.ShouldContain("obtain-and-build");
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("obtain-and-build", StringComparison.Ordinal)) + 1;
        error.GetProperty("line").GetInt32().ShouldBe(line);
        problem.GetProperty("errors").GetProperty("steps[3].activity")[0].GetString()!.ShouldContain("obtain-and-build");
        (await client.GetAsync("/api/v1/value-streams/launch-new-service")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Editing_a_stream_makes_a_new_version_and_running_work_keeps_the_one_it_started_with()
    {
        var client = _app.CreateClient();
        var v1 = ValueChainApp.LibraryStream("launch-new-service");
        (await _app.PublishAsync(client, v1)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var old = await ValueChainApp.ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "Old idea" }));

        var v2 = v1.Replace("name: Assess against strategy and portfolio", "name: Assess the idea", StringComparison.Ordinal);
        var published = await _app.PublishAsync(client, v2);
        published.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ValueChainApp.ReadJsonAsync(published)).GetProperty("valueStream").GetProperty("version").GetInt32().ShouldBe(2);
        var again = await _app.PublishAsync(client, v2);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ValueChainApp.ReadJsonAsync(again)).GetProperty("created").GetBoolean().ShouldBeFalse();

        var fresh = await ValueChainApp.ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "New idea" }));
        var oldId = old.GetProperty("summary").GetProperty("id").GetInt64();
        var oldNow = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{oldId}", ValueChainApp.Json);
        oldNow.GetProperty("summary").GetProperty("valueStreamVersion").GetInt32().ShouldBe(1);
        oldNow.GetProperty("visits")[0].GetProperty("name").GetString().ShouldBe("Assess against strategy and portfolio");
        fresh.GetProperty("summary").GetProperty("valueStreamVersion").GetInt32().ShouldBe(2);
        fresh.GetProperty("visits")[0].GetProperty("name").GetString().ShouldBe("Assess the idea");

        var versions = await client.GetFromJsonAsync<JsonElement>("/api/v1/value-streams/launch-new-service/versions", ValueChainApp.Json);
        versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ShouldBe([1, 2]);
    }

    [DatabaseFact]
    public async Task A_demand_type_is_served_by_one_stream_only()
    {
        var client = _app.CreateClient();
        await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"));
        var rival = ValueChainApp.LibraryStream("launch-new-service").Replace("key: launch-new-service", "key: rival-stream", StringComparison.Ordinal);

        var response = await _app.PublishAsync(client, rival);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ValueChainApp.ReadJsonAsync(response)).GetProperty("code").GetString().ShouldBe("demand-type-taken");
        (await client.GetAsync("/api/v1/value-streams/rival-stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task A_stream_can_be_published_as_JSON()
    {
        var client = _app.CreateClient();
        var json = """
            {"key": "json-stream", "name": "From JSON", "demand": ["feedback"],
             "steps": [{"key": "listen", "activity": "engage", "practices": ["relationship-management"], "produces": ["stakeholder-feedback"], "next": "value"}],
             "value": {"outcome": "The stakeholder was heard", "confirmed-by": "customer"}}
            """;

        var response = await client.PostAsJsonAsync("/api/v1/value-streams", new { source = json });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var detail = await client.GetFromJsonAsync<JsonElement>("/api/v1/value-streams/json-stream", ValueChainApp.Json);
        detail.GetProperty("steps")[0].GetProperty("activity").GetString().ShouldBe("engage");
        detail.GetProperty("value").GetProperty("confirmedBy").GetString().ShouldBe("customer");
    }

    [DatabaseFact]
    public async Task The_diff_between_versions_names_changed_steps_and_lines()
    {
        var client = _app.CreateClient();
        var v1 = ValueChainApp.LibraryStream("restore-service");
        await _app.PublishAsync(client, v1);
        var v2 = v1.Replace("name: Log, categorize and prioritize", "name: Log and triage", StringComparison.Ordinal)
            .Replace("demand: [incident]", "demand: [incident, feedback]", StringComparison.Ordinal);
        v2.ShouldNotBe(v1);
        (await _app.PublishAsync(client, v2)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var diff = await client.GetFromJsonAsync<JsonElement>("/api/v1/value-streams/restore-service/diff", ValueChainApp.Json);

        (diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32()).ShouldBe((1, 2));
        var structure = diff.GetProperty("structure");
        var changed = structure.GetProperty("stepsChanged").EnumerateArray().Single();
        changed.GetProperty("step").GetString().ShouldBe("log-and-triage");
        changed.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ShouldBe(["name"]);
        structure.GetProperty("demandTypesAdded").EnumerateArray().Select(f => f.GetString()).ShouldBe(["feedback"]);
        structure.GetProperty("stepsAdded").GetArrayLength().ShouldBe(0);
        (diff.GetProperty("linesAdded").GetInt32(), diff.GetProperty("linesRemoved").GetInt32()).ShouldBe((2, 2));
        var added = diff.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "added").ToList();
        added.ShouldContain(l => l.GetProperty("text").GetString()!.Contains("Log and triage", StringComparison.Ordinal));
        var removed = diff.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("kind").GetString() == "removed");
        var oldLine = v1.Split('\n').ToList().FindIndex(l => l.Contains("demand: [incident]", StringComparison.Ordinal)) + 1;
        removed.GetProperty("oldLine").GetInt32().ShouldBe(oldLine);

        var unknown = await client.GetAsync("/api/v1/value-streams/restore-service/diff?from=1&to=7");
        unknown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ValueChainApp.ReadJsonAsync(unknown)).GetProperty("errors").GetProperty("to").GetArrayLength().ShouldBe(1);
        (await client.GetAsync("/api/v1/value-streams/no-such-stream/diff")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Publishing_over_a_stale_ETag_is_412_and_publishes_nothing()
    {
        var client = _app.CreateClient();
        var v1 = ValueChainApp.LibraryStream("restore-service");
        await _app.PublishAsync(client, v1);
        var etag = (await client.GetAsync("/api/v1/value-streams/restore-service")).Headers.ETag!.Tag;
        etag.ShouldBe("\"1\"");
        (await _app.PublishAsync(client, v1 + "\n# edited by someone else\n")).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/value-streams")
        {
            Content = new StringContent(v1 + "\n# my edit\n", System.Text.Encoding.UTF8, "text/yaml"),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var refused = await client.SendAsync(stale);

        refused.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await ValueChainApp.ReadJsonAsync(refused)).GetProperty("code").GetString().ShouldBe("stale-revision");
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/value-streams/restore-service/versions", ValueChainApp.Json)).GetArrayLength().ShouldBe(2);
        using var fresh = new HttpRequestMessage(HttpMethod.Post, "/api/v1/value-streams")
        {
            Content = new StringContent(v1 + "\n# my edit\n", System.Text.Encoding.UTF8, "text/yaml"),
        };
        fresh.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        (await client.SendAsync(fresh)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

public sealed class ValueStreamPublishingOnSqlite() : ValueStreamPublishingTests(Database.Sqlite);

public sealed class ValueStreamPublishingOnPostgres() : ValueStreamPublishingTests(Database.Postgres), IRunsOnPostgres;
