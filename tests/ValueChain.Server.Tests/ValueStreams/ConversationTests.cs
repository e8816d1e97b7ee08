using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Access;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

/// <summary>The conversation about a work item: comments from anyone who may read it, and the requester's answers to waits.</summary>
public abstract class ConversationTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Requester_and_agent_comment_and_the_conversation_lists_both_in_order()
    {
        var (id, requester, agent) = await OpenAsRequesterAsync();

        await OkAsync(requester, $"/api/v1/work-items/{id}/comments", new { text = "It happens **every** morning." });
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await OkAsync(agent, $"/api/v1/work-items/{id}/comments", new { text = "Looking into it." });

        var conversation = await requester.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/comments", ValueChainApp.Json);
        conversation.GetArrayLength().ShouldBe(2);
        conversation[0].GetProperty("author").GetString().ShouldBe(ValueChainApp.UserFor(Roles.Requester));
        conversation[0].GetProperty("text").GetString().ShouldBe("It happens **every** morning.");
        conversation[1].GetProperty("author").GetString().ShouldBe(ValueChainApp.UserFor(Roles.Agent));
        conversation[1].GetProperty("answer").GetBoolean().ShouldBeFalse();
        var events = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/events", ValueChainApp.Json);
        events.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "commented").ShouldBe(2);
    }

    [DatabaseFact]
    public async Task An_empty_or_overlong_comment_is_422_with_the_field_and_records_nothing()
    {
        var (id, requester, _) = await OpenAsRequesterAsync();

        var empty = await requester.PostAsJsonAsync($"/api/v1/work-items/{id}/comments", new { text = "  " });
        var tooLong = await requester.PostAsJsonAsync($"/api/v1/work-items/{id}/comments", new { text = new string('x', 4001) });

        empty.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ValueChainApp.ReadJsonAsync(empty)).GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue();
        tooLong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await requester.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/comments", ValueChainApp.Json)).GetArrayLength().ShouldBe(0);
    }

    [DatabaseFact]
    public async Task A_requester_cannot_comment_on_someone_elses_demand()
    {
        var (id, _, _) = await OpenAsRequesterAsync();
        var opened = await _app.CreateClient().PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Not theirs", requester = "someone.else" });
        var other = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();

        var response = await _app.CreateClientAs(Roles.Requester).PostAsJsonAsync($"/api/v1/work-items/{other}/comments", new { text = "Hello" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        id.ShouldNotBe(other);
    }

    [DatabaseFact]
    public async Task The_requester_answers_a_wait_for_the_customer_and_the_step_goes_on()
    {
        var (id, requester, agent) = await OpenAsRequesterAsync();
        await OkAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await OkAsync(agent, $"/api/v1/work-items/{id}/wait", new { reason = "customer", note = "Which printer?" });
        _app.Clock.Advance(TimeSpan.FromHours(2));

        var answered = await OkAsync(requester, $"/api/v1/work-items/{id}/answer", new { answer = "The one on floor 3." });

        answered.GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("in-progress");
        answered.GetProperty("visits")[0].GetProperty("waitedMinutes").GetDouble().ShouldBe(120);
        var conversation = await requester.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}/comments", ValueChainApp.Json);
        conversation.GetArrayLength().ShouldBe(1);
        conversation[0].GetProperty("answer").GetBoolean().ShouldBeTrue();
        conversation[0].GetProperty("text").GetString().ShouldBe("The one on floor 3.");
    }

    [DatabaseFact]
    public async Task A_wait_for_someone_else_cannot_be_answered()
    {
        var (id, requester, agent) = await OpenAsRequesterAsync();
        await OkAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await OkAsync(agent, $"/api/v1/work-items/{id}/wait", new { reason = "supplier" });

        var response = await requester.PostAsJsonAsync($"/api/v1/work-items/{id}/answer", new { answer = "Any news?" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ValueChainApp.ReadJsonAsync(response)).GetProperty("code").GetString().ShouldBe("not-waiting-for-customer");
        var item = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/work-items/{id}", ValueChainApp.Json);
        item.GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("waiting");
    }

    private async Task<(long Id, HttpClient Requester, HttpClient Agent)> OpenAsRequesterAsync()
    {
        var admin = _app.CreateClient();
        (await _app.PublishAsync(admin, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        var requester = _app.CreateClientAs(Roles.Requester);
        var opened = await requester.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Printer offline" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        return ((await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64(), requester, _app.CreateClientAs(Roles.Agent));
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ValueChainApp.ReadJsonAsync(response);
    }
}

public sealed class ConversationOnSqlite() : ConversationTests(Database.Sqlite);

public sealed class ConversationOnPostgres() : ConversationTests(Database.Postgres), IRunsOnPostgres;
