using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ValueChain.Data.Access;
using ValueChain.Data.Demo;
using ValueChain.Data.Improve.Import;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Plan;
using ValueChain.ValueStreams;

namespace ValueChain.Bench.Server;

/// <summary>A database holding the benchmark's organization and work, and how the server reaches it.</summary>
internal sealed record BenchDatabase(StorageSettings Storage, string Where, DateTimeOffset GeneratedUpTo);

/// <summary>
/// Makes the benchmark's database: the demo organization (teams, accounts, the shipped value streams and agreements),
/// two hundred services, then the generated work written through the product's bulk writer, a hundred thousand items
/// per transaction, with progress. A database of the same size, seed and generator version is reused.
/// </summary>
internal static class BenchDatabases
{
    /// <summary>Raised when the generated data changes shape, so that older cached databases are not reused.</summary>
    private const int GeneratorVersion = 1;

    public const int ServiceCount = 200;
    public const int RequesterCount = 50_000;
    public const string Administrator = "max.weber";

    private const int ItemsPerTransaction = 100_000;

    public static async Task<BenchDatabase> PrepareAsync(string provider, int items, int seed, string folder, string? postgres, TextWriter output, CancellationToken cancellationToken)
    {
        var name = $"valuechain_bench_{items}_{seed}_v{GeneratorVersion}";
        StorageSettings storage;
        bool ready;
        if (provider == StorageSettings.Sqlite)
        {
            var directory = Path.Combine(folder, name);
            storage = StorageSettings.ForDataDirectory(directory);
            ready = File.Exists(Path.Combine(directory, "generated"));
            if (!ready && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        else
        {
            var admin = new NpgsqlConnectionStringBuilder(postgres) { Pooling = false };
            var target = new NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 200 };
            storage = new StorageSettings(StorageSettings.Postgres, target.ToString(), Path.Combine(folder, name));
            await using var connection = new NpgsqlConnection(admin.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var check = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", connection);
            check.Parameters.AddWithValue("name", name);
            var comment = await check.ExecuteScalarAsync(cancellationToken);
            ready = comment is string text && text.StartsWith("generated", StringComparison.Ordinal);
            if (!ready)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        Directory.CreateDirectory(storage.DataDirectory);
        var where = provider == StorageSettings.Sqlite
            ? new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource
            : $"database {name} on {new NpgsqlConnectionStringBuilder(postgres).Host}:{new NpgsqlConnectionStringBuilder(postgres).Port}";
        await using var services = Services(storage);
        if (ready)
        {
            output.WriteLine($"Reusing {items:N0} generated work items in {where}.");
            // The schema may have moved on since the data was generated (new indexes): bring it up to date.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.MigrateAsync(cancellationToken);
            var newest = await db.WorkItems.MaxAsync(w => w.CreatedAt, cancellationToken);
            return new BenchDatabase(storage, where, newest);
        }

        output.WriteLine($"Generating {items:N0} work items into {where}...");
        var generatedUpTo = await GenerateAsync(services, items, seed, output, cancellationToken);
        if (provider == StorageSettings.Sqlite)
        {
            await File.WriteAllTextAsync(Path.Combine(storage.DataDirectory, "generated"), generatedUpTo.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        }
        else
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var mark = new NpgsqlCommand($"COMMENT ON DATABASE \"{name}\" IS 'generated {generatedUpTo:O}'", connection);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        return new BenchDatabase(storage, where, generatedUpTo);
    }

    public static ServiceProvider Services(StorageSettings storage) => new ServiceCollection().AddValueChainData(storage).BuildServiceProvider();

    /// <summary>A fresh API token of the demo administrator, who may call every path the benchmark uses.</summary>
    public static async Task<string> IssueTokenAsync(StorageSettings storage, CancellationToken cancellationToken)
    {
        await using var services = Services(storage);
        await using var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().FindAsync(Administrator)
            ?? throw new InvalidOperationException($"The benchmark database has no account '{Administrator}'.");
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(account.Id, "server benchmark", TimeSpan.FromDays(1), cancellationToken);
        return issued.IsSuccess ? issued.Value.Secret : throw new InvalidOperationException(issued.Error!.Message);
    }

    private static async Task<DateTimeOffset> GenerateAsync(ServiceProvider services, int items, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
            await db.MigrateAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoOrganization>().SeedAsync(workItems: 0, cancellationToken);
            var teams = await db.Teams.Select(t => t.Key).OrderBy(k => k).ToListAsync(cancellationToken);
            var existing = await db.Services.CountAsync(cancellationToken);
            for (var i = existing; i < ServiceCount; i++)
            {
                var key = "service-" + i.ToString("000", CultureInfo.InvariantCulture);
                db.Services.Add(new Service(key, $"Business service {i}", null, ServiceLifecycle.Catalogue, teams[i % teams.Count]));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        // Whole seconds, so that every database stores the same instants.
        var now = TimeProvider.System.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Dictionary<string, (ValueStreamDefinition, int)> streams = [];
        List<string> serviceKeys;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
            var catalog = scope.ServiceProvider.GetRequiredService<ValueStreamCatalog>();
            foreach (var key in WorkItemGenerator.StreamKeys)
            {
                var revision = await catalog.LatestAsync(key, cancellationToken) ?? throw new InvalidOperationException($"Value stream '{key}' is not published.");
                streams[key] = (await catalog.DefinitionAsync(key, revision.Version, cancellationToken), revision.Version);
            }

            serviceKeys = await db.Services.Where(s => s.Lifecycle != ServiceLifecycle.Retired).Select(s => s.Key).OrderBy(k => k).ToListAsync(cancellationToken);
        }

        // The domain replays the histories on one core while the writer stores them on the other.
        using var queue = new System.Collections.Concurrent.BlockingCollection<ValueChain.ValueStreams.Runs.ReplayedHistory>(20_000);
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var item in new WorkItemGenerator(seed, streams, serviceKeys, RequesterCount).Generate(items, now))
                {
                    queue.Add(item, cancellationToken);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, cancellationToken);

        long written = 0, events = 0, visits = 0;
        var report = TimeSpan.FromSeconds(5);
        var consumed = queue.GetConsumingEnumerable(cancellationToken).GetEnumerator();
        var more = true;
        while (more)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            using var writer = WorkItemBulkWriter.Create(db);
            var inTransaction = 0;
            while (inTransaction < ItemsPerTransaction && (more = consumed.MoveNext()))
            {
                var item = consumed.Current;
                await writer.WriteAsync(item.Item, item.Events, cancellationToken);
                inTransaction++;
                written++;
                events += item.Events.Count;
                visits += item.Item.Visits.Count;
                if (clock.Elapsed >= report)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {written:N0} of {items:N0} items ({100.0 * written / items:0}%), {events:N0} events, {written / clock.Elapsed.TotalSeconds:N0} items/s"));
                    report = clock.Elapsed + TimeSpan.FromSeconds(5);
                }
            }

            await writer.FlushAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await producer;
        var loaded = clock.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {written:N0} work items, {visits:N0} step visits, {events:N0} events in {loaded.TotalSeconds:0.0} s: {written / loaded.TotalSeconds:N0} items/s, {(visits + events + written) / loaded.TotalSeconds:N0} rows/s."));

        // Fresh statistics, as a database that has grown over years would have.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            clock.Restart();
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "VACUUM ANALYZE" : "ANALYZE", cancellationToken);
            output.WriteLine($"Analyzed the database in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        }

        return now;
    }
}
