using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Cli.Infrastructure;
using ValueChain.Data.Improve;
using ValueChain.Improve.Metrics;
using ValueChain.Improve.Mining;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Cli.Improve;

/// <summary>
/// <c>valuechain report</c>: the flow metrics of the work in the data folder (native and imported alike) for a period,
/// as text, with SVG charts and the event log as XES or OCEL 2.0 on request. The same numbers as <c>GET /api/v1/metrics</c>.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var stream = new Option<string?>("--stream") { Description = "Only work on this value stream (its key)." };
        var service = new Option<string?>("--service") { Description = "Only work for this service (its key)." };
        var demandType = new Option<string?>("--demand-type") { Description = "Only demand of this type (incident, service-request, ...)." };
        var team = new Option<string?>("--team") { Description = "Only work this team touched, and only its steps." };
        var activity = new Option<string?>("--activity") { Description = $"Only steps of this activity: {ValueChainActivities.KeyList}." };
        var from = new Option<string?>("--from") { Description = "The first day of the period, e.g. 2026-01-01 (default: --days before --to)." };
        var to = new Option<string?>("--to") { Description = "The day after the period, e.g. 2026-04-01 (default: now)." };
        var days = new Option<int>("--days") { Description = "The length of the period when --from is not given.", DefaultValueFactory = _ => 90 };
        var by = new Option<string>("--by")
        {
            Description = "How to group the item figures: value-stream, service or demand-type.",
            DefaultValueFactory = _ => "value-stream",
        };
        var charts = new Option<string?>("--charts") { Description = "Write the charts (throughput.svg, steps.svg) into this folder." };
        var xes = new Option<string?>("--xes") { Description = "Write the event log of the work opened in the period as IEEE XES to this file." };
        var ocel = new Option<string?>("--ocel") { Description = "Write the same event log as OCEL 2.0 JSON to this file." };
        var serviceLevels = new Option<bool>("--service-levels")
        {
            Description = "Also print service level compliance: targets met and breached in the period, per target and team.",
        };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 36_600)
            {
                result.AddError("--days must be between 1 and 36600.");
            }
        });

        var command = new Command("report", "Print the flow metrics of a period: velocity, flow and lead time, efficiency, load, "
            + "distribution, throughput, each step's time and queue, waiting by reason, rework, ping-pong, the bottleneck and value realized.")
        {
            stream, service, demandType, team, activity, from, to, days, by, charts, xes, ocel, serviceLevels,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async cli =>
        {
            if (!Format.TryParseKebab<MetricsDimension>(parse.GetValue(by)!, out var dimension))
            {
                return cli.UsageError($"unknown grouping '{parse.GetValue(by)}'; use one of {Format.KebabList<MetricsDimension>()}.");
            }

            ValueChainActivity? activityFilter = null;
            if (parse.GetValue(activity) is { } activityText)
            {
                if (!ValueChainActivities.TryParse(activityText, out var parsed))
                {
                    return cli.UsageError($"unknown activity '{activityText}'; use one of {ValueChainActivities.KeyList}.");
                }

                activityFilter = parsed;
            }

            if (!TryDay(parse.GetValue(from), out var fromDay) || !TryDay(parse.GetValue(to), out var toDay))
            {
                return cli.UsageError("--from and --to are days written as yyyy-MM-dd, e.g. 2026-01-01.");
            }

            await using var scope = await cli.OpenAsync(cancellationToken);
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var end = toDay ?? clock.GetUtcNow();
            var period = new MetricsPeriod(fromDay ?? end.AddDays(-parse.GetValue(days)), end);
            if (period.From >= period.To)
            {
                return cli.UsageError("the period must start before it ends.");
            }

            var filter = new MetricsFilter(parse.GetValue(stream), parse.GetValue(service), parse.GetValue(demandType), parse.GetValue(team), activityFilter);
            var flows = scope.ServiceProvider.GetRequiredService<FlowQueries>();
            var report = await flows.ReportAsync(period, filter, dimension, cancellationToken);
            Write(cli.Output, report);
            if (parse.GetValue(serviceLevels))
            {
                var compliance = scope.ServiceProvider.GetRequiredService<ComplianceQueries>();
                Write(cli.Output, await compliance.ReportAsync(period, filter, cancellationToken));
            }

            if (parse.GetValue(charts) is { } folder)
            {
                Directory.CreateDirectory(folder);
                foreach (var name in FlowCharts.Names)
                {
                    var path = Path.Combine(folder, name + ".svg");
                    await File.WriteAllTextAsync(path, FlowCharts.Render(name, report), cancellationToken);
                    cli.Output.WriteLine($"chart: {path}");
                }
            }

            if (parse.GetValue(xes) is not null || parse.GetValue(ocel) is not null)
            {
                var events = await flows.EventLogAsync(period, filter, cancellationToken);
                if (parse.GetValue(xes) is { } xesPath)
                {
                    await using var file = File.Create(xesPath);
                    XesWriter.Write(file, CaseTrace.Group(events), "ValueChain", cancellationToken);
                    cli.Output.WriteLine($"XES: {xesPath} ({events.Count} events)");
                }

                if (parse.GetValue(ocel) is { } ocelPath)
                {
                    await using var file = File.Create(ocelPath);
                    OcelWriter.Write(file, events, "work-item", cancellationToken);
                    cli.Output.WriteLine($"OCEL 2.0: {ocelPath} ({events.Count} events)");
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(TextWriter output, ComplianceReport report)
    {
        output.WriteLine();
        var overall = report.Overall;
        Line(output, "compliance", overall.Compliance is { } share
            ? Invariant($"{share:P1} of targets met ({overall.Met:N0} met, {overall.Breached:N0} breached); {overall.Open:N0} running, {overall.AtRisk:N0} past a warning")
            : $"no target met or breached; {overall.Open:N0} running");
        foreach (var (title, groups) in new[] { ("TARGET", report.Clocks), ("TEAM", report.Teams) })
        {
            if (groups.Count == 0)
            {
                continue;
            }

            output.WriteLine();
            var table = new Table(title, "MET", "BREACHED", "MET SHARE", "RUNNING", "AT RISK");
            foreach (var group in groups)
            {
                table.Add(group.Key, Number(group.Met), Number(group.Breached), group.Compliance is { } c ? Invariant($"{c:P0}") : "-",
                    Number(group.Open), Number(group.AtRisk));
            }

            table.WriteTo(output);
        }
    }

    private static void Write(TextWriter output, FlowReport report)
    {
        var overall = report.Overall;
        var scope = string.Join(", ", new[]
        {
            report.Filter.ValueStream is { } s ? $"value stream {s}" : null,
            report.Filter.Service is { } v ? $"service {v}" : null,
            report.Filter.DemandType is { } d ? $"demand type {d}" : null,
            report.Filter.Team is { } t ? $"team {t}" : null,
            report.Filter.Activity is { } a ? $"activity {a.Key()}" : null,
        }.Where(p => p is not null));
        output.WriteLine($"Flow from {Format.Time(report.Period.From)} to {Format.Time(report.Period.To)} UTC" + (scope.Length > 0 ? $", {scope}" : ", all work"));
        output.WriteLine();
        Line(output, "velocity", Invariant($"{overall.Completed:N0} completed ({overall.VelocityPerWeek:0.##} a week)"));
        Line(output, "flow time", Percentiles(overall.FlowTime));
        Line(output, "lead time", Percentiles(overall.LeadTime) + (overall.LeadTime is null ? "" : " (demand to confirmed value)"));
        Line(output, "efficiency", overall.FlowEfficiency is { } e ? Invariant($"{e:P1} of flow time worked on") : "-");
        Line(output, "load", $"{overall.Load.Total} open at the end ({overall.Load.Active} active, {overall.Load.Waiting} waiting)");
        Line(output, "value", report.Value.Confirmed == 0 ? "none confirmed"
            : Invariant($"{report.Value.Confirmed:N0} confirmed") + (report.Value.AverageRating is { } r ? Invariant($", average rating {r:0.0} of {report.Value.Rated} rated") : ""));
        Line(output, "rework", $"{report.Rework} steps entered again; {report.PingPong} hand-backs between teams");
        var bottleneck = report.Steps.FirstOrDefault(s => s.Key == report.Bottleneck);
        Line(output, "bottleneck", bottleneck is null ? "-" : Invariant($"{bottleneck.Key} ({bottleneck.ShareOfTime:P0} of the time at steps)")
            + (report.GrowingQueue is { } queue ? $"; growing queue at {queue}" : ""));

        if (report.Distribution.Count > 0)
        {
            output.WriteLine();
            var distribution = new Table("DEMAND TYPE", "COMPLETED", "SHARE");
            foreach (var share in report.Distribution)
            {
                distribution.Add(share.DemandType, Number(share.Completed), Invariant($"{share.Share:P1}"));
            }

            distribution.WriteTo(output);
        }

        if (report.Steps.Count > 0)
        {
            output.WriteLine();
            var steps = new Table("STEP", "ACTIVITY", "VISITS", "P50", "P85", "TOTAL", "WAITING", "SHARE", "REWORK", "WIP", "QUEUE");
            foreach (var step in report.Steps)
            {
                steps.Add(step.Key, step.Activity?.Key(), Number(step.Visits), Duration(step.Time?.P50), Duration(step.Time?.P85),
                    Format.Duration(step.TotalTime), Invariant($"{step.WaitingShare:P0}"), Invariant($"{step.ShareOfTime:P0}"),
                    Number(step.Rework), Number(step.WorkInProgress), $"{step.QueueAtStart} → {step.QueueAtEnd}");
            }

            steps.WriteTo(output);
        }

        if (report.Waiting.Count > 0)
        {
            output.WriteLine();
            var waiting = new Table("WAITING FOR", "WAITS", "TOTAL", "MEDIAN");
            foreach (var wait in report.Waiting)
            {
                waiting.Add(Format.Kebab(wait.Reason), Number(wait.Waits), Format.Duration(wait.Total), Duration(wait.Median));
            }

            waiting.WriteTo(output);
        }

        if (report.Groups.Count > 1)
        {
            output.WriteLine();
            var groups = new Table(Format.Kebab(report.GroupedBy).ToUpperInvariant(), "COMPLETED", "FLOW P50", "FLOW P85", "EFFICIENCY", "OPEN", "VALUE", "RATING");
            foreach (var group in report.Groups)
            {
                groups.Add(group.Key, Number(group.Completed), Duration(group.FlowTime?.P50), Duration(group.FlowTime?.P85),
                    group.FlowEfficiency is { } efficiency ? Invariant($"{efficiency:P0}") : "-", Number(group.Load.Total), Number(group.ValueConfirmed),
                    group.AverageRating is { } rating ? Invariant($"{rating:0.0}") : "-");
            }

            groups.WriteTo(output);
        }

        output.WriteLine();
        output.WriteLine($"Completed per {report.ThroughputBucketSize}:");
        var max = Math.Max(1, report.Throughput.Count == 0 ? 0 : report.Throughput.Max(b => b.Completed));
        foreach (var bucket in report.Throughput)
        {
            output.WriteLine($"  {bucket.Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  {new string('#', (int)Math.Ceiling(40.0 * bucket.Completed / max)),-40} {bucket.Completed}");
        }
    }

    private static void Line(TextWriter output, string label, string text) => output.WriteLine($"  {label,-11} {text}");

    private static string Percentiles(DurationPercentiles? p) =>
        p is null ? "-" : $"p50 {Format.Duration(p.P50)}, p85 {Format.Duration(p.P85)}, p95 {Format.Duration(p.P95)} over {Number(p.Count)}";

    private static string Duration(TimeSpan? span) => span is { } s ? Format.Duration(s) : "-";

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static bool TryDay(string? text, out DateTimeOffset? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return false;
    }
}
