using System.Text.Json;
using Microsoft.Playwright;

namespace ValueChain.Web.Tests.Infrastructure;

/// <summary>The HTTP API as the signed-in browser user (the page's cookie), for setting up what a test needs.</summary>
public static class Api
{
    /// <summary>Opens demand and answers the new work item's id.</summary>
    public static async Task<long> OpenDemandAsync(IPage page, string title, string type = "incident", string? service = "email", string? requester = null)
    {
        var response = await page.APIRequest.PostAsync("/api/v1/demand", new APIRequestContextOptions
        {
            DataObject = new { type, title, service, requester, priority = "high", description = "Opened by a browser test." },
        });
        response.Status.ShouldBe(201, await response.TextAsync());
        using var body = JsonDocument.Parse(await response.TextAsync());
        return body.RootElement.GetProperty("summary").GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> PostAsync(IPage page, string path, object body)
    {
        var response = await page.APIRequest.PostAsync(path, new APIRequestContextOptions { DataObject = body });
        response.Status.ShouldBeInRange(200, 201, $"{path}: {await response.TextAsync()}");
        using var document = JsonDocument.Parse(await response.TextAsync());
        return document.RootElement.Clone();
    }

    public static Task<JsonElement> WorkItemAsync(IPage page, long id) => GetAsync(page, $"/api/v1/work-items/{id}");

    public static async Task<JsonElement> GetAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        response.Status.ShouldBe(200, await response.TextAsync());
        using var body = JsonDocument.Parse(await response.TextAsync());
        return body.RootElement.Clone();
    }
}
