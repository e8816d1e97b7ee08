using System.Xml.Linq;
using ValueChain.Improve.Metrics;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.Improve.Metrics;

public sealed class FlowChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Throughput_draws_one_column_per_day_with_its_count_as_title()
    {
        var chart = XDocument.Parse(FlowCharts.Throughput(Report()));

        var columns = chart.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        columns.Count.ShouldBe(7);
        columns.Select(c => c.Element(Svg + "title")!.Value).ShouldBe(
            ["2026-03-02: 2", "2026-03-03: 1", "2026-03-04: 0", "2026-03-05: 0", "2026-03-06: 0", "2026-03-07: 0", "2026-03-08: 0"]);
        // The tallest column fills the plot; half the count draws half as high.
        double.Parse(columns[1].Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(double.Parse(columns[0].Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture) / 2, 0.1);
    }

    [Fact]
    public void Steps_marks_the_bottleneck_and_escapes_step_names()
    {
        var chart = FlowCharts.Steps(Report());
        var document = XDocument.Parse(chart);

        var labels = document.Descendants(Svg + "text").Select(t => t.Value).ToList();
        labels.ShouldContain("fix <urgent> (bottleneck)");
        labels.ShouldContain("triage");
        chart.ShouldNotContain("<urgent>");
    }

    [Fact]
    public void Unknown_chart_names_render_nothing()
    {
        FlowCharts.Render("pie", Report()).ShouldBeNull();
        FlowCharts.Render("Throughput", Report()).ShouldNotBeNull();
    }

    private static FlowReport Report()
    {
        var items = new[] { (0, 2), (0, 3), (1, 5) }.Select((d, i) => new FlowItem(
            i, "restore", "incident", null, Monday.AddDays(d.Item1), WorkItemState.Delivered, Monday.AddDays(d.Item1).AddHours(d.Item2), null, null,
            [
                new FlowVisit("triage", ValueChainActivity.Engage, "desk", Monday.AddDays(d.Item1), Monday.AddDays(d.Item1), Monday.AddDays(d.Item1).AddHours(1), TimeSpan.Zero, null),
                new FlowVisit("fix <urgent>", ValueChainActivity.DeliverAndSupport, "infra", Monday.AddDays(d.Item1).AddHours(1), Monday.AddDays(d.Item1).AddHours(1), Monday.AddDays(d.Item1).AddHours(d.Item2), TimeSpan.FromMinutes(30), null),
            ],
            []));
        return FlowCalculator.Report(items, new MetricsPeriod(Monday, Monday.AddDays(7)), Monday.AddDays(8));
    }
}
