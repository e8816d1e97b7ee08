using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Cli.Infrastructure;
using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Import;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Improve;

/// <summary>
/// <c>valuechain import &lt;file&gt; --mapping &lt;mapping.yaml&gt;</c>: brings an organization's history in from the tool
/// it leaves, as work items of a published value stream, all or nothing.
/// </summary>
internal static class ImportCommand
{
    private const int ChannelLength = 50;
    private const int RejectionsShown = 10;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public static Command Create(CliRuntime runtime)
    {
        var log = new EventLogOptions();
        var mapping = new Option<string>("--mapping", "-m")
        {
            Description = "The YAML file that maps the log's activities onto the steps of a published value stream (see imports/).",
            Required = true,
        };
        var command = new Command("import", "Import an event log (CSV or XES, gzip or not) as work items of a published value stream, "
            + "one per case, with the visits, waits and events they would have had if worked here. Rows the mapping cannot place are "
            + "listed with their line; anything else that goes wrong writes nothing.")
        {
            log.File, mapping, log.Preset, log.Case, log.Activity, log.Timestamp, log.Format, log.Resource, log.Attributes, log.Missing,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, cli =>
            ImportAsync(cli, parse, log, parse.GetValue(mapping)!, cancellationToken)));
        return command;
    }

    private static async Task<int> ImportAsync(CliContext cli, ParseResult parse, EventLogOptions log, string mappingPath, CancellationToken cancellationToken)
    {
        var file = parse.GetValue(log.File)!;
        if (!File.Exists(file))
        {
            return cli.UsageError($"no such file: '{file}'");
        }

        if (!File.Exists(mappingPath))
        {
            return cli.UsageError($"no such mapping file: '{mappingPath}'");
        }

        EventLogPreset? preset = null;
        if (parse.GetValue(log.Preset) is { } presetName && (preset = EventLogPresets.Find(presetName)) is null)
        {
            return cli.UsageError($"unknown preset '{presetName}'; the presets are {string.Join(", ", EventLogPresets.All.Select(p => p.Name))}.");
        }

        var read = HistoryMappingReader.Read(await File.ReadAllTextAsync(mappingPath, cancellationToken));
        if (!read.IsValid)
        {
            foreach (var error in read.Errors)
            {
                await cli.Error.WriteLineAsync($"{mappingPath}:{error}");
            }

            return cli.Fail($"the mapping has {Count(read.Errors.Count, "problem")}; nothing was imported.");
        }

        var isXes = EventLogFiles.IsXes(file);
        CsvEventLogMapping? columns = null;
        if (!isXes && (columns = log.Mapping(parse, preset, read.Mapping!.Attributes)) is null)
        {
            return cli.UsageError("say which columns make an event: --preset, or --case, --activity and --timestamp.");
        }

        await using var scope = await cli.OpenAsync(cancellationToken);
        var import = scope.ServiceProvider.GetRequiredService<HistoryImport>();
        var plan = await import.PlanAsync(read.Mapping!, cancellationToken);
        if (!plan.IsSuccess)
        {
            foreach (var line in plan.Error!.Message.Split(Environment.NewLine))
            {
                await cli.Error.WriteLineAsync($"{mappingPath}:{line}");
            }

            return cli.Fail("the mapping does not fit the database; nothing was imported.");
        }

        using var text = EventLogFiles.OpenText(file);
        var report = new ImportReport();
        IEnumerable<LogEvent> events;
        try
        {
            events = isXes ? XesEventLogReader.Read(text, report, cancellationToken) : CsvEventLogReader.Open(text, columns!).Read(report, cancellationToken);
        }
        catch (EventLogFormatException ex)
        {
            return cli.UsageError(ex.Message);
        }

        var channel = "import:" + (preset?.Name ?? Path.GetFileName(file));
        var clock = Stopwatch.StartNew();
        var nextProgress = ProgressEvery;
        void Progress(HistoryImportProgress at)
        {
            if (clock.Elapsed < nextProgress)
            {
                return;
            }

            nextProgress = clock.Elapsed + ProgressEvery;
            cli.Error.WriteLine(at.CasesWritten == 0
                ? Invariant($"… {at.RowsRead:N0} rows read")
                : Invariant($"… {at.CasesWritten:N0} work items written ({at.EventsWritten:N0} events, {Rate(at.EventsWritten, clock.Elapsed):N0} events/s)"));
        }

        HistoryImportResult result;
        try
        {
            result = await import.RunAsync(plan.Value, events, report, channel[..Math.Min(channel.Length, ChannelLength)], Progress, cancellationToken);
        }
        catch (EventLogFormatException ex)
        {
            return cli.Fail($"{ex.Message} Nothing was imported.");
        }
        catch (HistoryReplayException ex)
        {
            return cli.Fail($"{ex.Message} Nothing was imported.");
        }
        catch (OperationCanceledException)
        {
            return cli.Fail("cancelled; nothing was imported.");
        }

        var output = cli.Output;
        var stream = plan.Value;
        output.WriteLine(Invariant($"{Path.GetFileName(file)} → {stream.Stream.Key} v{stream.StreamVersion}: {report.RowsRead:N0} rows read, ")
            + Invariant($"{result.RowsIgnored:N0} ignored, {report.RowsRejected:N0} rejected"));
        foreach (var rejection in report.Rejections.OrderBy(r => r.Line).Take(RejectionsShown))
        {
            output.WriteLine(Invariant($"  line {rejection.Line}: {rejection.Reason}"));
        }

        if (report.RowsRejected > RejectionsShown)
        {
            output.WriteLine(Invariant($"  … and {report.RowsRejected - RejectionsShown:N0} more rejected rows"));
        }

        var total = result.Reading + result.Writing;
        output.WriteLine(Invariant($"{result.WorkItems:N0} work items, {result.Events:N0} events written in {total.TotalSeconds:0.0} s ")
            + Invariant($"({Rate(result.Events, total):N0} events/s; reading {result.Reading.TotalSeconds:0.0} s, writing {result.Writing.TotalSeconds:0.0} s)"));
        return result.WorkItems == 0 ? cli.Fail("no case of the log could be imported.") : ExitCodes.Success;
    }

    private static string Count(int count, string noun) => Invariant($"{count} {noun}{(count == 1 ? "" : "s")}");

    private static double Rate(long count, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? count / elapsed.TotalSeconds : 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
