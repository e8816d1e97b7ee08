using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Cli.Tests.Infrastructure;
using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Data.Improve.Import;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Improve.Import;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Cli.Tests.Improve;

/// <summary><c>valuechain import</c> on a freshly seeded demo organization of each test's own.</summary>
public sealed class ImportCommandTests : IAsyncLifetime
{
    private const int DemoItems = 48;

    private const string SmallMapping = """
        value-stream: restore-service
        title: "Ticket {case}: {attr:subject}"
        priority: { attribute: urgency, values: { urgent: critical } }
        service: email
        activities:
          Logged:   { step: log-and-triage }
          Working:  { step: diagnose-and-restore, action: start }
          Waiting:  { step: diagnose-and-restore, action: wait, reason: customer }
          Solved:   { step: confirm-with-user }
          Closed:   value
          Note:     ignore
        """;

    private readonly TempFolder _folder = new();

    private static string ImportsFolder => Path.Combine(RepositoryFolder.Root, "imports");

    public async Task InitializeAsync() => Assert.Equal(0, (await CommandLine.RunAsync("--data", _folder.Data, "demo", "seed")).ExitCode);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private Task<CliResult> ImportAsync(params string[] args) => CommandLine.RunAsync(["--data", _folder.Data, "import", .. args]);

    private async Task<T> QueryAsync<T>(Func<IServiceProvider, Task<T>> query)
    {
        await using var services = new ServiceCollection().AddValueChainData(StorageSettings.ForDataDirectory(_folder.Data)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider);
    }

    private Task<int> WorkItemCountAsync() => QueryAsync(s => s.GetRequiredService<ValueChainDbContext>().WorkItems.CountAsync());

    /// <summary>A CSV log with a header and the given rows, each <c>case,activity,timestamp,resource,subject,urgency</c>.</summary>
    private string Log(params string[] rows) =>
        _folder.Write("log.csv", "case,activity,timestamp,resource,subject,urgency\n" + string.Join('\n', rows) + "\n");

    private static string[] Columns => ["--case", "case", "--activity", "activity", "--timestamp", "timestamp", "--resource", "resource"];

