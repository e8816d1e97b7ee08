using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Bench.Server;
using ValueChain.Data.Improve;
using ValueChain.Data.Storage;
using ValueChain.Improve.Metrics;

namespace ValueChain.Bench;

/// <summary>
/// The flow report of one stream and period against an existing database, as the server computes it, split in two:
/// loading the history (<see cref="FlowQueries.HistoryAsync"/>) and calculating the report from it
/// (<see cref="FlowCalculator.Report"/>). Each run takes a fresh scope, as a request does; the time and the bytes
/// allocated by each half are reported as medians, with a fingerprint of the report so that two versions of the code
/// can be shown to compute the same figures.
/// </summary>
internal static class FlowReportBenchmark
{
    public static async Task<int> RunAsync(
        StorageSettings storage, string where, MetricsPeriod period, MetricsFilter filter, int runs, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Flow report of {filter.ValueStream ?? "all streams"}, {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}, from {where}: median of {runs} runs after a warm-up, {Environment.ProcessorCount} cores."));
        await using var services = BenchDatabases.Services(storage);

        // "Now" is the period's end, so that every run and every version of the code computes the same report.
        var now = period.To;
        var loads = new List<(TimeSpan Time, long Bytes)>();
        var calculations = new List<(TimeSpan Time, long Bytes)>();
        FlowReport? report = null;
        IReadOnlyList<FlowItem> history = [];
        for (var run = 0; run <= runs; run++)
        {
            history = [];
            report = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            await using var scope = services.CreateAsyncScope();
            var flows = scope.ServiceProvider.GetRequiredService<FlowQueries>();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            history = await flows.HistoryAsync(period, filter, cancellationToken);
            var load = (watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);

            allocated = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            report = FlowCalculator.Report(history, period, now, filter);
            var calculation = (watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(run == 0 ? "warm-up" : $"run {run}"),-8} load {Milliseconds(load.Item1),9} {Megabytes(load.Item2),10}   calculate {Milliseconds(calculation.Item1),9} {Megabytes(calculation.Item2),10}"));
            if (run > 0)
            {
                loads.Add(load);
                calculations.Add(calculation);
            }
        }

        var visits = history.Sum(i => (long)i.Visits.Count);
        var waits = history.Sum(i => (long)i.Waits.Count);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(report)))[..16];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"History: {history.Count:N0} items, {visits:N0} visits, {waits:N0} waits; report: {report!.Overall.Completed:N0} completed, {report.Steps.Count} steps, fingerprint {fingerprint}."));
        output.WriteLine();
        output.WriteLine($"{"median",-10} {"time",12} {"allocated",12}");
        var (loadTime, loadBytes) = (Median(loads.Select(l => l.Time)), Median(loads.Select(l => l.Bytes)));
        var (calculateTime, calculateBytes) = (Median(calculations.Select(c => c.Time)), Median(calculations.Select(c => c.Bytes)));
        output.WriteLine($"{"load",-10} {Milliseconds(loadTime),12} {Megabytes(loadBytes),12}");
        output.WriteLine($"{"calculate",-10} {Milliseconds(calculateTime),12} {Megabytes(calculateBytes),12}");
        output.WriteLine($"{"total",-10} {Milliseconds(Median(loads.Zip(calculations, (l, c) => l.Time + c.Time))),12} {Megabytes(Median(loads.Zip(calculations, (l, c) => l.Bytes + c.Bytes))),12}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576.0:N0} MB."));
        return 0;
    }

    private static T Median<T>(IEnumerable<T> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Megabytes(long bytes) => (bytes / 1_048_576.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";
}
