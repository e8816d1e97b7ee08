using System.CommandLine;
using ValueChain.Bench;
using ValueChain.Bench.Server;
using ValueChain.Data.Storage;

// The benchmarks of ValueChain, each against a baseline measured in the same run. Run in Release:
//   dotnet run -c Release --project bench/ValueChain.Bench -- flow
//   dotnet run -c Release --project bench/ValueChain.Bench -- server
//   dotnet run -c Release --project bench/ValueChain.Bench -- flow-report --sqlite <file> | --postgres <connection>
var items = new Option<int>("--items") { Description = "How many work items to generate.", DefaultValueFactory = _ => 1_000_000 };
var runs = new Option<int>("--runs") { Description = "Timed runs per computation (after one warm-up); the median is reported.", DefaultValueFactory = _ => 3 };
var seed = new Option<int>("--seed") { Description = "Seed of the generated history.", DefaultValueFactory = _ => 20261101 };
var serviceNow = new Option<string?>("--servicenow")
{
    Description = "The ServiceNow incident log to time reading (default: ../shared/data/servicenow-incident-event-log.csv.gz when present).",
};

var flow = new Command("flow", "Flow metrics and process mining at scale, against DuckDB over the same data, and the ServiceNow log read rate.")
{
    items, runs, seed, serviceNow,
};
flow.SetAction(parse =>
{
    var log = parse.GetValue(serviceNow) ?? DefaultServiceNowLog();
    return FlowBenchmark.Run(parse.GetValue(items), Math.Max(1, parse.GetValue(runs)), parse.GetValue(seed), log, Console.Out);
});

var providers = new Option<string>("--provider") { Description = "Which database: sqlite, postgres or both.", DefaultValueFactory = _ => "both" };
var serverItems = new Option<int>("--items") { Description = "How many work items the database holds.", DefaultValueFactory = _ => 1_000_000 };
var clients = new Option<int>("--clients") { Description = "Concurrent clients on each path.", DefaultValueFactory = _ => 32 };
var seconds = new Option<int>("--seconds") { Description = "Timed seconds per path, after a warm-up of a third as long (at least 2 s).", DefaultValueFactory = _ => 15 };
var metricsRuns = new Option<int>("--metrics-runs") { Description = "How many times the flow report is asked for, one after the other.", DefaultValueFactory = _ => 20 };
var keepData = new Option<string?>("--keep-data") { Description = "Folder for the generated databases, reused between runs (default: valuechain-bench in the temporary folder)." };
var postgres = new Option<string?>("--postgres")
{
    Description = "PostgreSQL connection string (default: $VALUECHAIN_TEST_POSTGRES, else the private server that .ci/postgres starts).",
};
var backgroundJobs = new Option<string>("--background-jobs")
{
    Description = "on: the server runs its background work (service level clocks, webhooks) as in production; off: requests only.",
    DefaultValueFactory = _ => "on",
};
var serverSeed = new Option<int>("--seed") { Description = "Seed of the generated work.", DefaultValueFactory = _ => 20261123 };

var serverCommand = new Command("server", "The real server under load at scale on SQLite and PostgreSQL, against a bare Kestrel endpoint and a raw insert measured in the same run.")
{
    serverItems, providers, clients, seconds, metricsRuns, keepData, postgres, backgroundJobs, serverSeed,
};
serverCommand.SetAction(async (parse, cancellationToken) =>
{
    var provider = parse.GetValue(providers)!.Trim().ToLowerInvariant();
    string? refused = provider is not ("sqlite" or "postgres" or "both") ? $"Unknown provider '{provider}'; use sqlite, postgres or both."
        : parse.GetValue(serverItems) < 1000 ? "--items is at least 1000."
        : parse.GetValue(clients) is < 1 or > 256 ? "--clients is from 1 to 256."
        : parse.GetValue(seconds) < 1 ? "--seconds is at least 1."
        : parse.GetValue(metricsRuns) < 1 ? "--metrics-runs is at least 1."
        : parse.GetValue(backgroundJobs) is not ("on" or "off") ? "--background-jobs is on or off."
        : null;
    if (refused is not null)
    {
        await Console.Error.WriteLineAsync(refused);
        return 2;
    }

    var chosen = provider == "both" ? new[] { StorageSettings.Sqlite, StorageSettings.Postgres } : [provider];
    var connection = parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("VALUECHAIN_TEST_POSTGRES");
    if (chosen.Contains(StorageSettings.Postgres) && string.IsNullOrWhiteSpace(connection))
    {
        connection = StartPostgres();
        if (connection is null)
        {
            await Console.Error.WriteLineAsync("No PostgreSQL: pass --postgres, set VALUECHAIN_TEST_POSTGRES, or run from the repository so that .ci/postgres can start one.");
            return 2;
        }
    }

    var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
    var options = new ServerBenchmarkOptions(
        chosen, parse.GetValue(serverItems), parse.GetValue(serverSeed), parse.GetValue(clients), duration,
        TimeSpan.FromSeconds(Math.Max(2, duration.TotalSeconds / 3)), parse.GetValue(metricsRuns),
        Path.GetFullPath(parse.GetValue(keepData) ?? Path.Combine(Path.GetTempPath(), "valuechain-bench")), connection,
        parse.GetValue(backgroundJobs) == "on");
    return await ServerBenchmark.RunAsync(options, Console.Out, cancellationToken);
});

