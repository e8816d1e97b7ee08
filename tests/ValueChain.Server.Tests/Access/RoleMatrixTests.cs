using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Access;
using ValueChain.Server.Infrastructure.Security;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Access;

/// <summary>
/// Every endpoint, called by every role and by no one: allowed roles get past authorization, the others get 403,
/// anonymous callers 401. The endpoints come from the running server, so a new one is in the matrix at once.
/// </summary>
public abstract class RoleMatrixTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database, seedDemo: true);

    public void Dispose() => _app.Dispose();

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToList();

    [DatabaseFact]
    public void Every_endpoint_declares_exactly_one_policy_or_anonymous_access()
    {
        var endpoints = Endpoints();

        endpoints.Count.ShouldBeGreaterThan(30);
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            var policies = endpoint.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            (anonymous ? policies.Count == 0 : policies.Count == 1).ShouldBeTrue($"{name}: {policies.Count} policies, anonymous {anonymous}");
            AccessRules.Rules.ContainsKey(name).ShouldBeTrue(name);
        }
    }

    [DatabaseFact]
    public async Task Each_role_reaches_the_endpoints_its_policy_allows_and_no_others()
    {
        var item = await DemoItemOfRequesterAsync();
        var clients = Roles.All.ToDictionary(r => r.Key, r => _app.CreateClientAs(r.Key));
        var anonymous = _app.CreateAnonymousClient();
        var failures = new List<string>();

        foreach (var endpoint in Endpoints())
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];
            var url = Url(endpoint.RoutePattern.RawText!, item, name);
            var policy = AccessRules.Rules[name];

            var anonymousStatus = await SendAsync(anonymous, method, url);
            if (policy is null ? anonymousStatus is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden : anonymousStatus != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name} anonymous: {(int)anonymousStatus}");
            }

            foreach (var (role, client) in clients)
            {
                var allowed = policy is null || Policies.RolesOf[policy].Contains(role);
                var status = await SendAsync(client, method, url);
                var passed = status is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden;
                if (passed != allowed)
                {
                    failures.Add($"{name} as {role}: {(int)status}, expected {(allowed ? "allowed" : "403")}");
                }
                else if (!allowed && status != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{name} as {role}: {(int)status}, expected 403");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task Allowed_roles_get_2xx_on_the_reads_of_the_working_day()
    {
        var item = await DemoItemOfRequesterAsync();
        var requester = _app.CreateClientAs(Roles.Requester);
        var agent = _app.CreateClientAs(Roles.Agent);

        (await requester.GetAsync($"/api/v1/work-items/{item}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await requester.GetAsync($"/api/v1/work-items/{item}/events")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetAsync("/api/v1/work-items")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetAsync("/api/v1/activities/engage/inbox")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs(Roles.ValueStreamOwner).GetAsync("/api/v1/value-streams")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClientAs(Roles.ServiceOwner).GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await requester.GetAsync("/api/v1/services")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetAsync("/api/v1/services/webshop")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetAsync("/api/v1/teams/service-desk")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetAsync("/api/v1/stakeholders/emma.svensson")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.GetAsync("/api/v1/artifacts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.CreateClient().GetAsync("/api/v1/accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task A_requester_cannot_see_someone_elses_demand()
    {
        var client = _app.CreateClient();
        var opened = await client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Printer jammed", requester = "ben.ortiz" });
        var id = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
        var requester = _app.CreateClientAs(Roles.Requester);

        (await requester.GetAsync($"/api/v1/work-items/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await requester.GetAsync("/api/v1/work-items")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task Demand_a_requester_opens_is_their_own_whoever_it_names()
    {
        var requester = _app.CreateClientAs(Roles.Requester);

        var opened = await requester.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Screen flickers", requester = "ben.ortiz" });

        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        var summary = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary");
        summary.GetProperty("requester").GetString().ShouldBe(ValueChainApp.UserFor(Roles.Requester));
        (await requester.GetAsync($"/api/v1/work-items/{summary.GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task A_value_stream_owner_publishes_the_streams_they_own_and_no_others()
    {
        var owner = ValueChainApp.UserFor(Roles.ValueStreamOwner);
        var client = _app.CreateClientAs(Roles.ValueStreamOwner);
        (await _app.CreateClient().PutAsJsonAsync($"/api/v1/accounts/{owner}",
            new { displayName = "Owner", roles = new[] { Roles.ValueStreamOwner }, ownedValueStreams = new[] { "restore-service" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var own = await client.PostAsync("/api/v1/value-streams",
            new StringContent(ValueChainApp.LibraryStream("restore-service") + "\n# reviewed\n", System.Text.Encoding.UTF8, "text/yaml"));
        var other = await client.PostAsync("/api/v1/value-streams",
            new StringContent(ValueChainApp.LibraryStream("deliver-change") + "\n# reviewed\n", System.Text.Encoding.UTF8, "text/yaml"));

        own.StatusCode.ShouldBe(HttpStatusCode.Created);
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ValueChainApp.ReadJsonAsync(other)).GetProperty("code").GetString().ShouldBe("not-value-stream-owner");
        var versions = await ValueChainApp.ReadJsonAsync(await client.GetAsync("/api/v1/value-streams/deliver-change/versions"));
        versions.GetArrayLength().ShouldBe(1);
    }

    /// <summary>A demo work item re-assigned to the test requester, so that their own-demand checks pass.</summary>
    private async Task<long> DemoItemOfRequesterAsync()
    {
        var client = _app.CreateClient();
        var opened = await client.PostAsJsonAsync("/api/v1/demand",
            new { type = "incident", title = "Laptop will not start", requester = ValueChainApp.UserFor(Roles.Requester) });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    private static string Url(string pattern, long item, string name)
    {
        // Keys that exist in the demo, so that allowed roles reach the handler; the writes refuse (empty bodies, records
        // in use) rather than change them, so the order in which roles call does not matter.
        var key = pattern switch
        {
            _ when pattern.StartsWith("/api/v1/services/", StringComparison.Ordinal) => "webshop",
            _ when pattern.StartsWith("/api/v1/teams/", StringComparison.Ordinal) => "service-desk",
            _ when pattern.StartsWith("/api/v1/stakeholders/", StringComparison.Ordinal) => "emma.svensson",
            _ => "restore-service",
        };
        var url = pattern
            .Replace("{id:long}", item.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{activity}", "engage", StringComparison.Ordinal)
            .Replace("{key}", key, StringComparison.Ordinal)
            .Replace("{version:int}", "1", StringComparison.Ordinal)
            .Replace("{userName}", ValueChainApp.UserFor(Roles.Agent), StringComparison.Ordinal);
        // Requesters may list work items only when they ask for their own.
        return name == "ListWorkItems" ? url + "?requester=" + ValueChainApp.UserFor(Roles.Requester) : url;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { }, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        // Headers are enough, and a followed event stream never ends its body.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}

public sealed class RoleMatrixOnSqlite() : RoleMatrixTests(Database.Sqlite);

public sealed class RoleMatrixOnPostgres() : RoleMatrixTests(Database.Postgres), IRunsOnPostgres;
