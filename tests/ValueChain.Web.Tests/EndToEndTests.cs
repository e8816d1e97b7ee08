using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests;

/// <summary>The walk a newcomer takes in the demo: a request opened in the portal, worked to value, seen on the map.</summary>
[Collection(WebCollection.Name)]
public sealed class EndToEndTests(WebServer server)
{
    [Fact]
    public async Task A_request_from_the_portal_is_worked_to_value_in_the_workspace_and_shows_on_the_value_stream_map()
    {
        var agent = await server.OpenAsync("agent");
        var (visitsBefore, deliveredBefore) = await MapFiguresAsync(agent);

        var requester = await server.OpenAsync("requester");
        var title = "Cannot reach the VPN from home " + Guid.NewGuid().ToString("N")[..6];
        await requester.GotoAsync("/portal/new?type=incident&service=network");
        await requester.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await requester.GetByLabel("Details").FillAsync("Since the update this morning.");
        await requester.Button("Send request").ClickAsync();
        var id = long.Parse(new Uri(requester.Url).Segments[^1], System.Globalization.CultureInfo.InvariantCulture);

        await agent.GotoAsync("/work/inbox/engage?sort=updated");
        await agent.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await agent.Button("Start step").ClickAsync();
        await agent.Button("Complete step").ClickAsync();
        await agent.Button("Start step").ClickAsync();
        await agent.GetByLabel("Next").SelectOptionAsync("confirm-with-user");
        await agent.Button("Complete step").ClickAsync();
        await agent.Button("Start step").ClickAsync();
        await agent.GetByLabel("Next").SelectOptionAsync("value");
        await agent.Button("Complete step").ClickAsync();

        await requester.GotoAsync($"/portal/requests/{id}");
        await requester.GetByLabel("What did you get?").FillAsync("The VPN connects again.");
        await requester.GetByLabel("5 stars").CheckAsync();
        await requester.Button("Confirm the value").ClickAsync();
        (await requester.Locator("aside").TextContentAsync()).ShouldNotBeNull().ShouldContain("Value realized");

        var (visitsAfter, deliveredAfter) = await MapFiguresAsync(agent);
        visitsAfter.ShouldBe(visitsBefore + 1);
        deliveredAfter.ShouldBe(deliveredBefore + 1);
        await requester.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Theory]
    [InlineData("requester", "/portal")]
    [InlineData("agent", "/work/inbox/deliver-support")]
    [InlineData("agent", "/streams/restore-service/map")]
    public async Task Pages_fit_a_phone_without_sideways_scrolling(string role, string path)
    {
        var page = await server.OpenAsync(role, width: 390, height: 844);

        await page.GotoAsync(path);

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, $"{path} is {overflow}px wider than the phone");
        if (path == "/portal")
        {
            await WebServer.ScreenshotAsync(page, "portal-phone");
        }

        await page.Context.CloseAsync();
    }

    /// <summary>Visits to the stream's first step and items delivered in the last 90 days, as the map page shows them.</summary>
    private static async Task<(int Visits, int Delivered)> MapFiguresAsync(IPage page)
    {
        await page.GotoAsync("/streams/restore-service/map");
        var row = page.Locator("table.list tbody tr").First;
        var visits = int.Parse((await row.Locator("td").Nth(3).TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var delivered = int.Parse((await page.Locator(".stat .value").Nth(1).TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (visits, delivered);
    }
}
