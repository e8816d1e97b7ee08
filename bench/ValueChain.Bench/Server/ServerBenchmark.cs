using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using ValueChain.Data.Storage;

namespace ValueChain.Bench.Server;

internal sealed record ServerBenchmarkOptions(
    IReadOnlyList<string> Providers, int Items, int Seed, int Clients, TimeSpan Duration, TimeSpan WarmUp, int MetricsRuns, string DataFolder, string? Postgres,
    bool BackgroundJobs = true);

/// <summary>
/// The server at scale: the real server process on 127.0.0.1 against a database of generated work, loaded by a closed-loop
/// client on the paths people use all day, beside two baselines measured in the same run (a bare Kestrel endpoint
/// returning a constant, and a single-row transactional insert into the same database), with the server's peak memory.
/// </summary>
internal static class ServerBenchmark
{
    private const string Stream = "restore-service";

    /// <summary>Team and activity pairs that the shipped value streams have steps for: the inboxes agents open.</summary>
    private static readonly (string Team, string Activity)[] Inboxes =
    [
        ("service-desk", "engage"), ("infrastructure", "deliver-support"), ("procurement", "engage"), ("applications", "obtain-build"),
        ("change-advisory", "design-transition"), ("service-management-office", "improve"), ("service-desk", "deliver-support"),
    ];

    private static readonly string[] Searches = ["printer", "vpn slow", "laptop berlin", "invoice", "password reset", "docking warehouse"];

