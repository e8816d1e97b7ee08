using System.Net;
using System.Net.Http.Json;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Engage;

/// <summary>Stakeholders over HTTP: customers, users, suppliers and partners, their edits and refusals.</summary>
public abstract class StakeholderTests(Database database) : IDisposable
{
    private const string Stakeholders = "/api/v1/stakeholders";
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task A_created_stakeholder_reads_back_with_its_revision_as_ETag()
    {
        var client = _app.CreateClient();

        var created = await client.PostAsJsonAsync(Stakeholders,
            new { key = "anna.keller", name = "Anna Keller", kind = "User", email = "anna.keller@northwind.example", organization = "Finance" });

        var body = await created.ShouldBeOkJsonAsync(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"{Stakeholders}/anna.keller");
        created.Headers.ETag!.Tag.ShouldBe("\"1\"");
        body.GetProperty("kind").GetString().ShouldBe("user");
        var get = await client.GetAsync($"{Stakeholders}/anna.keller");
        (await get.ShouldBeOkJsonAsync()).ToString().ShouldBe(body.ToString());
        get.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [DatabaseFact]
    public async Task Each_invalid_field_is_a_422_that_names_it_and_creates_nothing()
    {
        var client = _app.CreateClient();
        var cases = new (object Body, string Field)[]
        {
            (new { name = "No key", kind = "customer" }, "key"),
            (new { key = "Anna.Keller", name = "Upper", kind = "user" }, "key"),
            (new { key = "anna..keller", name = "Dots", kind = "user" }, "key"),
            (new { key = "anna@example.org", name = "Mail", kind = "user" }, "key"),
            (new { key = "finance", kind = "customer" }, "name"),
            (new { key = "finance", name = "Finance" }, "kind"),
            (new { key = "finance", name = "Finance", kind = "investor" }, "kind"),
            (new { key = "finance", name = "Finance", kind = "0" }, "kind"),
            (new { key = "finance", name = "Finance", kind = "customer", email = "finance at northwind" }, "email"),
            (new { key = "finance", name = "Finance", kind = "customer", organization = new string('o', 201) }, "organization"),
        };

        foreach (var (body, field) in cases)
        {
            await client.PostAsJsonAsync(Stakeholders, body).ShouldBeInvalidAsync("invalid-stakeholder", field);
        }

        await client.PostAsJsonAsync(Stakeholders, new { key = "Bad Key", email = "nope" }).ShouldBeInvalidAsync("invalid-stakeholder", "key", "name", "kind", "email");
        (await client.GetAsync(Stakeholders).ShouldBeOkJsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [DatabaseFact]
    public async Task A_duplicate_is_409_and_unknown_keys_are_404()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "cloudhost", "CloudHost Ltd", "supplier");
        var before = await client.SnapshotAsync($"{Stakeholders}/cloudhost");

        await client.PostAsJsonAsync(Stakeholders, new { key = "cloudhost", name = "Other", kind = "partner" }).ShouldBeProblemAsync(HttpStatusCode.Conflict, "stakeholder-exists");
        await client.GetAsync($"{Stakeholders}/nobody").ShouldBeProblemAsync(HttpStatusCode.NotFound, "stakeholder-not-found");
        await client.PutAsJsonAsync($"{Stakeholders}/nobody", new { name = "X", kind = "user" }).ShouldBeProblemAsync(HttpStatusCode.NotFound, "stakeholder-not-found");
        await client.DeleteAsync($"{Stakeholders}/nobody").ShouldBeProblemAsync(HttpStatusCode.NotFound, "stakeholder-not-found");

        (await client.SnapshotAsync($"{Stakeholders}/cloudhost")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task An_update_replaces_everything_but_the_key_and_honours_If_Match()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "cloudhost", "CloudHost", "supplier", email: "support@cloudhost.example");

        var updated = await client.SendAsync(HttpMethod.Put, $"{Stakeholders}/cloudhost",
            new { name = "CloudHost Ltd", kind = "partner", organization = "CloudHost Group" }, ifMatch: "\"1\"");

        var body = await updated.ShouldBeOkJsonAsync();
        updated.Headers.ETag!.Tag.ShouldBe("\"2\"");
        body.GetProperty("kind").GetString().ShouldBe("partner");
        body.TryGetProperty("email", out _).ShouldBeFalse("a PUT replaces: an email left out is cleared");
        var before = await client.SnapshotAsync($"{Stakeholders}/cloudhost");

        await client.SendAsync(HttpMethod.Put, $"{Stakeholders}/cloudhost", new { name = "Stale", kind = "partner" }, ifMatch: "\"1\"")
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await client.SendAsync(HttpMethod.Delete, $"{Stakeholders}/cloudhost", ifMatch: "\"1\"")
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "stale-revision");
        await client.PutAsJsonAsync($"{Stakeholders}/cloudhost", new { key = "cloud-host", name = "Renamed", kind = "partner" }).ShouldBeInvalidAsync("invalid-stakeholder", "key");
        await client.PutAsJsonAsync($"{Stakeholders}/cloudhost", new { name = "No kind" }).ShouldBeInvalidAsync("invalid-stakeholder", "kind");
        await client.PutAsJsonAsync($"{Stakeholders}/cloudhost", new { name = "", kind = "partner", email = "x" }).ShouldBeInvalidAsync("invalid-stakeholder", "name", "email");

        (await client.SnapshotAsync($"{Stakeholders}/cloudhost")).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task A_stakeholder_who_requested_work_stays_and_one_who_did_not_is_deleted()
    {
        var client = _app.CreateClient();
        await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"));
        await CreateAsync(client, "ben.ortiz", "Ben Ortiz", "user");
        await CreateAsync(client, "laptopco", "LaptopCo", "supplier");
        await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Laptop broken", requester = "ben.ortiz" }).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        var before = await client.SnapshotAsync($"{Stakeholders}/ben.ortiz");

        await client.DeleteAsync($"{Stakeholders}/ben.ortiz").ShouldBeProblemAsync(HttpStatusCode.Conflict, "stakeholder-in-use");
        (await client.SendAsync(HttpMethod.Delete, $"{Stakeholders}/laptopco", ifMatch: "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.SnapshotAsync($"{Stakeholders}/ben.ortiz")).ShouldBe(before);
        (await client.GetAsync($"{Stakeholders}/laptopco")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task The_list_filters_by_kind_and_search_and_pages_with_a_total()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "finance", "Finance department", "customer", organization: "Northwind Trading");
        await CreateAsync(client, "sales", "Sales department", "customer", organization: "Northwind Trading");
        await CreateAsync(client, "anna.keller", "Anna Keller", "user", organization: "Finance department");
        await CreateAsync(client, "cloudhost", "CloudHost Ltd", "supplier");

        (await KeysAsync(client, "?kind=customer")).ShouldBe(["finance", "sales"]);
        (await KeysAsync(client, "?kind=SUPPLIER")).ShouldBe(["cloudhost"]);
        (await KeysAsync(client, "?q=finance")).ShouldBe(["anna.keller", "finance"]);
        (await KeysAsync(client, "?q=northwind&kind=customer")).ShouldBe(["finance", "sales"]);
        var page = await client.GetAsync($"{Stakeholders}?offset=3&limit=2").ShouldBeOkJsonAsync();
        page.GetProperty("items").GetArrayLength().ShouldBe(1);
        page.GetProperty("total").GetInt32().ShouldBe(4);
        await client.GetAsync($"{Stakeholders}?kind=investor&limit=0").ShouldBeInvalidAsync("invalid-query", "kind", "limit");
    }

    [DatabaseFact]
    public async Task Staff_read_stakeholders_and_only_service_owners_and_administrators_change_them()
    {
        var client = _app.CreateClient();
        await CreateAsync(client, "finance", "Finance department", "customer");

        (await _app.CreateClientAs("agent").GetAsync($"{Stakeholders}/finance")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs("requester").GetAsync(Stakeholders)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.CreateClientAs("agent").DeleteAsync($"{Stakeholders}/finance")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync($"{Stakeholders}/finance")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs("service-owner").DeleteAsync($"{Stakeholders}/finance")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private static async Task CreateAsync(HttpClient client, string key, string name, string kind, string? email = null, string? organization = null) =>
        await client.PostAsJsonAsync(Stakeholders, new { key, name, kind, email, organization }).ShouldBeOkJsonAsync(HttpStatusCode.Created);

    private static async Task<List<string>> KeysAsync(HttpClient client, string query) =>
        [.. (await client.GetAsync(Stakeholders + query).ShouldBeOkJsonAsync()).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("key").GetString()!)];
}

public sealed class StakeholdersOnSqlite() : StakeholderTests(Database.Sqlite);

public sealed class StakeholdersOnPostgres() : StakeholderTests(Database.Postgres), IRunsOnPostgres;
