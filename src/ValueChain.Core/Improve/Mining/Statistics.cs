namespace ValueChain.Improve.Mining;

/// <summary>Mean and median over tick counts, exact for the sizes event logs reach.</summary>
internal static class Statistics
{
    public static long Mean(List<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        decimal sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return (long)Math.Round(sum / values.Count);
    }

    /// <summary>The mean, summed as decimal so that millions of tick counts neither overflow nor lose precision.</summary>
    public static double MeanExact(long[] values)
    {
        decimal sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return (double)(sum / values.Length);
    }

    public static long Median(List<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return (long)Math.Round(MedianOfSorted(sorted));
    }

    /// <summary>The middle value; for an even count, the mean of the two middle values.</summary>
    public static double MedianOfSorted(long[] sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] / 2.0) + (sorted[middle] / 2.0);
    }
}
