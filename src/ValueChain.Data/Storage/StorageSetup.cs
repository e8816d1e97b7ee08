using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ValueChain.Data.Access;
using ValueChain.Data.Demo;
using ValueChain.Data.Engage;
using ValueChain.Data.Flow;
using ValueChain.Data.Integrations;
using ValueChain.Data.Jobs;
using ValueChain.Data.Plan;
using ValueChain.Data.ValueStreams;

namespace ValueChain.Data.Storage;

/// <summary>Where ValueChain keeps its data, read from configuration section <c>ValueChain</c>.</summary>
public sealed record StorageSettings(string Provider, string ConnectionString, string DataDirectory)
{
    public const string DefaultDataDirectory = "data";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public bool IsPostgres => Provider == Postgres;

    /// <summary>
    /// Reads <c>ValueChain:Database:Provider</c> (<c>sqlite</c>, the default, or <c>postgres</c>),
    /// <c>ConnectionStrings:ValueChain</c> and <c>ValueChain:DataDirectory</c>. SQLite without a connection string
    /// is the file <c>valuechain.db</c> in the data folder; PostgreSQL needs a connection string.
    /// </summary>
    public static StorageSettings From(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(configuration["ValueChain:DataDirectory"] ?? DefaultDataDirectory);
        var provider = (configuration["ValueChain:Database:Provider"] ?? Sqlite).Trim().ToLowerInvariant() switch
        {
            Sqlite => Sqlite,
            Postgres or "postgresql" or "npgsql" => Postgres,
            var other => throw new InvalidOperationException(
                $"Database provider '{other}' is not supported; set ValueChain:Database:Provider to 'sqlite' or 'postgres'."),
        };

        var connectionString = configuration.GetConnectionString("ValueChain");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return provider == Postgres
                ? throw new InvalidOperationException(
                    "ValueChain:Database:Provider is 'postgres' but ConnectionStrings:ValueChain is empty; set it, e.g. "
                    + "ConnectionStrings__ValueChain='Host=127.0.0.1;Database=valuechain;Username=valuechain;Password=...'.")
                : ForDataDirectory(dataDirectory);
        }

        return new StorageSettings(provider, connectionString, dataDirectory);
    }

    /// <summary>The embedded default: an SQLite file <c>valuechain.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static StorageSettings ForDataDirectory(string dataDirectory)
    {
        var folder = Path.GetFullPath(dataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "valuechain.db"),
            Pooling = true,
        }.ToString();
        return new StorageSettings(Sqlite, connectionString, folder);
    }
}

public static class StorageSetup
{
    /// <summary>Registers the database, the clock and the commands and queries the server and the command line share.</summary>
    public static IServiceCollection AddValueChainData(this IServiceCollection services, StorageSettings settings)
    {
        services.AddSingleton(settings);
        // Contexts are pooled: every API call uses one, and building a context with its services costs more CPU than
        // the token check's query. A context returns to the pool reset (no tracked entities, connection closed).
        if (settings.IsPostgres)
        {
            services.AddDbContextPool<ValueChainDbContext, PostgresValueChainDbContext>(options => Configure(options, settings));
        }
        else
        {
            services.AddDbContextPool<ValueChainDbContext, SqliteValueChainDbContext>(options => Configure(options, settings));
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublishedDefinitions>();
        services.AddScoped<ValueStreamCatalog>();
        services.AddScoped<DemandIntake>();
        services.AddScoped<WorkItemCommands>();
        services.TryAddSingleton(new WorkItemListSettings());
        services.AddScoped<WorkItemQueries>();
        services.AddScoped<InboxQueries>();
        services.AddScoped<ValueChainOverview>();
        services.AddScoped<ValueChain.Data.Engage.ServiceLevels>();
        services.AddScoped<ValueChain.Data.Engage.ServiceLevelWatch>();
        services.AddSingleton<ValueChain.Data.Engage.QuietClocks>();
        services.AddScoped<ValueChain.Data.Engage.ItemClockReader>();
        services.AddScoped<ValueChain.Data.Improve.ValueStreamMapQueries>();
        services.AddScoped<ValueChain.Data.Improve.FlowQueries>();
        services.AddScoped<ValueChain.Data.Improve.ComplianceQueries>();
        services.AddScoped<ValueChain.Data.Improve.Import.HistoryImport>();
        services.AddScoped<ArtifactQueries>();
        services.AddScoped<ServicePortfolio>();
        services.AddScoped<Teams>();
        services.AddScoped<Stakeholders>();
        services.AddScoped<DemoOrganization>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<AccountDirectory>();
        services.TryAddSingleton(new JobSettings());
        services.AddScoped<JobQueue>();
        services.AddScoped<WebhookFanOut>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddLogging();
        services.AddIdentityCore<Account>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ValueChainDbContext>();
        return services;
    }

    /// <summary>
    /// Passwords follow NIST SP 800-63B: length over composition rules. Five wrong passwords lock the account
    /// for five minutes, which makes guessing slow without locking people out for long.
    /// </summary>
    private static void ConfigureIdentity(IdentityOptions options)
    {
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        options.Lockout.AllowedForNewUsers = true;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@";
    }

    public static void Configure(DbContextOptionsBuilder options, StorageSettings settings)
    {
        if (settings.IsPostgres)
        {
            options.UseNpgsql(settings.ConnectionString, postgres => postgres.MigrationsHistoryTable("__Migrations"));
        }
        else
        {
            options.UseSqlite(settings.ConnectionString, sqlite => sqlite.MigrationsHistoryTable("__Migrations"));
        }
    }

    /// <summary>
    /// Brings the database to the current schema. SQLite runs in WAL mode so that readers never block the writer.
    /// </summary>
    public static async Task MigrateAsync(this ValueChainDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(source));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
