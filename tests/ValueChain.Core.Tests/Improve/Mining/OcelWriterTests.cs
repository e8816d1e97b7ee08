using System.Text.Json;
using ValueChain.Improve.Mining;
using static ValueChain.Core.Tests.Improve.Mining.MiningLogs;

namespace ValueChain.Core.Tests.Improve.Mining;

public sealed class OcelWriterTests
{
    private static JsonElement Write(IEnumerable<LogEvent> events)
    {
        using var buffer = new MemoryStream();
        OcelWriter.Write(buffer, events, "incident");
        return JsonDocument.Parse(buffer.ToArray()).RootElement;
    }

    [Fact]
    public void Cases_become_objects_of_one_type_and_each_event_relates_to_its_case()
    {
        var log = Write(Small());

        log.GetProperty("objectTypes").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["incident"]);
        log.GetProperty("objects").EnumerateArray().Select(o => (o.GetProperty("id").GetString(), o.GetProperty("type").GetString()))
            .ShouldBe([("A", "incident"), ("B", "incident"), ("C", "incident"), ("D", "incident")]);
        var events = log.GetProperty("events").EnumerateArray().ToList();
        events.Count.ShouldBe(12);
        events.Select(e => e.GetProperty("id").GetString()).Distinct().Count().ShouldBe(12);
        var relationship = events[0].GetProperty("relationships").EnumerateArray().Single();
        relationship.GetProperty("objectId").GetString().ShouldBe("A");
        relationship.GetProperty("qualifier").GetString().ShouldBe("case");
        events[0].GetProperty("type").GetString().ShouldBe("a");
        events[0].GetProperty("time").GetDateTimeOffset().ShouldBe(Start);
    }

    [Fact]
    public void Event_types_declare_the_attributes_their_events_were_seen_with()
    {
        var log = Write(
        [
            At("1", "New", 0, "Ada", ("priority", "3")),
            At("1", "Closed", 1, null, ("made_sla", "true")),
            At("2", "New", 0, "Bob", ("category", "network"), ("priority", "1")),
        ]);

        var types = log.GetProperty("eventTypes").EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => t.GetProperty("attributes").EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("type").GetString())).ToList());
        types["New"].ShouldBe([("resource", "string"), ("priority", "string"), ("category", "string")]);
        types["Closed"].ShouldBe([("made_sla", "string")]);
        var first = log.GetProperty("events")[0].GetProperty("attributes").EnumerateArray()
            .Select(a => (a.GetProperty("name").GetString(), a.GetProperty("value").GetString()));
        first.ShouldBe([("resource", "Ada"), ("priority", "3")]);
    }
}
