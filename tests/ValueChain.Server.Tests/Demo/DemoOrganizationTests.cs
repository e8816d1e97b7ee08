using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Demo;

/// <summary>The demo organization a new user sees on first start.</summary>
public abstract class DemoOrganizationTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database, seedDemo: true);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task First_start_seeds_streams_for_every_activity_and_work_in_every_state()
    {
        var client = _app.CreateClient();

        var streams = await client.GetFromJsonAsync<JsonElement>("/api/v1/value-streams", ValueChainApp.Json);
        var library = Directory.GetFiles(RepositoryFolder.ValueStreams, "*.yaml").Length;
        streams.GetArrayLength().ShouldBe(library);
        streams.GetArrayLength().ShouldBeGreaterThanOrEqualTo(6);
        var activities = new HashSet<string>();
        foreach (var stream in streams.EnumerateArray())
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/value-streams/{stream.GetProperty("key").GetString()}", ValueChainApp.Json);
            activities.UnionWith(detail.GetProperty("activities").EnumerateArray().Select(a => a.GetString()!));
        }

        activities.Count.ShouldBe(6);

        var items = await client.GetFromJsonAsync<JsonElement>("/api/v1/work-items?limit=500", ValueChainApp.Json);
        items.GetProperty("total").GetInt32().ShouldBeInRange(24, 100);
        var states = items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString()).ToHashSet();
        states.ShouldContain("active");
        states.ShouldContain("value-realized");
        var created = items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        (created.Max() - created.Min()).ShouldBeGreaterThan(TimeSpan.FromDays(21), "demo work spreads over the last weeks");
        created.Max().ShouldBeLessThanOrEqualTo(_app.Clock.GetUtcNow());

        var services = await client.GetFromJsonAsync<JsonElement>("/api/v1/services", ValueChainApp.Json);
        services.GetProperty("items").GetArrayLength().ShouldBeGreaterThanOrEqualTo(3);
        var teams = await client.GetFromJsonAsync<JsonElement>("/api/v1/teams", ValueChainApp.Json);
        teams.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
    }

    [DatabaseFact]
    public async Task Demo_histories_are_consistent_event_logs()
    {
        var client = _app.CreateClient();
        var items = await client.GetFromJsonAsync<JsonElement>("/api/v1/work-items?limit=500", ValueChainApp.Json);

        foreach (var item in items.GetProperty("items").EnumerateArray())
        {
            var id = item.GetProperty("id").GetInt64();
            var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
            events.GetArrayLength().ShouldBe(item.GetProperty("revision").GetInt32(), $"work item {id}");
            events[0].GetProperty("type").GetString().ShouldBe("demand-opened");
            events.EnumerateArray().Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Ascending);
            if (item.GetProperty("state").GetString() == "value-realized")
            {
                events[events.GetArrayLength() - 1].GetProperty("type").GetString().ShouldBe("value-confirmed");
            }
        }
    }

    [DatabaseFact]
    public async Task The_demo_launch_new_service_stream_walks_from_demand_to_value_over_http()
    {
        var client = _app.CreateClient();
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "Stock levels on the webshop", service = "webshop" });
        var item = await ValueChainApp.ReadJsonAsync(opened);
        item.GetProperty("summary").GetProperty("valueStream").GetString().ShouldBe("launch-new-service");
        var id = item.GetProperty("summary").GetProperty("id").GetInt64();

        var walk = await ValueStreams.NewServiceWalkTests.WalkToDeliveredAsync(_app, client, item);
        await ValueStreams.NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{id}/confirm-value",
            new { outcome = "Customers see stock levels", confirmedBy = "sales" });

        walk.Activities.Distinct().Count().ShouldBe(6);
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
        events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe([.. walk.Types, "value-confirmed"]);
    }

    [DatabaseFact]
    public async Task A_second_start_does_not_seed_again()
    {
        var client = _app.CreateClient();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/v1/work-items", ValueChainApp.Json)).GetProperty("total").GetInt32();

        using var restarted = new ValueChainApp(_app.Storage, seedDemo: true);
        var after = (await restarted.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/work-items", ValueChainApp.Json)).GetProperty("total").GetInt32();

        after.ShouldBe(before);
    }
}

public sealed class DemoOrganizationOnSqlite() : DemoOrganizationTests(Database.Sqlite);

public sealed class DemoOrganizationOnPostgres() : DemoOrganizationTests(Database.Postgres), IRunsOnPostgres;
