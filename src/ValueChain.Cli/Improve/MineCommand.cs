using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ValueChain.Cli.Infrastructure;
using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Improve;

/// <summary>
/// <c>valuechain mine &lt;file&gt;</c>: reads an event log (CSV, XES, gzip or not) in one pass and prints what it says
/// about the process; optionally writes it out as XES or OCEL 2.0. Touches no database.
/// </summary>
internal static class MineCommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public static Command Create(CliRuntime runtime)
    {
        var log = new EventLogOptions();
        var starts = new Option<string[]>("--start-activity")
        {
            Description = "Also summarize only the complete cases: those that begin with this activity (repeatable).",
        };
        var ends = new Option<string[]>("--end-activity")
        {
            Description = "Also summarize only the complete cases: those that end with this activity (repeatable).",
        };
        var xes = new Option<string?>("--xes") { Description = "Write the log as IEEE 1849-2016 XES to this file." };
        var ocel = new Option<string?>("--ocel") { Description = "Write the log as OCEL 2.0 JSON to this file, each case an object." };
        var top = new Option<int>("--top") { Description = "How many variants and directly-follows pairs to list.", DefaultValueFactory = _ => 10 };

        var command = new Command("mine", "Read an event log in one pass and print its process: counts, variants, "
            + "directly-follows pairs, trace lengths and case durations. Rejected rows are listed with their line.")
        {
            log.File, log.Preset, log.Case, log.Activity, log.Timestamp, log.Format, log.Resource, log.Attributes, log.Missing,
            starts, ends, xes, ocel, top,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, cli =>
        {
            var request = new MineRequest(
                parse.GetValue(log.File)!,
                parse.GetValue(log.Preset),
                preset => log.Mapping(parse, preset),
                parse.GetValue(starts) ?? [],
                parse.GetValue(ends) ?? [],
                parse.GetValue(xes),
                parse.GetValue(ocel),
                Math.Max(0, parse.GetValue(top)));
            return Task.FromResult(Mine(cli, request, cancellationToken));
        }));
        return command;
    }

    private sealed record MineRequest(
        string File, string? Preset, Func<EventLogPreset?, CsvEventLogMapping?> Columns, string[] Starts, string[] Ends, string? Xes, string? Ocel, int Top);

    private static int Mine(CliContext cli, MineRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(request.File))
        {
            return cli.UsageError($"no such file: '{request.File}'");
        }

        EventLogPreset? preset = null;
        if (request.Preset is { } presetName && (preset = EventLogPresets.Find(presetName)) is null)
        {
            return cli.UsageError($"unknown preset '{presetName}'; the presets are {string.Join(", ", EventLogPresets.All.Select(p => p.Name))}.");
        }

        var isXes = EventLogFiles.IsXes(request.File);
        using var text = EventLogFiles.OpenText(request.File);
        var report = new ImportReport();
        IEnumerable<LogEvent> events;
        if (isXes)
        {
            events = XesEventLogReader.Read(text, report, cancellationToken);
        }
        else
        {
            var mapping = request.Columns(preset);
            if (mapping is null)
            {
                return cli.UsageError("say which columns make an event: --preset, or --case, --activity and --timestamp.");
            }

            try
            {
                events = CsvEventLogReader.Open(text, mapping).Read(report, cancellationToken);
            }
            catch (EventLogFormatException ex)
            {
                return cli.UsageError(ex.Message);
            }
        }

        var miner = new EventLogMiner();
        var outcomes = preset?.OutcomeAttribute is { } outcome ? new CaseOutcomes(outcome) : null;
        var kept = request.Xes is not null || request.Ocel is not null ? new List<LogEvent>() : null;
        var clock = Stopwatch.StartNew();
        var nextProgress = ProgressEvery;
        try
        {
            foreach (var logEvent in events)
            {
                miner.Add(logEvent);
                outcomes?.Add(logEvent);
                kept?.Add(logEvent);
                if ((report.RowsRead & 0x3FFF) == 0 && clock.Elapsed >= nextProgress)
                {
                    cli.Error.WriteLine(Invariant($"… {report.RowsRead:N0} rows read ({Rate(report.RowsRead, clock.Elapsed):N0} rows/s)"));
                    nextProgress = clock.Elapsed + ProgressEvery;
                }
            }
        }
        catch (EventLogFormatException ex)
        {
            return cli.Fail(ex.Message);
        }

        clock.Stop();
        var output = cli.Output;
        output.WriteLine(Invariant($"{Path.GetFileName(request.File)}: {report.RowsRead:N0} rows read, {report.EventsImported:N0} events, ")
            + Invariant($"{report.RowsRejected:N0} rejected in {clock.Elapsed.TotalSeconds:0.00} s ({Rate(report.RowsRead, clock.Elapsed):N0} rows/s)"));
        WriteRejections(output, report);
        if (report.EventsImported == 0)
        {
            return cli.Fail("no events could be read from the file.");
        }

        var all = miner.Summarize();
        output.WriteLine();
        WriteSummary(output, all);
        WriteLists(output, all, request.Top);

        var startActivities = request.Starts.Length > 0 ? request.Starts : preset?.StartActivities ?? [];
        var endActivities = request.Ends.Length > 0 ? request.Ends : preset?.EndActivities ?? [];
        if (startActivities.Count > 0 || endActivities.Count > 0)
        {
            var complete = miner.Summarize(CaseFilter.Endpoints(startActivities, endActivities));
            output.WriteLine();
            output.WriteLine(Invariant($"Complete cases ({Endpoints(startActivities, endActivities)}): ")
                + Invariant($"{complete.CaseCount:N0} of {all.CaseCount:N0}, {complete.CasesLeftOut:N0} left out"));
            WriteSummary(output, complete);
        }

        if (outcomes is not null && preset?.OutcomeValue is { } value)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"{outcomes.Attribute} = {value} on the last record of {outcomes.Share(value):P1} of ")
                + Invariant($"{outcomes.CaseCount:N0} cases ({outcomes.Counts().GetValueOrDefault(value):N0})"));
        }

        if (kept is not null)
        {
            output.WriteLine();
            Export(output, request, preset, kept, cancellationToken);
        }

        return ExitCodes.Success;
    }

    private static void WriteRejections(TextWriter output, ImportReport report)
    {
        const int shown = 10;
        foreach (var rejection in report.Rejections.Take(shown))
        {
            output.WriteLine(Invariant($"  line {rejection.Line}: {rejection.Reason}"));
        }

        if (report.RowsRejected > shown)
        {
            output.WriteLine(Invariant($"  … and {report.RowsRejected - shown:N0} more rejected rows"));
        }
    }

    private static void WriteSummary(TextWriter output, EventLogStatistics statistics)
    {
        var selfLoops = statistics.DirectlyFollows.Count(e => e.IsSelfLoop);
        var topShare = statistics.Variants.Count > 0 ? statistics.Variants[0].Share : 0;
        var table = new Table("", "");
        table.Add("events", Invariant($"{statistics.EventCount}"));
        table.Add("cases", Invariant($"{statistics.CaseCount}"));
        table.Add("activities", Invariant($"{statistics.ActivityCount}"));
        table.Add("variants", Invariant($"{statistics.Variants.Count} (most frequent: {topShare:0.0000} of cases)"));
        table.Add("directly-follows pairs", Invariant($"{statistics.DirectlyFollowsPairCount} ({selfLoops} self-loops)"));
        var length = statistics.TraceLength;
        table.Add("trace length", Invariant($"min {length.Min}, mean {length.Mean:0.000}, median {length.Median:0.#}, max {length.Max}"));
        var duration = statistics.CaseDuration;
        table.Add("case duration (days)", Invariant($"mean {duration.MeanDays:0.000}, median {duration.MedianDays:0.000}, ")
            + Invariant($"min {duration.Min.TotalDays:0.000}, max {duration.Max.TotalDays:0.000}"));
        table.WriteTo(output, withHeader: false);
    }

    private static void WriteLists(TextWriter output, EventLogStatistics statistics, int top)
    {
        output.WriteLine();
        output.WriteLine("Start activities: " + string.Join(", ", statistics.StartActivities.Select(a => Invariant($"{a.Activity} ({a.Count})"))));
        output.WriteLine("End activities: " + string.Join(", ", statistics.EndActivities.Select(a => Invariant($"{a.Activity} ({a.Count})"))));
        if (top == 0)
        {
            return;
        }

        output.WriteLine();
        var variants = new Table("CASES", "SHARE", "EVENTS", "VARIANT");
        foreach (var variant in statistics.Variants.Take(top))
        {
            variants.Add(Invariant($"{variant.Count}"), Invariant($"{variant.Share:P2}"), Invariant($"{variant.Activities.Count}"),
                string.Join(" → ", variant.Activities));
        }

        variants.WriteTo(output);
        output.WriteLine();
        var edges = new Table("COUNT", "MEAN", "MEDIAN", "DIRECTLY FOLLOWS");
        foreach (var edge in statistics.DirectlyFollows.Take(top))
        {
            edges.Add(Invariant($"{edge.Count}"), Format.Duration(edge.MeanDuration), Format.Duration(edge.MedianDuration), $"{edge.From} → {edge.To}");
        }

        edges.WriteTo(output);
    }

    private static void Export(TextWriter output, MineRequest request, EventLogPreset? preset, List<LogEvent> events, CancellationToken cancellationToken)
    {
        if (request.Xes is { } xesPath)
        {
            using (var xesFile = File.Create(xesPath))
            {
                XesWriter.Write(xesFile, CaseTrace.Group(events), Path.GetFileName(request.File), cancellationToken);
            }

            output.WriteLine($"wrote XES to {xesPath}");
        }

        if (request.Ocel is { } ocelPath)
        {
            using (var ocelFile = File.Create(ocelPath))
            {
                OcelWriter.Write(ocelFile, events, preset?.ObjectType ?? "case", cancellationToken);
            }

            output.WriteLine($"wrote OCEL 2.0 to {ocelPath}");
        }
    }

    private static string Endpoints(IReadOnlyList<string> starts, IReadOnlyList<string> ends)
    {
        var parts = new List<string>();
        if (starts.Count > 0)
        {
            parts.Add("begin with " + string.Join(" or ", starts));
        }

        if (ends.Count > 0)
        {
            parts.Add("end with " + string.Join(" or ", ends));
        }

        return string.Join(", ", parts);
    }

    private static double Rate(long rows, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? rows / elapsed.TotalSeconds : 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
