using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Access;
using ValueChain.Data.Storage;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.ValueStreams;

/// <summary>
/// Every kind of refusal the API gives, sent against one database whose whole state is compared before and after:
/// a rejected request changes nothing, not a revision, an event, an artifact or an inbox entry.
/// </summary>
public abstract class RejectedRequestTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task No_rejected_request_changes_anything()
    {
        var client = _app.CreateClient();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service"))).EnsureSuccessStatusCode();
        (await _app.PublishAsync(client, ValueChainApp.LibraryStream("launch-new-service"))).EnsureSuccessStatusCode();
        var incident = await OpenAsync(client, "incident", "Printer jammed");
        var idea = await OpenAsync(client, "product-idea", "Self-service reset");
        (await client.PostAsJsonAsync($"/api/v1/work-items/{idea}/start", new { })).EnsureSuccessStatusCode();
        var before = await SnapshotAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        var attempts = new (string Name, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)[]
        {
            ("demand without type", () => client.PostAsJsonAsync("/api/v1/demand", new { title = "No type" }), HttpStatusCode.UnprocessableEntity),
            ("demand with unknown priority", () => client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "x", priority = "asap" }), HttpStatusCode.UnprocessableEntity),
            ("demand for unknown service", () => client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "x", service = "nope" }), HttpStatusCode.UnprocessableEntity),
            ("demand with overlong title", () => client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = new string('t', 201) }), HttpStatusCode.UnprocessableEntity),
            ("demand nobody serves", () => client.PostAsJsonAsync("/api/v1/demand", new { type = "feedback", title = "x" }), HttpStatusCode.UnprocessableEntity),
            ("demand that is not JSON", () => client.PostAsync("/api/v1/demand", new StringContent("{type: incident", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest),
            ("complete before start", () => client.PostAsJsonAsync($"/api/v1/work-items/{incident}/complete", new { }), HttpStatusCode.Conflict),
            ("artifact not produced here", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/complete",
                new { next = "shape-with-customer", artifacts = new[] { new { kind = "change-requests", title = "x" } } }), HttpStatusCode.UnprocessableEntity),
            ("next not allowed", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/complete", new { next = "operate-early-life" }), HttpStatusCode.UnprocessableEntity),
            ("wait for unknown reason", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/wait", new { reason = "lunch" }), HttpStatusCode.UnprocessableEntity),
            ("loop back to unknown step", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/loop-back", new { to = "nowhere", reason = "x" }), HttpStatusCode.UnprocessableEntity),
            ("cancel without reason", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/cancel", new { reason = " " }), HttpStatusCode.UnprocessableEntity),
            ("confirm value of active work", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/confirm-value", new { outcome = "x", confirmedBy = "y" }), HttpStatusCode.Conflict),
            ("assign to unknown account", () => client.PostAsJsonAsync($"/api/v1/work-items/{idea}/assign", new { assignee = "ghost" }), HttpStatusCode.UnprocessableEntity),
            ("start on a stale ETag", () => SendWithIfMatchAsync(client, $"/api/v1/work-items/{incident}/start", "\"9\""), HttpStatusCode.PreconditionFailed),
            ("start on a foreign ETag", () => SendWithIfMatchAsync(client, $"/api/v1/work-items/{incident}/start", "\"abc\""), HttpStatusCode.UnprocessableEntity),
            ("start unknown work", () => client.PostAsJsonAsync("/api/v1/work-items/99999/start", new { }), HttpStatusCode.NotFound),
            ("requester starts work", () => _app.CreateClientAs(Roles.Requester).PostAsJsonAsync($"/api/v1/work-items/{incident}/start", new { }), HttpStatusCode.Forbidden),
            ("anonymous opens demand", () => _app.CreateAnonymousClient().PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "x" }), HttpStatusCode.Unauthorized),
            ("invalid value stream", () => _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service").Replace("activity: engage", "activity: chat", StringComparison.Ordinal)), HttpStatusCode.UnprocessableEntity),
            ("stream for a taken demand type", () => _app.PublishAsync(client, ValueChainApp.LibraryStream("restore-service").Replace("key: restore-service", "key: rival", StringComparison.Ordinal)), HttpStatusCode.UnprocessableEntity),
            ("stream owner of nothing publishes", () => _app.PublishAsync(_app.CreateClientAs(Roles.ValueStreamOwner), ValueChainApp.LibraryStream("restore-service") + "\n# x\n"), HttpStatusCode.Forbidden),
        };

        foreach (var (name, send, expected) in attempts)
        {
            using var response = await send();
            response.StatusCode.ShouldBe(expected, name);
            if ((int)response.StatusCode != 401)
            {
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", name);
            }
        }

        (await SnapshotAsync()).ShouldBe(before);
    }

    private static async Task<HttpResponseMessage> SendWithIfMatchAsync(HttpClient client, string url, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private static async Task<long> OpenAsync(HttpClient client, string type, string title)
    {
        var response = await client.PostAsJsonAsync("/api/v1/demand", new { type, title });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(response)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    /// <summary>The stored state, read straight from the database, as one string that compares whole.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
        var items = await db.WorkItems.AsNoTracking().OrderBy(w => w.Id).ToListAsync();
        var lines = items.Select(w => FormattableString.Invariant(
            $"{w.Id} r{w.Revision} {w.State} {w.CurrentStepKey} {w.CurrentStepStatus} {w.Assignee} {w.UpdatedAt:O} {w.Visits.Count}")).ToList();
        lines.Add($"events {await db.Events.CountAsync()}");
        lines.Add($"artifacts {await db.Artifacts.CountAsync()}");
        lines.Add($"inbox {await db.InboxEntries.CountAsync()}");
        lines.Add($"streams {await db.ValueStreams.CountAsync()}");
        return string.Join('\n', lines);
    }
}

public sealed class RejectedRequestsOnSqlite() : RejectedRequestTests(Database.Sqlite);

public sealed class RejectedRequestsOnPostgres() : RejectedRequestTests(Database.Postgres), IRunsOnPostgres;
