using System.Net;
using System.Net.Http.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Plan;

/// <summary>The service portfolio over HTTP: creating, editing, moving and deleting services, and their refusals.</summary>
public abstract class ServicePortfolioTests(Database database) : IDisposable
{
    private const string Services = "/api/v1/services";
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task A_created_service_starts_in_the_pipeline_and_reads_back_with_its_revision_as_ETag()
    {
        var client = _app.CreateClient();
        await CreateTeamAsync(client, "applications");

        var created = await client.PostAsJsonAsync(Services,
            new { key = "customer-portal", name = "  Customer portal ", description = "Self-service for customers.", ownerTeam = "applications" });

        var body = await created.ShouldBeOkJsonAsync(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"{Services}/customer-portal");
        created.Headers.ETag!.Tag.ShouldBe("\"1\"");
        body.GetProperty("name").GetString().ShouldBe("Customer portal");
        body.GetProperty("lifecycle").GetString().ShouldBe("pipeline");
        body.GetProperty("moves").EnumerateArray().Select(m => m.GetString()).ShouldBe(["catalogue", "retired"]);

        var get = await client.GetAsync($"{Services}/customer-portal");
        (await get.ShouldBeOkJsonAsync()).ToString().ShouldBe(body.ToString());
        get.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [DatabaseFact]
    public async Task A_live_service_can_enter_the_portfolio_straight_into_the_catalogue()
    {
        var client = _app.CreateClient();

        var body = await (await client.PostAsJsonAsync(Services, new { key = "payroll", name = "Payroll", lifecycle = "catalogue" }))
            .ShouldBeOkJsonAsync(HttpStatusCode.Created);

        body.GetProperty("lifecycle").GetString().ShouldBe("catalogue");
    }

    [DatabaseFact]
    public async Task Each_invalid_field_is_a_422_that_names_it_and_creates_nothing()
    {
        var client = _app.CreateClient();
        var cases = new (object Body, string Field)[]
        {
            (new { name = "No key" }, "key"),
            (new { key = "Customer-Portal", name = "Upper case" }, "key"),
            (new { key = "customer portal", name = "Space" }, "key"),
            (new { key = "customer--portal", name = "Double hyphen" }, "key"),
            (new { key = new string('k', 101), name = "Too long" }, "key"),
            (new { key = "portal" }, "name"),
            (new { key = "portal", name = "   " }, "name"),
            (new { key = "portal", name = new string('n', 201) }, "name"),
            (new { key = "portal", name = "Portal", description = new string('d', 2001) }, "description"),
            (new { key = "portal", name = "Portal", ownerTeam = "no-such-team" }, "ownerTeam"),
            (new { key = "portal", name = "Portal", lifecycle = "retired" }, "lifecycle"),
            (new { key = "portal", name = "Portal", lifecycle = "live" }, "lifecycle"),
            (new { key = "portal", name = "Portal", lifecycle = "1" }, "lifecycle"),
        };

        foreach (var (body, field) in cases)
        {
            await (await client.PostAsJsonAsync(Services, body)).ShouldBeInvalidAsync("invalid-service", field);
        }

        var list = await (await client.GetAsync(Services)).ShouldBeOkJsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [DatabaseFact]
    public async Task Every_invalid_field_is_reported_in_one_answer()
    {
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync(Services, new { key = "Bad Key", name = "", lifecycle = "retired", ownerTeam = "nobody" });

        var problem = await response.ShouldBeInvalidAsync("invalid-service", "key", "lifecycle", "name", "ownerTeam");
        problem.GetProperty("status").GetInt32().ShouldBe(422);
        problem.GetProperty("errors").GetProperty("ownerTeam")[0].GetString().ShouldBe("There is no team 'nobody'.");
    }

    [DatabaseFact]
    public async Task A_duplicate_key_is_a_409_and_the_first_service_stays_as_it_was()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll");
        var before = await client.SnapshotAsync($"{Services}/payroll");

        var duplicate = await client.PostAsJsonAsync(Services, new { key = "payroll", name = "Another payroll", lifecycle = "catalogue" });

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "service-exists");
        (await client.SnapshotAsync($"{Services}/payroll")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task Unknown_services_are_404_on_every_route()
    {
        var client = _app.CreateClient();

        await (await client.GetAsync($"{Services}/nowhere")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "service-not-found");
        await (await client.PutAsJsonAsync($"{Services}/nowhere", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "service-not-found");
        await (await client.PostAsJsonAsync($"{Services}/nowhere/lifecycle", new { to = "catalogue" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "service-not-found");
        await (await client.DeleteAsync($"{Services}/nowhere")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "service-not-found");
    }

    [DatabaseFact]
    public async Task An_update_replaces_the_details_and_moves_the_ETag_on()
    {
        var client = _app.CreateClient();
        await CreateTeamAsync(client, "applications");
        await CreateAsync(client, "payroll", "Payroll", description: "Salaries");

        var updated = await client.SendAsync(HttpMethod.Put, $"{Services}/payroll",
            new { name = "Payroll and expenses", ownerTeam = "applications", lifecycle = "pipeline" }, ifMatch: "\"1\"");

        var body = await updated.ShouldBeOkJsonAsync();
        updated.Headers.ETag!.Tag.ShouldBe("\"2\"");
        body.GetProperty("name").GetString().ShouldBe("Payroll and expenses");
        body.TryGetProperty("description", out _).ShouldBeFalse("a PUT replaces: a description left out is cleared");
        body.GetProperty("ownerTeam").GetString().ShouldBe("applications");
        body.GetProperty("revision").GetInt32().ShouldBe(2);
        (await client.GetAsync($"{Services}/payroll")).Headers.ETag!.Tag.ShouldBe("\"2\"");
    }

    [DatabaseFact]
    public async Task A_refused_update_is_a_422_per_field_and_changes_nothing()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll");
        var before = await client.SnapshotAsync($"{Services}/payroll");
        var cases = new (object Body, string Field)[]
        {
            (new { name = "" }, "name"),
            (new { name = "Payroll", key = "salaries" }, "key"),
            (new { name = "Payroll", ownerTeam = "no-such-team" }, "ownerTeam"),
            (new { name = "Payroll", lifecycle = "catalogue" }, "lifecycle"),
            (new { name = "Payroll", description = new string('d', 2001) }, "description"),
        };

        foreach (var (body, field) in cases)
        {
            await (await client.PutAsJsonAsync($"{Services}/payroll", body)).ShouldBeInvalidAsync("invalid-service", field);
        }

        (await client.SnapshotAsync($"{Services}/payroll")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task A_stale_If_Match_is_a_412_on_update_move_and_delete_and_changes_nothing()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll");
        (await client.SendAsync(HttpMethod.Put, $"{Services}/payroll", new { name = "Payroll v2" }, ifMatch: "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await client.SnapshotAsync($"{Services}/payroll");

        await (await client.SendAsync(HttpMethod.Put, $"{Services}/payroll", new { name = "Lost update" }, ifMatch: "\"1\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await (await client.SendAsync(HttpMethod.Post, $"{Services}/payroll/lifecycle", new { to = "catalogue" }, ifMatch: "W/\"1\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await (await client.SendAsync(HttpMethod.Delete, $"{Services}/payroll", ifMatch: "\"1\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await (await client.SendAsync(HttpMethod.Put, $"{Services}/payroll", new { name = "Garbled" }, ifMatch: "yesterday"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "bad-if-match");

        (await client.SnapshotAsync($"{Services}/payroll")).ShouldBe(before);
        (await client.SendAsync(HttpMethod.Post, $"{Services}/payroll/lifecycle", new { to = "catalogue" }, ifMatch: "\"2\"")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task Simultaneous_updates_from_the_same_revision_let_exactly_one_through()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            client.SendAsync(HttpMethod.Put, $"{Services}/payroll", new { name = $"Payroll {i}" }, ifMatch: "\"1\"")));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict).ShouldBe(3);
        var service = await (await client.GetAsync($"{Services}/payroll")).ShouldBeOkJsonAsync();
        service.GetProperty("revision").GetInt32().ShouldBe(2);
    }

    [DatabaseFact]
    public async Task A_service_moves_through_its_lifecycle_and_comes_back_from_retirement_only_through_the_pipeline()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll");

        (await Move(client, "payroll", "catalogue").ShouldBeOkJsonAsync()).GetProperty("lifecycle").GetString().ShouldBe("catalogue");
        var retired = await Move(client, "payroll", "retired").ShouldBeOkJsonAsync();
        retired.GetProperty("moves").EnumerateArray().Select(m => m.GetString()).ShouldBe(["pipeline"]);
        var before = await client.SnapshotAsync($"{Services}/payroll");

        var refused = await Move(client, "payroll", "catalogue").ShouldBeProblemAsync(HttpStatusCode.Conflict, "lifecycle-move-not-allowed");
        refused.GetProperty("detail").GetString()!.ShouldContain("through the pipeline");
        (await client.SnapshotAsync($"{Services}/payroll")).ShouldBe(before);

        (await Move(client, "payroll", "pipeline").ShouldBeOkJsonAsync()).GetProperty("lifecycle").GetString().ShouldBe("pipeline");
        var back = await Move(client, "payroll", "catalogue").ShouldBeOkJsonAsync();
        back.GetProperty("lifecycle").GetString().ShouldBe("catalogue");
        back.GetProperty("revision").GetInt32().ShouldBe(5);
    }

    [DatabaseFact]
    public async Task A_live_service_cannot_go_back_to_the_pipeline_and_no_move_goes_nowhere()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll", lifecycle: "catalogue");
        var before = await client.SnapshotAsync($"{Services}/payroll");

        await Move(client, "payroll", "pipeline").ShouldBeProblemAsync(HttpStatusCode.Conflict, "lifecycle-move-not-allowed");
        await Move(client, "payroll", "catalogue").ShouldBeProblemAsync(HttpStatusCode.Conflict, "lifecycle-unchanged");
        await (await client.PostAsJsonAsync($"{Services}/payroll/lifecycle", new { to = "live" })).ShouldBeInvalidAsync("invalid-lifecycle-move", "to");
        await (await client.PostAsJsonAsync($"{Services}/payroll/lifecycle", new { })).ShouldBeInvalidAsync("invalid-lifecycle-move", "to");

        (await client.SnapshotAsync($"{Services}/payroll")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task Only_a_pipeline_service_without_work_is_deleted_the_others_stay()
    {
        var client = _app.CreateClient();
        await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"));
        await CreateAsync(client, "idea", "Just an idea");
        await CreateAsync(client, "live", "Live service", lifecycle: "catalogue");
        await CreateAsync(client, "planned", "Planned with work");
        (await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "Shape it", service = "planned" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var live = await client.SnapshotAsync($"{Services}/live");
        var planned = await client.SnapshotAsync($"{Services}/planned");

        await (await client.DeleteAsync($"{Services}/live")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "service-not-deletable");
        await (await client.DeleteAsync($"{Services}/planned")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "service-has-work");
        var deleted = await client.SendAsync(HttpMethod.Delete, $"{Services}/idea", ifMatch: "\"1\"");

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"{Services}/idea")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.SnapshotAsync($"{Services}/live")).ShouldBe(live);
        (await client.SnapshotAsync($"{Services}/planned")).ShouldBe(planned);
        (await Move(client, "planned", "retired").ShouldBeOkJsonAsync()).GetProperty("lifecycle").GetString().ShouldBe("retired");
    }

    [DatabaseFact]
    public async Task The_list_filters_by_lifecycle_owner_team_and_search_and_pages_with_a_total()
    {
        var client = _app.CreateClient();
        await CreateTeamAsync(client, "applications");
        await CreateAsync(client, "crm", "Customer relations", lifecycle: "catalogue", ownerTeam: "applications");
        await CreateAsync(client, "erp", "ERP and finance", lifecycle: "catalogue", ownerTeam: "applications");
        await CreateAsync(client, "finance-bot", "Chat bot", ownerTeam: "applications");
        await CreateAsync(client, "webshop", "Webshop", lifecycle: "catalogue");

        (await KeysAsync(client, "?lifecycle=catalogue")).ShouldBe(["crm", "erp", "webshop"]);
        (await KeysAsync(client, "?lifecycle=PIPELINE")).ShouldBe(["finance-bot"]);
        (await KeysAsync(client, "?ownerTeam=applications")).ShouldBe(["crm", "erp", "finance-bot"]);
        (await KeysAsync(client, "?q=FINANCE")).ShouldBe(["erp", "finance-bot"]);
        (await KeysAsync(client, "?q=finance&lifecycle=catalogue&ownerTeam=applications")).ShouldBe(["erp"]);

        var page = await (await client.GetAsync($"{Services}?offset=1&limit=2")).ShouldBeOkJsonAsync();
        page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("key").GetString()).ShouldBe(["erp", "finance-bot"]);
        (page.GetProperty("total").GetInt32(), page.GetProperty("offset").GetInt32(), page.GetProperty("limit").GetInt32()).ShouldBe((4, 1, 2));
        (await (await client.GetAsync(Services)).ShouldBeOkJsonAsync()).GetProperty("limit").GetInt32().ShouldBe(50);
    }

    [DatabaseFact]
    public async Task A_bad_list_query_is_a_422_naming_each_parameter()
    {
        var client = _app.CreateClient();

        await (await client.GetAsync($"{Services}?lifecycle=live")).ShouldBeInvalidAsync("invalid-query", "lifecycle");
        await (await client.GetAsync($"{Services}?limit=0")).ShouldBeInvalidAsync("invalid-query", "limit");
        await (await client.GetAsync($"{Services}?limit=501")).ShouldBeInvalidAsync("invalid-query", "limit");
        await (await client.GetAsync($"{Services}?offset=-1&limit=501&lifecycle=x")).ShouldBeInvalidAsync("invalid-query", "offset", "limit", "lifecycle");
        (await client.GetAsync($"{Services}?limit=500")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task Requesters_list_services_but_only_service_owners_and_administrators_change_them()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "payroll", "Payroll");

        (await _app.CreateClientAs("requester").GetAsync(Services)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs("requester").GetAsync($"{Services}/payroll")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.CreateClientAs("agent").PutAsJsonAsync($"{Services}/payroll", new { name = "Agent edit" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var owner = _app.CreateClientAs("service-owner");
        (await owner.PutAsJsonAsync($"{Services}/payroll", new { name = "Owner edit" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.PostAsJsonAsync(Services, new { key = "expenses", name = "Expenses" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> Move(HttpClient client, string key, string to) =>
        client.PostAsJsonAsync($"{Services}/{key}/lifecycle", new { to });

    internal static async Task CreateAsync(
        HttpClient client, string key, string name, string? lifecycle = null, string? ownerTeam = null, string? description = null) =>
        await (await client.PostAsJsonAsync(Services, new { key, name, lifecycle, ownerTeam, description })).ShouldBeOkJsonAsync(HttpStatusCode.Created);

    internal static async Task CreateTeamAsync(HttpClient client, string key) =>
        await (await client.PostAsJsonAsync("/api/v1/teams", new { key, name = $"Team {key}" })).ShouldBeOkJsonAsync(HttpStatusCode.Created);

    private static async Task<List<string>> KeysAsync(HttpClient client, string query) =>
        [.. (await (await client.GetAsync(Services + query)).ShouldBeOkJsonAsync()).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("key").GetString()!)];
}

public sealed class ServicePortfolioOnSqlite() : ServicePortfolioTests(Database.Sqlite);

public sealed class ServicePortfolioOnPostgres() : ServicePortfolioTests(Database.Postgres), IRunsOnPostgres;
