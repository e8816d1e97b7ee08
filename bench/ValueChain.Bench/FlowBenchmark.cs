using System.Diagnostics;
using System.Globalization;
using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Metrics;
using ValueChain.Improve.Mining;

namespace ValueChain.Bench;

/// <summary>
/// Flow metrics and process mining over a generated history, by ValueChain and by DuckDB over the same data in the
/// same run, printed as times and as the ratio ValueChain ÷ DuckDB; the engines' figures are checked against each other.
/// Then the rate at which the ServiceNow log is read.
/// </summary>
internal static class FlowBenchmark
{
    private const string OneStream = "restore-service";

    public static int Run(int count, int runs, int seed, string? serviceNowLog, TextWriter output)
    {
        output.WriteLine($"Flow metrics and process mining: {count:N0} work items, median of {runs} runs after a warm-up, {Environment.ProcessorCount} cores.");
        var watch = Stopwatch.StartNew();
        var items = new HistoryGenerator(seed).Generate(count).ToList();
        var events = items.Sum(i => (long)i.Events.Count);
        output.WriteLine($"Generated {count:N0} items, {items.Sum(i => i.Flow.Visits.Count):N0} visits, {events:N0} events in {Measure.Seconds(watch.Elapsed)}.");

        using var duck = new DuckDbFlow();
        watch.Restart();
        duck.Load(items);
        output.WriteLine($"Loaded them into DuckDB in {Measure.Seconds(watch.Elapsed)}.");
        output.WriteLine();

        var period = new MetricsPeriod(HistoryGenerator.Start, HistoryGenerator.Now);
        var flows = items.Select(i => i.Flow).ToList();
        var streamOf = flows.ToDictionary(f => f.Id.ToString(CultureInfo.InvariantCulture), f => f.ValueStream);
        var allEvents = items.SelectMany(i => i.Events).ToList();

        var rows = new List<(string Name, TimeSpan ValueChain, TimeSpan DuckDb, bool Agree)>();
        foreach (var stream in new[] { null, OneStream })
        {
            var filter = new MetricsFilter(ValueStream: stream);
            var (report, ours) = Measure.Time(runs, () => FlowCalculator.Report(flows, period, HistoryGenerator.Now, filter));
            var (figures, theirs) = Measure.Time(runs, () => duck.Metrics(period.From, period.To, HistoryGenerator.Now, stream));
            rows.Add(($"metrics, {stream ?? "all streams"}", ours, theirs, Agree(report, figures, output)));

            var (statistics, minedOurs) = Measure.Time(runs, () => EventLogMiner.Analyze(
                stream is null ? allEvents : allEvents.Where(e => streamOf[e.CaseId] == stream)));
            var (mined, minedTheirs) = Measure.Time(runs, () => duck.Mining(stream));
            rows.Add(($"directly-follows graph and variants, {stream ?? "all streams"}", minedOurs, minedTheirs, Agree(statistics, mined, output)));
        }

        output.WriteLine($"{"computation",-58} {"ValueChain",12} {"DuckDB",12} {"ratio",8}  figures");
        foreach (var (name, ours, theirs, agree) in rows)
        {
            output.WriteLine($"{name,-58} {Measure.Seconds(ours),12} {Measure.Seconds(theirs),12} {(ours / theirs).ToString("0.00", CultureInfo.InvariantCulture),8}  {(agree ? "agree" : "DIFFER")}");
        }

        if (serviceNowLog is not null)
        {
            output.WriteLine();
            ReadServiceNow(serviceNowLog, runs, output);
            ImportServiceNow(serviceNowLog, runs, output);
        }

        return rows.All(r => r.Agree) ? 0 : 1;
    }

