using System.Globalization;
using System.Net;
using System.Text;

namespace ValueChain.Improve.Metrics;

/// <summary>
/// Charts of a <see cref="FlowReport"/> as standalone SVG, for people who would rather look than read: the throughput
/// trend, and the time spent at each step split into working and waiting. Plain SVG 1.1 with a title for screen
/// readers; no script, no fonts to fetch.
/// </summary>
public static class FlowCharts
{
    public static IReadOnlyList<string> Names { get; } = ["throughput", "steps"];

    private const int Width = 720;
    private const string Font = "font-family=\"system-ui, sans-serif\" font-size=\"12\"";

    /// <summary>The chart called <paramref name="name"/> (one of <see cref="Names"/>), or null for an unknown name.</summary>
    public static string? Render(string name, FlowReport report) => name.ToLowerInvariant() switch
    {
        "throughput" => Throughput(report),
        "steps" => Steps(report),
        _ => null,
    };

    /// <summary>Items completed per bucket (day, week or month), as columns.</summary>
    public static string Throughput(FlowReport report)
    {
        const int height = 260, left = 48, bottom = 40, top = 36;
        var buckets = report.Throughput;
        var max = Math.Max(1, buckets.Count == 0 ? 0 : buckets.Max(b => b.Completed));
        var plotWidth = Width - left - 16;
        var plotHeight = height - top - bottom;
        var slot = buckets.Count == 0 ? plotWidth : (double)plotWidth / buckets.Count;
        var svg = Begin(height, $"Completed items per {report.ThroughputBucketSize}, {Day(report.Period.From)} to {Day(report.Period.To)}");
        Axis(svg, left, top, plotHeight, max);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(buckets.Count / 12.0));
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            var barHeight = plotHeight * bucket.Completed / (double)max;
            var x = left + (i * slot) + (slot * 0.15);
            svg.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{top + plotHeight - barHeight:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{barHeight:0.#}\" fill=\"#2f6fb2\">"))
               .Append(Invariant($"<title>{Day(bucket.Start)}: {bucket.Completed}</title></rect>"));
            if (i % labelEvery == 0)
            {
                svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{height - bottom + 16}\" {Font} fill=\"#444\">{Day(bucket.Start)}</text>"));
            }
        }

        return End(svg);
    }

    /// <summary>Time at each step in the period, as bars split into time not waiting and time waiting; the bottleneck is marked.</summary>
    public static string Steps(FlowReport report)
    {
        const int left = 200, row = 28, top = 36;
        var steps = report.Steps;
        var height = top + (Math.Max(1, steps.Count) * row) + 24;
        var max = steps.Count == 0 ? 1 : Math.Max(1, steps.Max(s => s.TotalTime.TotalHours));
        var plotWidth = Width - left - 120;
        var svg = Begin(height, $"Hours at each step, {Day(report.Period.From)} to {Day(report.Period.To)} (dark: not waiting, light: waiting)");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var y = top + (i * row);
            var total = plotWidth * step.TotalTime.TotalHours / max;
            var waiting = plotWidth * step.WaitingTime.TotalHours / max;
            var label = step.Key == report.Bottleneck ? $"{step.Key} (bottleneck)" : step.Key;
            svg.Append(Invariant($"<text x=\"{left - 8}\" y=\"{y + 17}\" text-anchor=\"end\" {Font} fill=\"#222\">{Escape(label)}</text>"))
               .Append(Invariant($"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{Math.Max(0, total - waiting):0.#}\" height=\"18\" fill=\"{(step.Key == report.Bottleneck ? "#b23a2f" : "#2f6fb2")}\"/>"))
               .Append(Invariant($"<rect x=\"{left + Math.Max(0, total - waiting):0.#}\" y=\"{y + 4}\" width=\"{waiting:0.#}\" height=\"18\" fill=\"#9bbbe0\"/>"))
               .Append(Invariant($"<text x=\"{left + total + 6:0.#}\" y=\"{y + 17}\" {Font} fill=\"#444\">{step.TotalTime.TotalHours:0.#} h · {step.ShareOfTime:P0}</text>"));
        }

        if (steps.Count == 0)
        {
            svg.Append(Invariant($"<text x=\"{left}\" y=\"{top + 17}\" {Font} fill=\"#444\">No visits in this period.</text>"));
        }

        return End(svg);
    }

    private static StringBuilder Begin(int height, string title)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\">"))
           .Append("<title>").Append(Escape(title)).Append("</title>")
           .Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"#fff\"/>"))
           .Append(Invariant($"<text x=\"12\" y=\"20\" font-family=\"system-ui, sans-serif\" font-size=\"14\" font-weight=\"600\" fill=\"#222\">{Escape(title)}</text>"));
        return svg;
    }

    private static void Axis(StringBuilder svg, int left, int top, int plotHeight, int max)
    {
        svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"#888\"/>"))
           .Append(Invariant($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{Width - 16}\" y2=\"{top + plotHeight}\" stroke=\"#888\"/>"))
           .Append(Invariant($"<text x=\"{left - 6}\" y=\"{top + 4}\" text-anchor=\"end\" {Font} fill=\"#444\">{max}</text>"))
           .Append(Invariant($"<text x=\"{left - 6}\" y=\"{top + plotHeight}\" text-anchor=\"end\" {Font} fill=\"#444\">0</text>"));
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Day(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
