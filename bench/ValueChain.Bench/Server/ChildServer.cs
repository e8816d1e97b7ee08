using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ValueChain.Bench.Server;

/// <summary>A web server in a child process on a free port of 127.0.0.1, stopped (and its log kept) when disposed.</summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _log;

    private ChildServer(Process process, string url, string log)
    {
        _process = process;
        Url = url;
        _log = log;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <c>dotnet <paramref name="assembly"/></c> and waits until <paramref name="readyPath"/> answers.</summary>
    public static async Task<ChildServer> StartAsync(
        string name, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string readyPath,
        TextWriter output, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var log = Path.Combine(Path.GetTempPath(), $"valuechain-bench-{Path.GetFileNameWithoutExtension(assembly)}-{Environment.ProcessId}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // On the command line, which outranks any address in the application's settings files.
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ChildServer(process, url, log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} stopped at start with exit code {process.ExitCode}; its output is in {log}.");
            }

            try
            {
                using var response = await http.GetAsync(url + readyPath, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    output.WriteLine($"Started {name} (process {process.Id}) on {url} in {Measure.Seconds(clock.Elapsed)}; log: {log}");
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"{name} did not answer {readyPath} within 10 minutes; its output is in {log}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override string ToString() => $"{Url} ({_log})";
}
