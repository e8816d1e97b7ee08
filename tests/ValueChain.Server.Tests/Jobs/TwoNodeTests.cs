using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using ValueChain.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ValueChain.Server.Tests.Jobs;

/// <summary>
/// Two real server processes on one PostgreSQL database: they serve the same data, share the webhook work so that
/// each event is delivered exactly once, and take over a job whose node died holding it once its lease runs out.
/// </summary>
public sealed class TwoNodesOnPostgres(ITestOutputHelper output) : IRunsOnPostgres, IAsyncLifetime
{
    private const string AdminPassword = "two-nodes-admin-password";

    private readonly TestStorage _storage = TestStorage.Create(Database.Postgres);
    private readonly List<Node> _nodes = [];
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
            output.WriteLine($"--- {node.Name} ---\n{node.Log}");
        }

        await _receiver.DisposeAsync();
        _storage.Dispose();
    }

    [DatabaseFact]
    public async Task Two_nodes_serve_the_same_data_and_deliver_each_event_exactly_once()
    {
        // One after the other: the first migrates the empty database and creates the administrator.
        var a = await StartAsync("node-a");
        var b = await StartAsync("node-b");
        var token = await TokenAsync(a, b);
        a.Client.DefaultRequestHeaders.Authorization = b.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var subscription = await a.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, eventTypes = new[] { "*" } });
        subscription.StatusCode.ShouldBe(HttpStatusCode.Created);
        using (var stream = new StringContent(ValueChainApp.LibraryStream("restore-service"), Encoding.UTF8, "text/yaml"))
        {
            (await b.Client.PostAsync("/api/v1/value-streams", stream)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        _receiver.Latency = TimeSpan.FromMilliseconds(30);
        const int Items = 30;
        for (var i = 0; i < Items; i++)
        {
            var (open, work) = i % 2 == 0 ? (a, b) : (b, a);
            var opened = await open.Client.PostAsJsonAsync("/api/v1/demand", new { type = "incident", title = $"Call {i}" });
            opened.StatusCode.ShouldBe(HttpStatusCode.Created);
            var id = (await ValueChainApp.ReadJsonAsync(opened)).GetProperty("summary").GetProperty("id").GetInt64();
            // The other node sees the item at once and moves it: nodes keep nothing of their own.
            (await work.Client.PostAsJsonAsync($"/api/v1/work-items/{id}/start", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var expected = Items * 2;
        await WaitForAsync(() => _receiver.Received.Count >= expected, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var deliveries = _receiver.Received.Select(r => r.Delivery).ToList();
        deliveries.Count.ShouldBe(expected);
        deliveries.Distinct().Count().ShouldBe(expected);
        var log = await a.Client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/1/deliveries?limit=500", ValueChainApp.Json);
        var byNode = log.EnumerateArray().GroupBy(d => d.GetProperty("node").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        output.WriteLine("Deliveries by node: " + string.Join(", ", byNode.Select(n => $"{n.Key} {n.Value}")));
        byNode.Keys.Order().ShouldBe(["node-a", "node-b"]);
        byNode.Values.Sum().ShouldBe(expected);

        // A node died holding a lease on a delivery: nobody touches the job until the lease runs out, then a live
        // node takes it over and delivers it once.
        var orphan = $"1-{await LastEventIdAsync()}";
        await InsertOrphanedJobAsync(leaseSeconds: 6);
        await Task.Delay(TimeSpan.FromSeconds(3));
        _receiver.Received.Count(r => r.Delivery == orphan).ShouldBe(1, "delivered before, and not again while the dead node's lease lasts");
        await WaitForAsync(() => _receiver.Received.Count(r => r.Delivery == orphan) >= 2, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        _receiver.Received.Count(r => r.Delivery == orphan).ShouldBe(2);
        await using var connection = new NpgsqlConnection(_storage.ConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand("""SELECT "State", "LeaseOwner", "Attempts" FROM "Jobs" WHERE "LeaseToken" IS NOT NULL AND "Kind" = 'webhook-delivery' ORDER BY "Id" DESC LIMIT 1""", connection);
        await using var reader = await check.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        (reader.GetString(0), reader.GetString(1) is "node-a" or "node-b", reader.GetInt32(2)).ShouldBe(("Done", true, 2));
    }

    private async Task<long> LastEventIdAsync()
    {
        await using var connection = new NpgsqlConnection(_storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT max("Id") FROM "Events" """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A delivery job of the last event, claimed by a node that no longer runs, its lease still live.</summary>
    private async Task InsertOrphanedJobAsync(int leaseSeconds)
    {
        await using var connection = new NpgsqlConnection(_storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "Jobs" ("Kind", "Payload", "State", "Attempts", "RunAfter", "LeaseOwner", "LeaseToken", "LeaseUntil", "CreatedAt")
            SELECT 'webhook-delivery', json_build_object('subscription', 1, 'event', max("Id"))::text, 'Running', 1, now(),
                   'node-crashed', 'crashed', now() + make_interval(secs => @lease), now()
            FROM "Events"
            """,
            connection);
        command.Parameters.AddWithValue("lease", (double)leaseSeconds);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    /// <summary>Signs in on one node and issues a token on the other with that cookie: the nodes share their keys.</summary>
    private async Task<string> TokenAsync(Node signInAt, Node issueAt)
    {
        var signIn = await signInAt.Client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "admin", password = AdminPassword });
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = signIn.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/tokens") { Content = JsonContent.Create(new { name = "two nodes" }) };
        request.Headers.Add("Cookie", cookie);
        var issued = await issueAt.Client.SendAsync(request);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await ValueChainApp.ReadJsonAsync(issued)).GetProperty("token").GetString()!;
    }

    private async Task<Node> StartAsync(string name)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _storage.DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ValueChain.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A home of its own, as on another machine: nothing the node keeps on disk can be shared with the other.
        var home = Path.Combine(_storage.DataDirectory, name);
        Directory.CreateDirectory(home);
        start.Environment["HOME"] = home;
        start.Environment["ValueChain__DataDirectory"] = _storage.DataDirectory;
        start.Environment["ValueChain__Database__Provider"] = "postgres";
        start.Environment["ConnectionStrings__ValueChain"] = _storage.ConnectionString;
        start.Environment["ValueChain__SeedDemo"] = "false";
        start.Environment["ValueChain__Admin__Password"] = AdminPassword;
        start.Environment["ValueChain__Jobs__NodeId"] = name;
        start.Environment["ValueChain__Jobs__PollInterval"] = "00:00:00.200";
        start.Environment["ValueChain__Jobs__BatchSize"] = "4";
        start.Environment["ValueChain__Jobs__LeaseDuration"] = "00:00:30";
        start.Environment["ValueChain__Webhooks__RetryDelay"] = "00:00:00.050";
        Directory.CreateDirectory(_storage.DataDirectory);

        var node = new Node(name, Process.Start(start)!, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
        _nodes.Add(node);
        await WaitForAsync(async () => (await node.Client.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), node);
        return node;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task WaitForAsync(Func<bool> condition, TimeSpan timeout) => WaitForAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, Node? node = null)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (node is { Process.HasExited: true })
            {
                throw new InvalidOperationException($"{node.Name} exited with {node.Process.ExitCode}:\n{node.Log}");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Gave up waiting after {timeout}.");
    }

    private sealed class Node : IDisposable
    {
        private readonly StringBuilder _log = new();

        public Node(string name, Process process, HttpClient client)
        {
            Name = name;
            Process = process;
            Client = client;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Name { get; }

        public Process Process { get; }

        public HttpClient Client { get; }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }

            Client.Dispose();
            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }
    }
}
