using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Tests.Improve;

public sealed class XesEventLogReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_log_written_as_xes_reads_back_as_the_same_events()
    {
        List<LogEvent> events =
        [
            new("INC1", "New", Start, "Ada", [new("priority", "2 - High")]),
            new("INC1", "Closed", Start.AddHours(5), null, [new("made_sla", "true")]),
            new("INC2", "New", Start.AddMinutes(1), "Bob"),
        ];
        using var buffer = new MemoryStream();
        XesWriter.Write(buffer, CaseTrace.Group(events), "incidents");
        buffer.Position = 0;

        var report = new ImportReport();
        var read = XesEventLogReader.Read(new StreamReader(buffer), report).ToList();

        read.Select(e => (e.CaseId, e.Activity, e.Timestamp, e.Resource)).ShouldBe(events.Select(e => (e.CaseId, e.Activity, e.Timestamp, e.Resource)));
        read[0].AttributeList.ShouldBe([new KeyValuePair<string, string>("priority", "2 - High")]);
        report.EventsImported.ShouldBe(3);
    }

    [Fact]
    public void Events_without_name_or_readable_time_or_outside_a_trace_are_rejected_with_their_line()
    {
        const string xes = """
            <?xml version="1.0" encoding="UTF-8"?>
            <log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
              <global scope="trace"><string key="concept:name" value="__INVALID__"/></global>
              <trace>
                <string key="concept:name" value="T1"/>
                <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2026-03-02T08:00:00.000+01:00"/>
                  <string key="note" value="outer"><string key="nested" value="ignored"/></string></event>
                <event><date key="time:timestamp" value="2026-03-02T09:00:00Z"/></event>
                <event><string key="concept:name" value="c"/><date key="time:timestamp" value="soon"/></event>
                <event><string key="concept:name" value="d"/></event>
              </trace>
              <trace/>
              <event><string key="concept:name" value="loose"/><date key="time:timestamp" value="2026-03-02T09:00:00Z"/></event>
            </log>
            """;

        var report = new ImportReport();
        var events = XesEventLogReader.Read(new StringReader(xes), report).ToList();

        var only = events.ShouldHaveSingleItem();
        only.CaseId.ShouldBe("T1");
        only.Timestamp.ShouldBe(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
        only.AttributeList.ShouldBe([new KeyValuePair<string, string>("note", "outer")]);
        report.Rejections.ShouldBe(
        [
            new RejectedRow(8, "Event without concept:name: it has no activity."),
            new RejectedRow(9, "Timestamp 'soon' is not an xs:dateTime."),
            new RejectedRow(10, "Event without time:timestamp."),
            new RejectedRow(13, "Event outside a trace: it belongs to no case."),
        ]);
    }

    [Fact]
    public void A_broken_document_is_a_format_error()
    {
        var error = Should.Throw<EventLogFormatException>(() =>
            XesEventLogReader.Read(new StringReader("<log><trace>"), new ImportReport()).ToList());

        error.Message.ShouldStartWith("Not a well-formed XES document:");
    }
}
