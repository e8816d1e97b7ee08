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
using ValueChain.Access;
using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Data.Access;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>
/// The real server in process, on a database of its own (an SQLite file in a fresh folder, or a fresh PostgreSQL
/// database), with a clock the test moves by hand.
/// </summary>
public sealed class ValueChainApp : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new();
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
        // Tests run background jobs a round at a time (JobRunner.RunOnceAsync) rather than on a timer.
        builder.UseSetting("ValueChain:Jobs:Enabled", "false");
        builder.UseSetting("ValueChain:Webhooks:RetryDelay", "00:00:00.010");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Clients come signed in as an administrator unless a test asks for another role or none.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(Roles.Administrator));
    }

    /// <summary>A client signed in with a token of an account that holds only <paramref name="role"/>.</summary>
    public HttpClient CreateClientAs(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(role));
        return client;
    }

    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>The user name of the test account that holds <paramref name="role"/>.</summary>
    public static string UserFor(string role) => "test-" + role;

    /// <summary>
    /// A token for the test account of <paramref name="role"/>, created on first use. Agents belong to every
    /// activity, so that role alone decides in tests that are not about membership.
    /// </summary>
    public string TokenFor(string role) => _tokens.GetOrAdd(role, key =>
    {
        using var scope = Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        var details = new AccountDetails(UserFor(key), key, null, [key],
            Activities: key == Roles.Agent ? [.. ValueChainActivities.All.Select(a => a.Key)] : null);
        // A second server on the same storage finds the account the first one made.
        var account = accounts.FindAsync(details.UserName).GetAwaiter().GetResult();
        if (account is null)
        {
            var created = accounts.CreateAsync(details, TestPassword).GetAwaiter().GetResult();
            account = created.IsSuccess ? created.Value.Account : throw new InvalidOperationException(created.Error!.Message);
        }

        var issued = scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(account.Id, "tests", null).GetAwaiter().GetResult();
        return issued.Value.Secret;
    });

    public const string TestPassword = "test-password-123";

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
