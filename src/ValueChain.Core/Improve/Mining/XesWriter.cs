using System.Globalization;
using System.Text;
using System.Xml;

namespace ValueChain.Improve.Mining;

/// <summary>
/// Writes traces as an IEEE 1849-2016 XES log: the concept, time and organizational extensions, one trace per case
/// named by its id, and per event <c>concept:name</c>, <c>time:timestamp</c> (UTC), <c>org:resource</c> and the other
/// attributes as strings. Streams through an <see cref="XmlWriter"/>: only the trace being written is in memory.
/// </summary>
public static class XesWriter
{
    public const string Namespace = "http://www.xes-standard.org/";

    private const string ConceptName = "concept:name";
    private const string TimeTimestamp = "time:timestamp";
    private const string OrgResource = "org:resource";

    public static XmlWriterSettings Settings { get; } = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CloseOutput = false,
    };

    /// <summary>Writes the log to <paramref name="output"/>, which stays open.</summary>
    public static void Write(Stream output, IEnumerable<CaseTrace> traces, string? logName = null, CancellationToken cancellationToken = default)
    {
        using var writer = XmlWriter.Create(output, Settings);
        Write(writer, traces, logName, cancellationToken);
    }

    public static void Write(XmlWriter writer, IEnumerable<CaseTrace> traces, string? logName = null, CancellationToken cancellationToken = default)
    {
        writer.WriteStartDocument();
        writer.WriteStartElement("log", Namespace);
        writer.WriteAttributeString("xes.version", "1849-2016");
        Extension(writer, "Concept", "concept");
        Extension(writer, "Time", "time");
        Extension(writer, "Organizational", "org");

        // Globals declare what every trace and event carries, so that readers can rely on it; the classifier says
        // that an event's activity is its concept:name.
        writer.WriteStartElement("global", Namespace);
        writer.WriteAttributeString("scope", "trace");
        Attribute(writer, "string", ConceptName, "__INVALID__");
        writer.WriteEndElement();
        writer.WriteStartElement("global", Namespace);
        writer.WriteAttributeString("scope", "event");
        Attribute(writer, "string", ConceptName, "__INVALID__");
        Attribute(writer, "date", TimeTimestamp, Timestamp(DateTimeOffset.UnixEpoch));
        writer.WriteEndElement();
        writer.WriteStartElement("classifier", Namespace);
        writer.WriteAttributeString("name", "Activity");
        writer.WriteAttributeString("keys", ConceptName);
        writer.WriteEndElement();
        if (logName is not null)
        {
            Attribute(writer, "string", ConceptName, logName);
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trace in traces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.WriteStartElement("trace", Namespace);
            Attribute(writer, "string", ConceptName, trace.CaseId);
            foreach (var logEvent in trace.Events)
            {
                writer.WriteStartElement("event", Namespace);
                Attribute(writer, "string", ConceptName, logEvent.Activity);
                Attribute(writer, "date", TimeTimestamp, Timestamp(logEvent.Timestamp));
                written.Clear();
                written.Add(ConceptName);
                written.Add(TimeTimestamp);
                if (logEvent.Resource is not null)
                {
                    Attribute(writer, "string", OrgResource, logEvent.Resource);
                    written.Add(OrgResource);
                }

                foreach (var (name, value) in logEvent.AttributeList)
                {
                    if (!keys.TryGetValue(name, out var key))
                    {
                        key = Key(name);
                        keys.Add(name, key);
                    }

                    // A key occurs once per element; an attribute named like one already written gives way.
                    if (written.Add(key))
                    {
                        Attribute(writer, "string", key, value);
                    }
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
        writer.Flush();
    }

    /// <summary>
    /// An attribute key must be an XML name (<c>xs:Name</c>): column headers such as <c>Variant index</c> become
    /// <c>Variant_index</c>.
    /// </summary>
    public static string Key(string name)
    {
        if (name.Length > 0 && IsName(name))
        {
            return name;
        }

        var key = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            key.Append(XmlConvert.IsNCNameChar(c) || c == ':' ? c : '_');
        }

        if (key.Length == 0 || !(XmlConvert.IsStartNCNameChar(key[0]) || key[0] == ':'))
        {
            key.Insert(0, '_');
        }

        return key.ToString();
    }

    private static bool IsName(string name)
    {
        try
        {
            XmlConvert.VerifyName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Extension(XmlWriter writer, string name, string prefix)
    {
        writer.WriteStartElement("extension", Namespace);
        writer.WriteAttributeString("name", name);
        writer.WriteAttributeString("prefix", prefix);
        writer.WriteAttributeString("uri", $"{Namespace}{prefix}.xesext");
        writer.WriteEndElement();
    }

    private static void Attribute(XmlWriter writer, string type, string key, string value)
    {
        writer.WriteStartElement(type, Namespace);
        writer.WriteAttributeString("key", key);
        writer.WriteAttributeString("value", value);
        writer.WriteEndElement();
    }
}
