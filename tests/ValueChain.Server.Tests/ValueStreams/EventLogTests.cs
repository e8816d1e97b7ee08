using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Access;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

/// <summary>The event log over HTTP: filtered pages read with a cursor, and the followed stream for integrations.</summary>
public abstract class EventLogTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Filters_by_type_work_item_and_actor_and_pages_with_a_cursor()
    {
        var client = _app.CreateClient();
        var (first, second) = await TwoItemsAsync(client);
        var agent = _app.CreateClientAs(Roles.Agent);
        (await agent.PostAsJsonAsync($"/api/v1/work-items/{second}/start", new { })).EnsureSuccessStatusCode();

        var opened = await PageAsync(client, "type=demand-opened");
        Types(opened).ShouldBe(["demand-opened", "demand-opened"]);
        Types(await PageAsync(client, $"workItem={second}")).ShouldBe(["demand-opened", "step-started"]);
        var byAgent = await PageAsync(client, $"actor={ValueChainApp.UserFor(Roles.Agent)}");
        byAgent.GetProperty("items").EnumerateArray().Single().GetProperty("workItemId").GetInt64().ShouldBe(second);
        Types(await PageAsync(client, "type=step-started,assigned")).ShouldBe(["step-started"]);
        Ids(await PageAsync(client, "type=demand-opened,step-started")).Count.ShouldBe(3);
        Ids(await PageAsync(client, "activity=engage")).Count.ShouldBe(3);
        Ids(await PageAsync(client, "activity=improve")).ShouldBeEmpty();

        var all = Ids(await PageAsync(client, "limit=100"));
        var page1 = await PageAsync(client, "limit=2");
        var page2 = await PageAsync(client, $"limit=2&after={page1.GetProperty("cursor").GetInt64()}");
        var page3 = await PageAsync(client, $"limit=2&after={page2.GetProperty("cursor").GetInt64()}");
        all.Count.ShouldBe(3);
        Ids(page1).Concat(Ids(page2)).ShouldBe(all);
        page1.GetProperty("more").GetBoolean().ShouldBeTrue();
        page2.GetProperty("more").GetBoolean().ShouldBeFalse();
        Ids(page3).ShouldBeEmpty();
        page3.GetProperty("cursor").GetInt64().ShouldBe(page2.GetProperty("cursor").GetInt64());
        var largest = await PageAsync(client, "limit=1000");
        (Ids(largest).Count, largest.GetProperty("more").GetBoolean()).ShouldBe((3, false));
    }

    [DatabaseFact]
    public async Task Time_ranges_include_from_and_exclude_to()
    {
        var client = _app.CreateClient();
        var start = _app.Clock.GetUtcNow();
        var (first, _) = await TwoItemsAsync(client);
        _app.Clock.Advance(TimeSpan.FromHours(1));
        (await client.PostAsJsonAsync($"/api/v1/work-items/{first}/start", new { })).EnsureSuccessStatusCode();

        var later = Uri.EscapeDataString(start.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Types(await PageAsync(client, $"from={later}")).ShouldBe(["step-started"]);
        Types(await PageAsync(client, $"to={later}")).ShouldBe(["demand-opened", "demand-opened"]);
    }

    [DatabaseFact]
    public async Task A_bad_filter_is_422_per_field()
    {
        var client = _app.CreateClient();

        var response = await client.GetAsync("/api/v1/events?type=opened&activity=build&from=soon&limit=5000&after=-1");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await ValueChainApp.ReadJsonAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["activity", "after", "from", "limit", "type"]);
    }

    [DatabaseFact]
    public async Task The_stream_sends_each_event_with_its_id_and_resumes_after_Last_Event_ID()
    {
        var client = _app.CreateClient();
        var (first, _) = await TwoItemsAsync(client);

        var events = await ReadStreamAsync(client, lastEventId: null, count: 2);
        events.Select(e => e.Event).ShouldBe(["demand-opened", "demand-opened"]);
        events[0].Data.GetProperty("workItemId").GetInt64().ShouldBe(first);

        (await client.PostAsJsonAsync($"/api/v1/work-items/{first}/start", new { })).EnsureSuccessStatusCode();
        var resumed = await ReadStreamAsync(client, lastEventId: events[1].Id, count: 1);
        resumed.Single().Event.ShouldBe("step-started");
        long.Parse(resumed.Single().Id, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(long.Parse(events[1].Id, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<List<(string Id, string Event, JsonElement Data)>> ReadStreamAsync(HttpClient client, string? lastEventId, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<(string, string, JsonElement)>();
        string? id = null, type = null, data = null;
        while (events.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                events.Add((id!, type!, JsonDocument.Parse(data).RootElement.Clone()));
                id = type = data = null;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return events;
    }

    private async Task<(long First, long Second)> TwoItemsAsync(HttpClient client)
    {
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        var ids = new List<long>();
        foreach (var title in new[] { "Printer jammed", "VPN down" })
        {
            var response = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title });
            ids.Add((await ValueChainApp.ReadJsonAsync(response)).GetProperty("summary").GetProperty("id").GetInt64());
        }

        return (ids[0], ids[1]);
    }

    private static async Task<JsonElement> PageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/events?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ValueChainApp.ReadJsonAsync(response);
    }

    private static List<string> Types(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();

    private static List<long> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
}

public sealed class EventLogOnSqlite() : EventLogTests(Database.Sqlite);

public sealed class EventLogOnPostgres() : EventLogTests(Database.Postgres), IRunsOnPostgres;