// The flow report against a database that already holds the data (the server benchmark's, for instance), read only.
var reportSqlite = new Option<string?>("--sqlite") { Description = "The SQLite database file to read (opened read-only)." };
var reportPostgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string of the database to read." };
var reportStream = new Option<string>("--stream") { Description = "The value stream.", DefaultValueFactory = _ => "restore-service" };
var reportTo = new Option<DateTimeOffset?>("--to") { Description = "End of the period, exclusive (default: today, midnight UTC)." };
var reportDays = new Option<int>("--days") { Description = "Length of the period in days.", DefaultValueFactory = _ => 90 };
var reportRuns = new Option<int>("--runs") { Description = "Timed runs (after one warm-up); medians are reported.", DefaultValueFactory = _ => 5 };
var flowReport = new Command("flow-report", "The flow report of one stream over a period against an existing database: load and calculation timed, and the bytes each allocates.")
{
    reportSqlite, reportPostgres, reportStream, reportTo, reportDays, reportRuns,
};
flowReport.SetAction(async (parse, cancellationToken) =>
{
    var (file, connection) = (parse.GetValue(reportSqlite), parse.GetValue(reportPostgres));
    string? refused = (file is null) == (connection is null) ? "Pass either --sqlite <file> or --postgres <connection string>."
        : file is not null && !File.Exists(file) ? $"No database file at {file}."
        : parse.GetValue(reportDays) < 1 ? "--days is at least 1."
        : parse.GetValue(reportRuns) < 1 ? "--runs is at least 1."
        : null;
    if (refused is not null)
    {
        await Console.Error.WriteLineAsync(refused);
        return 2;
    }

    var to = parse.GetValue(reportTo) ?? new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
    var period = new ValueChain.Improve.Metrics.MetricsPeriod(to.AddDays(-parse.GetValue(reportDays)), to);
    var storage = file is not null
        ? new StorageSettings(
            StorageSettings.Sqlite,
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(file), Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly }.ToString(),
            Path.GetDirectoryName(Path.GetFullPath(file))!)
        : new StorageSettings(StorageSettings.Postgres, connection!, Path.GetTempPath());
    var where = file ?? $"database {new Npgsql.NpgsqlConnectionStringBuilder(connection).Database}";
    return await FlowReportBenchmark.RunAsync(
        storage, where, period, new ValueChain.Improve.Metrics.MetricsFilter(ValueStream: parse.GetValue(reportStream)), parse.GetValue(reportRuns), Console.Out, cancellationToken);
});

// The bare Kestrel baseline, started by the server benchmark in its own process.
var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5090" };
var kestrel = new Command("kestrel", "A bare Kestrel endpoint returning a constant (the server benchmark's baseline).") { urls };
kestrel.Hidden = true;
kestrel.SetAction(async (parse, _) =>
{
    await BareKestrel.RunAsync(["--urls", parse.GetValue(urls)!]);
    return 0;
});

var root = new RootCommand("ValueChain benchmarks.") { flow, serverCommand, flowReport, kestrel };
return await root.Parse(args).InvokeAsync();

// The private PostgreSQL of the test suite (.ci/postgres), started if it is not running; its connection string.
static string? StartPostgres()
{
    var script = Files.Find(Path.Combine(".ci", "postgres"));
    if (script is null)
    {
        return null;
    }

    Console.WriteLine($"Starting PostgreSQL with {script}...");
    using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true })!;
    var connection = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return process.ExitCode == 0 && connection.Length > 0 ? connection : null;
}

static string? DefaultServiceNowLog() => Files.Find(Path.Combine("..", "shared", "data", "servicenow-incident-event-log.csv.gz"));
