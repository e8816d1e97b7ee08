using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using ValueChain.Core.Tests.ValueStreams;

namespace ValueChain.Web.Tests.Infrastructure;

/// <summary>
/// The real server as a newcomer starts it (its own process, SQLite in a fresh data folder, the demo organization
/// seeded) on a free port of 127.0.0.1, and Debian's Chromium, headless, to browse it. One per test run.
/// </summary>
public sealed class WebServer : IAsyncLifetime
{
    public const string DemoPassword = "valuechain-demo";
    public const string AdminPassword = "admin-password-for-browser-tests";

    /// <summary>The demo organization's account for each role.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemoUsers = new Dictionary<string, string>
    {
        ["requester"] = "emma.svensson",
        ["agent"] = "alex.morgan",
        ["value-stream-owner"] = "vera.lind",
        ["service-owner"] = "sofia.reyes",
        ["administrator"] = "max.weber",
    };

    private readonly StringBuilder _log = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "valuechain-web-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

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

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("VALUECHAIN_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {chromium}: install Debian's package (apt-get install chromium, as .ci/chromium does) or set VALUECHAIN_CHROMIUM.");
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        Directory.CreateDirectory(_dataDirectory);
        var serverFolder = ServerBuildFolder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = serverFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(serverFolder, "ValueChain.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ValueChain__DataDirectory"] = _dataDirectory;
        start.Environment["ValueChain__SeedDemo"] = "true";
        start.Environment["ValueChain__Admin__Password"] = AdminPassword;
        // Every test signs in through the form; the real limit would throttle the suite, not an attacker.
        start.Environment["ValueChain__Security__SignInAttemptsPerMinute"] = "10000";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForHealthAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh browser (no cookies) at the given width, signed in as the demo user of <paramref name="role"/>, or anonymous.</summary>
    public async Task<IPage> OpenAsync(string? role, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (role is not null)
        {
            await SignInAsync(page, DemoUsers[role], DemoPassword);
        }

        return page;
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>Saves a picture of the page for the docs when VALUECHAIN_SCREENSHOTS names a folder.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VALUECHAIN_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is cleaned by the system.
        }
    }

    /// <summary>The server's own build output (same configuration as these tests), where its web files are found.</summary>
    private static string ServerBuildFolder()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (configuration, framework) = (output.Parent!.Name, output.Name);
        var folder = Path.Combine(RepositoryFolder.Root, "src", "ValueChain.Server", "bin", configuration, framework);
        return File.Exists(Path.Combine(folder, "ValueChain.Server.dll"))
            ? folder
            : throw new InvalidOperationException($"The server is not built at {folder}.");
    }

    private async Task WaitForHealthAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not answer /health within 90 s:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebServer>
{
    public const string Name = "web";
}
