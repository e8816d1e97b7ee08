using System.Globalization;
using System.Xml;
using ValueChain.Improve.Mining;

namespace ValueChain.Data.Improve.Import;

/// <summary>
/// Streams the events of an XES log (IEEE 1849) with an <see cref="XmlReader"/>: one event in memory at a time. The
/// case is the trace's <c>concept:name</c>; an event needs <c>concept:name</c> and <c>time:timestamp</c> and may have
/// <c>org:resource</c>; its other attributes come through as text. Events without a name or a readable time, and
/// events outside any trace, are rejected with their line.
/// </summary>
public static class XesEventLogReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    private static readonly HashSet<string> AttributeElements = new(StringComparer.Ordinal)
    {
        "string", "date", "int", "float", "boolean", "id",
    };

    /// <exception cref="EventLogFormatException">The document is not well-formed XML.</exception>
    public static IEnumerable<LogEvent> Read(TextReader source, ImportReport report, CancellationToken cancellationToken = default)
    {
        using var xml = XmlReader.Create(source, Settings);
        var lineInfo = (IXmlLineInfo)xml;
        string? caseId = null;
        var traces = 0;
        var inTrace = false;
        while (Next(xml))
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == 1)
            {
                inTrace = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.Depth == 1)
            {
                inTrace = xml.LocalName == "trace" && !xml.IsEmptyElement;
                if (xml.LocalName == "trace")
                {
                    traces++;
                    caseId = null;
                }
            }

            if (xml.LocalName != "event")
            {
                // A trace's own attributes come before its events; its name is the case id.
                if (inTrace && xml.Depth == 2 && AttributeElements.Contains(xml.LocalName) && xml.GetAttribute("key") == "concept:name")
                {
                    caseId = xml.GetAttribute("value");
                }

                continue;
            }

            report.Read();
            if ((report.RowsRead & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var line = lineInfo.LineNumber;
            if (!inTrace || xml.Depth != 2)
            {
                report.Reject(line, "Event outside a trace: it belongs to no case.");
                continue;
            }

            var (logEvent, reason) = ReadEvent(xml, caseId ?? string.Create(CultureInfo.InvariantCulture, $"trace {traces}"));
            if (logEvent is null)
            {
                report.Reject(line, reason!);
                continue;
            }

            report.Imported();
            yield return logEvent with { Line = line };
        }
    }

    private static bool Next(XmlReader xml)
    {
        try
        {
            return xml.Read();
        }
        catch (XmlException ex)
        {
            throw new EventLogFormatException($"Not a well-formed XES document: {ex.Message}", ex);
        }
    }

    private static (LogEvent? Event, string? Reason) ReadEvent(XmlReader xml, string caseId)
    {
        string? activity = null;
        string? timestampText = null;
        string? resource = null;
        var attributes = new List<KeyValuePair<string, string>>();
        using (var subtree = xml.ReadSubtree())
        {
            subtree.Read();
            while (Next(subtree))
            {
                if (subtree.NodeType != XmlNodeType.Element || subtree.Depth != 1 || !AttributeElements.Contains(subtree.LocalName))
                {
                    continue;
                }

                var key = subtree.GetAttribute("key");
                var value = subtree.GetAttribute("value");
                if (key is null || value is null)
                {
                    continue;
                }

                switch (key)
                {
                    case "concept:name":
                        activity = value;
                        break;
                    case "time:timestamp":
                        timestampText = value;
                        break;
                    case "org:resource":
                        resource = value;
                        break;
                    default:
                        attributes.Add(new KeyValuePair<string, string>(key, value));
                        break;
                }
            }
        }

        if (string.IsNullOrEmpty(activity))
        {
            return (null, "Event without concept:name: it has no activity.");
        }

        if (timestampText is null)
        {
            return (null, "Event without time:timestamp.");
        }

        DateTimeOffset timestamp;
        try
        {
            timestamp = XmlConvert.ToDateTimeOffset(timestampText);
        }
        catch (FormatException)
        {
            return (null, $"Timestamp '{timestampText}' is not an xs:dateTime.");
        }

        return (new LogEvent(caseId, activity, timestamp, resource, attributes), null);
    }
}