    public static async Task<int> RunAsync(ServerBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var server = ServerAssembly();
        if (!File.Exists(server))
        {
            await Console.Error.WriteLineAsync($"The server is not built at {server}; build it with: dotnet build -c Release src/ValueChain.Server");
            return 2;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Server benchmark: {options.Items:N0} work items, {options.Clients} clients, {options.WarmUp.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s per path, {Environment.ProcessorCount} cores, .NET {Environment.Version}."));
        output.WriteLine($"Server: {server}");
        output.WriteLine($"Data folder: {options.DataFolder}");
        var failed = false;
        foreach (var provider in options.Providers)
        {
            output.WriteLine();
            output.WriteLine($"== {provider} ==");
            var clock = Stopwatch.StartNew();
            var database = await BenchDatabases.PrepareAsync(provider, options.Items, options.Seed, options.DataFolder, options.Postgres, output, cancellationToken);
            output.WriteLine($"Database ready in {Measure.Seconds(clock.Elapsed)}.");
            failed |= !await RunProviderAsync(options, server, database, output, cancellationToken);
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> RunProviderAsync(ServerBenchmarkOptions options, string serverAssembly, BenchDatabase database, TextWriter output, CancellationToken cancellationToken)
    {
        var token = await BenchDatabases.IssueTokenAsync(database.Storage, cancellationToken);
        var results = new List<LoadResult>();
        var duration = options.Duration;
        var warmUp = options.WarmUp;
        var clients = options.Clients;

        // The framework's ceiling: a bare Kestrel endpoint in its own process.
        await using (var kestrel = await ChildServer.StartAsync("bare Kestrel", BenchAssembly(), ["kestrel"], new Dictionary<string, string>(), "/", output, cancellationToken))
        {
            using var http = LoadClient.Create(clients);
            var ceiling = await LoadClient.RunAsync(http, "bare Kestrel: GET constant", clients, warmUp, duration,
                (_, _) => new HttpRequestMessage(HttpMethod.Get, kestrel.Url + "/"), cancellationToken);
            Print(output, ceiling);
            results.Add(ceiling);
        }

        // The storage ceiling: one row per transaction, straight through ADO.NET.
        var insert = await RawInsertAsync(database.Storage, clients, warmUp, duration, cancellationToken);
        Print(output, insert);
        results.Add(insert);

        var environment = new Dictionary<string, string>
        {
            ["ValueChain__Database__Provider"] = database.Storage.Provider,
            ["ConnectionStrings__ValueChain"] = database.Storage.ConnectionString,
            ["ValueChain__DataDirectory"] = database.Storage.DataDirectory,
            ["ValueChain__SeedDemo"] = "false",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ValueChain__Jobs__Enabled"] = options.BackgroundJobs ? "true" : "false",
        };
        await using var server = await ChildServer.StartAsync("ValueChain server", serverAssembly, [], environment, "/health", output, cancellationToken);
        using var memory = new MemorySampler(server.ProcessId);

        // What the server does on its own (service level clocks, webhooks) takes CPU from every request: measure it idle,
        // just after start (the first look at every open item's clocks) and then over a whole interval between looks.
        var starting = await MemorySampler.CpuShareAsync(server.ProcessId, TimeSpan.FromSeconds(10), cancellationToken);
        var steady = await MemorySampler.CpuShareAsync(server.ProcessId, TimeSpan.FromSeconds(35), cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  server idle with background jobs {(options.BackgroundJobs ? "on" : "off")}: {starting:P0} of one core for 10 s after start, {steady:P0} over the next 35 s"));
        using var api = LoadClient.Create(clients);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        api.BaseAddress = new Uri(server.Url);

        var demandTypes = new[] { ("incident", "email"), ("service-request", "workplace"), ("incident", "network"), ("change-request", "erp") };
        var open = await OnServerAsync(server.ProcessId, () => LoadClient.RunAsync(api, "open demand: POST /api/v1/demand", clients, warmUp, duration, (worker, sequence) =>
        {
            var (type, service) = demandTypes[(int)(sequence % demandTypes.Length)];
            return new HttpRequestMessage(HttpMethod.Post, "/api/v1/demand")
            {
                Content = JsonContent.Create(new
                {
                    type,
                    title = $"Printer {sequence} not working at desk {worker}",
                    description = "Opened by the server benchmark.",
                    service,
                    requester = WorkItemGenerator.Requester((worker * 977) + (int)(sequence % 1000)),
                    priority = "medium",
                    channel = "api",
                }),
            };
        }, cancellationToken));
        Print(output, open);
        results.Add(open);

        var inbox = await OnServerAsync(server.ProcessId, () => LoadClient.RunAsync(api, "inbox: first page by team and activity", clients, warmUp, duration, (worker, sequence) =>
        {
            var (team, activity) = Inboxes[(int)((worker + sequence) % Inboxes.Length)];
            return new HttpRequestMessage(HttpMethod.Get, $"/api/v1/work-items?state=active&team={team}&activity={activity}&limit=25");
        }, cancellationToken));
        Print(output, inbox);
        results.Add(inbox);

        var search = await OnServerAsync(server.ProcessId, () => LoadClient.RunAsync(api, "search: GET /api/v1/work-items?q=", clients, warmUp, duration, (worker, sequence) =>
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/work-items?q={Uri.EscapeDataString(Searches[(int)((worker + sequence) % Searches.Length)])}&limit=25"),
            cancellationToken));
        Print(output, search);
        results.Add(search);

        var random = new Random(options.Seed);
        var page = await OnServerAsync(server.ProcessId, () => LoadClient.RunAsync(api, "work item page: GET /api/v1/work-items/{id}", clients, warmUp, duration, (_, _) =>
        {
            long id;
            lock (random)
            {
                id = 1 + random.NextInt64(options.Items);
            }

            return new HttpRequestMessage(HttpMethod.Get, $"/api/v1/work-items/{id}");
        }, cancellationToken));
        Print(output, page);
        results.Add(page);

        // Transitions need work in progress: the newest items (opened above) are started, then each worker puts its own
        // items on wait and resumes them in turn, so that every request is a real transition.
        var perWorker = 4;
        var items = await StartedItemsAsync(api, clients * perWorker, cancellationToken);
        var transition = await OnServerAsync(server.ProcessId, () => LoadClient.RunAsync(api, "transition: wait / resume a step", clients, warmUp, duration, (worker, sequence) =>
        {
            var id = items[(worker * perWorker) + (int)(sequence / 2 % perWorker)];
            return sequence % 2 == 0
                ? new HttpRequestMessage(HttpMethod.Post, $"/api/v1/work-items/{id}/wait") { Content = JsonContent.Create(new { reason = "customer", note = "Asked the user for a screenshot." }) }
                : new HttpRequestMessage(HttpMethod.Post, $"/api/v1/work-items/{id}/resume") { Content = JsonContent.Create(new { note = "Screenshot received." }) };
        }, cancellationToken));
        Print(output, transition);
        results.Add(transition);

        // A report is asked for by one person at a time: its latency is the figure, so one client asks in a row.
        var metrics = await OnServerAsync(server.ProcessId, () => MetricsAsync(api, options.MetricsRuns, cancellationToken));
        Print(output, metrics);
        results.Add(metrics);

        var peak = memory.Peak();
        output.WriteLine();
        output.WriteLine($"{database.Storage.Provider}: {options.Items:N0} work items in {database.Where}; server peak RSS {peak / (1024 * 1024):N0} MB.");
        return Report(output, results, peak);
    }

    /// <summary>Runs a phase and notes the server's CPU time per answered request over it.</summary>
    private static async Task<LoadResult> OnServerAsync(int processId, Func<Task<LoadResult>> phase)
    {
        var before = MemorySampler.CpuTicks(processId);
        var result = await phase();
        var used = (MemorySampler.CpuTicks(processId) - before) * 10.0;
        return result with { ServerCpuPerRequest = result.Requests > 0 ? used / result.Requests : null };
    }

    private static async Task<LoadResult> RawInsertAsync(StorageSettings storage, int clients, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
    {
        const string Path = "raw insert: one row per transaction";
        if (storage.IsPostgres)
        {
            await using var source = NpgsqlDataSource.Create(storage.ConnectionString);
            await using (var create = source.CreateCommand("CREATE TABLE IF NOT EXISTS \"BenchInserts\" (\"Id\" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"Title\" varchar(200) NOT NULL, \"At\" timestamptz NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            return await LoadClient.RunAsync(Path, clients, warmUp, duration, async (worker, sequence) =>
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var command = new NpgsqlCommand("INSERT INTO \"BenchInserts\" (\"Title\", \"At\") VALUES (@title, @at)", connection, transaction);
                command.Parameters.AddWithValue("title", $"row {sequence} of client {worker}");
                command.Parameters.AddWithValue("at", TimeProvider.System.GetUtcNow());
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }, cancellationToken);
        }

        await using (var connection = new SqliteConnection(storage.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS BenchInserts (Id INTEGER PRIMARY KEY, Title TEXT NOT NULL, At TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return await LoadClient.RunAsync(Path, clients, warmUp, duration, (worker, sequence) =>
        {
            // As the server's own SQLite connections: pooled, a write transaction taken at BEGIN.
            using var connection = new SqliteConnection(storage.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO BenchInserts (Title, At) VALUES ($title, $at)";
            command.Parameters.AddWithValue("$title", $"row {sequence} of client {worker}");
            command.Parameters.AddWithValue("$at", TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
            transaction.Commit();
            return Task.CompletedTask;
        }, cancellationToken);
    }

    private static async Task<long[]> StartedItemsAsync(HttpClient api, int count, CancellationToken cancellationToken)
    {
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/work-items?state=active&sort=-created&limit={count}", cancellationToken);
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
        if (ids.Length < count)
        {
            throw new InvalidOperationException($"Only {ids.Length} active work items to move; {count} are needed.");
        }

        foreach (var id in ids)
        {
            using var started = await api.PostAsync($"/api/v1/work-items/{id}/start", null, cancellationToken);
            if (!started.IsSuccessStatusCode && started.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                throw new InvalidOperationException($"Starting work item {id} answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        return ids;
    }

    private static async Task<LoadResult> MetricsAsync(HttpClient api, int runs, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/metrics?valueStream={Stream}";
        using (var warm = await api.GetAsync(path, cancellationToken))
        {
            warm.EnsureSuccessStatusCode();
        }

        var ticks = new List<long>(runs);
        var failures = 0L;
        string? first = null;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await api.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                ticks.Add(Stopwatch.GetTimestamp() - started);
            }
            else
            {
                failures++;
                first ??= $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}";
            }
        }

        return LoadResult.From($"metrics: {Stream}, last 90 days", 1, clock.Elapsed, ticks, failures, first);
    }

    private static void Print(TextWriter output, LoadResult result)
    {
        var cpu = result.ServerCpuPerRequest is { } perRequest ? string.Create(CultureInfo.InvariantCulture, $", server CPU {perRequest:0.0} ms per request") : "";
        var failures = result.Failures > 0 ? string.Create(CultureInfo.InvariantCulture, $", {result.Failures:N0} FAILED, first: {result.FirstFailure}") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.Path}: {result.PerSecond:N0}/s, p50 {LoadClient.Milliseconds(result.P50)} ms, p95 {LoadClient.Milliseconds(result.P95)} ms, p99 {LoadClient.Milliseconds(result.P99)} ms, {result.Requests:N0} requests{cpu}{failures}"));
    }

    /// <summary>Prints the table with the ratios and targets; false when a path failed requests.</summary>
    private static bool Report(TextWriter output, IReadOnlyList<LoadResult> results, long peakBytes)
    {
        var kestrel = results[0];
        var insert = results[1];
        var targets = new Dictionary<string, (string Text, Func<LoadResult, bool> Met)>
        {
            [results[2].Path] = ("≥ 50 % of raw insert", r => r.PerSecond >= 0.5 * insert.PerSecond),
            [results[3].Path] = ("p95 < 50 ms", r => r.P95 < 50),
            [results[4].Path] = ("p95 < 50 ms", r => r.P95 < 50),
            [results[5].Path] = ("p95 < 30 ms", r => r.P95 < 30),
            [results[7].Path] = ("p95 < 500 ms", r => r.P95 < 500),
        };
        output.WriteLine($"| path | clients | requests/s | p50 ms | p95 ms | p99 ms | server CPU ms/request | ÷ bare Kestrel | ÷ raw insert | target | met |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            var write = r == insert || r.Path.StartsWith("open demand", StringComparison.Ordinal) || r.Path.StartsWith("transition", StringComparison.Ordinal);
            var target = targets.TryGetValue(r.Path, out var t) ? (t.Text, t.Met(r) ? "yes" : "**no**") : ("", "");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Path}{(r.Failures > 0 ? $" ({r.Failures:N0} failed)" : "")} | {r.Clients} | {r.PerSecond:N0} | {LoadClient.Milliseconds(r.P50)} | {LoadClient.Milliseconds(r.P95)} | {LoadClient.Milliseconds(r.P99)} | {(r.ServerCpuPerRequest is { } c ? c.ToString("0.0", CultureInfo.InvariantCulture) : "")} | {r.PerSecond / kestrel.PerSecond:0.000} | {(write ? (r.PerSecond / insert.PerSecond).ToString("0.00", CultureInfo.InvariantCulture) : "")} | {target.Item1} | {target.Item2} |"));
        }

        var megabytes = peakBytes / (1024.0 * 1024.0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| server peak RSS | | | | | | | | | < 500 MB | {(megabytes < 500 ? "yes" : "**no**")} ({megabytes:N0} MB) |"));
        return results.All(r => r.Failures == 0);
    }

    private static string ServerAssembly() =>
        typeof(ServerBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "ServerAssembly").Value!;

    private static string BenchAssembly() => typeof(ServerBenchmark).Assembly.Location;
}
