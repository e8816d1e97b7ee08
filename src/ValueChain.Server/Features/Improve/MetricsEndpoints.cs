using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Data.Improve;
using ValueChain.Data.ValueStreams;
using ValueChain.Improve.Metrics;
using ValueChain.Improve.Mining;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Features.Improve;

/// <summary>Durations in minutes, so that clients do arithmetic on numbers rather than parse time spans.</summary>
public sealed record PercentilesDto(int Count, double P50Minutes, double P85Minutes, double P95Minutes, double MeanMinutes);

public sealed record LoadDto(int Total, int Active, int Waiting);

public sealed record SummaryDto(
    string Key, int Completed, double VelocityPerWeek, PercentilesDto? FlowTime, PercentilesDto? LeadTime, double? FlowEfficiency,
    LoadDto Load, int ValueConfirmed, double? AverageRating);

public sealed record StageDto(
    string Key, string? Activity, int Visits, PercentilesDto? Time, double TotalMinutes, double WaitingMinutes, double WaitingShare,
    double ShareOfTime, int Rework, int WorkInProgress, int WaitingAtEnd, int QueueAtStart, int QueueAtEnd);

public sealed record WaitingDto(string Reason, int Waits, double TotalMinutes, double? MedianMinutes);

public sealed record ServiceValueDto(string Service, int Confirmed, int Rated, double? AverageRating);

public sealed record ValueDto(int Confirmed, int Rated, double? AverageRating, IReadOnlyList<ServiceValueDto> Services);

public sealed record MetricsDto(
    DateTimeOffset From, DateTimeOffset To, MetricsFilter Filter, SummaryDto Overall, IReadOnlyList<DistributionShare> Distribution,
    string ThroughputBucket, IReadOnlyList<ThroughputBucket> Throughput, IReadOnlyList<StageDto> Steps, IReadOnlyList<StageDto> Activities,
    IReadOnlyList<StageDto> Teams, IReadOnlyList<WaitingDto> Waiting, int Rework, int PingPong, string? Bottleneck, string? GrowingQueue,
    ValueDto Value, string GroupedBy, IReadOnlyList<SummaryDto> Groups);

public sealed record DirectlyFollowsDto(string From, string To, long Count, double MeanMinutes, double MedianMinutes);

public sealed record VariantDto(IReadOnlyList<string> Activities, int Count, double Share);

public sealed record ProcessDto(
    DateTimeOffset From, DateTimeOffset To, int Cases, long Events, IReadOnlyList<ActivityCount> Activities, IReadOnlyList<ActivityCount> StartActivities,
    IReadOnlyList<ActivityCount> EndActivities, int DirectlyFollowsPairs, IReadOnlyList<DirectlyFollowsDto> DirectlyFollows, int VariantCount,
    IReadOnlyList<VariantDto> Variants, TraceLengthStatistics TraceLength, double MedianCaseDays, double MeanCaseDays);

/// <summary>
/// Improve's numbers: flow metrics over any value stream, service, demand type, team or activity and period; charts of
/// them; and process mining over ValueChain's own event log, with XES and OCEL 2.0 export.
/// </summary>
internal static class MetricsEndpoints
{
    private const int DefaultDays = 90;

