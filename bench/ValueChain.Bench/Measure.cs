using System.Diagnostics;

namespace ValueChain.Bench;

/// <summary>
/// Times a computation: one warm-up run (JIT, caches), then <c>runs</c> timed runs, reported by their median, which a
/// noisy two-core machine disturbs less than the mean.
/// </summary>
internal static class Measure
{
    public static (T Result, TimeSpan Median) Time<T>(int runs, Func<T> work)
    {
        var result = work();
        var times = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = work();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return (result, times[times.Count / 2]);
    }

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
