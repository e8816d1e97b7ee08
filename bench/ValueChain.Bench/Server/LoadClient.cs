using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ValueChain.Bench.Server;

/// <summary>What one path did under load: requests per second and latency percentiles, in milliseconds.</summary>
internal sealed record LoadResult(string Path, int Clients, long Requests, long Failures, double PerSecond, double P50, double P95, double P99, string? FirstFailure)
{
    /// <summary>The server's CPU time per request over the whole phase (warm-up included), in milliseconds; null when not measured.</summary>
    public double? ServerCpuPerRequest { get; init; }

    public static LoadResult From(string path, int clients, TimeSpan elapsed, List<long> ticks, long failures, string? firstFailure)
    {
        ticks.Sort();
        double At(double share) => ticks.Count == 0 ? double.NaN : ticks[Math.Min(ticks.Count - 1, (int)Math.Ceiling(share * ticks.Count) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(path, clients, ticks.Count, failures, ticks.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), firstFailure);
    }
}

/// <summary>
/// A closed-loop load: <c>clients</c> workers each send a request, wait for the answer, and send the next, first for a
/// warm-up whose answers are not counted, then for the timed phase. Every latency is kept and sorted for the percentiles,
/// so they are exact. An answer that is not a success counts as a failure and its latency is not counted.
/// </summary>
internal static class LoadClient
{
    /// <summary>One request of a path: the worker number and its request count, so a worker can walk its own items.</summary>
    public delegate HttpRequestMessage Request(int worker, long sequence);

    public static HttpClient Create(int clients) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = clients,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.All,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<LoadResult> RunAsync(
        HttpClient http, string path, int clients, TimeSpan warmUp, TimeSpan duration, Request request, CancellationToken cancellationToken)
    {
        var latencies = new List<long>[clients];
        var failures = 0L;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var measureFrom = warmUp;
        var stopAt = warmUp + duration;
        var workers = Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(4096);
            for (long sequence = 0; clock.Elapsed < stopAt; sequence++)
            {
                using var message = request(worker, sequence);
                var started = Stopwatch.GetTimestamp();
                var ok = false;
                string? failure = null;
                try
                {
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    ok = response.IsSuccessStatusCode;
                    if (!ok)
                    {
                        failure = $"{(int)response.StatusCode} {message.Method} {message.RequestUri}: {Cut(await response.Content.ReadAsStringAsync(cancellationToken))}";
                    }
                }
                catch (HttpRequestException ex)
                {
                    failure = $"{message.Method} {message.RequestUri}: {ex.Message}";
                }
                catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"{message.Method} {message.RequestUri}: timed out ({ex.Message})";
                }

                var elapsed = Stopwatch.GetTimestamp() - started;
                if (clock.Elapsed < measureFrom)
                {
                    continue;
                }

                if (ok)
                {
                    mine.Add(elapsed);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var measured = clock.Elapsed - measureFrom;
        return LoadResult.From(path, clients, measured, [.. latencies.SelectMany(l => l)], failures, firstFailure);
    }

    /// <summary>Times <paramref name="work"/> on <paramref name="clients"/> workers the same way, for the storage baseline.</summary>
    public static async Task<LoadResult> RunAsync(string path, int clients, TimeSpan warmUp, TimeSpan duration, Func<int, long, Task> work, CancellationToken cancellationToken)
    {
        var latencies = new List<long>[clients];
        var failures = 0L;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var stopAt = warmUp + duration;
        var workers = Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(4096);
            for (long sequence = 0; clock.Elapsed < stopAt; sequence++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await work(worker, sequence);
                    if (clock.Elapsed >= warmUp)
                    {
                        mine.Add(Stopwatch.GetTimestamp() - started);
                    }
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return LoadResult.From(path, clients, clock.Elapsed - warmUp, [.. latencies.SelectMany(l => l)], failures, firstFailure);
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "...";

    public static string Milliseconds(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
