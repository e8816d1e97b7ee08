using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Server.Infrastructure.Security;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is the API's reference: served to anyone, listing every endpoint the running server has
/// under its name, with the access its rule gives, and valid to a linter that is not the generator.
/// The document does not depend on the database, so SQLite is enough.
/// </summary>
public sealed partial class OpenApiDocumentTests : IDisposable
{
    /// <summary>Named endpoints that are not part of the API: the start page, and the document and its reference page.</summary>
    private static readonly string[] NotInTheDocument =
        ["GetOpenApiDocument", "ApiReference", "ApiReferenceScript", "ApiReferenceStartScript", "ApiReferenceIcon"];

    private readonly ValueChainApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_document_is_served_to_anonymous_callers_as_OpenAPI_3()
    {
        var response = await _app.CreateAnonymousClient().GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var document = await ValueChainApp.ReadJsonAsync(response);
        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("ValueChain API");
        document.GetProperty("info").GetProperty("description").GetString()!.ShouldContain("Bearer vc_");
        // Each installation is its own server: the address is relative to wherever the document was read.
        document.GetProperty("servers")[0].GetProperty("url").GetString().ShouldBe("/");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("apiToken").GetProperty("scheme").GetString().ShouldBe("bearer");
        schemes.GetProperty("signInCookie").GetProperty("in").GetString().ShouldBe("cookie");
        schemes.GetProperty("signInCookie").GetProperty("name").GetString().ShouldBe("valuechain.auth");
    }

    [Fact]
    public async Task Every_named_endpoint_is_an_operation_with_its_name_as_id_and_the_security_its_access_rule_gives()
    {
        var operations = Operations(await DocumentAsync());
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToList();

        endpoints.Count.ShouldBeGreaterThan(30);
        var documented = endpoints.Where(e => !NotInTheDocument.Contains(Name(e))).ToList();
        operations.Keys.Order().ShouldBe(documented.Select(Name).Order(), "every named endpoint, and nothing else");
        foreach (var endpoint in documented)
        {
            var name = Name(endpoint);
            var (method, path, operation) = operations[name];
            method.ShouldBe(endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant(), name);
            path.ShouldBe(DocumentPath(endpoint.RoutePattern.RawText!), name);
            operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace(name);
            operation.GetProperty("tags").GetArrayLength().ShouldBe(1, name);

            var schemes = operation.GetProperty("security").EnumerateArray()
                .Select(requirement => string.Join("+", requirement.EnumerateObject().Select(s => s.Name)))
                .ToList();
            schemes.ShouldBe(AccessRules.Rules[name] is null ? [] : ["apiToken", "signInCookie"], name);
        }
    }

    [Fact]
    public async Task Operations_that_need_an_account_describe_401_and_403_as_problem_details()
    {
        var operations = Operations(await DocumentAsync());

        foreach (var (name, (_, _, operation)) in operations.Where(o => AccessRules.Rules[o.Key] is not null))
        {
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403" })
            {
                responses.TryGetProperty(status, out var response).ShouldBeTrue($"{name} {status}");
                response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema")
                    .GetProperty("$ref").GetString().ShouldBe("#/components/schemas/ProblemDetails");
            }
        }

        // What the document promises is what the server sends.
        var refused = await _app.CreateAnonymousClient().GetAsync("/api/v1/work-items");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Work_item_changes_take_If_Match_and_describe_the_stale_write_412()
    {
        var complete = Operations(await DocumentAsync())["CompleteStep"].Operation;

        complete.GetProperty("parameters").EnumerateArray()
            .ShouldContain(p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
        var responses = complete.GetProperty("responses");
        responses.GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _).ShouldBeTrue();
        foreach (var status in new[] { "404", "409", "412", "422" })
        {
            responses.TryGetProperty(status, out _).ShouldBeTrue(status);
        }
    }

    [Fact]
    public async Task Publishing_a_value_stream_takes_YAML_or_JSON_text_as_its_body()
    {
        var publish = Operations(await DocumentAsync())["PublishValueStream"].Operation;

        var body = publish.GetProperty("requestBody");
        body.GetProperty("required").GetBoolean().ShouldBeTrue();
        var content = body.GetProperty("content");
        content.GetProperty("text/yaml").GetProperty("schema").GetProperty("type").GetString().ShouldBe("string");
        content.GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("source", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Enums_are_kebab_case_strings_and_numbers_are_numbers()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var state = schemas.GetProperty("WorkItemState");
        state.GetProperty("type").GetString().ShouldBe("string");
        state.GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ShouldContain("value-realized");
        var summary = schemas.GetProperty("WorkItemSummary");
        summary.GetProperty("properties").GetProperty("id").GetProperty("type").GetString().ShouldBe("integer");
        // Nulls are left out of responses, so a property that may be null may also be missing.
        summary.GetProperty("required").EnumerateArray().Select(v => v.GetString()).ShouldNotContain("service");
    }

    [OpenApiLintFact]
    public async Task The_document_passes_the_external_linter()
    {
        var folder = Directory.CreateTempSubdirectory("valuechain-openapi-");
        try
        {
            var file = Path.Combine(folder.FullName, "openapi-v1.json");
            await File.WriteAllTextAsync(file, await _app.CreateAnonymousClient().GetStringAsync("/openapi/v1.json"));

            var (exitCode, output) = await OpenApiLinter.LintAsync(file);

            exitCode.ShouldBe(0, $"{OpenApiLinter.Command} {file}:\n{output}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<JsonElement> DocumentAsync() =>
        await ValueChainApp.ReadJsonAsync(await _app.CreateAnonymousClient().GetAsync("/openapi/v1.json"));

    /// <summary>Every operation of the document by its id, with its method and path.</summary>
    private static Dictionary<string, (string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Method: operation.Name, Path: path.Name, Operation: operation.Value)))
            .ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!);

    private static string Name(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;

    /// <summary>A route as the document writes it: parameters without constraints, no trailing slash.</summary>
    private static string DocumentPath(string route)
    {
        var path = RouteParameter().Replace(route, "{${name}}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\**(?<name>[^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
