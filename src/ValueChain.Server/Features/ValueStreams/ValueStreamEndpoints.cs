using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Access;
using ValueChain.Data.Access;
using ValueChain.Data.ValueStreams;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;

namespace ValueChain.Server.Features.ValueStreams;

public sealed record ValueStreamSummary(string Key, string Name, int Version, IReadOnlyList<string> DemandTypes, DateTimeOffset PublishedAt, string PublishedBy);

public sealed record StepDto(
    string Key, string Name, string Activity, IReadOnlyList<string> Practices, string? Team, double? TargetMinutes,
    IReadOnlyList<string> Consumes, IReadOnlyList<string> Produces, IReadOnlyList<string> Next);

public sealed record ValueStreamDetail(
    ValueStreamSummary Summary, string? Description, string Start, IReadOnlyList<StepDto> Steps, ValueDefinition Value,
    IReadOnlyList<string> Activities, string Source);

public sealed record StepFlowDto(
    string Step, string Activity, int WorkInProgress, int Waiting, int Visits, double? MedianMinutes, double WaitingShare, double ShareOfTime, bool Bottleneck);

public sealed record ValueStreamMapDto(
    string ValueStream, DateTimeOffset From, DateTimeOffset To, string? Service, IReadOnlyList<StepFlowDto> Steps,
    int Delivered, double? MedianLeadTimeMinutes, int ValueRealized, double? AverageRating);

public sealed record PublishRequest(string? Source);

public sealed record PublishResponse(bool Created, ValueStreamSummary ValueStream);

/// <summary>Value streams as data: published from YAML or JSON, validated, versioned.</summary>
internal static class ValueStreamEndpoints
{
    public static RouteGroupBuilder MapValueStreamEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/value-streams").WithTags("Value streams");
        group.MapGet("/", async (ValueStreamCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok((await catalog.LatestOfEachAsync(ct)).Select(Summary).ToList()))
            .WithName("ListValueStreams").WithSummary("The latest version of every value stream.");
        group.MapGet("/{key}", async Task<Results<Ok<ValueStreamDetail>, ProblemHttpResult>> (string key, HttpContext http, ValueStreamCatalog catalog, CancellationToken ct) =>
            {
                if (await catalog.LatestAsync(key, ct) is not { } latest)
                {
                    return NotFound(key);
                }

                // The version is the ETag: send it back as If-Match when publishing an edit of this version.
                http.Response.Headers.ETag = Requests.ETag(latest.Version);
                return TypedResults.Ok(Detail(latest));
            })
            .WithName("GetValueStream").WithSummary("The latest version of a value stream with its steps.");
        group.MapGet("/{key}/versions", async Task<Results<Ok<List<ValueStreamSummary>>, ProblemHttpResult>> (string key, ValueStreamCatalog catalog, CancellationToken ct) =>
            {
                var versions = await catalog.VersionsAsync(key, ct);
                return versions.Count == 0 ? NotFound(key) : TypedResults.Ok(versions.Select(Summary).ToList());
            })
            .WithName("ListValueStreamVersions").WithSummary("Every published version of a value stream.");
        group.MapGet("/{key}/versions/{version:int}", async Task<Results<Ok<ValueStreamDetail>, ProblemHttpResult>> (string key, int version, ValueStreamCatalog catalog, CancellationToken ct) =>
                await catalog.FindAsync(key, version, ct) is { } found
                    ? TypedResults.Ok(Detail(found))
                    : Problems.NotFound("value-stream-version-not-found", $"Value stream '{key}' has no version {version}."))
            .WithName("GetValueStreamVersion").WithSummary("One version of a value stream.");
        group.MapGet("/{key}/diff", DiffAsync)
            .WithName("DiffValueStreamVersions")
            .WithSummary("What changed between two versions (default: the latest against the one before): steps, demand types and lines.");
        group.MapGet("/{key}/map", MapAsync)
            .WithName("GetValueStreamMap")
            .WithSummary("The value stream map: per step the work in progress, median time, waiting share and the bottleneck, for a period (default: the last 90 days) and optionally one service.");
        group.MapPost("/", PublishAsync)
            .WithName("PublishValueStream")
            .WithSummary("Validate and publish a value stream; send the YAML or JSON as the body (text/yaml) or as {\"source\": \"...\"}.");
        return group;
    }

