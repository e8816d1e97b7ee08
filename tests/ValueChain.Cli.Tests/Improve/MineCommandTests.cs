using System.Text.Json;
using ValueChain.Cli.Tests.Infrastructure;

namespace ValueChain.Cli.Tests.Improve;

public sealed class MineCommandTests : IDisposable
{
    private const string SmallLog = """
        ticket,step,at,agent
        T1,Open,2026-03-02T08:00:00Z,Ada
        T1,Fix,2026-03-02T10:00:00Z,Bob
        T1,Close,2026-03-03T08:00:00Z,Ada
        T2,Open,2026-03-02T09:00:00Z,Ada
        T2,Close,not a time,Ada
        ,Close,2026-03-02T12:00:00Z,Ada
        T2,Close,2026-03-02T12:00:00Z,Ada
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Helpdesk_preset_prints_the_statistics_of_all_cases_and_of_the_complete_ones()
    {
        var result = await CommandLine.RunAsync("mine", RealEventLogs.HelpdeskPath, "--preset", "helpdesk");

        result.ExitCode.ShouldBe(0, result.Error);
        result.OutputLines[0].ShouldStartWith("helpdesk-italy.csv: 21,348 rows read, 21,348 events, 0 rejected in ");
        result.OutputLines[0].ShouldContain(" rows/s)");
        result.OutputLines.ShouldContain("cases                   4580");
        result.OutputLines.ShouldContain("variants                226 (most frequent: 0.5166 of cases)");
        result.OutputLines.ShouldContain("directly-follows pairs  55 (8 self-loops)");
        result.OutputLines.ShouldContain("case duration (days)    mean 40.858, median 39.859, min 30.642, max 59.995");
        result.OutputLines.ShouldContain("Complete cases (begin with Assign seriousness or Insert ticket, end with Closed): 4,479 of 4,580, 101 left out");
        result.OutputLines.ShouldContain("directly-follows pairs  52 (8 self-loops)");
        result.Output.ShouldContain("median 39.827");
        result.OutputLines.ShouldContain(l => l.StartsWith("2366   51.66 %  4       Assign seriousness → Take in charge ticket → Resolve ticket → Closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Servicenow_preset_reads_the_gzip_file_and_reports_the_sla_made_on_the_last_record()
    {
        var result = await CommandLine.RunAsync("mine", RealEventLogs.ServiceNowPath, "--preset", "servicenow", "--top", "0");

        result.ExitCode.ShouldBe(0, result.Error);
        result.OutputLines[0].ShouldStartWith("servicenow-incident-event-log.csv.gz: 141,712 rows read, 141,712 events, 0 rejected in ");
        result.OutputLines.ShouldContain("cases                   24918");
        result.OutputLines.ShouldContain("made_sla = true on the last record of 63.4 % of 24,918 cases (15,803)");
    }

    [Fact]
    public async Task Column_options_map_any_csv_and_rejected_rows_are_listed_with_their_line()
    {
        var file = _folder.Write("tickets.csv", SmallLog);

        var result = await CommandLine.RunAsync("mine", file, "--case", "ticket", "--activity", "step", "--timestamp", "at", "--resource", "agent");

        result.ExitCode.ShouldBe(0, result.Error);
        result.OutputLines[0].ShouldStartWith("tickets.csv: 7 rows read, 5 events, 2 rejected in ");
        result.OutputLines.ShouldContain("line 6: Timestamp 'not a time' is not an ISO 8601 date and time.");
        result.OutputLines.ShouldContain("line 7: No case id in column 'ticket'.");
        result.OutputLines.ShouldContain("cases                   2");
        result.OutputLines.ShouldContain("case duration (days)    mean 0.563, median 0.563, min 0.125, max 1.000");
        result.OutputLines.ShouldContain("Start activities: Open (2)");
        result.OutputLines.ShouldContain("1      22h 0m  22h 0m  Fix → Close");
        result.Output.ShouldNotContain("Complete cases");
    }

    [Fact]
    public async Task Start_and_end_activities_summarize_the_complete_cases_too()
    {
        var file = _folder.Write("tickets.csv", SmallLog);

        var result = await CommandLine.RunAsync("mine", file, "--case", "ticket", "--activity", "step", "--timestamp", "at",
            "--start-activity", "Open", "--end-activity", "Close", "--end-activity", "Fix");

        result.OutputLines.ShouldContain("Complete cases (begin with Open, end with Close or Fix): 2 of 2, 0 left out");
    }

    [Fact]
    public async Task Xes_and_ocel_exports_are_written_and_the_xes_reads_back()
    {
        var file = _folder.Write("tickets.csv", SmallLog);
        var xes = Path.Combine(_folder.Path, "out.xes");
        var ocel = Path.Combine(_folder.Path, "out.json");

        var result = await CommandLine.RunAsync("mine", file, "--case", "ticket", "--activity", "step", "--timestamp", "at", "--xes", xes, "--ocel", ocel);

        result.ExitCode.ShouldBe(0, result.Error);
        result.OutputLines.ShouldContain($"wrote XES to {xes}");
        result.OutputLines.ShouldContain($"wrote OCEL 2.0 to {ocel}");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(ocel));
        json.RootElement.GetProperty("events").GetArrayLength().ShouldBe(5);
        json.RootElement.GetProperty("objects").GetArrayLength().ShouldBe(2);

        var again = await CommandLine.RunAsync("mine", xes);
        again.ExitCode.ShouldBe(0, again.Error);
        again.OutputLines[0].ShouldStartWith("out.xes: 5 rows read, 5 events, 0 rejected in ");
        again.OutputLines.ShouldContain("variants                2 (most frequent: 0.5000 of cases)");
    }

    [Fact]
    public async Task A_csv_without_a_mapping_is_a_usage_error()
    {
        var file = _folder.Write("tickets.csv", SmallLog);

        var result = await CommandLine.RunAsync("mine", file);

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldBe("error: say which columns make an event: --preset, or --case, --activity and --timestamp.");
        result.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_column_is_a_usage_error_that_names_the_columns()
    {
        var file = _folder.Write("tickets.csv", SmallLog);

        var result = await CommandLine.RunAsync("mine", file, "--case", "id", "--activity", "step", "--timestamp", "at");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("The case column 'id' is not in the header. Columns: 'ticket', 'step', 'at', 'agent'.");
    }

    [Fact]
    public async Task Unknown_preset_and_missing_file_are_usage_errors()
    {
        var file = _folder.Write("tickets.csv", SmallLog);

        var preset = await CommandLine.RunAsync("mine", file, "--preset", "jira");
        var missing = await CommandLine.RunAsync("mine", Path.Combine(_folder.Path, "none.csv"), "--preset", "helpdesk");

        preset.ExitCode.ShouldBe(2);
        preset.Error.ShouldContain("unknown preset 'jira'; the presets are servicenow, helpdesk.");
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("no such file:");
    }

    [Fact]
    public async Task A_file_where_no_row_is_an_event_fails()
    {
        var file = _folder.Write("bad.csv", "ticket,step,at\nT1,Open,never\n");

        var result = await CommandLine.RunAsync("mine", file, "--case", "ticket", "--activity", "step", "--timestamp", "at");

        result.ExitCode.ShouldBe(1);
        result.OutputLines.ShouldContain("line 2: Timestamp 'never' is not an ISO 8601 date and time.");
        result.Error.ShouldContain("no events could be read from the file.");
    }

    [Fact]
    public async Task Mining_does_not_create_a_database()
    {
        var file = _folder.Write("tickets.csv", SmallLog);

        await CommandLine.RunAsync("--data", _folder.Data, "mine", file, "--case", "ticket", "--activity", "step", "--timestamp", "at");

        Directory.Exists(_folder.Data).ShouldBeFalse();
    }
}
