using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

/// <summary>Demand to value through every activity of the "launch a new service" stream, over HTTP only.</summary>
public abstract class NewServiceWalkTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Walking_launch_new_service_from_demand_to_value_passes_all_six_activities_and_leaves_one_event_per_transition()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "Sales forecasting dashboard", requester = "ben.ortiz" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        var item = await ValueChainApp.ReadJsonAsync(opened);
        var id = item.GetProperty("summary").GetProperty("id").GetInt64();
        opened.Headers.Location!.ToString().ShouldBe($"/api/v1/work-items/{id}");

        var walk = await WalkToDeliveredAsync(_app, client, item);
        item = walk.Item;
        var visitedActivities = walk.Activities;
        var transitions = walk.Types.Count;
        var expectedTypes = walk.Types;

        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("delivered");
        item = await PostOkAsync(client, $"/api/v1/work-items/{id}/confirm-value",
            new { outcome = "Forecast dashboard live for all regions", confirmedBy = "ben.ortiz", rating = 5 });
        transitions++;
        expectedTypes.Add("value-confirmed");

        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("value-realized");
        item.GetProperty("rating").GetInt32().ShouldBe(5);
        visitedActivities.Distinct().Order().ShouldBe(
            ["deliver-support", "design-transition", "engage", "improve", "obtain-build", "plan"]);

        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
        events.GetArrayLength().ShouldBe(transitions);
        events.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt32()).ShouldBe(Enumerable.Range(1, transitions));
        events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(expectedTypes);
        events.EnumerateArray().Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Ascending);

        // The flow map routed every artifact to the activities that receive its kind.
        (await InboxKindsAsync(client, "improve", id)).ShouldContain("performance-information");
        (await InboxKindsAsync(client, "engage", id)).ShouldContain("performance-information");
        (await InboxKindsAsync(client, "design-transition", id)).ShouldContain("portfolio-decisions");
        (await InboxKindsAsync(client, "obtain-build", id)).ShouldContain("requirements-and-specifications");
        (await InboxKindsAsync(client, "deliver-support", id)).ShouldContain("new-and-changed-services");
        var planInbox = await InboxKindsAsync(client, "plan", id);
        planInbox.ShouldContain("demand-and-opportunities");
        planInbox.ShouldNotContain("portfolio-decisions", "the producer does not receive its own artifact");
    }

    [DatabaseFact]
    public async Task Step_visits_record_the_time_spent_and_waited()
    {
        var client = _app.CreateClient();
        await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"));
        var opened = await ValueChainApp.ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/demand", new { type = "opportunity", title = "B2B ordering" }));
        var id = opened.GetProperty("summary").GetProperty("id").GetInt64();

        await PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });
        await PostOkAsync(client, $"/api/v1/work-items/{id}/wait", new { reason = "customer", note = "Waiting for the sales director" });
        _app.Clock.Advance(TimeSpan.FromMinutes(90));
        var resumed = await PostOkAsync(client, $"/api/v1/work-items/{id}/resume", new { });

        var visit = resumed.GetProperty("visits")[0];
        visit.GetProperty("waitedMinutes").GetDouble().ShouldBe(90);
        resumed.GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("in-progress");
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
        var waiting = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "step-waiting");
        waiting.GetProperty("data").GetProperty("reason").GetString().ShouldBe("customer");
    }

    internal sealed record Walk(JsonElement Item, List<string> Activities, List<string> Types);

    /// <summary>Starts and completes every step, always moving forward, with the artifacts each step produces.</summary>
    internal static async Task<Walk> WalkToDeliveredAsync(ValueChainApp app, HttpClient client, JsonElement item)
    {
        var id = item.GetProperty("summary").GetProperty("id").GetInt64();
        var activities = new List<string>();
        var types = new List<string> { "demand-opened" };
        while (item.GetProperty("summary").GetProperty("state").GetString() == "active")
        {
            var step = item.GetProperty("summary").GetProperty("step").GetString()!;
            activities.Add(item.GetProperty("summary").GetProperty("activity").GetString()!);

            app.Clock.Advance(TimeSpan.FromHours(3));
            item = await PostOkAsync(client, $"/api/v1/work-items/{id}/start", new { });
            item.GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("in-progress");

            app.Clock.Advance(TimeSpan.FromHours(5));
            var produces = item.GetProperty("produces").EnumerateArray().Select(p => p.GetString()!).ToList();
            item = await PostOkAsync(client, $"/api/v1/work-items/{id}/complete", new
            {
                next = ForwardChoice(item),
                artifacts = produces.Select(kind => new { kind, title = $"{kind} from {step}" }),
            });
            types.AddRange(["step-started", "step-completed"]);
            activities.Count.ShouldBeLessThan(20, "the walk should reach value");
        }

        return new Walk(item, activities, types);
    }

    internal static async Task<JsonElement> PostOkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var json = await ValueChainApp.ReadJsonAsync(response);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }

    /// <summary>The first way forward that is not a loop; value only when nothing else is left.</summary>
    private static string ForwardChoice(JsonElement item)
    {
        var options = item.GetProperty("nextOptions").EnumerateArray().Select(o => o.GetString()!).ToList();
        var done = item.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("step").GetString()).ToHashSet();
        return options.FirstOrDefault(o => o != "value" && !done.Contains(o)) ?? "value";
    }

    private static async Task<List<string>> InboxKindsAsync(HttpClient client, string activity, long workItemId)
    {
        var inbox = await client.GetFromJsonAsync<JsonElement>($"/api/v1/activities/{activity}/inbox", ValueChainApp.Json);
        return inbox.GetProperty("artifacts").EnumerateArray()
            .Where(a => a.GetProperty("workItemId").GetInt64() == workItemId)
            .Select(a => a.GetProperty("artifact").GetProperty("kind").GetString()!)
            .ToList();
    }
}

public sealed class NewServiceWalkOnSqlite() : NewServiceWalkTests(Database.Sqlite);

public sealed class NewServiceWalkOnPostgres() : NewServiceWalkTests(Database.Postgres), IRunsOnPostgres;
