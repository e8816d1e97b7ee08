using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Access;
using ValueChain.Data.ValueStreams;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

/// <summary>Listing work items: every filter, full-text search, sorting, paging with totals, and assignment.</summary>
public abstract class WorkItemQueryTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Filters_by_requester_priority_and_assignee_and_counts_the_matches()
    {
        var client = await DeskAsync();
        var printer = await OpenAsync(client, "Printer on floor 2 jammed", requester: "ben.ortiz", priority: "high");
        await OpenAsync(client, "Scanner offline", requester: "ben.ortiz", priority: "low");
        await OpenAsync(client, "VPN drops every hour", requester: "ida.novak", priority: "high");
        var agent = ValueChainApp.UserFor(Roles.Agent);
        _app.TokenFor(Roles.Agent);
        (await client.PostAsJsonAsync($"/api/v1/work-items/{printer}/assign", new { assignee = agent })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await TitlesAsync(client, "requester=ben.ortiz")).ShouldBe(["Scanner offline", "Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "priority=high")).ShouldBe(["VPN drops every hour", "Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "requester=ben.ortiz&priority=high")).ShouldBe(["Printer on floor 2 jammed"]);
        (await TitlesAsync(client, $"assignee={agent}")).ShouldBe(["Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "assignee=none")).ShouldBe(["VPN drops every hour", "Scanner offline"]);
        var page = await ListAsync(client, "requester=ben.ortiz");
        page.GetProperty("total").GetInt32().ShouldBe(2);
        page.GetProperty("items")[1].GetProperty("assignee").GetString().ShouldBe(agent);
    }

    [DatabaseFact]
    public async Task Created_and_updated_ranges_include_from_and_exclude_to()
    {
        var client = await DeskAsync();
        var start = _app.Clock.GetUtcNow();
        await OpenAsync(client, "Monday call");
        _app.Clock.Advance(TimeSpan.FromDays(1));
        var tuesday = await OpenAsync(client, "Tuesday call");
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await OpenAsync(client, "Wednesday call");
        _app.Clock.Advance(TimeSpan.FromDays(1));
        (await client.PostAsJsonAsync($"/api/v1/work-items/{tuesday}/start", new { })).EnsureSuccessStatusCode();

        var day = (DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        (await TitlesAsync(client, $"createdFrom={day(start.AddDays(1))}&createdTo={day(start.AddDays(2))}")).ShouldBe(["Tuesday call"]);
        (await TitlesAsync(client, $"createdTo={day(start.AddDays(1))}")).ShouldBe(["Monday call"]);
        (await TitlesAsync(client, $"updatedFrom={day(start.AddDays(3))}")).ShouldBe(["Tuesday call"]);
        (await TitlesAsync(client, $"createdFrom={start:yyyy-MM-dd}")).Count.ShouldBe(3);
    }

    [DatabaseFact]
    public async Task Search_matches_word_beginnings_in_title_and_description_and_needs_every_word()
    {
        var client = await DeskAsync();
        await OpenAsync(client, "Printer on floor 2 jammed");
        await OpenAsync(client, "Cannot print invoices", description: "The finance team's PDF export fails.");
        await OpenAsync(client, "Laptop fan loud", description: "Sounds like a jammed printer.");
        await OpenAsync(client, "Sprint board missing");

        (await TitlesAsync(client, "q=print")).ShouldBe(["Laptop fan loud", "Cannot print invoices", "Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=PRINTER+jam")).ShouldBe(["Laptop fan loud", "Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=finance")).ShouldBe(["Cannot print invoices"]);
        (await TitlesAsync(client, "q=print+sprint")).ShouldBeEmpty();
        (await TitlesAsync(client, "q=%22printer%22+(jam*+-")).ShouldBe(["Laptop fan loud", "Printer on floor 2 jammed"]);
    }

    [DatabaseFact]
    public async Task Search_matches_word_prefixes_of_one_two_three_and_more_letters()
    {
        var client = await DeskAsync();
        await OpenAsync(client, "Printer on floor 2 jammed");
        await OpenAsync(client, "Projector flickers", description: "Meeting room Pluto.");
        await OpenAsync(client, "Laptop fan loud", description: "Sounds like a plane.");

        (await TitlesAsync(client, "q=p")).ShouldBe(["Laptop fan loud", "Projector flickers", "Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=pl")).ShouldBe(["Laptop fan loud", "Projector flickers"]);
        (await TitlesAsync(client, "q=pla")).ShouldBe(["Laptop fan loud"]);
        (await TitlesAsync(client, "q=pr")).ShouldBe(["Projector flickers", "Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=pri")).ShouldBe(["Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=prin")).ShouldBe(["Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=printe")).ShouldBe(["Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=pl+me")).ShouldBe(["Projector flickers"]);
        (await TitlesAsync(client, "q=j+fl")).ShouldBe(["Printer on floor 2 jammed"]);
        (await TitlesAsync(client, "q=printers")).ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task A_long_word_finds_every_word_it_starts_however_many_there_are()
    {
        var client = await DeskAsync();
        await OpenAsync(client, "Printer jammed", priority: "high");
        await OpenAsync(client, "Printers offline", description: "All printers on floor 3.");
        await OpenAsync(client, "Printing slow");
        var racks = Enumerable.Range(1, WorkItemSearch.MaxWordsPerPrefix + 1).Select(i => $"Rackmount{i} fan").ToList();
        foreach (var rack in racks)
        {
            await OpenAsync(client, rack);
        }

        (await TitlesAsync(client, "q=printe")).ShouldBe(["Printers offline", "Printer jammed"]);
        (await TitlesAsync(client, "q=printer")).ShouldBe(["Printers offline", "Printer jammed"]);
        (await TitlesAsync(client, "q=printers")).ShouldBe(["Printers offline"]);
        (await TitlesAsync(client, "q=printer+floor")).ShouldBe(["Printers offline"]);
        (await TitlesAsync(client, "q=printer&priority=high")).ShouldBe(["Printer jammed"]);
        (await TitlesAsync(client, "q=printed")).ShouldBeEmpty();
        // More words start with "rackmount" than are matched one by one: the prefix finds them all, and counts them.
        (await TitlesAsync(client, "q=rackmount&limit=100")).ShouldBe(Enumerable.Reverse(racks).ToList());
        (await ListAsync(client, "q=rackmount+fan&limit=5")).GetProperty("total").GetInt32().ShouldBe(racks.Count);
        (await ListAsync(client, "q=rackmount1&limit=2")).GetProperty("total").GetInt32().ShouldBe(racks.Count(r => r.StartsWith("Rackmount1", StringComparison.Ordinal)));
    }

    [DatabaseFact]
    public async Task Paging_a_filtered_list_after_the_cursor_returns_every_match_once_in_order()
    {
        var client = await DeskAsync();
        var high = new List<long>();
        var printers = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            var id = await OpenAsync(client, $"Printer {i} jammed", priority: i % 3 == 0 ? "low" : "high");
            printers.Add(id);
            if (i % 3 != 0)
            {
                high.Add(id);
            }

            await OpenAsync(client, $"Scanner {i} offline", priority: "low");
        }

        foreach (var (query, expected) in new (string, List<long>)[]
        {
            ("priority=high", [.. high.AsEnumerable().Reverse()]),
            ("priority=high&sort=created", high),
            ("q=printer", [.. printers.AsEnumerable().Reverse()]),
            ("q=printer&sort=created", printers),
            ("q=printer&priority=high", [.. high.AsEnumerable().Reverse()]),
        })
        {
            var seen = new List<long>();
            long? after = null;
            var pages = 0;
            do
            {
                var page = await ListAsync(client, $"{query}&limit=2" + (after is null ? "" : $"&after={after}"));
                page.GetProperty("total").GetInt32().ShouldBe(expected.Count, query);
                page.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse(query);
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
                after = page.TryGetProperty("next", out var next) ? next.GetInt64() : null;
                pages++;
            }
            while (after is not null && pages < 10);

            seen.ShouldBe(expected, query);
            pages.ShouldBe((expected.Count + 1) / 2, query);
        }
    }

    [DatabaseFact]
    public async Task Counting_stops_past_the_bound_and_says_the_total_is_a_lower_bound()
    {
        var client = await DeskAsync();
        for (var i = 0; i < 5; i++)
        {
            await OpenAsync(client, $"Printer {i} jammed", priority: i == 0 ? "high" : "low");
        }

        using var bounded = _app.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton(new WorkItemListSettings { CountBound = 3 })));
        var boundedClient = bounded.CreateClient();

        foreach (var query in new[] { "limit=2", "q=printer&limit=2", "q=jam&priority=low&limit=2", "limit=2&after=" + long.MaxValue })
        {
            var page = await ListAsync(boundedClient, query);
            page.GetProperty("total").GetInt32().ShouldBe(3, query);
            page.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeTrue(query);
        }

        var deep = await ListAsync(boundedClient, "sort=title&limit=2&offset=3");
        Titles(deep).ShouldBe(["Printer 3 jammed", "Printer 4 jammed"]);
        deep.GetProperty("total").GetInt32().ShouldBe(5, "a page past the bound shows at least the items up to it");
        deep.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeTrue();

        foreach (var query in new[] { "priority=high&after=" + long.MaxValue, "q=printer&priority=high", "priority=high&sort=title&limit=1&offset=1" })
        {
            var page = await ListAsync(boundedClient, query);
            page.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse(query);
            page.GetProperty("total").GetInt32().ShouldBe(1, query);
        }

        var unbounded = await ListAsync(client, "q=printer&limit=2");
        unbounded.GetProperty("total").GetInt32().ShouldBe(5);
        unbounded.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse();
    }

    [DatabaseFact]
    public async Task A_cursor_with_an_offset_or_an_order_not_by_id_is_refused_on_the_field_and_changes_nothing()
    {
        var client = await DeskAsync();
        var first = await OpenAsync(client, "Printer jammed");
        await OpenAsync(client, "Scanner offline");
        var before = (await ListAsync(client, "limit=10")).ToString();

        foreach (var query in new[] { $"after={first}&offset=1", $"after={first}&sort=title", $"after={first}&sort=-updated", "after=0", $"after={first}&sort=priority&offset=2" })
        {
            var response = await client.GetAsync("/api/v1/work-items?" + query);

            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, query);
            var problem = await ValueChainApp.ReadJsonAsync(response);
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["after"], query);
        }

        (await client.GetAsync("/api/v1/work-items?after=next")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ListAsync(client, "limit=10")).ToString().ShouldBe(before);
    }

    [DatabaseFact]
    public async Task Sorts_by_priority_title_and_update_and_pages_without_overlap()
    {
        var client = await DeskAsync();
        await OpenAsync(client, "Bravo", priority: "low");
        await OpenAsync(client, "Alpha", priority: "critical");
        var charlie = await OpenAsync(client, "Charlie", priority: "medium");
        await OpenAsync(client, "Delta", priority: "high");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await client.PostAsJsonAsync($"/api/v1/work-items/{charlie}/start", new { })).EnsureSuccessStatusCode();

        (await TitlesAsync(client, "sort=priority")).ShouldBe(["Alpha", "Delta", "Charlie", "Bravo"]);
        (await TitlesAsync(client, "sort=-priority")).ShouldBe(["Bravo", "Charlie", "Delta", "Alpha"]);
        (await TitlesAsync(client, "sort=title")).ShouldBe(["Alpha", "Bravo", "Charlie", "Delta"]);
        (await TitlesAsync(client, "sort=created")).ShouldBe(["Bravo", "Alpha", "Charlie", "Delta"]);
        (await TitlesAsync(client, "sort=-updated")).First().ShouldBe("Charlie");

        var first = await ListAsync(client, "sort=title&limit=3");
        var second = await ListAsync(client, "sort=title&limit=3&offset=3");
        first.GetProperty("total").GetInt32().ShouldBe(4);
        second.GetProperty("total").GetInt32().ShouldBe(4);
        Titles(first).Concat(Titles(second)).ShouldBe(["Alpha", "Bravo", "Charlie", "Delta"]);
    }

    [DatabaseFact]
    public async Task A_bad_query_names_every_wrong_field_at_once()
    {
        var client = await DeskAsync();

        var response = await client.GetAsync("/api/v1/work-items?state=finished&priority=urgent&createdFrom=last-week&sort=size&limit=0&q=!!!&activity=deliver");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await ValueChainApp.ReadJsonAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["activity", "createdFrom", "limit", "priority", "q", "sort", "state"]);
        errors.GetProperty("priority")[0].GetString()!.ShouldContain("critical");
    }

    [DatabaseFact]
    public async Task Assigning_to_an_unknown_account_is_422_on_the_field_and_changes_nothing()
    {
        var client = await DeskAsync();
        var id = await OpenAsync(client, "Printer jammed");

        var response = await client.PostAsJsonAsync($"/api/v1/work-items/{id}/assign", new { assignee = "nobody.here" });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await ValueChainApp.ReadJsonAsync(response);
        problem.TryGetProperty("errors", out var errors).ShouldBeTrue(problem.ToString());
        errors.GetProperty("assignee").GetArrayLength().ShouldBe(1);
        var item = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}", ValueChainApp.Json);
        item.GetProperty("summary").GetProperty("revision").GetInt32().ShouldBe(1);
        item.GetProperty("summary").TryGetProperty("assignee", out _).ShouldBeFalse();
    }

    [DatabaseFact]
    public async Task An_agent_takes_work_with_me_and_the_event_log_records_it()
    {
        var client = await DeskAsync();
        var id = await OpenAsync(client, "Printer jammed");
        var agent = _app.CreateClientAs(Roles.Agent);

        var taken = await agent.PostAsJsonAsync($"/api/v1/work-items/{id}/assign", new { assignee = "me" });
        var again = await agent.PostAsJsonAsync($"/api/v1/work-items/{id}/assign", new { assignee = "me" });

        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ValueChainApp.ReadJsonAsync(taken)).GetProperty("summary").GetProperty("assignee").GetString().ShouldBe(ValueChainApp.UserFor(Roles.Agent));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ValueChainApp.ReadJsonAsync(again)).GetProperty("code").GetString().ShouldBe("assignment-unchanged");
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
        events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(["demand-opened", "assigned"]);
        events[1].GetProperty("actor").GetString().ShouldBe(ValueChainApp.UserFor(Roles.Agent));
    }

    /// <summary>An administrator's client on a database with the restore-service stream, which serves incidents.</summary>
    private async Task<HttpClient> DeskAsync()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        return client;
    }

    private static async Task<long> OpenAsync(HttpClient client, string title, string? description = null, string? requester = null, string priority = "medium")
    {
        var response = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title, description, requester, priority });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(response)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/work-items?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ValueChainApp.ReadJsonAsync(response);
    }

    private static async Task<List<string>> TitlesAsync(HttpClient client, string query) => Titles(await ListAsync(client, query));

    private static List<string> Titles(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();
}

public sealed class WorkItemQueryOnSqlite() : WorkItemQueryTests(Database.Sqlite);

public sealed class WorkItemQueryOnPostgres() : WorkItemQueryTests(Database.Postgres), IRunsOnPostgres;
