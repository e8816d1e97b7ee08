using System.Globalization;

namespace ValueChain.Bench.Server;

/// <summary>
/// Samples a process's resident memory from /proc every 100 ms; the peak is the larger of the highest sample and the
/// kernel's own high-water mark (VmHWM), which catches peaks between samples.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly int _processId;
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler(int processId)
    {
        _processId = processId;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The peak resident set in bytes so far.</summary>
    public long Peak()
    {
        Sample();
        return Math.Max(Interlocked.Read(ref _peak), Read("VmHWM:") ?? 0);
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>The CPU time a process used over <paramref name="period"/>, as a share of one core.</summary>
    public static async Task<double> CpuShareAsync(int processId, TimeSpan period, CancellationToken cancellationToken)
    {
        var before = CpuTicks(processId);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(period, cancellationToken);
        var used = CpuTicks(processId) - before;
        // /proc counts in clock ticks of 1/100 s on Linux.
        return used / 100.0 / clock.Elapsed.TotalSeconds;
    }

    /// <summary>User and system time of a process from /proc/[pid]/stat, in clock ticks.</summary>
    public static long CpuTicks(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name may hold spaces; the fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private void Sample()
    {
        if (Read("VmRSS:") is { } rss)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref _peak);
            }
            while (rss > seen && Interlocked.CompareExchange(ref _peak, rss, seen) != seen);
        }
    }

    /// <summary>A "kB" line of /proc/[pid]/status, in bytes; null when the process or the file is gone.</summary>
    private long? Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_processId}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