    private static async Task<Results<Created<PublishResponse>, Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(
        HttpContext http, ValueStreamCatalog catalog, AccountDirectory accounts, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expectedVersion, out var ifMatchError))
        {
            return Problems.Invalid("bad-if-match", ifMatchError!);
        }

        var source = await ReadSourceAsync(http.Request, ct);
        if (string.IsNullOrWhiteSpace(source))
        {
            return Problems.Invalid("source-required", "Send the value stream definition as the request body (YAML or JSON).");
        }

        var read = ValueStreamReader.Read(source);
        if (!read.IsValid)
        {
            // errors: field path → messages, like every other 422; locations: where each problem is in the text.
            var errors = read.Errors.GroupBy(e => string.IsNullOrEmpty(e.Path) ? "source" : e.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
            var locations = read.Errors.Select(e => new { line = e.Location.Line, column = e.Location.Column, path = e.Path, message = e.Message }).ToList();
            return Problems.Invalid("invalid-value-stream", $"The value stream has {read.Errors.Count} problem(s).", errors,
                new Dictionary<string, object?> { ["locations"] = locations });
        }

        var key = read.Definition!.Key;
        if (!http.User.IsInRole(Roles.Administrator)
            && !await accounts.OwnsValueStreamAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, key, ct))
        {
            return Problems.Forbidden("not-value-stream-owner", $"Only the owners of value stream '{key}' and administrators may publish it.");
        }

        var published = await catalog.PublishAsync(source, http.Actor(), ct, expectedVersion);
        if (!published.IsSuccess)
        {
            return Problems.From(published.Error!);
        }

        var response = new PublishResponse(published.Value.Created, Summary(published.Value.Revision));
        return published.Value.Created
            ? TypedResults.Created($"/api/v1/value-streams/{response.ValueStream.Key}/versions/{response.ValueStream.Version}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<ValueStreamDiff>, ProblemHttpResult>> DiffAsync(
        string key, ValueStreamCatalog catalog, CancellationToken ct, int? from = null, int? to = null)
    {
        var versions = await catalog.VersionsAsync(key, ct);
        if (versions.Count == 0)
        {
            return NotFound(key);
        }

        var newer = to ?? versions.Max(v => v.Version);
        var older = from ?? newer - 1;
        var errors = new QueryErrors();
        var a = versions.FirstOrDefault(v => v.Version == older);
        var b = versions.FirstOrDefault(v => v.Version == newer);
        if (a is null)
        {
            errors.Add("from", $"Value stream '{key}' has no version {older}; it has {string.Join(", ", versions.Select(v => v.Version).Order())}.");
        }

        if (b is null)
        {
            errors.Add("to", $"Value stream '{key}' has no version {newer}; it has {string.Join(", ", versions.Select(v => v.Version).Order())}.");
        }

        return errors.Any ? errors.ToProblem("unknown-version") : TypedResults.Ok(ValueStreamDiff.Between(a!, b!));
    }

    private static async Task<Results<Ok<ValueStreamMapDto>, ProblemHttpResult>> MapAsync(
        string key, ValueStreamCatalog catalog, ValueChain.Data.Improve.ValueStreamMapQueries maps, TimeProvider clock, CancellationToken ct,
        string? from = null, string? to = null, string? service = null)
    {
        var errors = new QueryErrors();
        var fromTime = errors.Time("from", from);
        var toTime = errors.Time("to", to);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await catalog.LatestAsync(key, ct) is not { } latest)
        {
            return NotFound(key);
        }

        var period = MapPeriodOf(fromTime, toTime, service, clock);
        if (period.From >= period.To)
        {
            errors.Add("from", "The period must start before it ends.");
            return errors.ToProblem();
        }

        var map = await maps.MapAsync(key, [.. latest.Definition.Steps.Select(s => (s.Key, s.Activity))], period, ct);
        return TypedResults.Ok(new ValueStreamMapDto(
            map.ValueStream, period.From, period.To, period.Service,
            [.. map.Steps.Select(s => new StepFlowDto(s.Step, s.Activity.Key(), s.WorkInProgress, s.Waiting, s.Visits, s.MedianTime?.TotalMinutes,
                Math.Round(s.WaitingShare, 4), Math.Round(s.ShareOfTime, 4), s.Bottleneck))],
            map.Delivered, map.MedianLeadTime?.TotalMinutes, map.ValueRealized, map.AverageRating));
    }

    /// <summary>The period a map covers: the given bounds, or the 90 days up to now.</summary>
    internal static ValueChain.Data.Improve.MapPeriod MapPeriodOf(DateTimeOffset? from, DateTimeOffset? to, string? service, TimeProvider clock)
    {
        var end = to ?? clock.GetUtcNow();
        return new ValueChain.Data.Improve.MapPeriod(from ?? end.AddDays(-90), end, string.IsNullOrWhiteSpace(service) ? null : service);
    }

    /// <summary>A JSON body with a <c>source</c> field carries the text; any other body is the text itself.</summary>
    private static async Task<string?> ReadSourceAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    && document.RootElement.TryGetProperty("source", out var sourceElement)
                    && sourceElement.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    return sourceElement.GetString();
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: read it as YAML, whose reader reports the problem with a location.
            }
        }

        return body;
    }

    private static ProblemHttpResult NotFound(string key) => Problems.NotFound("value-stream-not-found", $"There is no value stream '{key}'.");

    private static ValueStreamSummary Summary(ValueStreamRevision r) => new(r.Key, r.Name, r.Version, r.DemandTypes, r.PublishedAt, r.PublishedBy);

    private static ValueStreamDetail Detail(ValueStreamRevision r)
    {
        var d = r.Definition;
        return new ValueStreamDetail(
            Summary(r), d.Description, d.StartStepKey,
            d.Steps.Select(s => new StepDto(s.Key, s.Name, s.Activity.Key(), s.Practices, s.Team, s.Target?.TotalMinutes, s.Consumes, s.Produces, s.Next)).ToList(),
            d.Value, d.Activities.Select(a => a.Key()).ToList(), r.Source);
    }
}
