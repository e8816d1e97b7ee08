using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.Engage;

[Collection(WebCollection.Name)]
public sealed class ServiceLevelPagesTests(WebServer server)
{
    [Fact]
    public async Task Staff_see_compliance_by_target_and_team_and_the_agreements_in_force()
    {
        var page = await server.OpenAsync("agent");
        await page.GotoAsync("/service-levels?days=90");

        (await page.Locator("[data-figure='met'] .value").TextContentAsync()).ShouldNotBeNull().ShouldMatch(@"^\d+$");
        var byTarget = page.GetByRole(AriaRole.Table, new() { Name = "By target" });
        (await byTarget.Locator("tr[data-key='sla/first-response']").CountAsync()).ShouldBe(1);
        (await page.GetByRole(AriaRole.Table, new() { Name = "By team" }).Locator("tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#versions").TextContentAsync()).ShouldNotBeNull().ShouldContain("Agreements in force");
        (await page.GetByText("Standard service levels").CountAsync()).ShouldBeGreaterThan(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = "Edit agreements" }).CountAsync()).ShouldBe(0);
        await WebServer.ScreenshotAsync(page, "service-levels");

        await page.GotoAsync("/service-levels/edit");
        new Uri(page.Url).AbsolutePath.ShouldBe("/denied");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_service_owner_checks_the_agreements_sees_located_problems_and_publishes_a_new_version()
    {
        var page = await server.OpenAsync("service-owner");
        var agent = await server.OpenAsync("agent");
        var before = (await Api.GetAsync(agent, "/api/v1/agreements")).GetProperty("version").GetInt32();
        await page.GotoAsync("/service-levels");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit agreements" }).ClickAsync();
        var source = page.GetByLabel("Agreements (YAML)");
        var text = (await source.InputValueAsync()).ShouldNotBeNull();

        await source.FillAsync(text.Replace("time-zone: Europe/Berlin", "time-zone: Europe/Atlantis", StringComparison.Ordinal));
        await page.Button("Publish").ClickAsync();
        var problems = await page.Locator("#problems").TextContentAsync();
        problems.ShouldNotBeNull().ShouldContain("Line");
        problems.ShouldContain("Atlantis");
        (await page.Locator(".numbered li.bad").CountAsync()).ShouldBeGreaterThan(0);
        (await Api.GetAsync(agent, "/api/v1/agreements")).GetProperty("version").GetInt32().ShouldBe(before);
        await WebServer.ScreenshotAsync(page, "service-levels-edit");

        await source.FillAsync(text + "\n# Reviewed with the service desk.\n");
        await page.Button("Check").ClickAsync();
        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("No problems found");
        (await page.GetByRole(AriaRole.Heading, new() { Name = "What this file defines" }).CountAsync()).ShouldBe(1);
        await page.Button("Publish").ClickAsync();

        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain($"Version {before + 1}");
        (await Api.GetAsync(agent, "/api/v1/agreements")).GetProperty("version").GetInt32().ShouldBe(before + 1);
        await page.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }
}
