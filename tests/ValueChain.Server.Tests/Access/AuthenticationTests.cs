using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ValueChain.Access;
using ValueChain.Data.Demo;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Access;

/// <summary>Signing in with a password and a cookie, with tokens, and what is refused.</summary>
public abstract class AuthenticationTests(Database database) : IDisposable
{
    private readonly ValueChainApp _app = new(database, seedDemo: true);

    public void Dispose() => _app.Dispose();

    [DatabaseFact]
    public async Task Demo_accounts_sign_in_with_the_documented_password_and_keep_a_cookie_session()
    {
        foreach (var account in DemoOrganization.DemoAccounts)
        {
            var client = _app.CreateAnonymousClient();
            var signIn = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = account.UserName, password = DemoOrganization.DemoPassword });
            signIn.StatusCode.ShouldBe(HttpStatusCode.OK, account.UserName);
            signIn.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("valuechain.auth=", StringComparison.Ordinal)
                && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

            var me = await ValueChainApp.ReadJsonAsync(await client.GetAsync("/api/v1/auth/me"));
            me.GetProperty("userName").GetString().ShouldBe(account.UserName);
            me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(account.Roles);
        }
    }

    [DatabaseFact]
    public async Task A_wrong_password_is_401_and_five_of_them_lock_that_account()
    {
        var client = _app.CreateAnonymousClient();
        var user = DemoOrganization.DemoAccounts[1].UserName;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user, password = "not-the-password" }))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var locked = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user, password = DemoOrganization.DemoPassword });

        locked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ValueChainApp.ReadJsonAsync(locked)).GetProperty("code").GetString().ShouldBe("account-locked");
        // Other accounts are not affected.
        (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = DemoOrganization.DemoAccounts[0].UserName, password = DemoOrganization.DemoPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task A_token_is_shown_once_works_as_bearer_and_stops_when_revoked()
    {
        var admin = _app.CreateClient();
        var issued = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "ci export", expiresInDays = 30 });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await ValueChainApp.ReadJsonAsync(issued);
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("details").GetProperty("id").GetInt64();
        token.ShouldStartWith("vc_");

        var listed = await admin.GetStringAsync("/api/v1/auth/tokens");
        listed.ShouldNotContain(token);
        var caller = _app.CreateAnonymousClient();
        caller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await caller.GetAsync("/api/v1/value-streams")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.DeleteAsync($"/api/v1/auth/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await caller.GetAsync("/api/v1/value-streams")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task A_token_stops_working_when_it_expires()
    {
        var admin = _app.CreateClient();
        var issued = await ValueChainApp.ReadJsonAsync(await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "short", expiresInDays = 1 }));
        var caller = _app.CreateAnonymousClient();
        caller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("token").GetString());
        (await caller.GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        (await caller.GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task Revoking_a_token_changing_roles_or_disabling_an_account_on_one_node_holds_on_the_next_call_to_another()
    {
        var admin = _app.CreateClient();
        (await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = "two.nodes",
            displayName = "Two Nodes",
            roles = new[] { Roles.Agent },
            password = "two-nodes-password",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var owner = _app.CreateAnonymousClient();
        (await owner.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "two.nodes", password = "two-nodes-password" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var revoked = await ValueChainApp.ReadJsonAsync(await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "revoked", expiresInDays = 30 }));
        var kept = await ValueChainApp.ReadJsonAsync(await owner.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "kept", expiresInDays = 30 }));
        using var other = new ValueChainApp(_app.Storage);
        HttpClient On(JsonElement token)
        {
            var client = other.CreateAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
            return client;
        }

        (await On(revoked).GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await On(kept).GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.DeleteAsync($"/api/v1/auth/tokens/{revoked.GetProperty("details").GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await On(revoked).GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await On(kept).GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A requester is not staff: the team list is closed to them from the next call.
        (await admin.PutAsJsonAsync("/api/v1/accounts/two.nodes", new { displayName = "Two Nodes", roles = new[] { Roles.Requester } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await On(kept).GetAsync("/api/v1/teams")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await On(kept).GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PutAsJsonAsync("/api/v1/accounts/two.nodes", new { displayName = "Two Nodes", roles = new[] { Roles.Requester }, disabled = true }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await On(kept).GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task A_generated_first_password_must_be_changed_before_anything_else()
    {
        var admin = _app.CreateClient();
        var created = await ValueChainApp.ReadJsonAsync(await admin.PostAsJsonAsync("/api/v1/accounts",
            new { userName = "new.agent", displayName = "New Agent", roles = new[] { Roles.Agent } }));
        var password = created.GetProperty("generatedPassword").GetString()!;
        var client = _app.CreateAnonymousClient();
        (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "new.agent", password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var blocked = await client.GetAsync("/api/v1/work-items");
        blocked.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ValueChainApp.ReadJsonAsync(blocked)).GetProperty("code").GetString().ShouldBe("change-password-first");

        (await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = password, newPassword = "a-better-password" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/work-items")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task Responses_carry_security_headers()
    {
        var response = await _app.CreateAnonymousClient().GetAsync("/health");

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }

    [DatabaseFact]
    public async Task An_agent_moves_only_items_at_steps_of_their_teams_or_activities()
    {
        var admin = _app.CreateClient();
        (await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = "desk.only",
            displayName = "Desk Only",
            roles = new[] { Roles.Agent },
            teams = new[] { "service-desk" },
            password = "desk-only-password",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var client = _app.CreateAnonymousClient();
        (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "desk.only", password = "desk-only-password" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var incident = await ValueChainApp.ReadJsonAsync(await admin.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = "Mail down" }));
        var change = await ValueChainApp.ReadJsonAsync(await admin.PostAsJsonAsync("/api/v1/demand", new { type = "change-request", title = "Patch servers" }));
        incident.GetProperty("summary").GetProperty("team").GetString().ShouldBe("service-desk");

        (await client.PostAsJsonAsync($"/api/v1/work-items/{incident.GetProperty("summary").GetProperty("id").GetInt64()}/start", new { }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        change.GetProperty("summary").GetProperty("team").GetString().ShouldBe("service-management-office");
        (await client.PostAsJsonAsync($"/api/v1/work-items/{change.GetProperty("summary").GetProperty("id").GetInt64()}/start", new { }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class AuthenticationOnSqlite() : AuthenticationTests(Database.Sqlite);

public sealed class AuthenticationOnPostgres() : AuthenticationTests(Database.Postgres), IRunsOnPostgres;