    public static RouteGroupBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Metrics");
        group.MapGet("/metrics", MetricsAsync)
            .WithName("GetFlowMetrics")
            .WithSummary("Flow metrics for a period (default: the last 90 days): velocity, flow and lead time percentiles, efficiency, load, "
                + "distribution, throughput trend, flow per step, activity and team, waiting by reason, rework, ping-pong, bottleneck, value realized.");
        group.MapGet("/metrics/charts/{chart}", ChartAsync)
            .WithName("GetFlowChart")
            .WithSummary("A chart of the flow metrics as SVG: 'throughput' (completed per day, week or month) or 'steps' (hours at each step, waiting shaded).");
        group.MapGet("/process", ProcessAsync)
            .WithName("GetProcessMining")
            .WithSummary("Process mining over ValueChain's own log (one event per step visit, and 'value' when delivered) for the items opened in the period: "
                + "directly-follows graph with durations, variants, start and end activities, trace lengths and case durations.");
        group.MapGet("/process/log", ExportAsync)
            .WithName("ExportEventLog")
            .WithSummary("The same event log as IEEE XES (format=xes, the default) or OCEL 2.0 JSON (format=ocel), for other mining tools.");
        return group;
    }

    private static async Task<Results<Ok<MetricsDto>, ProblemHttpResult>> MetricsAsync(
        HttpRequest request, FlowQueries flows, ValueStreamCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var (query, problem) = await ReadAsync(request, catalog, clock, ct);
        if (problem is not null)
        {
            return problem;
        }

        var report = await flows.ReportAsync(query!.Period, query.Filter, query.By, ct);
        return TypedResults.Ok(Dto(report));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ChartAsync(
        string chart, HttpRequest request, FlowQueries flows, ValueStreamCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        if (!FlowCharts.Names.Contains(chart, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.NotFound("chart-not-found", $"There is no chart '{chart}'. Charts: {string.Join(", ", FlowCharts.Names)}.");
        }

        var (query, problem) = await ReadAsync(request, catalog, clock, ct);
        if (problem is not null)
        {
            return problem;
        }

        var report = await flows.ReportAsync(query!.Period, query.Filter, query.By, ct);
        return TypedResults.Text(FlowCharts.Render(chart, report)!, "image/svg+xml", Encoding.UTF8);
    }

    private static async Task<Results<Ok<ProcessDto>, ProblemHttpResult>> ProcessAsync(
        HttpRequest request, FlowQueries flows, ValueStreamCatalog catalog, TimeProvider clock, CancellationToken ct, int top = 20)
    {
        var (query, problem) = await ReadAsync(request, catalog, clock, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (top is < 1 or > 1000)
        {
            return Problems.InvalidField("invalid-request", "top", "'top' is between 1 and 1000.");
        }

        var statistics = EventLogMiner.Analyze(await flows.EventLogAsync(query!.Period, query.Filter, ct));
        return TypedResults.Ok(new ProcessDto(
            query.Period.From, query.Period.To, statistics.CaseCount, statistics.EventCount, statistics.Activities,
            statistics.StartActivities, statistics.EndActivities, statistics.DirectlyFollowsPairCount,
            [.. statistics.DirectlyFollows.Take(top).Select(d => new DirectlyFollowsDto(d.From, d.To, d.Count, Minutes(d.MeanDuration), Minutes(d.MedianDuration)))],
            statistics.Variants.Count,
            [.. statistics.Variants.Take(top).Select(v => new VariantDto(v.Activities, v.Count, Math.Round(v.Share, 4)))],
            statistics.TraceLength, Math.Round(statistics.CaseDuration.MedianDays, 4), Math.Round(statistics.CaseDuration.MeanDays, 4)));
    }

    private static async Task<IResult> ExportAsync(
        HttpRequest request, FlowQueries flows, ValueStreamCatalog catalog, TimeProvider clock, CancellationToken ct, string? format = null)
    {
        var (query, problem) = await ReadAsync(request, catalog, clock, ct);
        if (problem is not null)
        {
            return problem;
        }

        var xes = format is null || format.Equals("xes", StringComparison.OrdinalIgnoreCase);
        if (!xes && !format!.Equals("ocel", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.InvalidField("invalid-request", "format", $"Unknown format '{format}'; use 'xes' or 'ocel'.");
        }

        var events = await flows.EventLogAsync(query!.Period, query.Filter, ct);
        var output = new MemoryStream();
        if (xes)
        {
            XesWriter.Write(output, CaseTrace.Group(events), "ValueChain", ct);
        }
        else
        {
            OcelWriter.Write(output, events, "work-item", ct);
        }

        output.Position = 0;
        return TypedResults.File(output, xes ? "application/xml" : "application/json", xes ? "valuechain.xes" : "valuechain.ocel.json");
    }

    internal sealed record MetricsQuery(MetricsPeriod Period, MetricsFilter Filter, MetricsDimension By);

    /// <summary>The period (from/to, default the 90 days up to now), the filters and the grouping, checked.</summary>
    internal static async Task<(MetricsQuery? Query, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, ValueStreamCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var query = request.Query;
        var errors = new QueryErrors();
        var from = errors.Time("from", query["from"]);
        var to = errors.Time("to", query["to"]);
        var by = errors.Enum<MetricsDimension>("by", query["by"]) ?? MetricsDimension.ValueStream;
        var activity = errors.Activity("activity", query["activity"]);
        if (errors.Any)
        {
            return (null, errors.ToProblem());
        }

        var end = to ?? clock.GetUtcNow();
        var period = new MetricsPeriod(from ?? end.AddDays(-DefaultDays), end);
        if (period.From >= period.To)
        {
            errors.Add("from", "The period must start before it ends.");
            return (null, errors.ToProblem());
        }

        var stream = Text(query["valueStream"]);
        if (stream is not null && await catalog.LatestAsync(stream, ct) is null)
        {
            return (null, Problems.NotFound("value-stream-not-found", $"There is no value stream '{stream}'."));
        }

        var filter = new MetricsFilter(stream, Text(query["service"]), Text(query["demandType"]), Text(query["team"]), activity);
        return (new MetricsQuery(period, filter, by), null);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static MetricsDto Dto(FlowReport report) => new(
        report.Period.From, report.Period.To, report.Filter, Summary(report.Overall), report.Distribution, report.ThroughputBucketSize,
        report.Throughput, [.. report.Steps.Select(Stage)], [.. report.Activities.Select(Stage)], [.. report.Teams.Select(Stage)],
        [.. report.Waiting.Select(w => new WaitingDto(ValueChain.Common.Words.Of(w.Reason), w.Waits, Minutes(w.Total), w.Median is { } m ? Minutes(m) : null))],
        report.Rework, report.PingPong, report.Bottleneck, report.GrowingQueue,
        new ValueDto(report.Value.Confirmed, report.Value.Rated, Round(report.Value.AverageRating),
            [.. report.Value.Services.Select(s => new ServiceValueDto(s.Service, s.Confirmed, s.Rated, Round(s.AverageRating)))]),
        ValueChain.Common.Words.Of(report.GroupedBy), [.. report.Groups.Select(Summary)]);

    private static SummaryDto Summary(FlowSummary s) => new(
        s.Key, s.Completed, Math.Round(s.VelocityPerWeek, 2), Percentiles(s.FlowTime), Percentiles(s.LeadTime), Round(s.FlowEfficiency),
        new LoadDto(s.Load.Total, s.Load.Active, s.Load.Waiting), s.ValueConfirmed, Round(s.AverageRating));

    private static StageDto Stage(FlowStage s) => new(
        s.Key, s.Activity?.Key(), s.Visits, Percentiles(s.Time), Minutes(s.TotalTime), Minutes(s.WaitingTime), Math.Round(s.WaitingShare, 4),
        Math.Round(s.ShareOfTime, 4), s.Rework, s.WorkInProgress, s.WaitingAtEnd, s.QueueAtStart, s.QueueAtEnd);

    private static PercentilesDto? Percentiles(DurationPercentiles? p) =>
        p is null ? null : new(p.Count, Minutes(p.P50), Minutes(p.P85), Minutes(p.P95), Minutes(p.Mean));

    private static double Minutes(TimeSpan span) => Math.Round(span.TotalMinutes, 2);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
