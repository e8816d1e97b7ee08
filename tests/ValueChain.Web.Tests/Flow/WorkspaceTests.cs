using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.Flow;

[Collection(WebCollection.Name)]
public sealed class WorkspaceTests(WebServer server)
{
    [Fact]
    public async Task An_agent_works_an_incident_to_value_through_the_buttons_and_the_timeline_tells_the_story()
    {
        var page = await server.OpenAsync("agent");
        var id = await Api.OpenDemandAsync(page, "Mail client crashes on start " + Guid.NewGuid().ToString("N")[..6]);

        await page.GotoAsync($"/work/items/{id}");
        await page.Button("Start step").ClickAsync();
        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("Started step log-and-triage");
        await page.GetByLabel("User support tasks", new() { Exact = true }).FillAsync("Reinstall the mail client");
        await page.Button("Complete step").ClickAsync();

        await page.Button("Start step").ClickAsync();
        await page.GetByLabel("Waiting for").SelectOptionAsync("Supplier");
        await page.GetByLabel("Note", new() { Exact = true }).FillAsync("Vendor ticket 4711");
        await page.Button("Put on wait").ClickAsync();
        await page.Button("Resume step").ClickAsync();
        await page.GetByLabel("Next").SelectOptionAsync("confirm-with-user");
        await page.Button("Complete step").ClickAsync();
        await page.Button("Start step").ClickAsync();
        await page.GetByLabel("Next").SelectOptionAsync("value");
        await page.Button("Complete step").ClickAsync();
        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("delivered");

        var timeline = page.Locator("ol.timeline");
        (await timeline.Locator("li.visit.done").CountAsync()).ShouldBe(3);
        (await timeline.Locator(".wait").First.TextContentAsync()).ShouldNotBeNull().ShouldContain("Supplier");
        (await timeline.TextContentAsync()).ShouldNotBeNull().ShouldContain("Reinstall the mail client");
        (await page.Locator(".clocks li[data-clock='sla/first-response']").TextContentAsync()).ShouldNotBeNull().ShouldContain("met");
        await WebServer.ScreenshotAsync(page, "work-item");

        await page.GetByLabel("Outcome").FillAsync("Mail works again");
        await page.GetByLabel("Rating").SelectOptionAsync("5");
        await page.Button("Confirm value").ClickAsync();

        var item = await Api.WorkItemAsync(page, id);
        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("value-realized");
        item.GetProperty("rating").GetInt32().ShouldBe(5);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_reopens_delivered_work_at_a_step_it_completed()
    {
        var page = await server.OpenAsync("agent");
        var id = await Api.OpenDemandAsync(page, "Shared drive read-only " + Guid.NewGuid().ToString("N")[..6]);
        foreach (var (transition, next) in new[] { ("start", null), ("complete", null), ("start", null), ("complete", "confirm-with-user"), ("start", null), ("complete", "value") })
        {
            await Api.PostAsync(page, $"/api/v1/work-items/{id}/{transition}", new { next });
        }

        await page.GotoAsync($"/work/items/{id}");
        await page.GetByLabel("Redo from step").SelectOptionAsync("diagnose-and-restore");
        await page.GetByLabel("Why it is not accepted").FillAsync("Still read-only for the finance team");
        await page.Button("Reopen").ClickAsync();

        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("back at step diagnose-and-restore");
        var item = await Api.WorkItemAsync(page, id);
        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("active");
        item.GetProperty("visits").GetArrayLength().ShouldBe(4);
        (await page.Locator("ol.timeline .returned").TextContentAsync()).ShouldNotBeNull().ShouldContain("Reopened by alex.morgan: “Still read-only for the finance team”");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_form_from_a_stale_page_is_refused_with_the_conflict_and_changes_nothing()
    {
        var page = await server.OpenAsync("agent");
        var id = await Api.OpenDemandAsync(page, "VPN drops every hour " + Guid.NewGuid().ToString("N")[..6]);
        await page.GotoAsync($"/work/items/{id}");
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync($"/work/items/{id}");

        await other.Button("Start step").ClickAsync();
        await page.GetByLabel("Assignee").FillAsync("me");
        await page.Button("Assign").ClickAsync();

        (await page.GetByRole(AriaRole.Alert).TextContentAsync()).ShouldNotBeNull().ShouldContain("Someone else changed this work item");
        var item = await Api.WorkItemAsync(page, id);
        item.GetProperty("summary").TryGetProperty("assignee", out _).ShouldBeFalse();
        item.GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("in-progress");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_inbox_lists_work_at_the_activity_and_the_keyboard_opens_a_row()
    {
        var page = await server.OpenAsync("agent");
        var title = "Keyboard inbox check " + Guid.NewGuid().ToString("N")[..6];
        var id = await Api.OpenDemandAsync(page, title);

        await page.GotoAsync("/work/inbox/engage?sort=updated");
        (await page.Locator("table.list tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await WebServer.ScreenshotAsync(page, "workspace-inbox");
        await page.Keyboard.PressAsync("/");
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("q");
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync($"**/work/items/{id}");
        (await page.Locator("h1").TextContentAsync()).ShouldNotBeNull().ShouldContain(title);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_inbox_oldest_first_pages_on_after_the_last_item_without_repeating_one()
    {
        var page = await server.OpenAsync("agent");
        var word = "pagercheck" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<long>();
        for (var i = 0; i < 27; i++)
        {
            ids.Add(await Api.OpenDemandAsync(page, $"Toner low {i} {word}"));
        }

        await page.GotoAsync($"/work/inbox/engage?q={word}&sort=oldest");
        var rows = page.Locator("table.list tbody tr td.num");
        (await rows.AllTextContentsAsync()).Select(long.Parse).ShouldBe(ids.Take(25));
        (await page.Locator("nav.pager").TextContentAsync()).ShouldNotBeNull().ShouldContain("1–25 of 27");

        await page.Locator("nav.pager a[rel=next]").ClickAsync();
        await page.WaitForURLAsync($"**after={ids[24]}**");
        (await rows.AllTextContentsAsync()).Select(long.Parse).ShouldBe(ids.Skip(25));
        (await page.Locator("nav.pager").TextContentAsync()).ShouldNotBeNull().ShouldContain("26–27 of 27");
        (await page.Locator("nav.pager a[rel=next]").CountAsync()).ShouldBe(0);

        await page.Locator("nav.pager a[rel=first]").ClickAsync();
        (await rows.AllTextContentsAsync()).Select(long.Parse).ShouldBe(ids.Take(25));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task My_work_shows_what_is_assigned_to_me()
    {
        var page = await server.OpenAsync("agent");
        var title = "Assigned to me check " + Guid.NewGuid().ToString("N")[..6];
        var id = await Api.OpenDemandAsync(page, title);
        await page.GotoAsync($"/work/items/{id}");
        await page.GetByLabel("Assignee").FillAsync("me");
        await page.Button("Assign").ClickAsync();

        await page.GotoAsync("/work");
        await WebServer.ScreenshotAsync(page, "workspace-my-work");
        (await page.Locator("table.list").First.TextContentAsync()).ShouldNotBeNull().ShouldContain(title);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/work")]
    [InlineData("/work/inbox/engage")]
    [InlineData("/work/items/1")]
    public async Task A_requester_cannot_open_an_agent_page(string path)
    {
        var page = await server.OpenAsync("requester");

        await page.GotoAsync(path);

        new Uri(page.Url).AbsolutePath.ShouldBe("/denied");
        (await page.Locator("h1").TextContentAsync()).ShouldBe("This page is not for your role");
        await page.Context.CloseAsync();
    }
}
