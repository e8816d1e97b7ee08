using Microsoft.Playwright;
using ValueChain.Web.Tests.Infrastructure;

namespace ValueChain.Web.Tests.Engage;

[Collection(WebCollection.Name)]
public sealed class PortalTests(WebServer server)
{
    private static string Unique(string text) => text + " " + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task A_requester_opens_an_incident_from_the_catalogue_and_follows_it()
    {
        var page = await server.OpenAsync("requester");
        await WebServer.ScreenshotAsync(page, "portal");
        var title = Unique("Calendar invites arrive twice");

        await page.Locator(".catalogue li", new() { HasText = "Email and collaboration" }).GetByRole(AriaRole.Link, new() { Name = "Report a problem" }).ClickAsync();
        (await page.GetByLabel("Service", new() { Exact = true }).InputValueAsync()).ShouldBe("email");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Details").FillAsync("Since **Monday**. <script>window.pwned = 1</script> [click](javascript:alert(1))");
        await WebServer.ScreenshotAsync(page, "portal-new");
        await page.Button("Send request").ClickAsync();

        (await page.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("is open");
        (await page.Locator(".markdown strong").First.TextContentAsync()).ShouldBe("Monday");
        (await page.Locator(".markdown script").CountAsync()).ShouldBe(0);
        (await page.Locator("a[href^='javascript']").CountAsync()).ShouldBe(0);
        (await page.EvaluateAsync<bool>("window.pwned === undefined")).ShouldBeTrue();

        await page.GetByLabel("Add a message").FillAsync("It also happens on my phone.");
        await page.Button("Send message").ClickAsync();
        (await page.Locator(".conversation").TextContentAsync()).ShouldNotBeNull().ShouldContain("It also happens on my phone.");
        await WebServer.ScreenshotAsync(page, "portal-request");

        await page.GotoAsync("/portal");
        (await page.Locator("table.list").TextContentAsync()).ShouldNotBeNull().ShouldContain(title);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_empty_title_is_refused_with_a_message_and_opens_nothing()
    {
        var page = await server.OpenAsync("requester");
        await page.GotoAsync("/portal");
        var before = await page.Locator("table.list tbody tr").CountAsync();

        await page.GotoAsync("/portal/new?type=incident");
        await page.Button("Send request").ClickAsync();

        (await page.GetByRole(AriaRole.Alert).TextContentAsync()).ShouldNotBeNull().ShouldContain("title");
        (await page.GetByLabel("Title", new() { Exact = true }).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await page.GotoAsync("/portal");
        (await page.Locator("table.list tbody tr").CountAsync()).ShouldBe(before);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_requester_answers_a_wait_and_confirms_the_value_with_a_rating()
    {
        var requester = await server.OpenAsync("requester");
        var agent = await server.OpenAsync("agent");
        var id = await Api.OpenDemandAsync(requester, Unique("Shared mailbox missing"));
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/wait", new { reason = "customer", note = "Which mailbox do you mean?" });

        await requester.GotoAsync($"/portal/requests/{id}");
        (await requester.Locator("aside").TextContentAsync()).ShouldNotBeNull().ShouldContain("Which mailbox do you mean?");
        await requester.GetByLabel("Your answer").FillAsync("The finance team mailbox.");
        await requester.Button("Answer and send back").ClickAsync();
        (await requester.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("your answer was sent");
        (await Api.WorkItemAsync(agent, id)).GetProperty("summary").GetProperty("stepStatus").GetString().ShouldBe("in-progress");

        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/complete", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/complete", new { next = "confirm-with-user" });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/complete", new { next = "value" });

        await requester.GotoAsync("/portal");
        (await requester.Locator(".info").TextContentAsync()).ShouldNotBeNull().ShouldContain($"#{id}");
        await requester.GotoAsync($"/portal/requests/{id}");
        await requester.GetByLabel("What did you get?").FillAsync("The mailbox is back in my Outlook.");
        await requester.GetByLabel("4 stars").CheckAsync();
        await requester.Button("Confirm the value").ClickAsync();

        var item = await Api.WorkItemAsync(agent, id);
        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("value-realized");
        item.GetProperty("rating").GetInt32().ShouldBe(4);
        item.GetProperty("confirmedBy").GetString().ShouldBe(WebServer.DemoUsers["requester"]);
        await requester.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task The_requester_reopens_delivered_work_that_did_not_solve_the_problem()
    {
        var requester = await server.OpenAsync("requester");
        var agent = await server.OpenAsync("agent");
        var id = await Api.OpenDemandAsync(requester, Unique("Printer prints blank pages"));
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/complete", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/complete", new { next = "confirm-with-user" });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/start", new { });
        await Api.PostAsync(agent, $"/api/v1/work-items/{id}/complete", new { next = "value" });

        await requester.GotoAsync($"/portal/requests/{id}");
        await requester.Button("Reopen the request").ClickAsync();
        (await requester.GetByRole(AriaRole.Alert).TextContentAsync()).ShouldNotBeNull().ShouldContain("Say why");
        await requester.GetByLabel("Tell us what is still wrong").FillAsync("Still blank pages after the new toner.");
        await requester.Button("Reopen the request").ClickAsync();

        (await requester.GetByRole(AriaRole.Status).TextContentAsync()).ShouldNotBeNull().ShouldContain("open again");
        var item = await Api.WorkItemAsync(agent, id);
        item.GetProperty("summary").GetProperty("state").GetString().ShouldBe("active");
        item.GetProperty("summary").GetProperty("step").GetString().ShouldBe("confirm-with-user");
        await requester.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task A_requester_cannot_open_someone_elses_request()
    {
        var agent = await server.OpenAsync("agent");
        var id = await Api.OpenDemandAsync(agent, Unique("Not for Emma"), requester: "ben.ortiz");
        var requester = await server.OpenAsync("requester");

        await requester.GotoAsync($"/portal/requests/{id}");

        new Uri(requester.Url).AbsolutePath.ShouldBe("/denied");
        await requester.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }
}
