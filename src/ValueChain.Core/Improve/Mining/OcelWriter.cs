using System.Text.Json;

namespace ValueChain.Improve.Mining;

/// <summary>
/// Writes events as an OCEL 2.0 JSON log in which each case is an object of one type: every event relates to its case
/// object with the qualifier <c>case</c>, carries its resource and attributes as string attributes, and its activity
/// is its event type. One pass, in any order: the events stream out first, the objects and the type declarations
/// (which list the attributes each event type was seen with) follow once every event has been seen. JSON members
/// have no order, so readers find the same log.
/// </summary>
public static class OcelWriter
{
    public const string ResourceAttribute = "resource";

    public static void Write(Stream output, IEnumerable<LogEvent> events, string objectType = "case", CancellationToken cancellationToken = default)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var objects = new List<string>();
        var seenObjects = new HashSet<string>(StringComparer.Ordinal);
        var eventTypes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var eventTypeOrder = new List<string>();
        var attributeNames = new HashSet<string>(StringComparer.Ordinal);

        json.WriteStartObject();
        json.WriteStartArray("events");
        long id = 0;
        foreach (var logEvent in events)
        {
            if (++id % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                json.Flush();
            }

            if (seenObjects.Add(logEvent.CaseId))
            {
                objects.Add(logEvent.CaseId);
            }

            if (!eventTypes.TryGetValue(logEvent.Activity, out var typeAttributes))
            {
                typeAttributes = [];
                eventTypes.Add(logEvent.Activity, typeAttributes);
                eventTypeOrder.Add(logEvent.Activity);
            }

            json.WriteStartObject();
            json.WriteString("id", $"e{id}");
            json.WriteString("type", logEvent.Activity);
            json.WriteString("time", logEvent.Timestamp.ToUniversalTime());
            json.WriteStartArray("attributes");
            attributeNames.Clear();
            if (logEvent.Resource is not null)
            {
                EventAttribute(json, typeAttributes, attributeNames, ResourceAttribute, logEvent.Resource);
            }

            foreach (var (name, value) in logEvent.AttributeList)
            {
                EventAttribute(json, typeAttributes, attributeNames, name, value);
            }

            json.WriteEndArray();
            json.WriteStartArray("relationships");
            json.WriteStartObject();
            json.WriteString("objectId", logEvent.CaseId);
            json.WriteString("qualifier", "case");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("objects");
        foreach (var objectId in objects)
        {
            json.WriteStartObject();
            json.WriteString("id", objectId);
            json.WriteString("type", objectType);
            json.WriteStartArray("attributes");
            json.WriteEndArray();
            json.WriteStartArray("relationships");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("objectTypes");
        json.WriteStartObject();
        json.WriteString("name", objectType);
        json.WriteStartArray("attributes");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("eventTypes");
        foreach (var type in eventTypeOrder)
        {
            json.WriteStartObject();
            json.WriteString("name", type);
            json.WriteStartArray("attributes");
            foreach (var name in eventTypes[type])
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("type", "string");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void EventAttribute(Utf8JsonWriter json, List<string> typeAttributes, HashSet<string> written, string name, string value)
    {
        if (!written.Add(name))
        {
            return;
        }

        if (!typeAttributes.Contains(name))
        {
            typeAttributes.Add(name);
        }

        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }
}
