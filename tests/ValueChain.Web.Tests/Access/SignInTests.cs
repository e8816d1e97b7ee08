using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.Access;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebServer server)
{
    [Theory]
    [InlineData("requester", "/portal")]
    [InlineData("agent", "/")]
    [InlineData("value-stream-owner", "/")]
    [InlineData("service-owner", "/")]
    [InlineData("administrator", "/")]
    public async Task Each_role_signs_in_and_lands_on_its_start_page(string role, string start)
    {
        var page = await server.OpenAsync(role);

        new Uri(page.Url).AbsolutePath.ShouldBe(start);
        var who = page.Locator(".usermenu .who");
        (await who.GetAttributeAsync("title")).ShouldNotBeNull().ShouldContain(Display(role));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_session()
    {
        var page = await server.OpenAsync(null);
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync("alex.morgan");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        (await page.GetByRole(AriaRole.Alert).TextContentAsync()).ShouldNotBeNull().ShouldContain("wrong");
        await page.GotoAsync("/work");
        new Uri(page.Url).AbsolutePath.ShouldBe("/login");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await server.OpenAsync("agent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login?signedOut=1");

        await page.GotoAsync("/");
        new Uri(page.Url).AbsolutePath.ShouldBe("/login");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_value_chain_page_shows_the_six_activities_and_links_each_to_its_inbox()
    {
        var page = await server.OpenAsync("agent");
        await WebServer.ScreenshotAsync(page, "value-chain");

        (await page.Locator(".activity-card").CountAsync()).ShouldBe(6);
        var inbox = page.Locator("svg.chain-diagram a[href='/work/inbox/deliver-support']");
        (await inbox.CountAsync()).ShouldBe(1);
        (await page.Locator("svg.chain-diagram .edge").CountAsync()).ShouldBeGreaterThan(0);
        await page.Context.CloseAsync();
    }

    private static string Display(string role) => role switch
    {
        "requester" => "Requester",
        "agent" => "Agent",
        "value-stream-owner" => "Value stream owner",
        "service-owner" => "Service owner",
        _ => "Administrator",
    };
}
