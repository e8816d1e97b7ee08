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
