using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Server.Tests.Infrastructure;
using ValueChain.Server.Tests.ValueStreams;

namespace ValueChain.Server.Tests.Flow;

/// <summary>The artifacts completed steps produced, listed with filters and read one by one.</summary>
public abstract class ArtifactTests(Database database) : IDisposable
{
    private const string Artifacts = "/api/v1/artifacts";
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task A_completed_step_artifact_is_listed_and_reads_back_with_where_it_was_delivered()
    {
        var client = _app.CreateClient();
        var item = await OpenAsync(client);
        await CompleteAsync(client, item, "shape-with-customer", ("portfolio-decisions", "Approved for Q1"));

        var list = await client.GetAsync(Artifacts).ShouldBeOkJsonAsync();

        list.GetProperty("total").GetInt32().ShouldBe(1);
        var listed = list.GetProperty("items")[0];
        listed.GetProperty("workItemId").GetInt64().ShouldBe(item);
        listed.GetProperty("kind").GetString().ShouldBe("portfolio-decisions");
        listed.GetProperty("producedBy").GetString().ShouldBe("plan");
        listed.GetProperty("step").GetString().ShouldBe("assess-opportunity");
        listed.TryGetProperty("deliveredTo", out _).ShouldBeFalse();
        var one = await client.GetAsync($"{Artifacts}/{listed.GetProperty("id").GetInt64()}").ShouldBeOkJsonAsync();
        one.GetProperty("title").GetString().ShouldBe("Approved for Q1");
        one.GetProperty("deliveredTo").EnumerateArray().Select(a => a.GetString()).ShouldBe(["design-transition"]);
    }

    [DatabaseFact]
    public async Task The_list_filters_by_kind_work_item_activity_and_time_and_pages_newest_first()
    {
        var client = _app.CreateClient();
        var first = await OpenAsync(client);
        var t0 = _app.Clock.GetUtcNow();
        await CompleteAsync(client, first, "shape-with-customer", ("portfolio-decisions", "First decision"));
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await CompleteAsync(client, first, "design-service", ("service-requirements", "Requirements"), ("demand-and-opportunities", "Demand"));
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var t2 = _app.Clock.GetUtcNow();
        var second = await OpenAsync(client);
        await CompleteAsync(client, second, "shape-with-customer", ("portfolio-decisions", "Second decision"));

        (await TitlesAsync(client, "")).ShouldBe(["Second decision", "Demand", "Requirements", "First decision"]);
        (await TitlesAsync(client, "?kind=portfolio-decisions")).ShouldBe(["Second decision", "First decision"]);
        (await TitlesAsync(client, $"?workItem={first}&producedBy=engage")).ShouldBe(["Demand", "Requirements"]);
        (await TitlesAsync(client, "?producedBy=plan")).ShouldBe(["Second decision", "First decision"]);
        (await TitlesAsync(client, $"?producedAfter={Iso(t0)}")).ShouldBe(["Second decision", "Demand", "Requirements"]);
        (await TitlesAsync(client, $"?producedAfter={Iso(t0)}&producedBefore={Iso(t2)}")).ShouldBe(["Demand", "Requirements"]);
        (await TitlesAsync(client, $"?producedBefore={Iso(t2.ToOffset(TimeSpan.FromHours(2)))}"))
            .ShouldBe(["Demand", "Requirements", "First decision"], "an instant in another offset means the same moment");
        var page = await client.GetAsync($"{Artifacts}?offset=1&limit=2").ShouldBeOkJsonAsync();
        page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ShouldBe(["Demand", "Requirements"]);
        (page.GetProperty("total").GetInt32(), page.GetProperty("offset").GetInt32(), page.GetProperty("limit").GetInt32()).ShouldBe((4, 1, 2));
    }

    [DatabaseFact]
    public async Task A_bad_query_is_a_422_naming_each_parameter_and_an_unknown_id_is_404()
    {
        var client = _app.CreateClient();

        await client.GetAsync($"{Artifacts}?workItem=abc").ShouldBeInvalidAsync("invalid-query", "workItem");
        await client.GetAsync($"{Artifacts}?producedBy=deliver").ShouldBeInvalidAsync("invalid-query", "producedBy");
        await client.GetAsync($"{Artifacts}?producedAfter=yesterday").ShouldBeInvalidAsync("invalid-query", "producedAfter");
        await client.GetAsync($"{Artifacts}?producedBefore=2026-13-01").ShouldBeInvalidAsync("invalid-query", "producedBefore");
        await client.GetAsync($"{Artifacts}?producedAfter=2026-11-02T10:00:00Z&producedBefore=2026-11-02T09:00:00Z").ShouldBeInvalidAsync("invalid-query", "producedBefore");
        await client.GetAsync($"{Artifacts}?limit=501&offset=-1&producedBy=x").ShouldBeInvalidAsync("invalid-query", "limit", "offset", "producedBy");
        await client.GetAsync($"{Artifacts}/424242").ShouldBeProblemAsync(HttpStatusCode.NotFound, "artifact-not-found");
    }

    [DatabaseFact]
    public async Task Staff_read_artifacts_and_requesters_do_not()
    {
        (await _app.CreateClientAs("agent").GetAsync(Artifacts)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs("requester").GetAsync(Artifacts)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<long> OpenAsync(HttpClient client)
    {
        if ((await client.GetFromJsonAsync<JsonElement>("/api/v1/value-streams", ValueChainApp.Json)).GetArrayLength() == 0)
        {
            (await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "product-idea", title = "Stock levels on the webshop" }).ShouldBeOkJsonAsync(HttpStatusCode.Created);
        return opened.GetProperty("summary").GetProperty("id").GetInt64();
    }

    private static async Task CompleteAsync(HttpClient client, long item, string next, params (string Kind, string Title)[] artifacts)
    {
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{item}/start", new { });
        await NewServiceWalkTests.PostOkAsync(client, $"/api/v1/work-items/{item}/complete",
            new { next, artifacts = artifacts.Select(a => new { kind = a.Kind, title = a.Title }).ToArray() });
    }

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<List<string>> TitlesAsync(HttpClient client, string query) =>
        [.. (await client.GetAsync(Artifacts + query).ShouldBeOkJsonAsync()).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("title").GetString()!)];
}

public sealed class ArtifactsOnSqlite() : ArtifactTests(Database.Sqlite);

public sealed class ArtifactsOnPostgres() : ArtifactTests(Database.Postgres), IRunsOnPostgres;
