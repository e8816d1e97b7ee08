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
using ValueChain.Core.Tests.ValueStreams;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>
/// The real server in process, on a database of its own (an SQLite file in a fresh folder, or a fresh PostgreSQL
/// database), with a clock the test moves by hand.
/// </summary>
public sealed class ValueChainApp : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly bool _seedDemo;
    private readonly bool _ownsStorage;

    /// <summary>An app on a fresh database of the given kind, removed when the app is disposed.</summary>
    public ValueChainApp(Database database = Database.Sqlite, bool seedDemo = false, FakeTimeProvider? clock = null)
        : this(TestStorage.Create(database), seedDemo, clock, ownsStorage: true)
    {
    }

    /// <summary>An app on storage that outlives it, e.g. to start a second server on the same data.</summary>
    public ValueChainApp(TestStorage storage, bool seedDemo = false, FakeTimeProvider? clock = null)
        : this(storage, seedDemo, clock, ownsStorage: false)
    {
    }

    private ValueChainApp(TestStorage storage, bool seedDemo, FakeTimeProvider? clock, bool ownsStorage)
    {
        Storage = storage;
        _seedDemo = seedDemo;
        _ownsStorage = ownsStorage;
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    }

    public TestStorage Storage { get; }

    public string DataDirectory => Storage.DataDirectory;

    public FakeTimeProvider Clock { get; }

    public static string LibraryStream(string key) => File.ReadAllText(Path.Combine(RepositoryFolder.ValueStreams, key + ".yaml"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ValueChain:DataDirectory", DataDirectory);
        if (Storage.ConnectionString is not null)
        {
            builder.UseSetting("ValueChain:Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:ValueChain", Storage.ConnectionString);
        }

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
        if (disposing && _ownsStorage)
        {
            Storage.Dispose();
        }
    }
}

/// <summary>Where one test's server keeps its data: a fresh folder and, on PostgreSQL, a fresh database.</summary>
public sealed class TestStorage : IDisposable
{
    private TestStorage(Database database, string dataDirectory, string? connectionString)
    {
        Database = database;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
    }

    public Database Database { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL database; null on SQLite, whose file lives in the data folder.</summary>
    public string? ConnectionString { get; }

    public static TestStorage Create(Database database) => new(
        database,
        Path.Combine(Path.GetTempPath(), "valuechain-tests", Guid.NewGuid().ToString("N")),
        database == Database.Postgres ? PostgresServer.CreateDatabase() : null);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Never created, or a leftover temp folder: harmless either way, and no reason to fail a test.
        }

        if (ConnectionString is not null)
        {
            PostgresServer.DropDatabase(ConnectionString);
        }
    }
}
