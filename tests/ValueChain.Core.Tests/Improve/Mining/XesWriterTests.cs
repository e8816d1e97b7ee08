using System.Xml.Linq;
using ValueChain.Improve.Mining;
using static ValueChain.Core.Tests.Improve.Mining.MiningLogs;

namespace ValueChain.Core.Tests.Improve.Mining;

public sealed class XesWriterTests
{
    private static readonly XNamespace Xes = XesWriter.Namespace;

    private static XDocument Write(IEnumerable<LogEvent> events, string? logName = null)
    {
        using var buffer = new MemoryStream();
        XesWriter.Write(buffer, CaseTrace.Group(events), logName);
        buffer.Position = 0;
        return XDocument.Load(buffer);
    }

    private static Dictionary<string, string> Values(XElement element) =>
        element.Elements().Where(e => e.Attribute("key") is not null).ToDictionary(e => e.Attribute("key")!.Value, e => e.Attribute("value")!.Value);

    [Fact]
    public void Log_declares_the_1849_2016_version_and_the_concept_time_and_org_extensions()
    {
        var log = Write(Small(), "small").Root!;

        log.Name.ShouldBe(Xes + "log");
        log.Attribute("xes.version")!.Value.ShouldBe("1849-2016");
        log.Elements(Xes + "extension").Select(e => (e.Attribute("prefix")!.Value, e.Attribute("uri")!.Value)).ShouldBe(
        [
            ("concept", "http://www.xes-standard.org/concept.xesext"),
            ("time", "http://www.xes-standard.org/time.xesext"),
            ("org", "http://www.xes-standard.org/org.xesext"),
        ]);
        Values(log)["concept:name"].ShouldBe("small");
    }

    [Fact]
    public void Each_case_is_a_trace_of_its_events_in_time_order()
    {
        var traces = Write(Small()).Root!.Elements(Xes + "trace").ToList();

        traces.Select(t => Values(t)["concept:name"]).ShouldBe(["A", "B", "C", "D"]);
        var d = traces[3].Elements(Xes + "event").Select(Values).ToList();
        d.Select(e => e["concept:name"]).ShouldBe(["a", "c"]);
        d[0]["time:timestamp"].ShouldBe("2026-03-02T09:00:00.000Z");
    }

    [Fact]
    public void Events_carry_resource_and_string_attributes_with_keys_that_are_xml_names()
    {
        var log = Write([At("1", "Open", 0, "Ada", ("priority", "2 - High"), ("Variant index", "7"), ("concept:name", "clash"))]);

        var element = log.Root!.Element(Xes + "trace")!.Element(Xes + "event")!;
        var values = Values(element);
        values["org:resource"].ShouldBe("Ada");
        values["priority"].ShouldBe("2 - High");
        values["Variant_index"].ShouldBe("7");
        // An attribute may not repeat a key the event already has.
        values["concept:name"].ShouldBe("Open");
        element.Elements(Xes + "string").Count(e => e.Attribute("key")!.Value == "concept:name").ShouldBe(1);
        element.Element(Xes + "date")!.Attribute("key")!.Value.ShouldBe("time:timestamp");
    }

    [Fact]
    public void Event_without_resource_has_no_org_resource()
    {
        var log = Write([At("1", "Open", 0)]);

        Values(log.Root!.Element(Xes + "trace")!.Element(Xes + "event")!).ShouldNotContainKey("org:resource");
    }

    [Theory]
    [InlineData("priority", "priority")]
    [InlineData("Variant index", "Variant_index")]
    [InlineData("2nd", "_2nd")]
    [InlineData("", "_")]
    public void Keys_become_xml_names(string name, string key) => XesWriter.Key(name).ShouldBe(key);
}