    [Fact]
    public async Task The_servicenow_log_becomes_one_work_item_per_incident_with_its_whole_history()
    {
        var result = await ImportAsync(RealEventLogs.ServiceNowPath, "--preset", "servicenow", "--mapping", Path.Combine(ImportsFolder, "servicenow.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("servicenow-incident-event-log.csv.gz → restore-service v1: 141,712 rows read, 5 ignored, 116 rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("24,918 work items, 179,951 events written", result.Output, StringComparison.Ordinal);
        Assert.Contains("work items written", result.Error, StringComparison.Ordinal);

        var imported = await QueryAsync(async s =>
        {
            var db = s.GetRequiredService<ValueChainDbContext>();
            var items = db.WorkItems.Where(w => w.Channel == "import:servicenow");
            var events = db.Events.Where(e => items.Any(w => w.Id == e.WorkItemId));
            return new
            {
                Items = await items.CountAsync(),
                Realized = await items.CountAsync(w => w.State == WorkItemState.ValueRealized),
                Critical = await items.CountAsync(w => w.Priority == ValueChain.Engage.Priority.Critical),
                Revisions = await items.SumAsync(w => w.Revision),
                Events = await events.CountAsync(),
                Opened = await events.CountAsync(e => e.Type == EventTypes.DemandOpened),
                Confirmed = await events.CountAsync(e => e.Type == EventTypes.ValueConfirmed),
                SupplierWaits = await events.CountAsync(e => e.Type == EventTypes.StepWaiting && e.Data!.Contains("\"supplier\"")),
                Visits = await items.SelectMany(w => w.Visits).CountAsync(),
            };
        });
        // Every incident of the export ends Closed, so every one ends in confirmed value.
        Assert.Equal(24_918, imported.Items);
        Assert.Equal(24_918, imported.Realized);
        Assert.True(imported.Critical > 0, "Priorities are mapped from the first snapshot.");
        Assert.Equal(179_951, imported.Events);
        Assert.Equal(imported.Events, imported.Revisions);
        Assert.Equal(24_918, imported.Opened);
        Assert.Equal(24_918, imported.Confirmed);
        Assert.True(imported.SupplierWaits > 0);
        Assert.True(imported.Visits >= 2 * 24_918, $"{imported.Visits} visits");

        // Imported history counts in the same metrics as native work (the demo's work is years later).
        var report = await CommandLine.RunAsync("--data", _folder.Data, "report", "--from", "2015-01-01", "--to", "2019-01-01", "--stream", "restore-service");
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("velocity    24,918 completed", report.Output, StringComparison.Ordinal);
        Assert.Contains("value       24,918 confirmed", report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_helpdesk_log_becomes_one_work_item_per_ticket()
    {
        var result = await ImportAsync(RealEventLogs.HelpdeskPath, "--preset", "helpdesk", "--mapping", Path.Combine(ImportsFolder, "helpdesk.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("4,580 work items", result.Output, StringComparison.Ordinal);
        Assert.Equal(DemoItems + 4_580, await WorkItemCountAsync());
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_line_and_reason_and_the_rest_imported()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "map.yaml"), SmallMapping);
        var log = Log(
            "T1,Logged,2026-03-02T09:00:00Z,ann,Mail down,urgent",
            "T1,Working,2026-03-02T09:30:00Z,bob,,",
            "T1,Waiting,2026-03-02T10:00:00Z,bob,,",
            "T1,Working,2026-03-02T12:00:00Z,bob,,",
            "T1,Solved,yesterday,bob,,",
            "T1,Escalated,2026-03-02T13:00:00Z,bob,,",
            "T1,Note,2026-03-02T13:30:00Z,bob,,",
            "T2,Logged,2026-03-02T11:00:00Z,ann,Printer,",
            "T1,Closed,2026-03-03T09:00:00Z,ann,,");

        var result = await ImportAsync([log, "--mapping", Path.Combine(_folder.Path, "map.yaml"), "--attribute", "subject", .. Columns]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("9 rows read, 1 ignored, 2 rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("line 6: Timestamp 'yesterday' is not an ISO 8601 date and time.", result.Output, StringComparison.Ordinal);
        Assert.Contains("line 7: Activity 'Escalated' is not in the mapping", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 work items, 9 events written", result.Output, StringComparison.Ordinal);

        var items = await QueryAsync(s => s.GetRequiredService<WorkItemQueries>().ListAsync(new WorkItemFilter(ValueStream: "restore-service", Service: "email", Limit: 500)));
        var t1 = items.Items.Single(w => w.Title == "Ticket T1: Mail down");
        var t2 = items.Items.Single(w => w.Title == "Ticket T2: Printer");
        Assert.Equal((WorkItemState.ValueRealized, ValueChain.Engage.Priority.Critical), (t1.State, t1.Priority));
        Assert.Equal(("log-and-triage", ValueChain.Engage.Priority.Medium), (t2.CurrentStepKey, t2.Priority));
        var visits = t1.Visits;
        Assert.Equal(["log-and-triage", "diagnose-and-restore"], visits.OrderBy(v => v.Ordinal).Select(v => v.StepKey));
        Assert.Equal(TimeSpan.FromHours(2), visits.Single(v => v.StepKey == "diagnose-and-restore").Waited);
    }

    [Fact]
    public async Task A_mapping_that_does_not_fit_the_stream_writes_nothing_and_says_where()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "map.yaml"), SmallMapping.Replace("step: confirm-with-user", "step: confirm", StringComparison.Ordinal));
        var log = Log("T1,Logged,2026-03-02T09:00:00Z,ann,Mail down,");

        var result = await ImportAsync([log, "--mapping", Path.Combine(_folder.Path, "map.yaml"), .. Columns]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("map.yaml:9:", result.Error, StringComparison.Ordinal);
        Assert.Contains("has no step 'confirm'", result.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", result.Error, StringComparison.Ordinal);
        Assert.Equal(DemoItems, await WorkItemCountAsync());
    }

    [Fact]
    public async Task A_mapping_with_bad_yaml_or_an_unknown_stream_writes_nothing()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "bad.yaml"), "value-stream: restore-service\nactivities:\n  Logged: { action: wait }\n");
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "unknown.yaml"), SmallMapping.Replace("restore-service", "restore-everything", StringComparison.Ordinal));
        var log = Log("T1,Logged,2026-03-02T09:00:00Z,ann,Mail down,");

        var bad = await ImportAsync([log, "--mapping", Path.Combine(_folder.Path, "bad.yaml"), .. Columns]);
        var unknown = await ImportAsync([log, "--mapping", Path.Combine(_folder.Path, "unknown.yaml"), .. Columns]);
        var missing = await ImportAsync([Path.Combine(_folder.Path, "nope.csv"), "--mapping", Path.Combine(_folder.Path, "bad.yaml"), .. Columns]);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("bad.yaml:3:", bad.Error, StringComparison.Ordinal);
        Assert.Contains("A wait needs a reason", bad.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("There is no published value stream 'restore-everything'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Error, StringComparison.Ordinal);
        Assert.Equal(DemoItems, await WorkItemCountAsync());
    }

    [Fact]
    public async Task A_database_failure_half_way_leaves_nothing_of_the_import()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "map.yaml"), SmallMapping);
        var rows = Enumerable.Range(1, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"C{i:000},Logged,2026-03-02T09:00:00Z,ann,Case {i},")).ToArray();
        var log = Log(rows);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.Data, "valuechain.db")}"))
        {
            await connection.OpenAsync();
            await using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER FailHalfWay BEFORE INSERT ON WorkItems WHEN new.Title = 'Ticket C200: Case 200' BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;";
            await trigger.ExecuteNonQueryAsync();
        }

        var result = await ImportAsync([log, "--mapping", Path.Combine(_folder.Path, "map.yaml"), "--attribute", "subject", .. Columns]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the disk is full", result.Error, StringComparison.Ordinal);
        Assert.Equal(DemoItems, await WorkItemCountAsync());
        Assert.Equal(0, await QueryAsync(s => s.GetRequiredService<ValueChainDbContext>().Events.CountAsync(e => e.Actor == "ann" && e.OccurredAt == new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public async Task Cancelling_half_way_leaves_nothing_of_the_import()
    {
        var mapping = HistoryMappingReader.Read(SmallMapping).Mapping!;
        var text = new StringBuilder("case,activity,timestamp\n");
        for (var i = 0; i < 500; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"C{i:000},Logged,2026-03-02T09:00:00Z\nC{i:000},Closed,2026-03-02T10:00:00Z\n");
        }

        using var cancel = new CancellationTokenSource();
        var written = 0L;
        var thrown = await QueryAsync(async s =>
        {
            var import = new HistoryImport(s.GetRequiredService<ValueChainDbContext>(), s.GetRequiredService<ValueStreamCatalog>()) { ProgressCases = 100 };
            var plan = (await import.PlanAsync(mapping)).Value;
            var events = CsvEventLogReader.Open(new StringReader(text.ToString()), new CsvEventLogMapping("case", "activity", "timestamp")).Read(new ImportReport());
            return await Record.ExceptionAsync(() => import.RunAsync(plan, events, new ImportReport(), "import:test", progress =>
            {
                if (progress.CasesWritten >= 200)
                {
                    written = progress.CasesWritten;
                    cancel.Cancel();
                }
            }, cancel.Token));
        });

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.Equal(200, written);
        Assert.Equal(DemoItems, await WorkItemCountAsync());
    }
}
