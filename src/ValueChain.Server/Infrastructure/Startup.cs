using ValueChain.Data.Access;
using ValueChain.Data.Demo;
using ValueChain.Data.Storage;

namespace ValueChain.Server.Infrastructure;

internal static partial class Startup
{
    /// <summary>Migrates the database and, on an empty one, seeds the demo organization when ValueChain:SeedDemo is on.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<StorageSettings>();
        await db.MigrateAsync();
        LogDatabase(app.Logger, storage.Provider, storage.DataDirectory);

        var administrator = await scope.ServiceProvider.GetRequiredService<AccountDirectory>()
            .BootstrapAsync(app.Configuration["ValueChain:Admin:Password"]);
        if (administrator?.GeneratedPassword is { } password)
        {
            LogAdministratorWithPassword(app.Logger, AccountDirectory.FirstAdministrator, password);
        }
        else if (administrator is not null)
        {
            LogAdministrator(app.Logger, AccountDirectory.FirstAdministrator);
        }

        if (app.Configuration.GetValue("ValueChain:SeedDemo", true))
        {
            var report = await scope.ServiceProvider.GetRequiredService<DemoOrganization>().SeedAsync();
            if (!report.AlreadySeeded)
            {
                LogSeeded(app.Logger, report.Streams, report.WorkItems, report.Events);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}, data folder {DataDirectory})")]
    private static partial void LogDatabase(ILogger logger, string provider, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the administrator '{UserName}' with the one-time password {Password} - sign in and change it now; it is not shown again")]
    private static partial void LogAdministratorWithPassword(ILogger logger, string userName, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the administrator '{UserName}' with the password from ValueChain:Admin:Password")]
    private static partial void LogAdministrator(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo organization: {Streams} value streams, {WorkItems} work items, {Events} events")]
    private static partial void LogSeeded(ILogger logger, int streams, int workItems, int events);
}
