using System.Text.Json;
using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.ValueStreams;

[Collection(WebCollection.Name)]
public sealed class ValueStreamPagesTests(WebServer server)
{
    private const string Stream = "run-improvement-initiative";

    [Fact]
    public async Task An_owner_sees_a_located_error_publishes_nothing_then_fixes_and_publishes_and_the_diff_shows_it()
    {
        var page = await server.OpenAsync("value-stream-owner");
        var version = await VersionAsync(page);
        await page.GotoAsync($"/streams/{Stream}/edit");
        var editor = page.GetByLabel("Definition (YAML)");
        var original = await editor.InputValueAsync();

        await editor.FillAsync(original.Replace("activity: improve", "activity: imporve", StringComparison.Ordinal));
        await page.Button("Publish").ClickAsync();

        var problems = page.Locator("#problems");
        (await problems.TextContentAsync()).ShouldNotBeNull().ShouldContain("nothing was published");
        (await problems.TextContentAsync()).ShouldNotBeNull().ShouldContain("imporve");
        (await page.Locator(".numbered li.bad").CountAsync()).ShouldBeGreaterThan(0);
        await WebServer.ScreenshotAsync(page, "stream-edit-error");
        (await VersionAsync(page)).ShouldBe(version);

        var marker = "# reviewed in the browser " + Guid.NewGuid().ToString("N")[..6];
        await editor.FillAsync(original.TrimEnd() + "\n" + marker + "\n");
        await page.Button("Publish").ClickAsync();

        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain($"Published version {version + 1}");
        (await VersionAsync(page)).ShouldBe(version + 1);
        await page.GetByRole(AriaRole.Link, new() { Name = $"what changed from v{version}" }).ClickAsync();
        var added = page.Locator("table.diff tr.added");
        (await added.Last.TextContentAsync()).ShouldNotBeNull().ShouldContain(marker);
        await WebServer.ScreenshotAsync(page, "stream-diff");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_reads_streams_but_cannot_edit_them()
    {
        var page = await server.OpenAsync("agent");
        await page.GotoAsync("/streams");
        await WebServer.ScreenshotAsync(page, "streams");
        await page.GetByRole(AriaRole.Link, new() { Name = "Restore a service" }).ClickAsync();

        (await page.Locator(".steps-diagram li.step").CountAsync()).ShouldBe(5);
        (await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).CountAsync()).ShouldBe(0);
        await WebServer.ScreenshotAsync(page, "stream-view");
        await page.GotoAsync("/streams/restore-service/edit");
        new Uri(page.Url).AbsolutePath.ShouldBe("/denied");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_map_draws_every_step_and_marks_one_bottleneck_and_the_period_filter_applies()
    {
        var page = await server.OpenAsync("value-stream-owner");
        await page.GotoAsync("/streams/restore-service/map");

        (await page.Locator("svg.vsm g.box").CountAsync()).ShouldBe(5);
        (await page.Locator("svg.vsm g.box.bottleneck").CountAsync()).ShouldBe(1);
        await WebServer.ScreenshotAsync(page, "stream-map");

        await page.GetByLabel("Period", new() { Exact = true }).SelectOptionAsync("7");
        await page.Button("Show").ClickAsync();
        new Uri(page.Url).Query.ShouldContain("days=7");
        (await page.Locator("figcaption").TextContentAsync()).ShouldNotBeNull().ShouldContain("last 7 days");
        await page.Context.CloseAsync();
    }

    private static async Task<int> VersionAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync($"/api/v1/value-streams/{Stream}");
        using var body = JsonDocument.Parse(await response.TextAsync());
        return body.RootElement.GetProperty("summary").GetProperty("version").GetInt32();
    }
}
