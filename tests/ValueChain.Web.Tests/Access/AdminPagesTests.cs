using System.Net.Http.Headers;
using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.Access;

[Collection(WebCollection.Name)]
public sealed class AdminPagesTests(WebServer server)
{
    [Fact]
    public async Task An_administrator_creates_an_agent_who_must_change_the_generated_password_and_then_works()
    {
        var admin = await server.OpenAsync("administrator");
        var userName = "new.agent." + Guid.NewGuid().ToString("N")[..6];
        await admin.GotoAsync("/admin/users");
        await admin.GetByLabel("User name").FillAsync(userName);
        await admin.GetByLabel("Display name").FillAsync("New Agent");
        await admin.Locator("input[name='Form.Roles'][value='agent']").CheckAsync();
        await admin.Locator("input[name='Form.Teams'][value='service-desk']").CheckAsync();
        await WebServer.ScreenshotAsync(admin, "admin-users");
        await admin.Button("Create user").ClickAsync();

        var password = await admin.Locator("#generated-password").TextContentAsync();
        password.ShouldNotBeNullOrWhiteSpace();
        await admin.GotoAsync($"/admin/users/{userName}");
        (await admin.Locator("input[name='Form.Roles'][value='agent']").IsCheckedAsync()).ShouldBeTrue();
        (await admin.Locator("input[name='Form.Teams'][value='service-desk']").IsCheckedAsync()).ShouldBeTrue();
        await WebServer.ScreenshotAsync(admin, "admin-user-edit");

        var user = await server.OpenAsync(null);
        await WebServer.SignInAsync(user, userName, password!);
        new Uri(user.Url).AbsolutePath.ShouldBe("/account/password");
        await user.GotoAsync("/work");
        new Uri(user.Url).AbsolutePath.ShouldBe("/account/password");
        await user.GetByLabel("Current password").FillAsync(password!);
        await user.GetByLabel("New password", new() { Exact = true }).FillAsync("a-password-of-my-own");
        await user.GetByLabel("New password again").FillAsync("a-password-of-my-own");
        await user.Button("Change password").ClickAsync();
        await user.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await user.GotoAsync("/work");
        (await user.Locator("h1").TextContentAsync()).ShouldBe("My work");
        await admin.Context.CloseAsync();
        await user.Context.CloseAsync();
    }

    [Fact]
    public async Task A_token_issued_on_the_account_page_works_until_it_is_revoked()
    {
        var page = await server.OpenAsync("agent");
        await page.GotoAsync("/account");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("browser test");
        await page.Button("Issue token").ClickAsync();
        var token = await page.Locator("#new-token").TextContentAsync();
        token.ShouldNotBeNull().ShouldStartWith("vc_");
        await WebServer.ScreenshotAsync(page, "account-tokens");
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("tr", new() { HasText = "browser test" }).Last.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_subscribes_a_webhook_and_sees_it_listed_with_its_secret_once()
    {
        var page = await server.OpenAsync("administrator");
        var url = $"https://hooks.example.org/{Guid.NewGuid():N}";
        await page.GotoAsync("/admin/webhooks");
        await page.GetByLabel("URL").FillAsync(url);
        await page.Locator("input[name='Form.EventTypes'][value='demand-opened']").CheckAsync();
        await page.Button("Subscribe").ClickAsync();

        (await page.Locator("#webhook-secret").TextContentAsync()).ShouldNotBeNullOrWhiteSpace();
        (await page.Locator("table.list").TextContentAsync()).ShouldNotBeNull().ShouldContain(url);
        await WebServer.ScreenshotAsync(page, "admin-webhooks");
        await page.GotoAsync("/admin/roles");
        (await page.Locator("table.roles tbody tr").CountAsync()).ShouldBeGreaterThan(50);
        await WebServer.ScreenshotAsync(page, "admin-roles");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_requester_cannot_open_the_administration()
    {
        var page = await server.OpenAsync("requester");

        await page.GotoAsync("/admin/users");

        new Uri(page.Url).AbsolutePath.ShouldBe("/denied");
        await page.Context.CloseAsync();
    }
}