    private static void ReadServiceNow(string path, int runs, TextWriter output)
    {
        var ((rows, events), time) = Measure.Time(runs, () =>
        {
            using var text = EventLogFiles.OpenText(path);
            var report = new ImportReport();
            var miner = new EventLogMiner();
            foreach (var logEvent in CsvEventLogReader.Open(text, EventLogPresets.ServiceNow.Mapping).Read(report))
            {
                miner.Add(logEvent);
            }

            return (report.RowsRead, miner.EventCount);
        });
        output.WriteLine($"ServiceNow log: {rows:N0} rows read and mined in {Measure.Seconds(time)}: {events / time.TotalSeconds:N0} events/s.");
    }

    /// <summary>
    /// The whole migration path, timed as a user runs it: <c>valuechain import</c> of the log with the bundled mapping
    /// into a fresh SQLite database holding the demo organization (seeded before the clock starts), each run anew.
    /// </summary>
    private static void ImportServiceNow(string path, int runs, TextWriter output)
    {
        if (Files.Find(Path.Combine("imports", "servicenow.yaml")) is not { } mapping)
        {
            output.WriteLine("imports/servicenow.yaml not found: run from the repository to time the import.");
            return;
        }

        var times = new List<TimeSpan>();
        long events = 0;
        for (var run = 0; run < runs; run++)
        {
            var data = Path.Combine(Path.GetTempPath(), "valuechain-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                RunCli(["--data", data, "demo", "seed"]);
                var watch = Stopwatch.StartNew();
                var summary = RunCli(["--data", data, "import", path, "--preset", "servicenow", "--mapping", mapping]);
                times.Add(watch.Elapsed);
                var written = System.Text.RegularExpressions.Regex.Match(summary, @"([\d,]+) events written");
                events = long.Parse(written.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        }

        times.Sort();
        var median = times[times.Count / 2];
        output.WriteLine($"ServiceNow log imported as work items into SQLite: {events:N0} events in {Measure.Seconds(median)}: {events / median.TotalSeconds:N0} events/s.");
    }

    private static string RunCli(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = global::ValueChain.Cli.CliApp.RunAsync(args, output, error).GetAwaiter().GetResult();
        return exitCode == 0 ? output.ToString() : throw new InvalidOperationException($"valuechain {string.Join(' ', args)} failed: {error}");
    }

    private static bool Agree(FlowReport report, FlowFigures figures, TextWriter output)
    {
        var top = report.Steps[0];
        var agree = report.Overall.Completed == figures.Completed
            && Math.Abs(report.Overall.FlowTime!.P50.TotalSeconds - figures.MedianFlowSeconds) < 1
            && Math.Abs(report.Overall.FlowEfficiency!.Value - figures.Efficiency) < 1e-9
            && report.Overall.Load.Total == figures.Load
            && top.Key == figures.TopStep && top.Visits == figures.TopStepVisits;
        if (!agree)
        {
            output.WriteLine($"  metrics differ: ValueChain {report.Overall.Completed}, {report.Overall.FlowTime?.P50.TotalSeconds}, {report.Overall.FlowEfficiency}, "
                + $"{report.Overall.Load.Total}, {top.Key} {top.Visits}; DuckDB {figures}");
        }

        return agree;
    }

    private static bool Agree(EventLogStatistics statistics, MiningFigures figures, TextWriter output)
    {
        var agree = statistics.CaseCount == figures.Cases
            && statistics.DirectlyFollowsPairCount == figures.Pairs
            && statistics.DirectlyFollows.Sum(d => d.Count) == figures.Edges
            && statistics.Variants.Count == figures.Variants
            && Math.Abs(statistics.CaseDuration.Median.TotalSeconds - figures.MedianCaseSeconds) < 1;
        if (!agree)
        {
            output.WriteLine($"  mining differs: ValueChain {statistics.CaseCount}, {statistics.DirectlyFollowsPairCount}, {statistics.DirectlyFollows.Sum(d => d.Count)}, "
                + $"{statistics.Variants.Count}, {statistics.CaseDuration.Median.TotalSeconds}; DuckDB {figures}");
        }

        return agree;
    }
}
