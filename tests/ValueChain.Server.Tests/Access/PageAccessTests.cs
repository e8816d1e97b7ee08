using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Access;
using ValueChain.Server.Infrastructure.Security;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Access;

/// <summary>
/// Every page of the web UI, opened by every role and by no one: the roles of the page's policy get it, the others
/// are refused, and anonymous visitors are sent to sign in. The pages come from the running server, so a new page is
/// in the matrix the day it is added.
/// </summary>
public sealed class PageAccessTests : IDisposable
{
    private readonly ValueChainApp _app = new(Database.Sqlite, seedDemo: true);

    public void Dispose() => _app.Dispose();

    private IReadOnlyList<RouteEndpoint> Pages() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
                        && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .ToList();

    [Fact]
    public async Task Each_role_opens_the_pages_its_policy_allows_and_is_refused_the_others()
    {
        var item = await ItemOfTestRequesterAsync();
        var clients = Roles.All.ToDictionary(r => r.Key, r => Client(_app.TokenFor(r.Key)));
        var anonymous = Client(null);
        var failures = new List<string>();
        var pages = Pages();

        pages.Count.ShouldBeGreaterThan(25);
        foreach (var page in pages)
        {
            var url = Url(page.RoutePattern.RawText!, item);
            var anonymousAllowed = page.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = page.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy).SingleOrDefault();

            var (status, location) = await GetAsync(anonymous, url);
            var sentToSignIn = status == HttpStatusCode.Redirect && location.StartsWith("/login", StringComparison.Ordinal);
            if (anonymousAllowed == sentToSignIn)
            {
                failures.Add($"{url} anonymous: {(int)status} {location}");
            }

            foreach (var (role, client) in clients)
            {
                var allowed = anonymousAllowed || policy is null || Policies.RolesOf[policy].Contains(role);
                (status, location) = await GetAsync(client, url);
                var refused = status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                              || (status == HttpStatusCode.Redirect && (location.StartsWith("/denied", StringComparison.Ordinal) || location.StartsWith("/login", StringComparison.Ordinal)));
                if (refused == allowed || status >= HttpStatusCode.InternalServerError)
                {
                    failures.Add($"{url} as {role}: {(int)status} {location}, expected {(allowed ? "the page" : "a refusal")}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_requester_is_sent_from_the_value_chain_to_the_portal()
    {
        var (status, location) = await GetAsync(Client(_app.TokenFor(Roles.Requester)), "/");

        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldBe("/portal");
    }

    private HttpClient Client(string? token)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<long> ItemOfTestRequesterAsync()
    {
        var opened = await _app.CreateClient().PostAsJsonAsync("/api/v1/demand",
            new { type = "incident", title = "Docking station dead", requester = ValueChainApp.UserFor(Roles.Requester) });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
    }

    /// <summary>Records that exist in the demo, so that allowed roles reach the page rather than its not-found answer.</summary>
    private static string Url(string pattern, long item)
    {
        var key = pattern switch
        {
            _ when pattern.StartsWith("/plan/services/", StringComparison.Ordinal) => "webshop",
            _ when pattern.StartsWith("/plan/teams/", StringComparison.Ordinal) => "service-desk",
            _ when pattern.StartsWith("/plan/stakeholders/", StringComparison.Ordinal) => "emma.svensson",
            _ => "restore-service",
        };
        return pattern
            .Replace("{id:long}", item.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{activity}", "engage", StringComparison.Ordinal)
            .Replace("{key}", key, StringComparison.Ordinal)
            .Replace("{version:int}", "1", StringComparison.Ordinal)
            .Replace("{userName}", ValueChainApp.UserFor(Roles.Agent), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Location)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var location = response.Headers.Location is { } uri ? (uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString) : "";
        return (response.StatusCode, location);
    }
}
