using Microsoft.Extensions.DependencyInjection;
using ValueChain.Data.Storage;

namespace ValueChain.Cli.Infrastructure;

/// <summary>
/// What every command gets: where to write and, on demand, the same data services the server uses, on the
/// database in the chosen data folder (migrated to the current schema on first use).
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, string dataDirectory) : IAsyncDisposable
{
    private ServiceProvider? _services;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    /// <summary>A scope on the migrated database; commands resolve the catalogue, queries and commands from it.</summary>
    public async Task<AsyncServiceScope> OpenAsync(CancellationToken cancellationToken)
    {
        if (_services is null)
        {
            var settings = StorageSettings.ForDataDirectory(DataDirectory);
            _services = new ServiceCollection().AddValueChainData(settings).BuildServiceProvider();
            await using var migration = _services.CreateAsyncScope();
            await migration.ServiceProvider.GetRequiredService<ValueChainDbContext>().MigrateAsync(cancellationToken);
        }

        return _services.CreateAsyncScope();
    }

    public int Fail(string message)
    {
        Error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }

    public int UsageError(string message)
    {
        Error.WriteLine($"error: {message}");
        return ExitCodes.Usage;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
