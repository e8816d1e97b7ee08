using System.IO.Compression;
using System.Text;
using ValueChain.Cli.Tests.Infrastructure;
using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Tests.Improve;

public sealed class CsvEventLogReaderTests : IDisposable
{
    private static readonly CsvEventLogMapping Mapping = new("case", "activity", "time", "yyyy-MM-dd HH:mm", "who", ["note"], ["?"]);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static (List<LogEvent> Events, ImportReport Report) Read(string csv, CsvEventLogMapping? mapping = null)
    {
        var report = new ImportReport();
        var events = CsvEventLogReader.Open(new StringReader(csv), mapping ?? Mapping).Read(report).ToList();
        return (events, report);
    }

    [Fact]
    public void Rows_become_events_with_resource_attributes_and_utc_times()
    {
        var (events, report) = Read("case,activity,time,who,note\n1,Open,2026-03-02 08:30,Ada,first\n1,Close,2026-03-02 09:00,?,\n");

        events.Count.ShouldBe(2);
        events[0].ShouldBe(events[0] with { CaseId = "1", Activity = "Open", Resource = "Ada" });
        events[0].Timestamp.ShouldBe(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero));
        events[0].AttributeList.ShouldBe([new KeyValuePair<string, string>("note", "first")]);
        // '?' and the empty field both mean "not recorded".
        events[1].Resource.ShouldBeNull();
        events[1].AttributeList.ShouldBeEmpty();
        report.RowsRead.ShouldBe(2);
        report.EventsImported.ShouldBe(2);
        report.RowsRejected.ShouldBe(0);
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_quotes_and_line_breaks_and_lines_are_counted_across_them()
    {
        var (events, report) = Read(
            "case,activity,time,who,note\n"
            + "1,\"Open, urgent\",2026-03-02 08:30,Ada,\"said \"\"hi\"\"\nthen left\"\n"
            + "1,Close,yesterday,Ada,x\n");

        events.Single().Activity.ShouldBe("Open, urgent");
        events.Single().Attribute("note").ShouldBe("said \"hi\"\nthen left");
        // The rejected row starts on line 4: the quoted note took lines 2 and 3.
        report.Rejections.ShouldBe([new RejectedRow(4, "Timestamp 'yesterday' does not match the format 'yyyy-MM-dd HH:mm'.")]);
    }

    [Fact]
    public void Rows_without_case_id_activity_or_readable_timestamp_are_rejected_with_line_and_reason_and_the_rest_imported()
    {
        var (events, report) = Read(
            "case,activity,time,who,note\n"
            + "1,Open,2026-03-02 08:30,Ada,\n"
            + "?,Open,2026-03-02 08:30,Ada,\n"
            + "\n"
            + "2,,2026-03-02 08:30,Ada,\n"
            + "3,Open,2026-02-30 08:30,Ada,\n"
            + "4,Open,,Ada,\n"
            + "5,Open,2026-03-02 08:30\n"
            + "6,Open,2026-03-02 10:00,Bob,\n");

        events.Select(e => e.CaseId).ShouldBe(["1", "6"]);
        report.RowsRead.ShouldBe(7);
        report.EventsImported.ShouldBe(2);
        report.RowsRejected.ShouldBe(5);
        report.Rejections.ShouldBe(
        [
            new RejectedRow(3, "No case id in column 'case'."),
            new RejectedRow(5, "No activity in column 'activity'."),
            new RejectedRow(6, "Timestamp '2026-02-30 08:30' does not match the format 'yyyy-MM-dd HH:mm'."),
            new RejectedRow(7, "No timestamp in column 'time'."),
            new RejectedRow(8, "3 fields where the header has 5."),
        ]);
    }

    [Fact]
    public void Without_a_format_timestamps_are_read_as_iso_8601_with_their_offset()
    {
        var (events, _) = Read("case,activity,time\n1,Open,2026-03-02T08:30:00+02:00\n1,Close,2026-03-02T09:00:00Z\n", new("case", "activity", "time"));

        events.Select(e => e.Timestamp.UtcDateTime).ShouldBe([new DateTime(2026, 3, 2, 6, 30, 0), new DateTime(2026, 3, 2, 9, 0, 0)]);
    }

    [Fact]
    public void A_repeated_header_must_be_named_by_number_and_its_attribute_carries_the_number()
    {
        const string csv = "case,activity,time,Variant,Variant\n1,Open,2026-03-02 08:30,V1,copy\n";

        var ambiguous = Should.Throw<EventLogFormatException>(() => Read(csv, Mapping with { Resource = null, Attributes = ["Variant"] }));
        ambiguous.Message.ShouldBe("The attribute column 'Variant' appears 2 times in the header (columns #4, #5); name the one you mean by its number.");

        var (events, _) = Read(csv, Mapping with { Resource = null, Attributes = ["#4"] });
        events.Single().AttributeList.ShouldBe([new KeyValuePair<string, string>("Variant#4", "V1")]);
    }

    [Fact]
    public void A_column_that_is_not_there_is_named_with_the_columns_that_are()
    {
        var error = Should.Throw<EventLogFormatException>(() => Read("case,activity,when\n", new("case", "activity", "time")));

        error.Message.ShouldBe("The timestamp column 'time' is not in the header. Columns: 'case', 'activity', 'when'.");
        Should.Throw<EventLogFormatException>(() => Read("case,activity,when\n", new("case", "activity", "#4")))
            .Message.ShouldBe("The timestamp column #4 does not exist: the header has 3 columns.");
        Should.Throw<EventLogFormatException>(() => Read("", Mapping)).Message.ShouldBe("The file is empty: there is no header row.");
    }

    [Fact]
    public void Gzip_files_are_recognized_by_their_bytes_and_read_as_they_decompress()
    {
        var path = Path.Combine(_folder.Path, "log.csv.data");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("case,activity,time,who,note\n1,Open,2026-03-02 08:30,Ada,x\n"));
        }

        using var text = EventLogFiles.OpenText(path);
        var events = CsvEventLogReader.Open(text, Mapping).Read(new ImportReport()).ToList();

        events.Single().Activity.ShouldBe("Open");
    }

    [Fact]
    public void Events_are_read_lazily_so_a_large_file_streams()
    {
        var report = new ImportReport();
        var events = CsvEventLogReader.Open(new StringReader("case,activity,time\n1,a,2026-03-02T08:00:00Z\n1,b,2026-03-02T09:00:00Z\n"), new("case", "activity", "time"))
            .Read(report);

        using var enumerator = events.GetEnumerator();
        enumerator.MoveNext().ShouldBeTrue();
        report.RowsRead.ShouldBe(1);
    }
}
