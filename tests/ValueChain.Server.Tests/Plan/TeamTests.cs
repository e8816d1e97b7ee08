using System.Net;
using System.Net.Http.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Plan;

/// <summary>Teams over HTTP: their members and steps, edits, and the references that keep a team from being deleted.</summary>
public abstract class TeamTests(Database database) : IDisposable
{
    private const string Teams = "/api/v1/teams";
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task A_team_reads_back_with_its_members_the_steps_it_owns_and_its_services()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await client.PostAsJsonAsync(Teams, new { key = "service-desk", name = "Service Desk", description = "First contact." });
        await created.ShouldBeOkJsonAsync(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"{Teams}/service-desk");
        await CreateAccountAsync(client, "sam.lee", "service-desk");
        await ServicePortfolioTests.CreateAsync(client, "workplace", "Digital workplace", ownerTeam: "service-desk");

        var get = await client.GetAsync($"{Teams}/service-desk");

        var team = await get.ShouldBeOkJsonAsync();
        get.Headers.ETag!.Tag.ShouldBe("\"1\"");
        team.GetProperty("name").GetString().ShouldBe("Service Desk");
        team.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userName").GetString()).ShouldBe(["sam.lee"]);
        var steps = team.GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => s.GetProperty("step").GetString()).ShouldBe(["log-and-triage", "confirm-with-user"], ignoreOrder: true);
        steps.ShouldAllBe(s => s.GetProperty("valueStream").GetString() == "restore-service" && s.GetProperty("version").GetInt32() == 1);
        steps.ShouldAllBe(s => s.GetProperty("activity").GetString() == "engage");
        team.GetProperty("services").EnumerateArray().Select(s => s.GetString()).ShouldBe(["workplace"]);
    }

    [DatabaseFact]
    public async Task Invalid_teams_are_422_per_field_and_duplicates_409_and_neither_creates_anything()
    {
        var client = _app.CreateClient();
        await (await client.PostAsJsonAsync(Teams, new { key = "ops", name = "Operations" })).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        var before = await client.SnapshotAsync(Teams);

        await client.PostAsJsonAsync(Teams, new { name = "No key" }).ShouldBeInvalidAsync("invalid-team", "key");
        await client.PostAsJsonAsync(Teams, new { key = "Night_Shift", name = "Night shift" }).ShouldBeInvalidAsync("invalid-team", "key");
        await client.PostAsJsonAsync(Teams, new { key = "night-shift" }).ShouldBeInvalidAsync("invalid-team", "name");
        await client.PostAsJsonAsync(Teams, new { key = "night-shift", name = "Night", description = new string('d', 2001) }).ShouldBeInvalidAsync("invalid-team", "description");
        await client.PostAsJsonAsync(Teams, new { key = "Bad Key", name = " " }).ShouldBeInvalidAsync("invalid-team", "key", "name");
        await client.PostAsJsonAsync(Teams, new { key = "ops", name = "Operations again" }).ShouldBeProblemAsync(HttpStatusCode.Conflict, "team-exists");

        (await client.SnapshotAsync(Teams)).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task Unknown_teams_are_404_on_every_route()
    {
        var client = _app.CreateClient();

        await client.GetAsync($"{Teams}/nobody").ShouldBeProblemAsync(HttpStatusCode.NotFound, "team-not-found");
        await client.PutAsJsonAsync($"{Teams}/nobody", new { name = "X" }).ShouldBeProblemAsync(HttpStatusCode.NotFound, "team-not-found");
        await client.DeleteAsync($"{Teams}/nobody").ShouldBeProblemAsync(HttpStatusCode.NotFound, "team-not-found");
    }

    [DatabaseFact]
    public async Task An_update_honours_If_Match_keeps_the_key_and_a_refused_one_changes_nothing()
    {
        var client = _app.CreateClient();
        await client.PostAsJsonAsync(Teams, new { key = "ops", name = "Operations" }).ShouldBeOkJsonAsync(HttpStatusCode.Created);

        var updated = await client.SendAsync(HttpMethod.Put, $"{Teams}/ops", new { name = "Operations Centre", description = "24/7" }, ifMatch: "\"1\"");
        (await updated.ShouldBeOkJsonAsync()).GetProperty("description").GetString().ShouldBe("24/7");
        updated.Headers.ETag!.Tag.ShouldBe("\"2\"");
        var before = await client.SnapshotAsync($"{Teams}/ops");

        await client.SendAsync(HttpMethod.Put, $"{Teams}/ops", new { name = "Stale" }, ifMatch: "\"1\"").ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await client.SendAsync(HttpMethod.Delete, $"{Teams}/ops", ifMatch: "\"1\"").ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await client.PutAsJsonAsync($"{Teams}/ops", new { key = "operations", name = "Renamed" }).ShouldBeInvalidAsync("invalid-team", "key");
        await client.PutAsJsonAsync($"{Teams}/ops", new { name = "" }).ShouldBeInvalidAsync("invalid-team", "name");

        (await client.SnapshotAsync($"{Teams}/ops")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task A_team_that_a_published_stream_routes_to_cannot_be_deleted()
    {
        var client = _app.CreateClient();
        await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"));
        await client.PostAsJsonAsync(Teams, new { key = "procurement", name = "Procurement" }).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        var before = await client.SnapshotAsync($"{Teams}/procurement");

        var refused = await client.DeleteAsync($"{Teams}/procurement").ShouldBeProblemAsync(HttpStatusCode.Conflict, "team-in-use");

        refused.GetProperty("detail").GetString()!.ShouldContain("restore-service/");
        (await client.SnapshotAsync($"{Teams}/procurement")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task A_team_with_members_or_services_cannot_be_deleted_and_a_free_one_can()
    {
        var client = _app.CreateClient();
        foreach (var key in new[] { "night-shift", "finance-it", "spare" })
        {
            await client.PostAsJsonAsync(Teams, new { key, name = key }).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        }

        await CreateAccountAsync(client, "nora.night", "night-shift");
        await ServicePortfolioTests.CreateAsync(client, "ledger", "Ledger", ownerTeam: "finance-it");

        (await client.DeleteAsync($"{Teams}/night-shift").ShouldBeProblemAsync(HttpStatusCode.Conflict, "team-in-use"))
            .GetProperty("detail").GetString()!.ShouldContain("nora.night");
        (await client.DeleteAsync($"{Teams}/finance-it").ShouldBeProblemAsync(HttpStatusCode.Conflict, "team-in-use"))
            .GetProperty("detail").GetString()!.ShouldContain("ledger");
        (await client.SendAsync(HttpMethod.Delete, $"{Teams}/spare", ifMatch: "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync($"{Teams}/spare")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"{Teams}/night-shift")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"{Teams}/finance-it")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task Work_still_running_at_a_teams_step_on_an_older_stream_version_keeps_the_team()
    {
        var client = _app.CreateClient();
        var v1 = ValueChainApp.LibraryStream("restore-service");
        await _app.PublishAsync(client, v1);
        await client.PostAsJsonAsync(Teams, new { key = "service-desk", name = "Service Desk" }).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        var opened = await (await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Printer offline" }))
            .ShouldBeOkJsonAsync(HttpStatusCode.Created);
        var id = opened.GetProperty("summary").GetProperty("id").GetInt64();
        // Version 2 hands the desk's steps to another team; the open incident stays on version 1, at the desk.
        (await _app.PublishAsync(client, v1.Replace("team: service-desk", "team: front-desk", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await client.DeleteAsync($"{Teams}/service-desk").ShouldBeProblemAsync(HttpStatusCode.Conflict, "team-in-use");
        refused.GetProperty("detail").GetString()!.ShouldContain("1 active work item(s)");
        refused.GetProperty("detail").GetString()!.ShouldNotContain("restore-service/");

        await client.PostAsJsonAsync($"/api/v1/work-items/{id}/cancel", new { reason = "Duplicate" }).ShouldBeOkJsonAsync();
        (await client.DeleteAsync($"{Teams}/service-desk")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [DatabaseFact]
    public async Task The_list_searches_key_and_name_and_pages_with_a_total()
    {
        var client = _app.CreateClient();
        foreach (var (key, name) in new[] { ("apps", "Business Applications"), ("infra", "Infrastructure"), ("desk", "Service Desk") })
        {
            await client.PostAsJsonAsync(Teams, new { key, name }).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        }

        var search = await client.GetAsync($"{Teams}?q=APPLICATIONS").ShouldBeOkJsonAsync();
        search.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("key").GetString()).ShouldBe(["apps"]);
        var page = await client.GetAsync($"{Teams}?offset=2&limit=1").ShouldBeOkJsonAsync();
        page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("key").GetString()).ShouldBe(["infra"]);
        page.GetProperty("total").GetInt32().ShouldBe(3);
        await client.GetAsync($"{Teams}?offset=-5&limit=1000").ShouldBeInvalidAsync("invalid-query", "offset", "limit");
    }

    [DatabaseFact]
    public async Task Staff_read_teams_and_only_service_owners_and_administrators_change_them()
    {
        var client = _app.CreateClient();
        await client.PostAsJsonAsync(Teams, new { key = "ops", name = "Operations" }).ShouldBeOkJsonAsync(HttpStatusCode.Created);

        (await _app.CreateClientAs("agent").GetAsync($"{Teams}/ops")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs("requester").GetAsync($"{Teams}/ops")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.CreateClientAs("value-stream-owner").PostAsJsonAsync(Teams, new { key = "x", name = "X" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.CreateClientAs("service-owner").PostAsJsonAsync(Teams, new { key = "x", name = "X" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static async Task CreateAccountAsync(HttpClient client, string userName, string team) =>
        await client.PostAsJsonAsync("/api/v1/accounts",
            new { userName, displayName = userName, roles = new[] { "agent" }, teams = new[] { team }, password = ValueChainApp.TestPassword })
            .ShouldBeOkJsonAsync(HttpStatusCode.Created);
}

public sealed class TeamsOnSqlite() : TeamTests(Database.Sqlite);

public sealed class TeamsOnPostgres() : TeamTests(Database.Postgres), IRunsOnPostgres;
