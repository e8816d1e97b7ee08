using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>
/// The real server in process, on its own SQLite file in a fresh folder, with a clock the test moves by hand.
/// </summary>
public sealed class ValueChainApp : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly bool _seedDemo;
    private readonly bool _ownsData;

    public ValueChainApp(bool seedDemo = false, string? dataDirectory = null, FakeTimeProvider? clock = null)
    {
        _seedDemo = seedDemo;
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "valuechain-tests", Guid.NewGuid().ToString("N"));
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ValueChain.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
        }
    }

    public static string LibraryStream(string key) => File.ReadAllText(Path.Combine(RepositoryRoot, "valuestreams", key + ".yaml"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ValueChain:DataDirectory", DataDirectory);
        builder.UseSetting("ValueChain:SeedDemo", _seedDemo ? "true" : "false");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<HttpResponseMessage> PublishAsync(HttpClient client, string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/yaml");
        return await client.PostAsync("/api/v1/value-streams", content);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).Clone();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData)
        {
            DeleteData(DataDirectory);
        }
    }

    /// <summary>Removes a data folder once no connection holds its database open.</summary>
    public static void DeleteData(string dataDirectory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a leftover temp folder: harmless either way, and no reason to fail a test.
        }
    }
}
