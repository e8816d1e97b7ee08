using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>Requests and checks the management API tests share.</summary>
public static class Api
{
    /// <summary>Sends <paramref name="body"/> as JSON, with an If-Match header when one is given.</summary>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ValueChainApp.Json);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Asserts a problem-details answer with <paramref name="status"/> and <paramref name="code"/>, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("code").GetString().ShouldBe(code, body);
        return problem;
    }

    /// <summary>Asserts a 422 whose <c>errors</c> name exactly <paramref name="fields"/>, each with a message.</summary>
    public static async Task<JsonElement> ShouldBeInvalidAsync(this HttpResponseMessage response, string code, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, code);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ShouldBe(fields.Order(StringComparer.Ordinal), problem.ToString());
        foreach (var field in errors.EnumerateObject())
        {
            field.Value.EnumerateArray().ShouldAllBe(m => !string.IsNullOrWhiteSpace(m.GetString()));
        }

        return problem;
    }

    public static async Task<JsonElement> ShouldBeOkJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ShouldBeOkJsonAsync(this Task<HttpResponseMessage> response, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await response).ShouldBeOkJsonAsync(status);

    public static async Task<JsonElement> ShouldBeProblemAsync(this Task<HttpResponseMessage> response, HttpStatusCode status, string code) =>
        await (await response).ShouldBeProblemAsync(status, code);

    public static async Task<JsonElement> ShouldBeInvalidAsync(this Task<HttpResponseMessage> response, string code, params string[] fields) =>
        await (await response).ShouldBeInvalidAsync(code, fields);

    /// <summary>What a GET answers, as text: compare two of them to prove that a refused request changed nothing.</summary>
    public static async Task<string> SnapshotAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return $"{(int)response.StatusCode} {response.Headers.ETag} {await response.Content.ReadAsStringAsync()}";
    }
}
