using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Flow;

public abstract class ReferenceAndHealthTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Health_reports_the_database()
    {
        var health = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/health", ValueChainApp.Json);
        health.GetProperty("status").GetString().ShouldBe("healthy");
        health.GetProperty("database").GetString().ShouldBe(database == Database.Postgres ? "postgres" : "sqlite");
        // SQLite keeps its file in the data folder; PostgreSQL keeps nothing there.
        File.Exists(Path.Combine(_app.DataDirectory, "valuechain.db")).ShouldBe(database == Database.Sqlite);
    }

    [DatabaseFact]
    public async Task The_reference_model_and_flow_map_are_served()
    {
        var client = _app.CreateClient();
        var reference = await client.GetFromJsonAsync<JsonElement>("/api/v1/reference", ValueChainApp.Json);
        reference.GetProperty("practices").GetArrayLength().ShouldBe(34);
        reference.GetProperty("guidingPrinciples").GetArrayLength().ShouldBe(7);
        reference.GetProperty("dimensions").GetArrayLength().ShouldBe(4);

        var activities = await client.GetFromJsonAsync<JsonElement>("/api/v1/activities", ValueChainApp.Json);
        activities.EnumerateArray().Select(a => a.GetProperty("key").GetString()).ShouldBe(
            ["plan", "improve", "engage", "design-transition", "obtain-build", "deliver-support"]);

        var map = await client.GetFromJsonAsync<JsonElement>("/api/v1/flow-map", ValueChainApp.Json);
        var performance = map.EnumerateArray().Single(k => k.GetProperty("key").GetString() == "performance-information");
        performance.GetProperty("deliveredTo").EnumerateArray().Select(a => a.GetString()).Order().ShouldBe(["design-transition", "engage", "improve"]);
    }

    [DatabaseFact]
    public async Task The_start_page_shows_the_value_chain()
    {
        var response = await _app.CreateClient().GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Design and transition");
        html.ShouldContain("/work/inbox/deliver-support");
    }
}

public sealed class ReferenceAndHealthOnSqlite() : ReferenceAndHealthTests(Database.Sqlite);

public sealed class ReferenceAndHealthOnPostgres() : ReferenceAndHealthTests(Database.Postgres), IRunsOnPostgres;
