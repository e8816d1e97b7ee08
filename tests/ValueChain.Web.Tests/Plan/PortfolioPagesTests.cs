using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.Plan;

[Collection(WebCollection.Name)]
public sealed class PortfolioPagesTests(WebServer server)
{
    [Fact]
    public async Task A_service_owner_adds_a_service_to_the_pipeline_and_moves_it_into_the_catalogue()
    {
        var page = await server.OpenAsync("service-owner");
        var key = "browser-" + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/plan/services/new");

        await page.GetByLabel("Key", new() { Exact = true }).FillAsync(key);
        await page.Button("Add to the pipeline").ClickAsync();
        (await page.GetByLabel("Name", new() { Exact = true }).GetAttributeAsync("aria-invalid")).ShouldBe("true");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser test service");
        await page.GetByLabel("Owner team").SelectOptionAsync("service-desk");
        await page.Button("Add to the pipeline").ClickAsync();
        var card = page.Locator($"article[data-service='{key}']");
        (await page.Locator("#lane-Pipeline").Locator("..").Locator($"article[data-service='{key}']").CountAsync()).ShouldBe(1);

        await card.GetByRole(AriaRole.Button, new() { Name = "Move to catalogue" }).ClickAsync();
        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("is now catalogue");
        (await page.Locator("#lane-Catalogue").Locator("..").Locator($"article[data-service='{key}']").CountAsync()).ShouldBe(1);
        await WebServer.ScreenshotAsync(page, "plan-portfolio");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_reads_the_portfolio_without_change_buttons_and_cannot_add_a_service()
    {
        var page = await server.OpenAsync("agent");
        await page.GotoAsync("/plan");

        (await page.Locator("article.service").CountAsync()).ShouldBeGreaterThan(3);
        (await page.GetByRole(AriaRole.Button, new() { Name = "Move to retired" }).CountAsync()).ShouldBe(0);
        await page.GotoAsync("/plan/services/new");
        new Uri(page.Url).AbsolutePath.ShouldBe("/denied");
        await page.Context.CloseAsync();
    }
}
