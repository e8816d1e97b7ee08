using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Common;
using ValueChain.Data.Improve;
using ValueChain.Data.ValueStreams;
using ValueChain.Improve.Metrics;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Features.Improve;

/// <summary>Clocks of one group: met and breached in the period, open at its end, and compliance = met ÷ (met + breached).</summary>
public sealed record ComplianceGroupDto(string Key, int Met, int Breached, int Open, int AtRisk, double? Compliance);

/// <summary>A missed target: the clock, when it fell due, and who it is attributed to.</summary>
public sealed record BreachDto(
    long WorkItemId, string Clock, string? Agreement, DateTimeOffset BreachedAt, string? Service, string? Customer, string? Team, string? Activity,
    double DurationMinutes, double ElapsedMinutes);

public sealed record ComplianceDto(
    DateTimeOffset From, DateTimeOffset To, MetricsFilter Filter, ComplianceGroupDto Overall, IReadOnlyList<ComplianceGroupDto> Clocks,
    IReadOnlyList<ComplianceGroupDto> Agreements, IReadOnlyList<ComplianceGroupDto> Services, IReadOnlyList<ComplianceGroupDto> Customers,
    IReadOnlyList<ComplianceGroupDto> Teams, IReadOnlyList<BreachDto> Breaches);

/// <summary>How well the agreements were kept: service level compliance over a period, with the same filters as the flow metrics.</summary>
internal static class ServiceLevelMetricsEndpoints
{
    public static RouteHandlerBuilder MapServiceLevelMetricsEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/metrics/service-levels", ComplianceAsync)
            .WithTags("Metrics")
            .WithName("GetServiceLevelCompliance")
            .WithSummary("Service level compliance for a period (default: the last 90 days): clocks met and breached in it and open at its end, "
                + "overall and per clock, agreement, service, customer and team, with the latest breaches.");

    private static async Task<Results<Ok<ComplianceDto>, ProblemHttpResult>> ComplianceAsync(
        HttpRequest request, ComplianceQueries compliance, ValueStreamCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var (query, problem) = await MetricsEndpoints.ReadAsync(request, catalog, clock, ct);
        if (problem is not null)
        {
            return problem;
        }

        var report = await compliance.ReportAsync(query!.Period, query.Filter, ct);
        return TypedResults.Ok(new ComplianceDto(
            report.Period.From, report.Period.To, query.Filter, Group(report.Overall), [.. report.Clocks.Select(Group)],
            [.. report.Agreements.Select(Group)], [.. report.Services.Select(Group)], [.. report.Customers.Select(Group)],
            [.. report.Teams.Select(Group)], [.. report.Breaches.Select(Breach)]));
    }

    private static ComplianceGroupDto Group(ComplianceGroup g) =>
        new(g.Key, g.Met, g.Breached, g.Open, g.AtRisk, g.Compliance is { } c ? Math.Round(c, 4) : null);

    private static BreachDto Breach(ClockResult r) => new(
        r.WorkItemId, r.Clock.ToString(), r.Agreement, r.DecidedAt!.Value, r.Service, r.Customer, r.Team, r.Activity?.Key(),
        Math.Round(r.Duration.TotalMinutes, 2), Math.Round(r.Elapsed.TotalMinutes, 2));
}
